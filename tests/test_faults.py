"""The fault catalogue (issue 16): faults planted one at a time, as a tester would plant them, in
a copy of the tiny authority (tests/tiny.py): bad profiles, bad data, hostile parameters, a tampered
published folder, and personal data in free text.

Every case asserts the exit code, a message naming the file (or parameter) and the rule, no
traceback, the previously published report byte-identical and nothing new under outputs/. Most
cases stop at profile loading or validation (`validate` and `run` stop there before any notebook);
the one rendered report they share is `previous`, whose raw data carries planted personal data, so
the privacy cases check its published bytes. Expected line numbers are found in the text each case
writes (the line holding the planted fault), never taken from the code's own output."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from functools import partial
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

import pipelines.inputs.ingest as ingest
import pipelines.runs.run as run_module
import pipelines.runs.verify as verify_module
from pipelines import ROOT
from pipelines.config.profile import EXTRA_PROFILES, PROFILE_DIR
from pipelines.runs import preflight, staging
from pipelines.runs.cli import app
from tests import tiny

pytestmark = pytest.mark.slow
YEAR = "2024-25"
runner = CliRunner()
RUN = run_module.run  # before any case points it at the case's folders

# ----------------------------------------------------------------------------- planted personal data
# A child whose names are English words, an unlisted worker, a street address, NHS numbers with and
# without spaces (both pass the modulus 11 check: see tests/test_privacy.py), a mobile number, an
# email, a date of birth, a postcode and references in three shapes.
COMPLIMENT = (
    "Summer Rose and her mum want to thank Oliver Pembleton, who came to 14 Acacia Avenue every week. "
    "Her NHS number is 943 476 5919. Ring 07700 900982 or write to summer.rose@example.com about "
    "DEM-24-0001, LG-24-003 or ABC/2024/17. Summer was born 3 May 2015 and lives at LS1 4AB."
)
NARRATIVE = """\
commentary:
  summary: |
    Jane Whitlock's family (mobile 07700 900123, NHS 4010232137) helped us rewrite our leaflets.
    Mrs Hazel Brook asked about case DEM-24-0002.
learning:
  - theme: Communication
    you_said: ["Hazel was not told who her worker was (LG-24-007)."]
    we_did: ["Every family now gets a named worker; Jane Whitlock checks this monthly."]
"""
PLANTED = [
    "Summer Rose",
    "Summer was",
    "Oliver",
    "Pembleton",
    "Acacia",
    "943 476 5919",
    "9434765919",
    "07700 900982",
    "summer.rose@example.com",
    "DEM-24-0001",
    "DEM-24-0002",
    "LG-24-003",
    "LG-24-007",
    "ABC/2024/17",
    "3 May 2015",
    "LS1 4AB",
    "Whitlock",
    "07700 900123",
    "4010232137",
    "Hazel",
    "Brook",
    "Jane",
]


def plant(folder: Path) -> None:
    with open(folder / "compliments.csv", "a", encoding="utf-8") as fh:
        fh.write(f'TC-009,2024-07-01,Child protection,Children\'s Social Care,support,"{COMPLIMENT}",true,\n')
    (folder / "narrative.yaml").write_text(NARRATIVE, encoding="utf-8")


# ----------------------------------------------------------------------------- the shared world
def tree(folder: Path) -> dict:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    roots = {"raw_root": base / "raw", "outputs_root": base / "outputs", "processed_root": base / "processed"}
    folder = tiny.write_raw(roots["raw_root"] / "tiny" / YEAR)
    plant(folder)
    result = RUN("tiny", YEAR, log=lambda *_: None, **roots)
    return {"base": base, "roots": roots, "published": result.folder}


@pytest.fixture
def case(world, tmp_path, monkeypatch):
    """One fault: its own copy of the raw data and profiles, the shared outputs; afterwards the
    outputs, the processed tables and the staging area must be exactly as before."""
    roots = dict(world["roots"], raw_root=tmp_path / "raw")
    shutil.copytree(world["roots"]["raw_root"], roots["raw_root"])
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    monkeypatch.setenv(EXTRA_PROFILES, os.pathsep.join([str(profiles), os.environ.get(EXTRA_PROFILES, "")]))
    kwargs = {k: roots[k] for k in ("outputs_root", "raw_root", "processed_root")}
    monkeypatch.setattr(run_module, "run", partial(RUN, **kwargs))
    monkeypatch.setattr(verify_module, "OUTPUTS_ROOT", roots["outputs_root"])
    monkeypatch.setattr(verify_module, "RAW_ROOT", roots["raw_root"])
    monkeypatch.setattr(preflight, "RAW_ROOT", roots["raw_root"])  # the CLI's checks before any import
    monkeypatch.setattr(ingest, "read_raw", partial(ingest.read_raw, root=roots["raw_root"]))
    outputs_before = tree(roots["outputs_root"])
    processed_before = tree(roots["processed_root"])
    fault = Fault(roots, profiles, tmp_path)
    yield fault
    assert tree(roots["outputs_root"]) == outputs_before, "the published folder changed"
    assert tree(roots["processed_root"]) == processed_before, "the processed tables changed"
    area = staging.staging_root(roots["outputs_root"])
    assert not area.exists() or not any(area.iterdir()), "a staging folder was left behind"


class Fault:
    def __init__(self, roots, profiles, tmp):
        self.roots, self.profiles, self.tmp = roots, profiles, tmp

    @property
    def raw(self) -> Path:
        return self.roots["raw_root"] / "tiny" / YEAR

    def profile(self, text: str, key: str = "fault") -> Path:
        """A profile `key` from `text`, with the tiny authority's data as its raw folder."""
        path = self.profiles / f"{key}.yaml"
        path.write_text(text, encoding="utf-8")
        if not (self.roots["raw_root"] / key).exists():
            shutil.copytree(self.roots["raw_root"] / "tiny", self.roots["raw_root"] / key)
        return path

    def cli(self, *args: str):
        return runner.invoke(app, list(args))


