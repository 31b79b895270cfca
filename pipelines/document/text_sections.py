"""Text written by the authority in Markdown, kept with the year's exports (data/raw/<authority>/<year>/
<file>.md), with placeholders bound to the declared named figures: text sections (purpose, foreword,
monitoring, appendices...), a section's text after its items (`after_tables:`) and an item's own
sentences (`sentences: <file>.md`, in place of a built-in writer's). They are rendered after the
section notebooks, from the tables as published (suppressed cells stay `[c]`), and each figure they use
is recorded for the manifest and the output checks like any headline figure."""

from __future__ import annotations

import html
import re
from pathlib import Path

from pipelines.config.vocabulary import ConfigError
from pipelines.document.declaration import Declaration, FigureDecl
from pipelines.document.placeholders import (
    SentenceError,
    check_typed_numbers,
    fill,
    names_used,
    value_from_cell,
    withhold_sentences,
)
from pipelines.document.sections import SectionDecl
from pipelines.rules.calendar import fy_text, previous_years


def column_label(column: str, year: str) -> str:
    """`this year` and `last year` stand for the report year's column label and the year before's."""
    if column == "this year":
        return fy_text(year)
    if column == "last year":
        return fy_text(previous_years(year, 2)[0])
    return column


def figure_values(declaration: Declaration, tables: dict, table_records: list[dict], year: str) -> dict:
    """name -> Value, read from the published tables (`tables`: key -> checks.CsvTable)."""
    units = {r["key"]: r for r in table_records}
    out = {}
    for name, fig in declaration.figures.items():
        where = f"{declaration.source}:{fig.line}: figures.{name}"
        table = tables.get(fig.table)
        if table is None:
            raise ConfigError(
                f"{where}: table {fig.table!r} is not in this report; its tables: {', '.join(sorted(tables))}"
            )
        if fig.row not in table.rows:
            raise ConfigError(f"{where}: table {fig.table} has no row {fig.row!r}; rows: {', '.join(table.rows)}")
        column = column_label(fig.column, year)
        if column not in table.columns:
            raise ConfigError(
                f"{where}: table {fig.table} has no column {column!r}; columns: {', '.join(table.columns)} "
                f"(or {' / '.join(repr(a) for a in ('this year', 'last year'))})"
            )
        record = units.get(fig.table, {})
        unit = (
            "money"
            if column in record.get("money_columns", [])
            else "percent"
            if column in record.get("percent_columns", []) or "%" in column
            else "count"
        )
        out[name] = value_from_cell(table.rows[fig.row][column], unit)
    return out


def figure_records(declaration: Declaration, values: dict, used: set, section: str, year: str, records) -> list:
    """The figures a text section states, in the manifest's form (checked against their cells)."""
    by_key = {r["key"]: r for r in records}
    out = []
    for name in sorted(used):
        fig: FigureDecl = declaration.figures[name]
        record = by_key.get(fig.table, {})
        column = column_label(fig.column, year)
        out.append(
            {
                "id": f"{section}.{name}",
                "value": values[name].raw,
                "label": fig.label or f"{fig.row}: {column}",  # "2024/25: Escalated (%)", not its name
                "section": section,
                "basis": record.get("basis"),
                "period": record.get("period", ""),
                "table": fig.table,
                "row": fig.row,
                "column": column,
                "derivation": record.get("derivation", {}),
            }
        )
    return out


def read_text(raw_folder: Path, section: SectionDecl, name: str | None = None) -> tuple[Path, str]:
    """The Markdown file `name` (default: the section's text or after_tables file) of a section."""
    name = name or section.markdown_file()
    path = Path(raw_folder) / name
    if not path.is_file():
        raise ConfigError(
            f"section {section.key}: its text file {name} is not in {raw_folder} "
            "(the authority's text is kept in Markdown files with the year's exports)"
        )
    return path, path.read_text(encoding="utf-8")


def item_files(section: SectionDecl) -> list[str]:
    """The Markdown files a section's items show as their sentences, in order, each once."""
    return list(dict.fromkeys(f for item in section.items for f in item.text_files()))


_MARKER = re.compile(r'<div class="declared-text" data-file="([^"]+)">.*?</div>', re.S)


def replace_markers(body: str, parts: dict) -> str:
    """A section body with each item's Markdown (`parts`: file -> HTML) where the notebook marked it."""
    return _MARKER.sub(lambda m: parts.get(html.unescape(m.group(1)), m.group(0)), body)


def render_text(text: str, where: str, declaration: Declaration, values: dict, withheld_text: str) -> str:
    """Markdown with placeholders -> HTML (any HTML typed in the Markdown is escaped, not kept)."""
    import mistune

    problems = check_typed_numbers(text, declaration.figures, values, where)
    if problems:
        raise SentenceError(
            "a number typed by hand contradicts a computed figure, so nothing was published:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    filled = withhold_sentences(fill(text, values, where), withheld_text)
    return mistune.create_markdown(escape=True)(filled)


def text_section_body(section: SectionDecl, number_label: str, heading_kicker: str, body_html: str) -> str:
    return (
        f'<p class="kicker">{html.escape(heading_kicker)}</p>'
        f"<h1>{html.escape(' '.join(p for p in (number_label, section.title) if p))}</h1>"
        f'<div class="text-section">{body_html}</div>'
    )


def render_year_texts(profile, year: str, declaration: Declaration, raw_folder: Path, tables: dict, records) -> dict:
    """key -> (number, body HTML, figure records, {file: HTML}) for every section published in `year` that
    shows the authority's Markdown: its text (a text section), its text after its items, and its items'
    own sentences (the last mapping, for report.replace_markers); `tables`: the published tables (key ->
    publish.checks.CsvTable), as the run has written them."""
    from pipelines.rules import disclosure

    shown = declaration.sections_for(year)
    texts = [(n, s) for n, s in enumerate(shown, 1) if s.markdown_file() is not None or item_files(s)]
    if not texts:
        return {}
    values = figure_values(declaration, tables, records, year) if declaration.figures else {}
    kicker = f"{profile.name}: {profile.report_title}, {fy_text(year)}"
    out = {}
    for n, section in texts:
        used, parts = set(), {}
        for name in item_files(section):
            path, text = read_text(raw_folder, section, name)
            parts[name] = (
                f'<div class="text-section">{render_text(text, str(path), declaration, values, disclosure.WITHHELD_TEXT)}</div>'
            )
            used |= names_used(text)
        body = ""
        if section.markdown_file() is not None:
            path, text = read_text(raw_folder, section)
            body = render_text(text, str(path), declaration, values, disclosure.WITHHELD_TEXT)
            used |= names_used(text)
            if section.text is None:  # after a notebook section's items: no heading of its own
                body = f'<div class="text-section">{body}</div>'
            else:
                body = text_section_body(section, declaration.section_label(n, section), kicker, body)
        out[section.key] = (n, body, figure_records(declaration, values, used, section.key, year, records), parts)
    return out


__all__ = ["SentenceError", "figure_values", "render_text", "read_text", "replace_markers", "text_section_body"]
