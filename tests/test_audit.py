"""Auditors: the manifest, verify (rerun and compare), determinism, the output checks and the
audit edition, on the tiny hand-made fixture."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from pipelines.publish.checks import OutputCheckError, check_outputs
from pipelines.runs.run import output_dir, run
from pipelines.runs.verify import verify
from tests import tiny

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def roots(tmp_path_factory):
    base = tmp_path_factory.mktemp("audit")
    roots = {"raw_root": base / "raw", "outputs_root": base / "outputs", "processed_root": base / "processed"}
    tiny.write_raw(roots["raw_root"] / "tiny" / "2024-25")
    run("tiny", "2024-25", log=lambda *_: None, **roots)
    return roots


@pytest.fixture(scope="module")
def published(roots):
    return output_dir("tiny", "2024-25", "published", roots["outputs_root"])


def test_manifest_records_inputs_code_environment_and_every_table(published):
    manifest = json.loads((published / "manifest.json").read_text())
    inputs = {table: i for i in manifest["inputs"] for table in i["tables"]}
    assert inputs["complaints"]["tables"] == {"complaints": 22} and len(inputs["complaints"]["sha256"]) == 64
    assert manifest["parameters"] == {"authority": "tiny", "year": "2024-25", "edition": "published"}
    assert set(manifest["code"]) == {"commit", "clean"} and manifest["environment"]["packages"]["pandas"]
    tables = {t["key"]: t for t in manifest["tables"]}
    by_year = tables["volumes_by_year"]
    assert by_year["cells"]["Statutory stage 1"]["2024/25"] == "7"
    assert by_year["derivation"]["function"] == "volumes.volumes_by_year"
    # 8 complaint rows received in 2023-24 and 14 in 2024-25; none in 2022-23
    assert by_year["derivation"]["source_rows"] == 22 and by_year["basis"] == "received"
    figure = next(f for f in manifest["figures"] if f["id"] == "summary.statutory_stage_1_received")
    assert (figure["value"], figure["table"], figure["row"], figure["column"]) == (
        7,
        "volumes_by_year",
        "Statutory stage 1",
        "2024/25",
    )


def test_verify_passes_and_a_rerun_is_identical(roots, published, tmp_path):
    result = verify(
        "tiny", "2024-25", roots["outputs_root"], roots["raw_root"], keep=tmp_path / "rerun", log=lambda *_: None
    )
    assert result.ok, result.changes
    again = result.rerun
    for sub in ("tables", "figures"):
        for path in sorted((published / sub).iterdir()):
            assert path.read_bytes() == (again / sub / path.name).read_bytes(), path.name
    first, second = (json.loads((f / "manifest.json").read_text()) for f in (published, again))
    first.pop("generated_at"), second.pop("generated_at")
    # the published files' hashes: the same, except the pages and notebooks, which carry the time they were
    # made (the PDF, the Word copy and the workbook are byte-reproducible: publish/pdf.py, publish/reproducible.py)
    dated = (".html", ".ipynb")
    files = [{f["path"]: f["sha256"] for f in m.pop("files") if not f["path"].endswith(dated)} for m in (first, second)]
    assert files[0] == files[1] and len(files[0]) > 10
    assert first == second
    for page in sorted(published.glob("*.html")):
        a = [line for line in page.read_text().splitlines() if not line.startswith("<p>Generated ")]
        b = [line for line in (again / page.name).read_text().splitlines() if not line.startswith("<p>Generated ")]
        assert a == b, page.name


def test_verify_fails_naming_the_figure_when_an_input_row_is_edited(roots):
    complaints = roots["raw_root"] / "tiny" / "2024-25" / "complaints.csv"
    original = complaints.read_text()
    # T-009: received 20 Dec 2024, due 8 Jan 2025, answered on 8 Jan; a day later makes it late.
    complaints.write_text(original.replace("2024-12-20,false,2025-01-08", "2024-12-20,false,2025-01-09"))
    try:
        result = verify("tiny", "2024-25", roots["outputs_root"], roots["raw_root"], log=lambda *_: None)
    finally:
        complaints.write_text(original)
    assert not result.ok
    text = "\n".join(result.changes)
    assert "complaints.csv has changed since the report was produced" in text
    assert "figure summary.statutory_stage_1_on_time_pct" in text
    assert re.search(r"table on_time_by_stage \(Table \d+\.\d+\), Statutory stage 1 / 2024/25 On time", text)


def test_output_checks_refuse_a_wrong_total_and_a_wrong_figure(published, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(published, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    check_outputs(copy, "2024/25", manifest["tables"], manifest["figures"])  # the real outputs pass
    quarter = copy / "tables" / "volumes_by_quarter.csv"  # Q1's first cell one too many
    quarter.write_text(re.sub(r"^Q1,(\d+)", lambda m: f"Q1,{int(m.group(1)) + 1}", quarter.read_text(), flags=re.M))
    wrong = [
        {
            "id": "summary.x",
            "label": "Statutory stage 1 received",
            "value": 8,
            "table": "volumes_by_year",
            "row": "Statutory stage 1",
            "column": "2024/25",
        }
    ]
    with pytest.raises(OutputCheckError) as info:
        check_outputs(copy, "2024/25", manifest["tables"], wrong)
    problems = "\n".join(info.value.problems)
    assert "table volumes_by_quarter: the Total row's" in problems
    assert "figure summary.x (Statutory stage 1 received) is 8 but table volumes_by_year shows 7" in problems


def test_audit_edition_is_kept_apart_and_shows_the_calculations(roots, published):
    from pipelines import ROOT

    before = sorted(p.name for p in published.iterdir())
    result = run("tiny", "2024-25", "audit", log=lambda *_: None, **roots)
    assert result.folder == roots["outputs_root"] / "_audit" / "tiny" / "2024-25"
    text = re.sub(r"<[^>]+>", "", (result.folder / "02_volumes.html").read_text())  # code is highlighted
    assert "Audit edition" in text
    # Under the table: its declaration (the item's line in the built-in report) and the measure that
    # computed it (the line of its def), each found here by reading the files themselves.
    declared = (ROOT / "config/reports/default.yaml").read_text().splitlines()
    item_line = declared.index("      - measure: volumes_by_year") + 1
    source = (ROOT / "pipelines/measures/volumes.py").read_text().splitlines()
    def_line = next(n for n, line in enumerate(source, 1) if line.startswith("def volumes_by_year("))
    assert f"Declared in config/reports/default.yaml, line {item_line}; computed by" in text
    assert f"pipelines.measures.volumes.volumes_by_year (pipelines/measures/volumes.py, line {def_line})" in text
    assert "measure: volumes_by_year\nkey: volumes_by_year\nsentences: volume_sentences" in text  # the item
    # The appendix of measures: the code of every measure used, volumes_by_year's among them
    appendix = (result.folder / "measures.html").read_text()
    assert 'id="pipelines.measures.volumes.volumes_by_year"' in appendix
    assert "def volumes_by_year(complaints: pd.DataFrame" in appendix and "def late_sentence(" in appendix
    assert sorted(p.name for p in published.iterdir()) == before
    assert not (published / "measures.html").exists()
    assert "_audit" not in (roots["outputs_root"] / "index.html").read_text()


def test_audit_edition_traces_cells_to_case_references(roots):
    folder = roots["outputs_root"] / "_audit" / "tiny" / "2024-25"
    if not folder.exists():
        run("tiny", "2024-25", "audit", log=lambda *_: None, **roots)
    refs = json.loads((folder / "tables" / "volumes_by_quarter.refs.json").read_text())
    # Received 2024-25 Q1 (Apr-Jun 2024): T-006 S1 (10 Apr), T-007 S1 (1 May), T-007 S2 (10 Jun) - all statutory
    assert refs["Q1"]["Statutory stage 1"] == ["T-006 (stage 1)", "T-007 (stage 1)"]
    assert refs["Q1"]["Statutory stage 2"] == ["T-007 (stage 2)"]
    assert len(refs["Total"]["Total"]) == 14
    on_time = json.loads((folder / "tables" / "on_time_by_quarter.refs.json").read_text())
    # Closed 2024-25 Q1: T-005 S1 (5 Apr, due 5 Apr: on time), T-006 S1 (25 Apr, due 24 Apr: late), T-007 S1 (29 May: on time)
    assert on_time["Q1"]["Statutory stage 1"] == [
        "T-005 (stage 1): on time",
        "T-006 (stage 1): late",
        "T-007 (stage 1): on time",
    ]
    by_stage = json.loads((folder / "tables" / "on_time_by_stage.refs.json").read_text())
    # Statutory stage 1 closed in 2024-25: T-005, T-006, T-007, T-009, T-011, T-015; late: T-006 (one day
    # over) and T-011 (day 20 of 10)
    assert by_stage["Statutory stage 1"]["2024/25 On time"] == [
        "T-005 (stage 1)",
        "T-007 (stage 1)",
        "T-009 (stage 1)",
        "T-015 (stage 1)",
    ]
    open_cases = json.loads((folder / "tables" / "open_at_year_end.refs.json").read_text())
    assert open_cases["Total"] == {
        "In progress": ["T-013 (stage 1)"],
        "Overdue": ["T-012 (stage 1)"],
        "Open": ["T-012 (stage 1)", "T-013 (stage 1)"],
    }
    assert "T-006 (stage 1)" in (folder / "02_volumes.html").read_text()
    tables = {p.name.removesuffix(".csv") for p in (folder / "tables").glob("*.csv")}
    traced = {p.name.removesuffix(".refs.json") for p in (folder / "tables").glob("*.refs.json")}
    assert tables == traced  # every table cell can be traced
    published = roots["outputs_root"] / "tiny" / "2024-25"
    assert not list(published.glob("tables/*.refs.json"))