def refused(result, *parts: str, code: int = 1) -> str:
    output = result.output
    assert result.exit_code == code, output
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for part in parts:
        assert part in output, f"{part!r} not in:\n{output}"
    return output


def line_of(text: str, needle: str) -> int:
    """The line (from 1) of the first line of `text` that holds `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


DEMO = (PROFILE_DIR / "demo.yaml").read_text(encoding="utf-8")


def edit(old: str, new: str) -> str:
    assert old in DEMO, old
    return DEMO.replace(old, new, 1)


# ----------------------------------------------------------------------------- profile faults
PROFILE_FAULTS = [
    # (id, the profile text, the text on the faulty line, what the message must say)
    ("yaml_syntax", edit("service_areas:\n", "service_areas: [\n"), "- Social work practice", "not valid YAML"),
    (
        "python_tag",
        edit("context: file", 'context: !!python/object/apply:os.system ["touch /tmp/pwned"]'),
        "!!python",
        "not valid YAML",
    ),
    ("missing_name", edit("name: Demoshire County Council\n", ""), None, "name: required, but missing"),
    ("days_ten", edit("0: [{from: 2000-04-01, days: 10}]", "0: [{from: 2000-04-01, days: ten}]"), "days: ten", "days"),
    ("threshold_five", edit("threshold: 5", "threshold: five"), "threshold: five", "disclosure.threshold"),
    ("threshold_negative", edit("threshold: 5", "threshold: -1"), "threshold: -1", "greater than or equal to 0"),
    ("unknown_section", edit("  - costs\n", "  - fostering_stories\n"), "fostering_stories", "unknown section"),
    ("section_path", edit("  - costs\n", "  - ../../../elsewhere/x\n"), "elsewhere", "unknown section"),
    ("trend_years_zero", edit("trend_years: 3", "trend_years: 0"), "trend_years: 0", "greater than or equal to 1"),
    ("misspelt_key", edit("trend_years: 3", "trend_year: 3"), "trend_year: 3", "unknown key"),
    ("count_from", edit("count_from: next_working_day", "count_from: tomorrow"), "count_from", "next_working_day"),
    ("context_web", edit("context: file", "context: web"), "context: web", "'file' or 'dfe'"),
    ("denominator", edit("lgsco_uphold_denominator: decisions", "lgsco_uphold_denominator: all"), "lgsco", "decisions"),
    ("sections_not_list", DEMO[: DEMO.index("sections:\n")] + "sections: summary\n", "sections: summary", "list"),
    ("areas_not_list", edit("service_areas:\n", "service_areas: Fostering\nx_areas:\n"), "service_areas", "list"),
    ("dfe_code_text", edit("dfe_la_code: 999", "dfe_la_code: nine"), "dfe_la_code", "expected a whole number"),
    (
        "extended_short",
        edit("days: 10, extended: 20, also", "days: 10, extended: 5, also"),
        "extended: 5",
        "shorter than days",
    ),
    (
        "days_and_months",
        edit("days: 25, extended: 65, also: {council: 40}}", "days: 25, months: 6}"),
        "months: 6",
        "either 'days'",
    ),
    ("unknown_procedure", edit("  corporate:\n", "  corprate:\n"), "corprate", "unknown procedure"),
    (
        "unknown_stage",
        edit("    3: [{from: 2000-04-01, days: 50", "    7: [{from: 2000-04-01, days: 50"),
        "7: [",
        "stage",
    ),
    ("ons_code", edit("ons_code: E10099999", "ons_code: X10099999"), "ons_code", "pattern"),
    ("basis_value", edit("volumes: received", "volumes: opened"), "volumes: opened", "'received' or 'closed'"),
    ("top_level_list", "- name: Demoshire\n", "- name", "a profile is a mapping"),
    (
        "timescale_days_zero",
        edit("days: 25, extended: 65, also", "days: 0, extended: 65, also"),
        "days: 0",
        "greater than",
    ),
    (  # tables of the authority's own are declared in its report file (show:), not the profile
        "breakdowns_removed",
        DEMO + "breakdowns:\n  - {key: a, title: T, section: volumes, rows: stage}\n",
        "breakdowns:",
        "no longer a profile key: each table an item of the section that shows it in the report file",
    ),
    (
        "labels_unknown",  # beside the demo's own labels (its name for stage 0)
        edit('  stages: {0: "Pre-complaint"}\n', '  stages: {0: "Pre-complaint"}\n  outcomes: {sorted_out: Sorted}\n'),
        "outcomes: {sorted_out",
        "sorted_out",
    ),
    (
        "section_year",
        edit("  - costs\n", "  - costs: {until: 2021}\n"),
        "until: 2021",
        "pattern",
    ),
    ("empty_years_bad", DEMO + "validation:\n  empty_years: [2024]\n", "empty_years", "validation.empty_years"),
]


@pytest.mark.parametrize(
    ("text", "needle", "rule"), [f[1:] for f in PROFILE_FAULTS], ids=[f[0] for f in PROFILE_FAULTS]
)
def test_a_profile_mistake_is_refused_with_file_line_and_rule(case, text, needle, rule):
    path = case.profile(text)
    for command in ("validate", "run"):
        output = refused(case.cli(command, "--authority", "fault", "--year", YEAR), str(path), rule)
        assert f"line {line_of(text, needle) if needle else 1}:" in output, output
    assert not Path("/tmp/pwned").exists()


def test_a_profile_that_is_not_utf8_is_named(case):
    path = case.profiles / "fault.yaml"
    case.profile(DEMO)
    path.write_bytes(DEMO.replace("Demoshire County", "D\xe9moshire County").encode("latin-1"))
    refused(case.cli("validate", "--authority", "fault", "--year", YEAR), str(path), "not UTF-8")


def test_every_shipped_profile_passes_the_schema(case):
    for key in ("demo", "demo_combined", "example_icasework", "example_respond", "lancashire", "lewisham"):
        from pipelines.config.profile import load_profile

        assert load_profile(key).name


# ----------------------------------------------------------------------------- data faults
def _rewrite(path: Path, change) -> str:
    text = change(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return text


DATA_FAULTS = [
    # (id, file, change to its text, text on the faulty line or None, what the message must say)
    (
        "received_2099",
        "complaints.csv",
        lambda t: t.replace("T-015,1,statutory,2024-11-04", "T-015,1,statutory,2099-11-04"),
        "2099-11-04",
        "after the end of the report year 2024-25",
    ),
    (
        "received_1899",
        "compliments.csv",
        lambda t: t.replace("TC-004,2024-09-09", "TC-004,1899-09-09"),
        "1899-09-09",
        "before 01 April 1999",
    ),
    (
        "cost_2031",
        "costs.csv",
        lambda t: t.replace("TK-004,2024-10-03", "TK-004,2031-10-03"),
        "2031-10-03",
        "after the end of the report year",
    ),
    (
        "header_only",
        "complaints.csv",
        lambda t: t.splitlines(keepends=True)[0],
        None,
        "has no complaint received or answered in 2024-25",
    ),
    (
        "responded_before_received",
        "complaints.csv",
        lambda t: t.replace("2024-11-04,false,2024-11-15", "2024-11-04,false,2024-10-15"),
        "2024-10-15",
        "date_responded may not be earlier than date_received",
    ),
    (
        "unknown_outcome",
        "complaints.csv",
        lambda t: t.replace(
            "T-015,1,statutory,2024-11-04,false,2024-11-15,no_finding",
            "T-015,1,statutory,2024-11-04,false,2024-11-15,half",
        ),
        ",half,",
        "must be one of the outcomes codes",
    ),
    (
        "duplicate_stage",
        "complaints.csv",
        lambda t: t + t.splitlines(keepends=True)[3],
        None,
        "each combination of case_ref + stage must appear once",
    ),
    (
        "impossible_date",
        "complaints.csv",
        lambda t: t.replace("2024-11-04,false", "2025-02-30,false"),
        "2025-02-30",
        "must be a real date written YYYY-MM-DD",
    ),
    (
        "unknown_service",
        "complaints.csv",
        lambda t: t.replace(
            "T-015,1,statutory,2024-11-04,false,2024-11-15,no_finding,Child protection",
            "T-015,1,statutory,2024-11-04,false,2024-11-15,no_finding,Oliver's team",
        ),
        "Oliver's team",
        "must be one of the service areas listed",
    ),
    (
        "multiline_then_bad",
        "compliments.csv",
        # a quoted text over three lines, then a bad date on the next record: the editor's line
        lambda t: t.replace(
            "TC-004,2024-09-09,Social work practice,Children's Social Care,listening,The team listened to our daughter.",
            'TC-004,2024-09-09,Social work practice,Children\'s Social Care,listening,"The team\nlistened\nto our daughter."',
        ).replace("TC-005,2025-02-03", "TC-005,2025-02-31"),
        "2025-02-31",
        "must be a real date",
    ),
    (
        "missing_column",
        "complaints.csv",
        lambda t: "\n".join(",".join(line.split(",")[:1] + line.split(",")[2:]) for line in t.splitlines()) + "\n",
        None,
        "column 'stage' is a required column",
    ),
    (
        "bad_bool",
        "complaints.csv",
        lambda t: t.replace("2024-11-04,false", "2024-11-04,maybe"),
        ",maybe,",
        "true or false",
    ),
    (
        "negative_payment",
        "ombudsman.csv",
        lambda t: t.replace("250.00,2024-07-12", "-250.00,2024-07-12"),
        "-250.00",
        "payment_amount",
    ),
]


@pytest.mark.parametrize(
    ("file", "change", "needle", "rule"), [f[1:] for f in DATA_FAULTS], ids=[f[0] for f in DATA_FAULTS]
)
def test_bad_data_is_refused_with_file_rule_and_line(case, file, change, needle, rule):
    path = case.raw / file
    text = _rewrite(path, change)
    output = refused(case.cli("validate", "--authority", "tiny", "--year", YEAR), str(path), rule)
    if needle is not None:
        assert f"line {line_of(text, needle)} " in output, output


def test_bad_data_stops_a_run_before_anything_is_published(case):
    path = case.raw / "complaints.csv"
    _rewrite(path, lambda t: t.replace("T-015,1,statutory,2024-11-04", "T-015,1,statutory,2099-11-04"))
    refused(case.cli("run", "--authority", "tiny", "--year", YEAR), str(path), "after the end of the report year")


def test_a_year_the_profile_declares_empty_passes(case):
    case.profile(DEMO.replace("trend_years: 3", "trend_years: 3\nvalidation:\n  empty_years: [2024-25]"), "quiet")
    path = case.roots["raw_root"] / "quiet" / YEAR / "complaints.csv"
    _rewrite(path, lambda t: t.splitlines(keepends=True)[0])
    result = case.cli("validate", "--authority", "quiet", "--year", YEAR)
    assert result.exit_code == 0, result.output
    assert "complaints: 0 rows passed" in result.output


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (tiny.COMPLAINTS.encode("utf-16"), "UTF-16 text"),
        (tiny.COMPLAINTS.encode("utf-16-le"), "UTF-16 text without a byte order mark"),
        (tiny.COMPLAINTS.encode("utf-32"), "UTF-32 text"),
        (b"PK\x03\x04" + b"\x00" * 64, "Excel workbook"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 64, "old Excel .xls workbook"),
        (bytes(range(256)) * 4, "binary data"),
        (b"", "the file is empty"),
    ],
    ids=["utf16", "utf16_no_bom", "utf32", "xlsx", "xls", "binary", "empty"],
)
def test_a_file_in_another_encoding_or_format_is_named(case, content, rule):
    path = case.raw / "complaints.csv"
    path.write_bytes(content)
    refused(case.cli("validate", "--authority", "tiny", "--year", YEAR), str(path), rule)


def test_a_missing_required_export(case):
    (case.raw / "complaints.csv").unlink()
    refused(case.cli("validate", "--authority", "tiny", "--year", YEAR), "complaints.csv", "required file is missing")


def test_a_personal_label_in_a_profile_without_lists_is_refused(case):
    text = DEMO.replace(
        "\ndivisions:\n  - Children's Social Care\n  - Education and Inclusion\n  - Quality and Commissioning\n", "\n"
    )
    assert "divisions:" not in text
    case.profile(text, "nolists")
    path = case.roots["raw_root"] / "nolists" / YEAR / "complaints.csv"
    planted = "Oliver Pembleton NHS 943 476 5919"
    body = _rewrite(
        path,
        lambda t: t.replace(
            "T-015,1,statutory,2024-11-04,false,2024-11-15,no_finding,Child protection,Children's Social Care",
            f"T-015,1,statutory,2024-11-04,false,2024-11-15,no_finding,Child protection,{planted}",
        ),
    )
    output = refused(
        case.cli("validate", "--authority", "nolists", "--year", YEAR), str(path), "looks like personal data"
    )
    assert f"line {line_of(body, planted)} " in output and "NHS number" in output and "name" in output
    assert planted not in output and "Pembleton" not in output  # the message itself does not repeat it


def test_a_profile_without_lists_still_accepts_ordinary_labels(case):
    text = DEMO.replace(
        "\ndivisions:\n  - Children's Social Care\n  - Education and Inclusion\n  - Quality and Commissioning\n", "\n"
    )
    case.profile(text, "nolists")
    result = case.cli("validate", "--authority", "nolists", "--year", YEAR)
    assert result.exit_code == 0, result.output


def test_narrative_for_an_unknown_section(case):
    path = case.raw / "narrative.yaml"
    path.write_text("commentary:\n  fostering_stories: Text.\n", encoding="utf-8")
    refused(case.cli("run", "--authority", "tiny", "--year", YEAR), str(path), "commentary for unknown section")


# ----------------------------------------------------------------------------- hostile parameters
@pytest.mark.parametrize("name", ["../evil", "../../etc/passwd", "tiny/../tiny", "nowhere"])
def test_an_authority_that_is_not_a_profile_name(case, name, monkeypatch):
    evil = case.roots["outputs_root"].parent / "evil" / YEAR
    evil.mkdir(parents=True, exist_ok=True)
    (evil / "manifest.json").write_text(json.dumps({"inputs": [{"path": "/etc/shadow", "sha256": "0"}]}))
    hashed = []
    monkeypatch.setattr(verify_module, "sha256", lambda p: hashed.append(p) or "0")
    for command in ("run", "verify", "validate"):
        refused(case.cli(command, "--authority", name, "--year", YEAR), "unknown authority")
    assert hashed == []  # refused before any file was read
    shutil.rmtree(evil.parent)


@pytest.mark.parametrize("year", ["2024-2025", "2024-26", "../2024-25", "24-25"])
def test_a_year_that_is_not_a_financial_year(case, year):
    for command in ("run", "verify", "validate"):
        refused(case.cli(command, "--authority", "tiny", "--year", year), "financial year")


# ----------------------------------------------------------------------------- verify
def _tamper(world, relative: str, change):
    path = world["published"] / relative
    original = path.read_bytes()
    path.write_bytes(change(original))
    return path, original


@pytest.mark.parametrize(
    "relative",
    ["tables/volumes_by_year.csv", "index.html", "report.pdf", "tables.xlsx", "validation/validation.json"],
)
def test_verify_finds_an_edited_published_file(world, case, relative):
    path, original = _tamper(world, relative, lambda b: b + b" ")
    try:
        refused(
            case.cli("verify", "--authority", "tiny", "--year", YEAR), f"published file {relative} has been changed"
        )
    finally:
        path.write_bytes(original)


def test_verify_finds_a_chart_removed_and_a_file_added(world, case):
    chart = next((world["published"] / "figures").glob("*.png"))
    original = chart.read_bytes()
    chart.unlink()
    extra = world["published"] / "tables" / "extra.csv"
    extra.write_text("a,b\n")
    try:
        refused(
            case.cli("verify", "--authority", "tiny", "--year", YEAR),
            f"published file figures/{chart.name} is missing",
            "published file tables/extra.csv is not in the manifest",
        )
    finally:
        chart.write_bytes(original)
        extra.unlink()


def test_verify_refuses_a_manifest_listing_files_outside_the_project(world, case, monkeypatch):
    manifest = world["published"] / "manifest.json"
    original = manifest.read_bytes()
    data = json.loads(original)
    data["inputs"].append({"path": "../../../../etc/shadow", "sha256": "0"})
    manifest.write_text(json.dumps(data))
    try:
        refused(case.cli("verify", "--authority", "tiny", "--year", YEAR), "outside the report's raw folder")
    finally:
        manifest.write_bytes(original)


def test_verify_reports_changed_inputs_that_no_longer_validate(world, case, monkeypatch):
    raw_root = world["roots"]["raw_root"]  # the inputs the manifest lists
    monkeypatch.setattr(verify_module, "RAW_ROOT", raw_root)
    path = raw_root / "tiny" / YEAR / "complaints.csv"
    original = path.read_bytes()
    _rewrite(path, lambda t: t.replace("T-015,1,statutory,2024-11-04", "T-015,1,statutory,2099-11-04"))
    try:
        refused(
            case.cli("verify", "--authority", "tiny", "--year", YEAR),
            f"input {os.path.relpath(path, ROOT)} has changed since the report was produced",
            "the inputs no longer make a report",
            "after the end of the report year",
        )
    finally:
        path.write_bytes(original)


# ----------------------------------------------------------------------------- what was published
def published_text(folder: Path):
    """Every published byte as text: HTML, CSV, JSON (manifest), notebooks, the workbook's XML parts,
    the PDF's text and metadata, and the charts' source text (alt text and titles are in the pages
    and notebooks; PNG bytes are read as they are)."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            reader = PdfReader(path)
            yield path, " ".join(p.extract_text() for p in reader.pages) + str(reader.metadata)
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                yield path, " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif path.suffix == ".png":
            yield path, path.read_bytes().decode("latin-1")
        else:
            yield path, path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def published(world):
    return list(published_text(world["published"]))


