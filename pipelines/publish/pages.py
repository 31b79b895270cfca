"""What every edition of a report shares: its sections (executed notebooks -> HTML bodies, with
code, analyst-only cells and stderr dropped from the published edition), the page templates, the
stylesheet and the words that name the report. The HTML site, the PDF and the Word copy are all built
from these bodies, so they say the same thing."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import nbformat
from markupsafe import Markup

from pipelines.config.profile import Profile
from pipelines.rules.calendar import fy_bounds, fy_text

TEMPLATES = Path(__file__).parent / "templates"
EDITION_NOTES = {
    "published": "Published edition: figures only, no personal data.",
    "audit": "Audit edition: with calculation steps, for internal scrutiny only. Not for publication.",
}
DOWNLOADS = {  # file -> (navigation label, what a reader is offered), in the order offered
    "report.pdf": ("PDF", "The whole report as an accessible PDF (A4, for committee)"),
    "report.docx": ("Word", "The report as a Word document (for agenda systems)"),
    "tables.xlsx": ("Spreadsheet", "Every table in one spreadsheet, with notes on symbols and bases"),
}


@dataclass
class SectionPage:
    key: str
    number: int | str  # as the report numbers the section ("1.", "2.1", "Appendix 1:"), or "" for none
    title: str
    file: str
    body: str = ""

    @property
    def label(self) -> str:
        """The section as its heading names it, in lists and links: "1. Summary" (the built-in style),
        "2.1 Breakdown of complaints by stage", "Appendix 1: Compliment examples" (numbers as the
        authority prints them), an unnumbered section by its title alone."""
        return " ".join(part for part in (str(self.number), self.title) if part)


def env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )


def css() -> Markup:
    """The stylesheet, marked safe so that the template does not escape its quotes."""
    return Markup((TEMPLATES / "report.css").read_text(encoding="utf-8"))


def markup(text: str) -> Markup:
    return Markup(text)


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


def context(profile: Profile, year: str, edition: str, sections: list[SectionPage], generated: str) -> dict:
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
        "title": document_title(profile, year),
    }


def document_title(profile: Profile, year: str) -> str:
    return f"{profile.report_title} {fy_text(year)}: {profile.name}"


def write_atomically(path: Path, text: str) -> None:
    """Parallel runs rewrite shared pages: write a private copy, then rename it over the page."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
