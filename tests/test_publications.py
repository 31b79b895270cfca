"""The publications as their readers get them, on the demo and on the rebuilt Lewisham report (one
whole run each): the committee paper PDF passes the PDF/UA-1 checks and nothing in it runs past the
text block; the Word copy reads back with the same headings, tables, header rows, alt text and [c]
cells as the HTML (and LibreOffice opens it); the workbook follows the Analysis Function's layout
and holds the same figures as the report; no two tables of a report are the same table."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipelines.publish.pdf import MARGIN_MM, PAGE_MM

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
MM = 72 / 25.4  # PDF points per millimetre
# the demo in the built-in layout, and Lewisham in its own declared one (its own table numbers "Table 1a",
# "Tables 1a and 1b", tables it leaves unnumbered, and the numbers its publication gives twice)
REPORTS = ["demo", "lewisham"]
# A table's printed label, in the numbering its report declares: "Table 3.1", "Table 2a", "Table 11",
# "Tables 1a and 1b" (two published tables shown as one), or a bare "2" as some councils print them.
_ONE = r"\d+[a-z]?(?:\.\d+)?"
LABEL = re.compile(rf"((?:Tables? )?{_ONE}(?:(?:, | and ){_ONE})*): ")


def label(caption: str) -> str:
    found = LABEL.match(caption)
    assert found, f"not a numbered table caption: {caption!r}"
    return found.group(1)


def declared(folder: Path) -> dict:
    """The table numbers the authority's report file gives itself, read from the YAML (not from the
    run): {"unnumbered": titles it declares without a number, "twice": numbers it gives two tables}."""
    import yaml

    path = ROOT / "config" / "authorities" / f"{folder.parent.name}.report.yaml"
    spec = yaml.safe_load(path.read_text()) if path.exists() else {}
    items = [i for s in spec.get("sections", []) for i in (s.get("show") or []) if isinstance(i, dict)]
    items += [i for s in spec.get("sections", []) for i in (s.get("tables") or {}).values()]  # own notebooks'
    items = [i for i in items if "number" in i]
    counts = Counter(i["number"] for i in items if i.get("number"))
    return {
        "unnumbered": [i["title"] for i in items if i.get("number") == ""],
        "twice": {n for n, k in counts.items() if k > 1},
    }


def numbered(folder: Path, captions: list[str]) -> list[str]:
    """The captions that carry a number: all of them, but those of tables the report declares unnumbered."""
    unnumbered = declared(folder)["unnumbered"]
    return [c for c in captions if not any(c.startswith(title) for title in unnumbered)]


@pytest.fixture(scope="module", params=REPORTS)
def folder(request, shared_render):
    return shared_render(request.param).folder  # rendered once per session (tests/conftest.py)


def _sections(folder: Path) -> list[Path]:
    return sorted(folder.glob("[0-9][0-9]_*.html"))


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_tables(folder: Path) -> list[dict]:
    """Every data table of the published pages, in report order: caption, header texts, cells."""
    out = []
    for page in _sections(folder):
        for table in _soup(page).select("table.data"):
            rows = [[" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])] for tr in table("tr")]
            caption = " ".join(table.caption.get_text(" ").split())
            key = table.caption.get("id", "").split("-", 2)[-1]  # caption-<section>-<table key>
            out.append({"caption": caption, "rows": rows, "key": key})
    return out


# --- PDF ------------------------------------------------------------------------------------------


def pdfua_report(path: Path):
    """pdfua's checks, every one evaluated. pdfua 0.1.3's empty-heading rule asks a pikepdf Array
    for an attribute, which raises ValueError instead of AttributeError, so the rule would be
    skipped for any heading whose content is an array of marked-content ids (WeasyPrint's): the
    same predicate, answering None for arrays, lets the rule run."""
    import pikepdf
    from pdfua import validate
    from pdfua.document import as_integer
    from pdfua.rules import structure

    def safe_as_integer(value):
        return None if isinstance(value, (pikepdf.Array, pikepdf.Dictionary)) else as_integer(value)

    patch = pytest.MonkeyPatch()
    patch.setattr(structure, "as_integer", safe_as_integer)
    try:
        return validate(str(path))
    finally:
        patch.undo()


def test_pdf_passes_the_pdf_ua_checks(folder):
    report = pdfua_report(folder / "report.pdf")
    problems = [f"{f.rule_id} {f.location.describe()}: {f.message}" for f in report.findings]
    problems += [f"{o.rule_id} not evaluated: {o.skipped_reason}" for o in report.skipped]
    assert not problems, "\n".join(problems[:20])


def test_pdf_has_language_title_bookmarks_alt_text_and_header_scopes(folder):
    import pikepdf

    soup_pages = [_soup(p) for p in _sections(folder)]
    alts = [img["alt"] for s in soup_pages for img in s.select("figure.chart img")]
    headers = sum(len(s.select("table.data th")) for s in soup_pages)
    with pikepdf.open(folder / "report.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_metadata() as meta:
            assert "Annual Report 2024/25" in meta["dc:title"] or "annual report" in meta["dc:title"].lower()
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        # One bookmark per section heading (plus the cover's title and the contents)
        for page, soup in zip(_sections(folder), soup_pages):
            assert soup.h1.get_text(" ").strip() in titles, page.name
        figures, scoped = [], Counter()
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.S == "/Figure":
                    figures.append(str(node.get("/Alt", "")))
                if node.S == "/TH":
                    scoped[str(node.A.get("/Scope")) if "/A" in node else "none"] += 1
                if "/K" in node:
                    stack.append(node.K)
    # every chart's alt text reaches its /Figure (the word cloud is a chart too); every <th> is a
    # /TH with a row or column scope
    assert sorted(a for a in figures if a) == sorted(alts) and all(figures)
    assert sum(scoped.values()) == headers and set(scoped) <= {"/Column", "/Row"}


def _words(pdf: Path):
    """(page number, page width, page height, word, xMin, xMax) for every word, from pdftotext."""
    tool = shutil.which("pdftotext")
    assert tool, "Poppler's pdftotext is needed: scripts/system-deps.sh --browser installs it"
    xml = subprocess.run([tool, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for n, (w, h, body) in enumerate(re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)):
        for x0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', body
        ):
            yield n + 1, float(w), float(h), word, float(x0), float(x1)


def test_nothing_in_the_pdf_runs_past_the_text_block(folder):
    """A4 portrait or landscape, 16 mm side margins (report.css): every word lies inside them."""
    outside = []
    for page, width, height, word, x0, x1 in _words(folder / "report.pdf"):
        orientation = "portrait" if height > width else "landscape"
        assert abs(width - PAGE_MM[orientation][0] * MM) < 1, f"page {page} is not A4"
        left, right = MARGIN_MM["left"] * MM, width - MARGIN_MM["right"] * MM
        if x0 < left - 1 or x1 > right + 1:
            outside.append(
                f"page {page} ({orientation}): {word!r} at {x0:.0f}-{x1:.0f} pt, text block {left:.0f}-{right:.0f}"
            )
    assert not outside, "\n".join(outside[:15])


# --- the same tables everywhere ---------------------------------------------------------------------


def test_no_two_tables_of_a_report_are_the_same(folder):
    tables = html_tables(folder)
    seen = {}
    for table in tables:
        body = tuple(tuple(r) for r in table["rows"])
        assert body not in seen, f"{table['caption']} repeats {seen[body]}"
        seen[body] = table["caption"]
    numbers = [label(c) for c in numbered(folder, [t["caption"] for t in tables])]
    repeated = {n for n in numbers if numbers.count(n) > 1}
    # none of ours repeats; a number the authority's own publication gives two tables is its own
    assert repeated <= declared(folder)["twice"], repeated


def test_each_table_has_one_numbered_caption_and_no_chart_carries_a_table_caption(folder):
    for page in _sections(folder):
        soup = _soup(page)
        for table in soup.select("table.data"):
            assert len(table.find_all("caption")) == 1
            assert all(label(c) for c in numbered(folder, [table.caption.get_text()]))
        for figure in soup.select("figure.chart"):
            caption = figure.figcaption.get_text(" ")
            assert not LABEL.search(caption), (page.name, caption)


# --- Word -----------------------------------------------------------------------------------------


def _docx_tables(doc):
    from docx.oxml.ns import qn

    out = []
    for table in doc.tables:
        rows = [[" ".join(c.text.split()) for c in row.cells] for row in table.rows]
        header = table.rows[0]._tr.trPr is not None and table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        out.append({"rows": rows, "header_row": header})
    return out


def test_word_copy_reads_back_with_the_same_headings_tables_and_alt_text(folder):
    from docx import Document

    doc = Document(folder / "report.docx")
    assert doc.core_properties.language == "en-GB" and "2024/25" in doc.core_properties.title
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    soups = [_soup(p) for p in _sections(folder)]
    expected = [
        (f"Heading {h.name[1]}", " ".join(h.get_text(" ").split()))
        for s in soups
        for h in s.select("main h1, main h2, main h3, main h4")
        if not h.find_parent("nav")
    ]
    assert headings == expected
    # Every HTML table is a Word table with the same cells, its first row a repeating header row;
    # the front matter (if any) is the one table before them.
    html = html_tables(folder)
    word = _docx_tables(doc)
    word = word[len(word) - len(html) :]
    assert [t["rows"] for t in word] == [t["rows"] for t in html]
    assert all(t["header_row"] for t in word)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption" and LABEL.match(p.text)]
    assert captions == numbered(folder, [t["caption"] for t in html])
    # [c]: the same withheld cells, as many as the HTML tables show
    assert sum(c == "[c]" for t in word for r in t["rows"] for c in r) == sum(
        c == "[c]" for t in html for r in t["rows"] for c in r
    )
    # every chart is a picture with the chart's alt text
    alts = [img["alt"] for s in soups for img in s.select("figure.chart img")]
    pictures = [shape._inline.docPr.get("descr") for shape in doc.inline_shapes]
    assert pictures == alts and all(pictures)


def test_libreoffice_opens_the_word_copy_and_converts_it_to_pdf(folder, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (scripts/system-deps.sh --browser installs libreoffice-writer-nogui)")
    from pypdf import PdfReader

    profile = tmp_path / "lo-profile"  # a profile of its own, so that runs in parallel do not share one
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir"]
        + [str(tmp_path), str(folder / "report.docx")],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = PdfReader(tmp_path / "report.pdf")
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert len(pdf.pages) >= len(_sections(folder)) + 1  # a cover, then each section from a new page
    for page in _sections(folder):
        assert " ".join(_soup(page).h1.get_text(" ").split()) in " ".join(text.split()), page.name


# --- the workbook ---------------------------------------------------------------------------------


def _plain(text) -> str:
    """A figure as text without its thousands separators, pound sign or per cent sign."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return re.sub(r"[£,%]", "", str(text)).strip()


def test_workbook_follows_the_analysis_function_layout_with_the_reports_figures(folder):
    import json

    from openpyxl import load_workbook

    book = load_workbook(folder / "tables.xlsx")
    html = html_tables(folder)
    # each sheet named by the table's printed label ("Table 3.1" -> Table_3.1, "Tables 1a and 1b" -> Tables_1a_and_1b)
    # each sheet named by the table's printed label ("Table 3.1" -> Table_3.1, "Tables 1a and 1b" ->
    # Tables_1a_and_1b, "2" -> Table_2, a second "2" -> Table_2_2), or by its key where it has none
    shown = numbered(folder, [t["caption"] for t in html])
    numbers = []
    for t in html:
        name = re.sub(r"[^\w.]+", "_", label(t["caption"])) if t["caption"] in shown else t["key"]
        name = name if name.startswith("Table") else f"Table_{name}"
        numbers.append(name if name not in numbers else f"{name}_{numbers.count(name) + 1}")
    assert book.sheetnames == ["Cover", "Contents", "Notes"] + numbers
    assert all(not sheet.merged_cells.ranges for sheet in book.worksheets)
    links = {
        c.hyperlink.location or c.hyperlink.target for row in book["Contents"].iter_rows() for c in row if c.hyperlink
    }
    for n in numbers:
        assert any(n in (link or "") for link in links), f"the contents sheet links to {n}"
    notes = " ".join(str(c.value) for row in book["Notes"].iter_rows() for c in row if c.value)
    used = {s for t in html for r in t["rows"] for c in r for s in ("[c]", "[z]", "[x]") if s in c}
    assert used and all(f"{s} means" in notes for s in used)
    assert "Counted on cases received in the year" in notes
    money = {t["key"]: set(t["money_columns"]) for t in json.loads((folder / "manifest.json").read_text())["tables"]}
    for number, table in zip(numbers, html):
        sheet = book[number]
        money_columns = money.get(table["key"], ())
        assert sheet["A1"].value == table["caption"]
        grid = [list(r) for r in sheet.iter_rows()]
        header = table["rows"][0][1:]
        at = next(i for i, r in enumerate(grid) if [str(c.value) for c in r[1 : len(header) + 1]] == header)
        cells = grid[at + 1 : at + len(table["rows"])]
        assert len(cells) == len(table["rows"]) - 1, number
        for shown, stored in zip(table["rows"][1:], cells):
            assert [_plain(v) for v in shown] == [_plain(c.value) for c in stored[: len(shown)]], (number, shown)
            for column, c in zip(header, stored[1:]):
                if isinstance(c.value, (int, float)):
                    fraction = isinstance(c.value, float) and not c.value.is_integer()
                    expected = "£#,##0" if column in money_columns else "#,##0.0" if fraction else "#,##0"
                    assert c.number_format == expected, (number, column, c.number_format)
                    if column in money_columns:
                        assert isinstance(c.value, int)  # whole pounds, as the report rounds them


# --- the intranet pages ---------------------------------------------------------------------------

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"desktop": (1280, 900), "phone": (400, 800)}