@pytest.mark.parametrize("planted", PLANTED)
def test_no_planted_value_is_published(published, planted):
    assert len(published) > 30
    for path, text in published:
        assert planted.casefold() not in text.casefold(), f"{planted!r} found in {path.name}"


def test_the_word_cloud_is_built_from_redacted_text_only(world, tmp_path):
    from pipelines.document.report import Section, load
    from pipelines.measures.feedback import compliment_words

    data = load("tiny", YEAR, world["roots"]["processed_root"] / "tiny" / YEAR)
    Section("compliments", data, "published", output_dir=tmp_path)  # which sets up the redaction
    words = compliment_words(data.compliments, YEAR)
    assert words  # the planted compliment is approved, so its words are counted
    for planted in ("summer", "rose", "oliver", "pembleton", "acacia", "avenue", "example"):
        assert planted not in words, planted
    assert "mum" in words and "thank" not in words  # its ordinary words stay (stop words aside)


def test_the_quote_keeps_its_sense_with_initials_and_notes(world):
    page = (world["published"] / "05_compliments.html").read_text(encoding="utf-8")
    assert "SR and her mum want to thank OP, who came to [address removed] every week." in page
    assert "Her NHS number is [NHS number removed]." in page
    summary = (world["published"] / "01_summary.html").read_text(encoding="utf-8")
    assert "JW&#x27;s family (mobile [phone number removed], NHS [NHS number removed])" in summary or (
        "JW's family (mobile [phone number removed], NHS [NHS number removed])" in summary
    )


