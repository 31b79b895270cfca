"""The whole chain on the tiny hand-made fixture (tests/tiny.py), in a temporary folder:
validate -> derive -> papermill -> HTML and PDF; then broken data, which must change nothing."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipelines.inputs.validate import DataValidationError
from pipelines.runs.run import output_dir, run
from tests import tiny

pytestmark = pytest.mark.slow
SECTIONS = [
    "summary",
    "volumes",
    "timeliness",
    "outcomes",
    "compliments",
    "ombudsman",
    "learning",
    "costs",
    "enquiries",
    "foi",
    "appendix",
]


# Personal data planted in the raw exports (tests/test_end_to_end.py::test_no_personal_data_is_published).
PLANTED = [
    "Kevin Marsh",
    "Marsh",
    "kevin.marsh@demoshire.gov.uk",
    "01772 539414",
    "PR1 8XJ",
    "12/03/2015",
    "Jane Planted",
    "jane@example.org",
    "07700 900123",
    "T-001",
    "TC-007",
    "TE-003",
    "TL-002",
]


def plant_personal_data(folder):
    """Add what real exports carry: a free-text column with names, and compliments whose text holds
    staff names, contact details, a date of birth, references, markup and a formula."""
    complaints = folder / "complaints.csv"
    lines = complaints.read_text().splitlines()
    lines = [lines[0] + ",complainant_name,notes"] + [line + ",Jane Planted,call 07700 900123" for line in lines[1:]]
    complaints.write_text("\n".join(lines) + "\n")
    with open(folder / "compliments.csv", "a", encoding="utf-8") as fh:
        fh.write(
            "TC-007,2024-04-02,Fostering,Children's Social Care,support,\"Kevin Marsh (kevin.marsh@demoshire.gov.uk, "
            "01772 539414, PR1 8XJ) helped our son, born 12/03/2015, with case T-001. "
            '<script>alert(1)</script> =HYPERLINK(""http://example.org"")",true,Kevin Marsh\n'
        )
        fh.write(
            "TC-008,2024-06-04,Adoption,Children's Social Care,support,Jane Planted jane@example.org says thanks,false,\n"
        )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e")
    roots = {"raw_root": base / "raw", "outputs_root": base / "outputs", "processed_root": base / "processed"}
    plant_personal_data(tiny.write_raw(roots["raw_root"] / "tiny" / "2024-25"))
    result = run("tiny", "2024-25", log=lambda *_: None, **roots)
    return result, roots


def _csv(folder, name):
    with open(folder / "tables" / name, encoding="utf-8") as fh:
        return {row[""]: row for row in csv.DictReader(fh)}


def _tree_digest(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_output_is_written(rendered):
    result, roots = rendered
    out = result.folder
    assert out == output_dir("tiny", "2024-25", "published", roots["outputs_root"])
    for n, key in enumerate(SECTIONS, 1):
        assert (out / f"{n:02d}_{key}.html").is_file()
        assert (out / "notebooks" / f"{n:02d}_{key}.ipynb").is_file()
    pdf = PdfReader(out / "report.pdf")
    assert len(pdf.pages) >= 13  # cover, contents, 11 sections
    first = pdf.pages[0].extract_text()
    assert "Tinyshire County Council" in first and "1 April 2024 to 31 March 2025" in first
    assert (out / "validation" / "validation.json").is_file()
    assert (roots["outputs_root"] / "_internal" / "tiny" / "2024-25" / "data-docs" / "index.html").is_file()
    assert not list(out.rglob("data-docs"))  # Data Docs load remote assets: never published
    assert (out / "manifest.json").is_file()
    assert "tiny/2024-25/index.html" in (roots["outputs_root"] / "index.html").read_text()
    assert not (roots["outputs_root"] / ".staging").exists()
    assert (roots["processed_root"] / "tiny" / "2024-25" / "complaints.parquet").is_file()


def test_tables_hold_the_hand_worked_figures(rendered):
    out = rendered[0].folder
    volumes = _csv(out, "volumes_by_year.csv")
    # Received 2023-24: statutory stage 1 T-001, T-002, T-005 (20 Mar 2024), T-017, T-018 = 5.
    # Received 2024-25: T-006, T-007, T-009, T-011, T-012, T-013, T-015 = 7; (7-5)/5 = +40%.
    assert (
        volumes["Statutory stage 1"]["2023/24"],
        volumes["Statutory stage 1"]["2024/25"],
        volumes["Statutory stage 1"]["Change (%)"],
    ) == ("5", "7", "40")
    # All rows received in 2024-25: 1 stat S0 + 7 stat S1 + 1 S2 + 1 S3 + 1 corp S0 + 2 corp S1 + 1 corp S2 = 14;
    # 2023-24: 8; (14-8)/8 = +75%.
    assert (volumes["Total"]["2023/24"], volumes["Total"]["2024/25"], volumes["Total"]["Change (%)"]) == (
        "8",
        "14",
        "75",
    )
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
        assert "import " not in text and "section.table(" not in text  # no code cells
        assert not re.search(r"\bT[ECLK]?-0\d\d\b", text), page.name  # no case references
    for table in (out / "tables").glob("*.csv"):
        assert not re.search(r"\bT[ECLK]?-0\d\d\b", table.read_text()), table.name


def test_every_chart_has_alt_text_and_links_to_its_table_on_the_same_page(rendered):
    out = rendered[0].folder
    charts = 0
    for page in sorted(out.glob("*.html")):
        text = page.read_text()
        for img in re.findall(r"<img [^>]*>", text):
            assert 'src="data:image/' in img, page.name  # embedded, not fetched
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
    complaints = roots["raw_root"] / "tiny" / "2024-25" / "complaints.csv"
    original = complaints.read_text()
    lines = original.splitlines(keepends=True)
    broken = lines + [lines[3]]  # T-002 stage 2 again
    broken[6] = broken[6].replace("partly_upheld", "half upheld")  # T-005 (line 7): an unknown outcome
    complaints.write_text("".join(broken))
    try:
        with pytest.raises(DataValidationError) as info:
            run("tiny", "2024-25", log=lambda *_: None, **roots)
    finally:
        complaints.write_text(original)
    message = str(info.value)
    assert "complaints.csv" in message and "case_ref" in message and "outcome" in message
    assert "line 24" in message and "line 7" in message  # the duplicated row, the bad outcome
    assert _tree_digest(result.folder) == before
    assert _tree_digest(roots["processed_root"]) == processed_before
    assert not (roots["outputs_root"] / ".staging").exists()


def _published_text(folder):
    """Everything under the published folder as text: HTML, CSV, JSON, notebooks, SVG, the
    workbook's XML parts, the PDF's text and every file's metadata we write."""
    import zipfile

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


