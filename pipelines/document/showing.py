"""How a section shows its declared items (pipelines/document/items.py), in order: a sub-heading, the
sentences (a built-in writer, or the authority's Markdown, filled in when the report is rendered), the
chart and the table of each table item; words without a table; the blocks; a pointer to the section that
shows a table. In the audit edition each table is followed by its declaration (the item, with its file
and line) and the measure that computed it (function, file and line; its code in measures.html)."""

from __future__ import annotations

import html
import inspect
import warnings
from pathlib import Path

from pipelines import ROOT
from pipelines.document import charts
from pipelines.document.catalogue import entries, item_years
from pipelines.document.writers import BLOCKS, TITLES, WRITERS, Writing
from pipelines.rules.calendar import fy_text

MEASURES_PAGE = "measures.html"  # the audit edition's appendix: the source of every measure used


def show(section, item) -> str:
    """The HTML of one item of `section` (report.Section)."""
    spec = item.spec
    heading = (
        f'<h2 id="{_anchor(spec["heading"])}">{html.escape(str(spec["heading"]))}</h2>' if spec.get("heading") else ""
    )
    if item.kind == "table":
        return _table_item(section, item, heading)
    if item.kind == "sentences":
        return heading + words(section, spec["sentences"], None, section.data.years)
    if item.kind == "block":
        return heading + BLOCKS[spec["block"]][0](section, spec)
    return _refer(section, spec, heading)


def _anchor(text: str) -> str:
    """The id nbconvert gives a Markdown heading ("When complaints arrived" -> When-complaints-arrived)."""
    return html.escape("-".join(str(text).split()), quote=True)


def _table_item(section, item, heading: str) -> str:
    spec, data = item.spec, section.data
    table = section.computed_item(item)
    if table is None:
        entry = entries()[spec["measure"]]
        warnings.warn(f"table {spec['key']} is not shown: {entry.name} is shown only {entry.when_text}", stacklevel=2)
        return ""
    years = item_years(spec, data)
    parts = [heading]
    if spec.get("sentences"):
        parts.append(words(section, spec["sentences"], table, years))
    if spec.get("chart"):
        parts.append(_chart(section, table, spec, years))
    entry = entries()[spec["measure"]]
    shown = entry.shown_as(table) if entry.shown_as else table
    parts.append(section.table(shown, number=spec.get("number")).markup)
    if section.edition == "audit":
        parts.append(audit_html(section, item))
    return "".join(parts)


def words(section, value: str, table, years: list) -> str:
    """The sentences of an item: a built-in writer's, or the authority's Markdown file (a marker the run
    replaces with the file, its placeholders bound to the published tables: text_sections.py)."""
    if value.endswith(".md"):
        return text_marker(value)
    writer = WRITERS[value]
    writing = Writing(section.data, section, list(years))
    sentences = writer.write(table, writing) if writer.about else writer.write(writing)
    if writer.form == "bullets":
        return section.bullets(sentences, figures=writer.figures).markup
    return section.say(*sentences).markup


def text_marker(file: str) -> str:
    """Where the authority's Markdown goes: replaced by the run, once every table is published."""
    name = html.escape(file, quote=True)
    return (
        f'<div class="declared-text" data-file="{name}"><p><em>The text of {name}, with its figures, is placed '
        "here when the report is rendered.</em></p></div>"
    )


def _chart(section, table, spec: dict, years: list) -> str:
    from pipelines.document.items import CHART_KINDS

    entry = entries()[spec["measure"]]
    shown = years[-spec["chart_years"] :] if spec.get("chart_years") else years
    drawn = entry.plotted_as(table, shown) if entry.plotted_as else table
    if spec.get("active_title"):
        title = TITLES[spec["active_title"]].write(table, Writing(section.data, section, list(years)))
    else:
        title = str(spec.get("chart_title") or table.title)
    unit = str(spec.get("unit", "Number"))
    picture = getattr(charts, CHART_KINDS[spec["chart"]])(drawn, [fy_text(y) for y in shown], title, unit)
    return section.chart(picture, number=spec.get("chart_number")).markup


def _refer(section, spec: dict, heading: str) -> str:
    """A pointer to the section that shows the table this year, or, where none does, the table here."""
    found = section.declaration.table_item(spec["refer_to"], section.data.year)
    if found and found[0] != section.key:
        return section.cross_reference(found[0], spec["says"]).markup
    table = section.computed(spec["refer_to"])
    return heading + section.table(table).markup if table is not None else ""


def source_of(function) -> tuple[str, int]:
    """(file relative to the repository, line of its `def`) of a function."""
    function = getattr(function, "__wrapped__", function)
    path = Path(inspect.getsourcefile(function)).resolve()
    lines, first = inspect.getsourcelines(function)
    offset = next(i for i, line in enumerate(lines) if line.lstrip().startswith(("def ", "async def ")))
    return _shown_path(path), first + offset


def anchor_of(function) -> str:
    function = getattr(function, "__wrapped__", function)
    return f"{function.__module__}.{function.__qualname__}"


def audit_html(section, item) -> str:
    """Audit edition: the item as declared (file and line), the measure that computed the table and the
    writer of its sentences (function, file and line), with a link to their code in measures.html."""
    import yaml

    e = html.escape
    spec = item.spec
    entry = entries()[spec["measure"]]
    functions = [("computed by", entry.function)]
    if spec.get("sentences") in WRITERS:
        functions.append(("sentences by", WRITERS[spec["sentences"]].function))
    if spec.get("active_title"):
        functions.append(("chart title by", TITLES[spec["active_title"]].function))
    declared = _shown_path(item.source)
    said = "; ".join(
        f'{what} <a href="{MEASURES_PAGE}#{e(anchor_of(f))}">{e(anchor_of(f))}</a> ({e(source_of(f)[0])}, line {source_of(f)[1]})'
        for what, f in functions
    )
    return (
        '<details class="trace"><summary>Audit: how this table was declared and computed</summary>'
        f"<p>Declared in {e(declared)}, line {item.line}; {said}. The code is in the appendix of measures "
        f'(<a href="{MEASURES_PAGE}">{MEASURES_PAGE}</a>), at the commit the manifest records.</p>'
        f"<pre>{e(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))}</pre></details>"
    )


def _shown_path(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return Path(path).name
