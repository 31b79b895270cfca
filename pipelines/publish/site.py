"""Executed notebooks -> self-contained HTML sections, an index page and one PDF (WeasyPrint,
offline). The published edition drops code cells, analyst-only cells and stderr; nothing is
fetched from anywhere: images are embedded and the stylesheet is inline."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import nbformat

from pipelines.config.profile import Profile
from pipelines.rules.calendar import fy_bounds, fy_text

TEMPLATES = Path(__file__).parent / "templates"
EDITION_NOTES = {
    "published": "Published edition: figures only, no personal data.",
    "audit": "Audit edition: with calculation steps, for internal scrutiny only. Not for publication.",
}


@dataclass
class SectionPage:
    key: str
    number: int
    title: str
    file: str
    body: str = ""


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )


def css():
    """The stylesheet, marked safe so that the template does not escape its quotes."""
    from markupsafe import Markup

    return Markup((TEMPLATES / "report.css").read_text(encoding="utf-8"))


def _clean(nb, edition: str):
    """Drop what a reader should not see: analyst-only cells (published), the parameter cells, and
    warnings written to stderr."""
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if edition == "published" and "audit-only" in tags:
            continue
        if tags & {"parameters", "injected-parameters"} and edition == "published":
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.get("name") == "stderr")]
        cells.append(cell)
    nb.cells = cells
    return nb


_ANCHOR = re.compile(r'<a class="anchor-link" href="#[^"]*">.*?</a>')


@functools.cache
def _exporter(edition: str):
    """One HTML exporter per edition (loading its templates takes longer than converting a section)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="basic",
        exclude_input=edition == "published",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def section_body(notebook: Path, edition: str) -> str:
    nb = _clean(nbformat.read(notebook, as_version=4), edition)
    body, _ = _exporter(edition).from_notebook_node(nb)
    return _ANCHOR.sub("", body)


def _context(profile: Profile, year: str, edition: str, sections: list[SectionPage], generated: str) -> dict:
    start, end = fy_bounds(year)
    return {
        "authority": profile.name,
        "report_title": profile.report_title,
        "period": fy_text(year),
        "period_long": f"1 April {start.year} to 31 March {end.year}",
        "sections": sections,
        "edition_note": EDITION_NOTES[edition],
        "generated": generated,
        "css": css(),
        "title": f"{profile.report_title} {fy_text(year)}: {profile.name}",
    }


def write_sections(
    profile: Profile, year: str, edition: str, sections: list[SectionPage], out: Path, generated: str
) -> list[Path]:
    env, written = _env(), []
    page = env.get_template("page.html.j2")
    for s in sections:
        ctx = _context(profile, year, edition, sections, generated) | {"current": s.key, "body": _markup(s.body)}
        ctx["title"] = f"{s.number}. {s.title}: {ctx['title']}"
        (out / s.file).write_text(page.render(ctx), encoding="utf-8")
        written.append(out / s.file)
    return written


def write_index(
    profile: Profile,
    year: str,
    edition: str,
    sections: list[SectionPage],
    out: Path,
    generated: str,
    validation: dict,
    tables: list[str],
) -> Path:
    e = html.escape
    start, end = fy_bounds(year)
    items = "".join(f'<li><a href="{e(s.file)}">{s.number}. {e(s.title)}</a></li>' for s in sections)
    table_links = "".join(f'<li><a href="tables/{e(t)}">{e(t)}</a></li>' for t in tables)
    rows = sum(t["rows"] for t in validation["tables"].values())
    checks = sum(t["expectations"] for t in validation["tables"].values())
    body = (
        f'<p class="kicker">{e(profile.name)}</p><h1>{e(profile.report_title)} {fy_text(year)}</h1>'
        f"<p>Complaints, compliments and enquiries about {e(profile.service)}, 1 April {start.year} to "
        f"31 March {end.year}.</p>"
        f'<h2>Sections</h2><ol class="cards">{items}</ol>'
        f'<h2>Downloads</h2><ul><li><a href="report.pdf">The whole report as a PDF (A4)</a></li>'
        f'<li><a href="tables.xlsx">Every table in one Excel workbook</a></li></ul>'
        f"<h2>Data validation</h2><p>The input data passed all {checks} validation checks on "
        f"{rows:,} rows before the report was produced.</p>"
        f"<h2>Tables as CSV</h2><ul>{table_links}</ul>"
    )
    ctx = _context(profile, year, edition, sections, generated) | {"current": "index", "body": _markup(body)}
    path = out / "index.html"
    path.write_text(_env().get_template("page.html.j2").render(ctx), encoding="utf-8")
    return path


def write_pdf(profile: Profile, year: str, edition: str, sections: list[SectionPage], out: Path) -> Path:
    from weasyprint import HTML

    ctx = _context(
        profile, year, edition, [SectionPage(s.key, s.number, s.title, s.file, _markup(s.body)) for s in sections], ""
    )
    document = _env().get_template("pdf.html.j2").render(ctx)
    path = out / "report.pdf"
    # No base URL: every image is embedded, so nothing is fetched.
    HTML(string=document, base_url=None).write_pdf(path)
    return path


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)


def write_site_index(outputs_root: Path, generated: str) -> Path:
    """outputs/index.html: every authority-year rendered, for the intranet."""
    e = html.escape
    rows = []
    for report in sorted(outputs_root.glob("*/*/index.html")):
        authority, year = report.parent.parent.name, report.parent.name
        if authority.startswith((".", "_")):
            continue
        rows.append(f'<li><a href="{e(authority)}/{e(year)}/index.html">{e(authority)} {e(fy_text(year))}</a></li>')
    regional = [
        f'<li><a href="regional/{e(p.name)}">Regional comparison {e(fy_text(p.stem))}</a></li>'
        for p in sorted((outputs_root / "regional").glob("*.html"))
    ]
    body = (
        "<h1>Complaints and compliments annual reports</h1>"
        + (f"<ul>{''.join(rows)}</ul>" if rows else "<p>No reports have been rendered yet.</p>")
        + (f"<h2>Comparisons</h2><ul>{''.join(regional)}</ul>" if regional else "")
    )
    page = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width, initial-scale=1"><title>Complaints annual reports</title>'
        f'<style>{css()}</style></head><body><a class="skip-link" href="#main">Skip to main content</a>'
        f'<main id="main">{body}</main><footer class="site-footer"><p>{e(generated)}</p></footer></body></html>'
    )
    path = outputs_root / "index.html"
    write_atomically(path, page)
    return path


def write_atomically(path: Path, text: str) -> None:
    """Parallel runs rewrite shared pages: write a private copy, then rename it over the page."""
    import os

    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def write_workbook(folder: Path, title: str) -> Path:
    """tables.xlsx: every published table on its own sheet, text stored as text (never a formula)."""
    import csv

    from openpyxl import Workbook

    from pipelines.document.tables import csv_safe

    book = Workbook()
    contents = book.active
    contents.title = "Contents"
    contents.append([title])
    contents.append(["Sheet", "Table"])
    for n, path in enumerate(sorted((folder / "tables").glob("*.csv")), 1):
        sheet = book.create_sheet(f"T{n:02d} {path.stem}"[:31])
        contents.append([sheet.title, path.stem])
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                sheet.append([_excel_value(v) for v in row])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = csv_safe(cell.value)
                    cell.data_type = "s"
    path = folder / "tables.xlsx"
    book.properties.creator = "complaints-report"
    book.save(path)
    return path


def _excel_value(text: str):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text
