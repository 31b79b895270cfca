"""The whole chain on the tiny hand-made fixture (tests/tiny.py), in a temporary folder:
validate -> derive -> papermill -> HTML and PDF; then broken data, which must change nothing."""
from __future__ import annotations

import csv
import hashlib
import re

import pytest
from pypdf import PdfReader

from pipelines.run import output_dir, run
from pipelines.validate import DataValidationError
from tests import tiny

pytestmark = pytest.mark.slow
SECTIONS = ["summary", "volumes", "timeliness", "outcomes", "compliments", "ombudsman", "learning", "costs",
            "enquiries", "foi", "appendix"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e")
    roots = {"raw_root": base / "raw", "outputs_root": base / "outputs", "processed_root": base / "processed"}
    tiny.write_raw(roots["raw_root"] / "demo" / "2024-25")
    result = run("demo", "2024-25", log=lambda *_: None, **roots)
    return result, roots


def _csv(folder, name):
    with open(folder / "tables" / name, encoding="utf-8") as fh:
        return {row[""]: row for row in csv.DictReader(fh)}


def _tree_digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_output_is_written(rendered):
    result, roots = rendered
    out = result.folder
    assert out == output_dir("demo", "2024-25", "published", roots["outputs_root"])
    for n, key in enumerate(SECTIONS, 1):
        assert (out / f"{n:02d}_{key}.html").is_file()
        assert (out / "notebooks" / f"{n:02d}_{key}.ipynb").is_file()
    pdf = PdfReader(out / "report.pdf")
    assert len(pdf.pages) >= 13                                    # cover, contents, 11 sections
    first = pdf.pages[0].extract_text()
    assert "Demoshire County Council" in first and "1 April 2024 to 31 March 2025" in first
    assert (out / "validation" / "validation.json").is_file()
    assert (out / "validation" / "data-docs" / "index.html").is_file()
    assert (out / "manifest.json").is_file()
    assert "demo/2024-25/index.html" in (roots["outputs_root"] / "index.html").read_text()
    assert not (roots["outputs_root"] / ".staging").exists()
    assert (roots["processed_root"] / "demo" / "2024-25" / "complaints.parquet").is_file()


def test_tables_hold_the_hand_worked_figures(rendered):
    out = rendered[0].folder
    volumes = _csv(out, "volumes_by_year.csv")
    # Received 2023-24: statutory stage 1 T-001, T-002, T-005 (20 Mar 2024), T-017, T-018 = 5.
    # Received 2024-25: T-006, T-007, T-009, T-011, T-012, T-013, T-015 = 7; (7-5)/5 = +40%.
    assert (volumes["Statutory stage 1"]["2023/24"], volumes["Statutory stage 1"]["2024/25"],
            volumes["Statutory stage 1"]["Change (%)"]) == ("5", "7", "40")
    # All rows received in 2024-25: 1 stat S0 + 7 stat S1 + 1 S2 + 1 S3 + 1 corp S0 + 2 corp S1 + 1 corp S2 = 14;
    # 2023-24: 8; (14-8)/8 = +75%.
    assert (volumes["Total"]["2023/24"], volumes["Total"]["2024/25"], volumes["Total"]["Change (%)"]) == ("8", "14", "75")
    quarters = _csv(out, "volumes_by_quarter.csv")
    assert quarters["Total"]["Total"] == "14"
    summary = (out / "01_summary.html").read_text()
    assert "Statutory stage 1 complaints increased by 40% from 5 in 2023/24 to 7 in 2024/25." in summary


def test_published_html_is_self_contained_and_has_no_code_or_references(rendered):
    out = rendered[0].folder
    for page in sorted(out.glob("*.html")):
        text = page.read_text()
        assert text.count("<h1") == 1, page.name
        assert '<html lang="en-GB">' in text
        assert "<script" not in text.lower()
        assert not re.search(r'(src|href)="(https?:)?//', text), page.name
        assert "@import" not in text and "<link" not in text
        assert "import " not in text and "section.table(" not in text       # no code cells
        assert not re.search(r"\bT[ECLK]?-0\d\d\b", text), page.name          # no case references
    for table in (out / "tables").glob("*.csv"):
        assert not re.search(r"\bT[ECLK]?-0\d\d\b", table.read_text()), table.name


def test_every_chart_has_alt_text_and_links_to_its_table_on_the_same_page(rendered):
    out = rendered[0].folder
    charts = 0
    for page in sorted(out.glob("*.html")):
        text = page.read_text()
        for img in re.findall(r"<img [^>]*>", text):
            assert 'src="data:image/' in img, page.name                    # embedded, not fetched
            alt = re.search(r'alt="([^"]*)"', img)
            assert alt and len(alt.group(1)) > 40, (page.name, img[:80])
            charts += 1
        for anchor in re.findall(r'href="#(table-[^"]+)"', text):
            assert f'id="{anchor}"' in text, (page.name, anchor)
    assert charts >= 8


def test_narrative_numbers_equal_the_table_cells_they_cite(rendered):
    out = rendered[0].folder
    enquiries = _csv(out, "enquiries_by_year.csv")
    # 2023-24: TE-001 only; 2024-25: TE-002..TE-006 = 5 -> (5-1)/1 = +400%
    assert (enquiries["Total"]["2023/24"], enquiries["Total"]["2024/25"]) == ("1", "5")
    assert "Enquiries increased by 400% from 1 in 2023/24 to 5 in 2024/25." in (out / "09_enquiries.html").read_text()


def test_broken_data_stops_the_run_and_keeps_earlier_outputs(rendered):
    result, roots = rendered
    before = _tree_digest(result.folder)
    processed_before = _tree_digest(roots["processed_root"])
    complaints = roots["raw_root"] / "demo" / "2024-25" / "complaints.csv"
    original = complaints.read_text()
    lines = original.splitlines(keepends=True)
    broken = lines + [lines[3]]                                         # T-002 stage 2 again
    broken[6] = broken[6].replace("partly_upheld", "half upheld")       # T-005 (line 7): an unknown outcome
    complaints.write_text("".join(broken))
    try:
        with pytest.raises(DataValidationError) as info:
            run("demo", "2024-25", log=lambda *_: None, **roots)
    finally:
        complaints.write_text(original)
    message = str(info.value)
    assert "complaints.csv" in message and "case_ref" in message and "outcome" in message
    assert "line 24" in message and "line 7" in message                 # the duplicated row, the bad outcome
    assert _tree_digest(result.folder) == before
    assert _tree_digest(roots["processed_root"]) == processed_before
    assert not (roots["outputs_root"] / ".staging").exists()