def test_no_personal_data_is_published(rendered):
    out = rendered[0].folder
    seen = 0
    for path, text in _published_text(out):
        seen += 1
        for planted in PLANTED:
            assert planted not in text, f"{planted!r} found in {path.relative_to(out)}"
    assert seen > 30
    quotes = (out / "05_compliments.html").read_text()
    # the approved compliment is quoted, scrubbed: initials, nothing that identifies anyone
    assert (
        "KM ([email removed], [phone number removed], [postcode removed]) helped our son, born [date removed]" in quotes
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in quotes and "<script" not in quotes


def test_spreadsheet_cells_never_run_as_formulas(rendered):
    from openpyxl import load_workbook

    out = rendered[0].folder
    for path in (out / "tables").glob("*.csv"):
        for line in path.read_text().splitlines():
            for cell in line.split(","):
                assert not cell.startswith(("=", "+", "@")), (path.name, cell)
    book = load_workbook(out / "tables.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def test_html_passes_wcag_22_aa_in_a_real_browser_and_fetches_nothing(rendered):
    """axe-core in Debian's Chromium, every published page: zero violations, no request outside the
    report folder, and no sideways scrolling at 200% zoom (a 1280px screen shows 640 CSS pixels)."""
    import shutil

    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    result, roots = rendered
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian's chromium is needed: `make test` installs it (scripts/system-deps.sh --browser)"
    from pipelines.publish.regional import write_regional_pages

    regional = write_regional_pages(roots["outputs_root"], "Generated for the accessibility test.")
    assert regional, "the rendered report should give a regional comparison page"
    pages = sorted(result.folder.glob("*.html")) + [roots["outputs_root"] / "index.html"] + regional
    outside, failures = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 640, "height": 900})
        allowed = (roots["outputs_root"].as_uri(),)
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(allowed + ("data:",))
                else (outside.append(route.request.url), route.abort())
            ),
        )
        axe = Axe()
        for path in pages:
            page.goto(path.as_uri())
            violations = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}}).response[
                "violations"
            ]
            failures += [
                f"{path.name}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes'][0]['target']}" for v in violations
            ]
            sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if sideways > 1:
                failures.append(f"{path.name}: scrolls sideways by {sideways}px at 200% zoom")
            headings = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4')].map(h => +h.tagName[1])")
            if headings.count(1) != 1 or any(b - a > 1 for a, b in zip(headings, headings[1:])):
                failures.append(f"{path.name}: headings out of order {headings}")
            if page.evaluate("document.documentElement.lang") != "en-GB":
                failures.append(f"{path.name}: language not set")
        browser.close()
    assert not outside, outside
    assert not failures, "\n".join(failures)