# ----------------------------------------------------------------------------- left behind, all or nothing
def test_a_killed_run_leaves_nothing_the_next_run_does_not_clear(tmp_path):
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    # what a run killed after 75 s left: row-level data in a staging folder (the old place, inside
    # outputs/, and the new one beside it)
    for parent in (outputs / ".staging", staging.staging_root(outputs)):
        left = parent / f"tiny-{YEAR}-published-{dead.pid}" / ".processed"
        left.mkdir(parents=True)
        (left / "complaints.parquet").write_bytes(b"DEM-24-0001")
    alive = staging.staging_root(outputs) / f"other-{YEAR}-published-{os.getppid()}"
    alive.mkdir()
    mine = staging.new_staging(outputs, f"tiny-{YEAR}-published")
    assert not (outputs / ".staging").exists()
    assert sorted(p.name for p in staging.staging_root(outputs).iterdir()) == sorted([alive.name, mine.name])
    assert not mine.is_relative_to(outputs)  # staging is never inside the folder the intranet serves


def _folders(tmp_path):
    pairs = []
    for name in ("internal", "processed", "published"):
        new, final = tmp_path / "new" / name, tmp_path / "final" / name
        new.mkdir(parents=True)
        final.mkdir(parents=True)
        (new / "f.txt").write_text(f"new {name}")
        (final / "f.txt").write_text(f"old {name}")
        pairs.append((new, final))
    return pairs


