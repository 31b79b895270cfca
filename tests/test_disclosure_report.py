"""The reader's attack on rendered reports (tests/attacker.py: equations from the published CSVs and
the audit edition's case references, not from the run's own check): no withheld small count of the
demo (as it is, and with the division timeliness table protected as the issue found it) or of the
small example_icasework report can be pinned down, and the regional page built from them adds nothing
that would pin one."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from pipelines.config.profile import load_profile
from pipelines.rules.disclosure import WITHHELD_TEXT
from tests import attacker

pytestmark = pytest.mark.slow


REPORTS = ("demo", "demo_by_division", "example_icasework")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The demo, the demo as the issue found it (the division timeliness table protected too:
    `disclosure.protect: [on_time_by_division]`) and the small example_icasework report, each rendered
    in both editions."""
    from pipelines.config.profile import EXTRA_PROFILES
    from pipelines.runs.run import RAW_ROOT, run

    root = tmp_path_factory.mktemp("reports")
    profiles, raw = root / "profiles", root / "raw"
    profiles.mkdir()
    spec = yaml.safe_load(Path("config/authorities/demo.yaml").read_text())
    spec["disclosure"] = {**spec.get("disclosure", {}), "protect": ["on_time_by_division"]}
    (profiles / "demo_by_division.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    shutil.copytree(RAW_ROOT / "demo" / "2024-25", raw / "demo_by_division" / "2024-25")
    for name in ("demo", "example_icasework"):
        shutil.copytree(RAW_ROOT / name / "2024-25", raw / name / "2024-25")
    before = os.environ.get(EXTRA_PROFILES)
    os.environ[EXTRA_PROFILES] = os.pathsep.join(filter(None, [before, str(profiles)]))  # kernels inherit it
    out = {"outputs": root / "outputs", "processed": root / "processed"}
    for authority in REPORTS:
        for edition in ("published", "audit"):
            out[authority, edition] = run(
                authority,
                "2024-25",
                edition,
                outputs_root=out["outputs"],
                raw_root=raw,
                processed_root=out["processed"],
                log=lambda *_: None,
                data_docs=False,
            ).folder
    yield out
    if before is None:
        os.environ.pop(EXTRA_PROFILES)
    else:
        os.environ[EXTRA_PROFILES] = before


def _attack(rendered, authority, extra=None):
    policy = load_profile(authority).disclosure
    cells = attacker.numbers(rendered[authority, "published"], rendered[authority, "audit"], policy)
    for key, value in (extra or {}).items():  # a figure printed elsewhere (the regional page): known
        cells[key]["printed"] = value
    found = attacker.relations(cells)
    return cells, found, attacker.ranges(cells, found), policy["protection"]


@pytest.mark.parametrize("authority", REPORTS)
def test_no_withheld_small_count_can_be_pinned_down(rendered, authority):
    cells, found, ranges, protection = _attack(rendered, authority)
    assert ranges, "no small count is withheld: the check below would prove nothing"
    assert len(cells) > 300 and len(found) > 300  # every table of the report is in the equations
    tables = {k[0] for c in found for k in c[0]}
    assert {"complainant_types", "complainants", "volumes_by_year"} <= tables
    decisions = json.loads((rendered["processed"] / authority / "2024-25" / "disclosure.json").read_text())
    limited = {(c["table"], c["row"], c["column"]) for c in decisions["withheld"] if c["limited_by_published"]}
    for number, (low, high) in ranges.items():
        # the policy's interval, or (said on the audit page) the widest the tables published in full allow
        assert high - low >= (1 if number[:3] in limited else protection), (number, low, high)


def test_without_secondary_cells_the_attacker_pins_a_small_count(rendered):
    """The same attack on the demo with every secondary cell printed as its true value (protection
    switched off, only the small counts withheld): Anonymous, statutory, is then 9 - 6 = 3 (its row's
    Total less the corporate cell). (In example_icasework every withheld cell is itself a small count:
    they protect one another, and there is no secondary cell to switch off.)"""
    policy = load_profile("demo").disclosure
    cells = attacker.numbers(rendered["demo", "published"], rendered["demo", "audit"], policy)
    for cell in cells.values():
        if not cell["primary"]:
            cell["printed"] = cell["true"]
    ranges = attacker.ranges(cells, attacker.relations(cells))
    assert ranges[("complainant_types", "Anonymous", "Statutory", "")] == (3, 3)


def test_the_issue_recoveries_are_found_by_the_attacker(rendered):
    """The attacker is not toothless: printed as the issue found them (Table 11.3 protected and every
    cell but Quality and Commissioning's stage 1 printed), the division's on time and responses are
    pinned by Table 3.1: 123 - 116 - 0 = 7 and 77 - 74 - 0 = 3 there; in this demo, as printed here."""
    policy = {**load_profile("demo").disclosure, "protect": frozenset({"on_time_by_division"})}
    cells = attacker.numbers(rendered["demo", "published"], rendered["demo", "audit"], policy)
    target = ("on_time_by_division", "Quality and Commissioning", "Statutory stage 1")
    for key, cell in cells.items():
        cell["printed"] = None if key[:3] == target else cell["true"]
        cell["primary"] = key[:3] == target
    ranges = attacker.ranges(cells, attacker.relations(cells))
    for kind in ("all", "on time"):
        true = cells[(*target, kind)]["true"]
        assert ranges[(*target, kind)] == (true, true)


def test_the_summary_keeps_its_meaning(rendered):
    folder = rendered["demo", "published"]
    pages = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("[0-9][0-9]_*.html")}
    summary = pages["01_summary.html"]
    assert "regulation 13(3)" in summary and "It has three stages" in summary  # introduction, procedure
    assert summary.count("Statutory stage 1 complaints") >= 1 and "Ombudsman made" in summary
    report = "".join(pages.values())
    assert report.count("To protect the people who complained") == 1  # the policy, once, in the introduction
    assert all(page.count(WITHHELD_TEXT) <= 1 for page in pages.values())
    audit = (rendered["demo", "audit"] / "disclosure.html").read_text()
    assert "What a reader could infer" in audit and "What an insider could infer" in audit


def test_the_regional_page_adds_nothing_that_pins_a_withheld_count(rendered):
    """The regional page of a batch of these reports (publish/regional.py, as run --all writes it):
    each of its figures is read as printed and given to the attacker as the report cell it comes from."""
    from pipelines.publish.regional import COLUMNS, write_regional_pages

    write_regional_pages(rendered["outputs"], "test")
    with open(rendered["outputs"] / "regional" / "2024-25.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(REPORTS)
    for authority, row in zip(sorted(REPORTS), rows):  # in the order of their folders
        manifest = json.loads((rendered[authority, "published"] / "manifest.json").read_text())
        source = {f["id"].removeprefix("summary."): f for f in manifest["figures"]}
        policy = load_profile(authority).disclosure
        cells = attacker.numbers(rendered[authority, "published"], rendered[authority, "audit"], policy)
        extra = {}
        for figure_id, heading in COLUMNS.items():
            figure = source.get(figure_id)
            if figure is None:
                assert row[heading] == "[x]"
                continue
            key = (figure["table"], figure["row"], figure["column"], "")
            if key in cells and cells[key]["printed"] is None:
                assert row[heading] == "[c]", (authority, heading)  # withheld there: withheld here
            elif key in cells and row[heading].isdigit():
                extra[key] = int(row[heading])
        _, _, ranges, protection = _attack(rendered, authority, extra)
        assert all(high - low >= 1 for low, high in ranges.values())