def browse(folder: Path, width: int, height: int, visit):
    """Each published page in Debian's Chromium at one window size; no request may leave the folder."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Debian's chromium is needed: scripts/system-deps.sh --browser installs it"
    outside = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": width, "height": height})
        allowed = (folder.as_uri(), "data:")
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(allowed)
                else (outside.append(route.request.url), route.abort())
            ),
        )
        for path in [folder / "index.html", *_sections(folder)]:
            page.goto(path.as_uri())
            visit(path, page)
        browser.close()
    assert not outside, outside


@pytest.mark.parametrize("size", WIDTHS)
def test_pages_pass_wcag_22_aa_at_desktop_and_phone_width(folder, size):
    from axe_playwright_python.sync_playwright import Axe

    axe, failures = Axe(), []

    def visit(path, page):
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}}).response
        failures.extend(
            f"{path.name}: {v['id']} {v['help']} at {v['nodes'][0]['target']}" for v in result["violations"]
        )
        sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if sideways > 1:
            failures.append(f"{path.name}: scrolls sideways by {sideways}px")

    browse(folder, *WIDTHS[size], visit)
    assert not failures, "\n".join(failures)


def test_navigation_is_compact_and_charts_give_way_on_a_phone(folder):
    checks = []

    def visit(path, page):
        header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
        # one bar: the title line and the navigation line, not a screenful of section links
        checks.append((path.name, "header height", header <= 0.25 * 800, round(header)))
        charts = page.evaluate("[...document.querySelectorAll('figure.chart img')].map(i => i.offsetWidth)")
        checks.append((path.name, "charts hidden", all(w == 0 for w in charts), charts))
        notes = page.evaluate("[...document.querySelectorAll('.chart-narrow-note')].filter(n => n.offsetHeight).length")
        checks.append((path.name, "a note for each chart", notes == len(charts), notes))
        if path.name != "index.html":
            pager = page.evaluate("[...document.querySelectorAll('.pager a')].map(a => a.rel)")
            checks.append((path.name, "previous and next", pager and set(pager) <= {"prev", "next"}, pager))

    browse(folder, *WIDTHS["phone"], visit)
    failed = [c for c in checks if not c[2]]
    assert not failed, failed


def test_landing_page_opens_with_the_headline_figures_and_links_to_every_edition(folder):
    import json

    soup = _soup(folder / "index.html")
    main = soup.find("main")
    headings = [h.get_text() for h in main.find_all("h2")]
    # the headline figures are the summary's as the manifest recorded them (or the first recorded);
    # a report whose sections record no figure (Lewisham's layout) opens with its sections
    recorded = json.loads((folder / "manifest.json").read_text())["figures"]
    figures = [f for f in recorded if f["section"] == "summary"] or recorded[:8]
    if figures:
        assert headings[0] == "The year in figures"
    assert len(main.select("li.headline")) == len(figures)
    for card, figure in zip(main.select("li.headline"), figures):
        text = " ".join(card.get_text(" ").split())
        # named as a reader would name it, never by a figure's key; a percentage with its sign
        assert figure["id"].split(".")[-1].replace("_", " ") not in text and "_" not in text, text
        assert text.split()[0].endswith("%") or not figure["column"].endswith("(%)"), text
    assert headings[1 if figures else 0] == "Sections"
    links = {a["href"] for a in main.find_all("a")}
    assert {"report.pdf", "report.docx", "tables.xlsx"} <= links
    assert {p.name for p in _sections(folder)} <= links
    assert not [link for link in links if link.endswith(".csv")]  # no list of file names
