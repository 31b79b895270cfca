"""Text written by the authority in Markdown, kept with the year's exports (data/raw/<authority>/<year>/
<file>.md), with placeholders bound to the declared named figures (pipelines/document/named_figures.py):
text sections (purpose, foreword, monitoring, appendices...), a section's text after its items
(`after_tables:`) and an item's own sentences (`sentences: <file>.md`, in place of a built-in writer's).
A section with both `text:` and items (`show:`) has its text under its heading, and a line
`{table: <key>}` of the text places that table (with its chart) there; the items it does not place
follow the text. They are rendered after the section notebooks, from the tables as published
(suppressed cells stay `[c]`), and each figure they use is recorded for the manifest and the output
checks like any headline figure."""

from __future__ import annotations

import html
import re
from pathlib import Path

from pipelines.config.vocabulary import ConfigError
from pipelines.document.declaration import Declaration
from pipelines.document.named_figures import figure_records, figure_values
from pipelines.document.placeholders import (
    SentenceError,
    check_typed_numbers,
    fill,
    names_used,
    withhold_sentences,
)
from pipelines.document.sections import SectionDecl
from pipelines.rules.calendar import fy_text

# A line of its own placing one of the section's table items: `{table: cyp_outcomes}`.
TABLE_LINE = re.compile(r"^[ \t]*\{\s*table\s*:\s*([^{}\n]*?)\s*\}[ \t]*$", re.M)
SLOT = "\ue000{}\ue000"  # stands for a placed table while the Markdown is rendered (no digit, no brace)
PLACE = "<!--place-table:{}-->"
# Where the section notebook shows a table item of a section with text (showing.py), so that the text
# can place it.
MARK, END = "<!--declared-table:{}-->", "<!--/declared-table:{}-->"


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


def placed_tables(text: str, where: str, section: SectionDecl) -> list[str]:
    """The tables a section's text places (`{table: key}` lines), each one of its own table items, once,
    and in the order `show:` lists its printed tables (the order they are numbered in), before the rest."""
    shown = [item.key for item in section.table_items()]
    printed = [item.key for item in section.table_items() if item.spec.get("printed", True)]
    placed: list[str] = []
    if section.text is None:
        refuse_placing(text, where)
    for match in TABLE_LINE.finditer(text):
        key, line = match.group(1), text.count("\n", 0, match.start()) + 1
        if key not in shown:
            raise ConfigError(
                f"{where}:{line}: {{table: {key}}} places a table section {section.key} does not show; "
                f"its tables: {', '.join(shown) or 'none (list them under show:)'}"
            )
        if key in placed:
            raise ConfigError(f"{where}:{line}: table {key} is placed twice")
        placed.append(key)
        in_order = [k for k in placed if k in printed]
        if in_order != printed[: len(in_order)]:
            raise ConfigError(
                f"{where}:{line}: {{table: {key}}} is placed where show: has {printed[len(in_order) - 1]}: tables "
                "are numbered in the order show: lists them, so list first the tables the text places, in the "
                "order it places them"
            )
    return placed


def refuse_placing(text: str, where: str) -> None:
    """Only a section's own text (`text:`) places tables; an item's sentences come before its table."""
    match = TABLE_LINE.search(text)
    if match:
        raise ConfigError(
            f"{where}:{text.count(chr(10), 0, match.start()) + 1}: {{table: {match.group(1)}}}: only a section's "
            "own text (text:) places its tables; an item's sentences come before its own table"
        )


def render_text(text: str, where: str, declaration: Declaration, values: dict, withheld_text: str) -> str:
    """Markdown with placeholders -> HTML (any HTML typed in the Markdown is escaped, not kept); each
    `{table: key}` line becomes a mark where page_body puts that table."""
    import mistune

    text = TABLE_LINE.sub(lambda m: SLOT.format(m.group(1)), text)  # the same lines: errors keep their line
    problems = check_typed_numbers(text, declaration.figures, values, where)
    if problems:
        raise SentenceError(
            "a number typed by hand contradicts a computed figure, so nothing was published:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    filled = withhold_sentences(fill(text, values, where), withheld_text)
    rendered = mistune.create_markdown(escape=True)(filled)
    return re.sub(SLOT.format("([a-z0-9_]+)").join(["<p>", "</p>"]), lambda m: PLACE.format(m.group(1)), rendered)


def marked(key: str, markup: str) -> str:
    """A table item's markup between the marks page_body finds it by."""
    return MARK.format(key) + markup + END.format(key)


def page_body(section: SectionDecl, notebook_body: str, text_html: str) -> str:
    """A section's page from its notebook's body and its text: a text (`text:`) under the section's
    heading, with each table where a `{table: key}` line puts it and the other items after it; text
    after the items (`after_tables:`) after them. The marks are taken out."""
    if section.text is None:
        return _unmarked(notebook_body + text_html)
    body = notebook_body
    for key in re.findall(PLACE.format("([a-z0-9_]+)"), text_html):
        start, end = body.find(MARK.format(key)), body.find(END.format(key))
        block = body[start + len(MARK.format(key)) : end] if 0 <= start < end else ""
        if block:
            body = body[:start] + body[end + len(END.format(key)) :]
        text_html = text_html.replace(PLACE.format(key), block)
    heading = body.find("</h1>", body.find('class="kicker"'))  # the section's heading, not a notebook's title
    at = heading + len("</h1>") if heading >= 0 else 0
    return _unmarked(body[:at] + text_html + body[at:])


def _unmarked(body: str) -> str:
    return re.sub(r"<!--/?declared-table:[a-z0-9_]+-->", "", body)


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
    values = figure_values(declaration, tables, records, year, profile) if declaration.figures else {}
    kicker = f"{profile.name}: {profile.report_title}, {fy_text(year)}"
    out = {}
    for n, section in texts:
        used, parts = set(), {}
        for name in item_files(section):
            path, text = read_text(raw_folder, section, name)
            refuse_placing(text, str(path))
            parts[name] = (
                f'<div class="text-section">{render_text(text, str(path), declaration, values, disclosure.WITHHELD_TEXT)}</div>'
            )
            used |= names_used(text)
        body = ""
        if section.markdown_file() is not None:
            path, text = read_text(raw_folder, section)
            placed_tables(text, str(path), section)
            body = render_text(text, str(path), declaration, values, disclosure.WITHHELD_TEXT)
            used |= names_used(text)
            if section.text is None or section.items:  # beside its items: the notebook gives the heading
                body = f'<div class="text-section">{body}</div>'
            else:
                body = text_section_body(section, declaration.section_label(n, section), kicker, body)
        out[section.key] = (n, body, figure_records(declaration, values, used, section.key, year, records), parts)
    return out


__all__ = [
    "SentenceError",
    "figure_values",
    "page_body",
    "render_text",
    "read_text",
    "replace_markers",
    "text_section_body",
]
