"""Text sections (purpose, foreword, monitoring, appendices...) written by the authority in Markdown,
kept with the year's exports (data/raw/<authority>/<year>/<file>.md), with placeholders bound to the
declared named figures. They are rendered after the section notebooks, from the tables as published
(suppressed cells stay `[c]`), and each figure they use is recorded for the manifest and the output
checks like any headline figure. A section with both text and declared tables (`show:`) has its text
under its heading, and a line `{table: <key>}` of the text places that table (with its chart) there;
tables the text does not place follow it."""

from __future__ import annotations

import html
import re
from pathlib import Path

from pipelines.config.vocabulary import ConfigError
from pipelines.document.declaration import Declaration, SectionDecl
from pipelines.document.named_figures import figure_records, figure_values
from pipelines.document.placeholders import (
    SentenceError,
    check_typed_numbers,
    fill,
    names_used,
    withhold_sentences,
)
from pipelines.rules.calendar import fy_text

# A line of its own placing one of the section's declared tables: `{table: cyp_outcomes}`.
TABLE_LINE = re.compile(r"^[ \t]*\{\s*table\s*:\s*([^{}\n]*?)\s*\}[ \t]*$", re.M)
SLOT = "\ue000{}\ue000"  # stands for a placed table while the Markdown is rendered (no digit, no brace)
PLACE = "<!--place-table:{}-->"


def read_text(raw_folder: Path, section: SectionDecl) -> tuple[Path, str]:
    path = Path(raw_folder) / section.markdown_file()
    if not path.is_file():
        raise ConfigError(
            f"section {section.key}: its text file {section.markdown_file()} is not in {raw_folder} "
            "(text sections are Markdown files kept with the year's exports)"
        )
    return path, path.read_text(encoding="utf-8")


def placed_tables(text: str, where: str, section: SectionDecl) -> list[str]:
    """The tables a section's text places (`{table: key}` lines), each one of its own `show:` tables, once,
    and in the order `show:` lists its printed tables (the order they are numbered in), before the rest."""
    shown, placed = [spec["key"] for spec in section.show], []
    printed = [spec["key"] for spec in section.show if spec.get("printed", True)]
    for match in TABLE_LINE.finditer(text):
        key, line = match.group(1), text.count("\n", 0, match.start()) + 1
        if key not in shown:
            raise ConfigError(
                f"{where}:{line}: {{table: {key}}} places a table section {section.key} does not declare; "
                f"its tables: {', '.join(shown) or 'none (declare them under show:)'}"
            )
        if key in placed:
            raise ConfigError(f"{where}:{line}: table {key} is placed twice")
        placed.append(key)
        in_order = [k for k in placed if k in printed]
        if in_order != printed[: len(in_order)]:
            expected = printed[len(in_order) - 1]
            raise ConfigError(
                f"{where}:{line}: {{table: {key}}} is placed where show: has {expected}: tables are numbered in "
                "the order show: lists them, so list first the tables the text places, in the order it places them"
            )
    return placed


def render_text(text: str, where: str, declaration: Declaration, values: dict, withheld_text: str) -> str:
    """Markdown with placeholders -> HTML (any HTML typed in the Markdown is escaped, not kept); each
    `{table: key}` line becomes a mark where page_body puts that table."""
    import mistune

    text = TABLE_LINE.sub(lambda m: SLOT.format(m.group(1)), text)  # same lines: errors keep their line
    problems = check_typed_numbers(text, declaration.figures, values, where)
    if problems:
        raise SentenceError(
            "a number typed by hand contradicts a computed figure, so nothing was published:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    filled = withhold_sentences(fill(text, values, where), withheld_text)
    rendered = mistune.create_markdown(escape=True)(filled)
    return re.sub(SLOT.format("([a-z0-9_]+)").join(["<p>", "</p>"]), lambda m: PLACE.format(m.group(1)), rendered)


def page_body(section: SectionDecl, notebook_body: str | None, text_html: str | None) -> str:
    """A section's page: a text section's own page; a notebook section's tables, then its text
    (`after_tables`); or, for text with declared tables, the text under the heading with each table
    where a `{table: key}` line puts it and the others after it."""
    from pipelines.document.declared_tables import cut

    if notebook_body is None or text_html is None:
        return text_html if notebook_body is None else notebook_body
    if section.text is None:
        return notebook_body + text_html
    keys = re.findall(PLACE.format("([a-z0-9_]+)"), text_html)
    body, blocks = cut(notebook_body, keys)
    for key in keys:
        text_html = text_html.replace(PLACE.format(key), blocks.get(key, ""))
    heading = body.find("</h1>", body.find('class="kicker"'))  # the section's heading, not a notebook's title
    at = heading + len("</h1>") if heading >= 0 else 0
    return body[:at] + text_html + body[at:]


def text_section_body(section: SectionDecl, number_label: str, heading_kicker: str, body_html: str) -> str:
    return (
        f'<p class="kicker">{html.escape(heading_kicker)}</p>'
        f"<h1>{html.escape(' '.join(p for p in (number_label, section.title) if p))}</h1>"
        f'<div class="text-section">{body_html}</div>'
    )


def render_year_texts(profile, year: str, declaration: Declaration, raw_folder: Path, tables: dict, records) -> dict:
    """key -> (number, body HTML, figure records) for every text section published in `year`;
    `tables`: the published tables (key -> publish.checks.CsvTable), as the run has written them."""
    from pipelines.rules import disclosure

    shown = declaration.sections_for(year)
    texts = [(n, s) for n, s in enumerate(shown, 1) if s.markdown_file() is not None]
    if not texts:
        return {}
    values = figure_values(declaration, tables, records, year, profile) if declaration.figures else {}
    kicker = f"{profile.name}: {profile.report_title}, {fy_text(year)}"
    out = {}
    for n, section in texts:
        path, text = read_text(raw_folder, section)
        placed_tables(text, str(path), section)
        body = render_text(text, str(path), declaration, values, disclosure.WITHHELD_TEXT)
        if section.text is None or section.show:  # beside the section's tables: the notebook gives the heading
            body = f'<div class="text-section">{body}</div>'
        else:
            body = text_section_body(section, declaration.section_label(n, section), kicker, body)
        out[section.key] = (
            n,
            body,
            figure_records(declaration, values, names_used(text), section.key, year, records),
        )
    return out


__all__ = ["SentenceError", "figure_values", "page_body", "render_text", "read_text", "text_section_body"]