@pytest.fixture(scope="module")
def combined(tmp_path_factory):
    """demo_combined (the shipped demo exports plus adult social care, suppression on) in both editions."""
    root = tmp_path_factory.mktemp("combined")
    return {
        edition: run(
            "demo_combined",
            "2024-25",
            edition,
            outputs_root=root / "outputs",
            processed_root=root / "processed",
            log=lambda *_: None,
        )
        for edition in ("published", "audit")
    }


def test_second_profile_reports_adult_social_care_beside_childrens(combined):
    """The adult section's tables are its own, and every output check passes."""
    result = combined["published"]
    tables = {p.stem for p in (result.folder / "tables").glob("*.csv")}
    assert {"volumes_by_year", "adult_volumes_by_year", "adult_outcome_groups_adult"} <= tables
    page = (result.folder / "10_adult_social_care.html").read_text()
    assert "Adult social care stage 1" in page and "<h1" in page
    children = (result.folder / "tables" / "volumes_by_year.csv").read_text()
    assert "Adult social care" not in children


def test_published_edition_with_suppression_holds_no_case_reference(combined):
    """With suppression on, the published run traces references in memory to link figures across
    tables; none of them may reach a published file (the audit edition does show them)."""
    raw = Path(__file__).resolve().parents[1] / "data" / "raw" / "demo_combined" / "2024-25"
    refs = set()
    for name, column in (("complaints", "case_ref"), ("ombudsman", "lgsco_ref"), ("compliments", "compliment_ref")):
        with open(raw / f"{name}.csv", newline="", encoding="utf-8") as fh:
            refs |= {row[column] for row in csv.DictReader(fh)}
    pattern = re.compile("|".join(re.escape(r) for r in sorted(refs, key=len, reverse=True)))
    published = combined["published"].folder
    for path, text in _published_text(published):
        found = pattern.search(text)
        assert not found, f"{found.group(0)} in {path.relative_to(published)}"
    audit_refs = " ".join(p.read_text() for p in (combined["audit"].folder / "tables").glob("*.refs.json"))
    assert pattern.search(audit_refs)  # the references exist, and the audit edition shows them


def test_no_generated_sentence_opens_with_a_numeral(rendered):
    """GOV.UK style: a sentence never starts with a number ("35% of 455 ..."): it is reworded."""
    import html as html_module

    out = rendered[0].folder
    openings = []
    for page in sorted(out.glob("[0-9][0-9]_*.html")):
        markup = re.sub(
            r"<nav.*?</nav>|<blockquote.*?</blockquote>|<table.*?</table>|<figure.*?</figure>",
            "",
            page.read_text(),
            flags=re.S,
        )
        for block in re.findall(r"<(?:p|li)[^>]*>(.*?)</(?:p|li)>", markup, re.S):
            text = " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", block)).split())
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if re.match(r"[£\d]", sentence):
                    openings.append(f"{page.name}: {sentence}")
    assert not openings, "\n".join(openings)
