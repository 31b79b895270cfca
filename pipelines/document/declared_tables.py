"""A section's tables from the catalogue of measures (`show:` in a report file): each computed for its
own years, shown with its chart (clustered, stacked, line or none) above it, and marked so that the
section's Markdown can place it (a line `{table: key}`, see text_sections.page_body). A table declared
`printed: false` holds figures the authority's sentences state but that its publication prints in no
table: it is computed, checked, traced and kept as a CSV copy, but not shown (the audit edition shows it,
folded, for scrutiny)."""

from __future__ import annotations

import html
import inspect
from pathlib import Path

from pipelines.config.vocabulary import ConfigError
from pipelines.document.catalogue import PERS

MARK, END = "<!--declared-table:{}-->", "<!--/declared-table:{}-->"


def show(section) -> str:
    """The markup of every table `section` (report.Section) declares, in order, each between its marks."""
    from pipelines.document.loading import covered_years

    parts = []
    for spec in section.declared.show:
        years = covered_years(section.data.frames["complaints"], section.data.year, spec["years"])
        table = compute(spec, section.data, years)
        printed = spec.get("printed", True)
        markup = chart_markup(section, table, spec) if printed else ""
        markup += section.table(table, printed).markup
        if section.edition == "audit":
            markup += audit_html(section, spec)
        parts.append(MARK.format(spec["key"]) + markup + END.format(spec["key"]))
    return "".join(parts)


def chart_markup(section, table, spec: dict) -> str:
    """The declared chart of a table (`chart:`), drawn from its year columns, above the table."""
    from pipelines.document import charts

    kind = spec.get("chart", "none")
    if kind == "none":
        return ""
    years = [c for c in table.data.columns if str(c)[:4].isdigit() and "%" not in str(c)]
    chart = charts.draw(kind, table, years, spec.get("chart_title", table.title), spec.get("unit", "Number"))
    return section.chart(chart).markup


def audit_html(section, spec: dict) -> str:
    """Audit edition: the table's declaration, and the measure that computed it (file and line)."""
    import yaml

    function = measure_function(spec)
    source = inspect.getsourcefile(function)
    where = f"{Path(source).relative_to(Path(source).parents[2])}:{inspect.getsourcelines(function)[1]}"
    declared = {k: v for k, v in spec.items() if not k.startswith("_")}
    return (
        '<details class="trace"><summary>Audit: how this table was declared and computed</summary>'
        f"<p>Declared in {html.escape(section.declaration.source.name)}; computed by "
        f"{html.escape(function.__module__)}.{html.escape(function.__name__)} ({html.escape(where)}).</p>"
        f"<pre>{html.escape(yaml.safe_dump(declared, sort_keys=False, allow_unicode=True))}</pre></details>"
    )


def cut(body: str, keys: list[str]) -> tuple[str, dict[str, str]]:
    """The page body without the marked tables of `keys`, and each one's markup (to place elsewhere)."""
    blocks = {}
    for key in keys:
        start, end = body.find(MARK.format(key)), body.find(END.format(key))
        if start < 0 or end < 0:
            continue
        end += len(END.format(key))
        blocks[key] = body[start:end]
        body = body[:start] + body[end:]
    return body, blocks


class DeclaredTableError(ConfigError):
    """A declared table cannot be made from this year's data (named by its report file and line)."""


def compute(spec: dict, data, years: list[str]) -> object:
    """The Table a checked `show:` entry declares, for the report year of `data` (report.ReportData);
    `years`: the entry's years that the exports cover (report.covered_years)."""
    from pipelines.measures.breakdowns import BreakdownError

    measured = {k: v for k, v in spec.items() if not k.startswith("_")}  # `_at`: where it was declared
    try:
        table = _computed(measured, data, years)
    except BreakdownError as exc:
        raise DeclaredTableError(f"{spec.get('_at', 'show')}: table {spec['key']}: {exc}") from None
    if spec["measure"] != "count":  # a count prints its own notes
        table.notes = list(table.notes) + [str(n) for n in spec.get("notes") or []]
    return table


def _computed(spec: dict, data, years: list[str]):
    from pipelines.measures import declared
    from pipelines.measures.breakdowns import breakdown, row_counts, rows_frame, source_frame
    from pipelines.rules.calendar import previous_years

    kind, basis = spec["measure"], spec.get("basis", "received")
    if kind == "count" and isinstance(spec["rows"], list):
        return row_counts(rows_frame(data.frames, spec, data.profile, data.year), spec, years)
    if kind == "count":
        return breakdown(source_frame(data.frames, spec, data.profile, data.year), spec, years)
    context = data.frames["context"]
    if kind == "context":
        context_years = previous_years(data.year, spec["years"])
        for measure in spec["measures"]:
            _supplied(context, measure, context_years)
        return declared.context_table(context, context_years, list(spec["measures"]), spec["key"], spec["title"])

    def cases(part: dict):
        return source_frame(data.frames, {"basis": basis, **part}, data.profile, data.year)

    if kind == "rate":
        den = spec["denominator"]
        context_measure = den.get("context")
        if context_measure:
            _supplied(context, context_measure, years)
        return declared.rate_table(
            cases(spec["numerator"]),
            None if context_measure else cases(den),
            years,
            spec["key"],
            spec["title"],
            spec["numerator"].get("label", "Cases"),
            den.get("label") or (declared.context_label(context, context_measure) if context_measure else "Cases"),
            PERS[spec["per"]],
            basis,
            context_measure,
            context if context_measure else None,
        )
    themes = [str(t) for t in spec.get("themes", data.profile.raw.get("themes", []))]
    groups = {str(k): [str(t) for t in v] for k, v in (spec.get("groups") or {}).items()}
    return declared.themes_table(
        cases(spec["cases"]),
        years,
        spec["key"],
        spec["title"],
        themes,
        groups,
        basis,
        "themes",
        spec.get("share", True),
    )


def _supplied(context, measure: str, years: list[str]) -> None:
    """A context measure must have a figure in at least one of the table's years (a misspelt name has none)."""
    from pipelines.measures.breakdowns import BreakdownError
    from pipelines.rules.calendar import fy_text

    found = context[context["measure"] == measure]
    if not found["financial_year"].isin(years).any():
        known = sorted(set(context["measure"]))
        raise BreakdownError(
            f"no figure for the context measure {measure!r} in {', '.join(fy_text(y) for y in years)}; "
            f"the context figures have: {', '.join(known) or 'none'} (DfE's with context: dfe, the "
            "authority's own in context.csv)"
        )


def measure_function(spec: dict):
    """The tested function that computes a declared table (shown with its file and line in the audit edition)."""
    from pipelines.measures import breakdowns, declared

    named = {"count": breakdowns.breakdown, "rate": declared.rate_table, "themes": declared.themes_table}
    if spec["measure"] == "count" and isinstance(spec.get("rows"), list):
        named["count"] = breakdowns.row_counts
    function = named.get(spec["measure"], declared.context_table)
    return getattr(function, "__wrapped__", function)