def test_a_swap_that_fails_part_way_puts_every_folder_back(tmp_path, monkeypatch):
    pairs = _folders(tmp_path)
    real = Path.rename
    moved = []

    def rename(self, target):
        if self == pairs[2][0]:  # the new published folder cannot be moved in (read-only, full disk)
            raise OSError(errno.EROFS, "Read-only file system", str(target))
        moved.append(self)
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError) as info:
        staging.swap_in(pairs, tmp_path / "journal")
    monkeypatch.setattr(Path, "rename", real)
    for name, (new, final) in zip(("internal", "processed", "published"), pairs):
        assert (final / "f.txt").read_text() == f"old {name}"
        assert (new / "f.txt").read_text() == f"new {name}"
    assert not list((tmp_path / "final").glob("*.old-*")) and not list((tmp_path / "journal").iterdir())
    message = staging.storage_message(info.value)
    assert "read-only file system" in message and str(pairs[2][1]) in message and "unchanged" in message
    full = staging.storage_message(OSError(errno.ENOSPC, "No space left on device", "/x/report.pdf"))
    assert full.startswith("cannot write /x/report.pdf: the disk is full")


def test_a_swap_killed_part_way_is_undone_by_the_next_run(tmp_path):
    pairs = _folders(tmp_path)
    journal = tmp_path / "journal"
    journal.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    # the dead run had swapped the internal folder in and moved the processed one aside
    steps = [{"new": str(n), "final": str(f), "aside": str(f) + f".old-{dead.pid}"} for n, f in pairs]
    (journal / f"swap-{dead.pid}.json").write_text(json.dumps({"state": "swapping", "steps": steps}))
    pairs[0][1].rename(steps[0]["aside"])
    pairs[0][0].rename(pairs[0][1])
    pairs[1][1].rename(steps[1]["aside"])
    staging.recover(journal)
    for name, (_, final) in zip(("internal", "processed", "published"), pairs):
        assert (final / "f.txt").read_text() == f"old {name}"
    assert not list((tmp_path / "final").glob("*.old-*")) and not list(journal.iterdir())


def test_a_full_disk_during_a_run_is_a_message(case, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(case.roots["outputs_root"] / "x"))

    monkeypatch.setattr(run_module.staging_area, "new_staging", full)
    refused(case.cli("run", "--authority", "tiny", "--year", YEAR), "the disk is full", "unchanged")
