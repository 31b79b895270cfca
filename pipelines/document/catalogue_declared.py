"""The measures a report builds from a catalogue of its own, each item carrying its whole definition:

    measure: count     counts (or sums of money) by one field, or by rows of their own, year by year:
                       which cases (source, count, basis, where, exclude), rows, order, labels, change,
                       difference, shares, totals (pipelines/measures/breakdowns.py)
    measure: rate      numerator over denominator (a count of cases, or any context figure: DfE's or
                       the authority's own), per 1,000, per 100 or as a percentage, year by year
    measure: themes    a multi-valued field counted honestly, with declared groups of themes
    measure: context   demand figures by year, with the change on the previous year (DfE's and the
                       authority's own side by side)

Checked when the declaration is read (errors name the file, line and allowed values: every key, the
source's fields and the bases its rows have a date for); computed by the tested measures in
pipelines/measures/ (breakdowns, declared)."""

from __future__ import annotations

import re

from pipelines.config.vocabulary import taxonomy
from pipelines.document.catalogue_base import BASES, Entry, as_declared, check_cases, check_where_exclude
from pipelines.measures import breakdowns, declared

PERS = {1000: "1000", 100: "100", "percent": "percent"}
SOURCES = tuple(breakdowns.SOURCES)
COUNT_KEYS = {"source", "count", "amount", "basis", "rows", "order", "labels", "other", "missing", "where", "exclude"}
COUNT_KEYS |= {"change", "difference", "share", "share_all", "total", "years"}
ROW_KEYS = {"label", "source", "count", "basis", "where", "exclude"}  # a row of its own
REQUIRED = {
    "count": ("title", "rows"),
    "rate": ("title", "numerator", "denominator", "per"),
    "themes": ("title", "cases"),
    "context": ("title", "measures"),
}
# A context measure: DfE's (taxonomy context_measures) or any of the authority's own in context.csv.
MEASURE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _required(doc, at: tuple, spec: dict) -> None:
    missing = [k for k in REQUIRED[spec["measure"]] if spec.get(k) in (None, "", [], {})]
    if missing:
        raise doc.error(at, f"measure {spec['measure']} needs {', '.join(missing)}")
    if spec["measure"] != "count" and spec.get("basis", "received") not in BASES:
        raise doc.error(at + ("basis",), f"basis must be one of {', '.join(BASES)}")


def _flag(doc, at: tuple, spec: dict, key: str) -> None:
    if key in spec and not isinstance(spec[key], bool):
        raise doc.error(at + (key,), f"{key} is true or false, got {spec[key]!r}")


def _text(doc, at: tuple, value, what: str) -> None:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        raise doc.error(at, f"expected {what}")


def check_count(doc, at: tuple, spec: dict, profile) -> dict:
    _required(doc, at, spec)
    for key in ("change", "difference", "share_all", "total"):
        _flag(doc, at, spec, key)
    share = spec.get("share")
    if share is not None and not isinstance(share, bool) and (not isinstance(share, int) or not 0 <= share <= 3):
        raise doc.error(at + ("share",), "share is the decimals of this year's shares: 0 to 3 (or true for 0)")
    if isinstance(spec["rows"], list):
        _check_own_rows(doc, at, spec, profile)
        return {**spec, "years": spec.get("years", 3)}
    fields = _check_source(doc, at, spec, profile)
    if spec.get("count") == "amount":
        if spec.get("amount") not in fields:
            money = sorted(f for f in fields if "amount" in f)
            raise doc.error(
                at + ("amount",), f"count: amount adds up a money column: one of {', '.join(money) or 'none'}"
            )
    elif "amount" in spec:
        raise doc.error(at + ("amount",), "amount (a money column to add up) goes with count: amount")
    if not isinstance(spec["rows"], str) or spec["rows"] not in fields:
        raise doc.error(
            at + ("rows",), f"rows is the field down the side, one of: {', '.join(sorted(fields))} (or a list of rows)"
        )
    if not isinstance(spec.get("order", []), list):
        raise doc.error(at + ("order",), "order is a list of codes, e.g. [statutory, corporate]")
    if not isinstance(spec.get("labels", {}), dict):
        raise doc.error(at + ("labels",), "labels maps codes to printed labels, e.g. {statutory: Statutory}")
    for key in ("other", "missing"):
        if key in spec:
            _text(doc, at + (key,), spec[key], "the label of that row")
    return {**spec, "years": spec.get("years", 3)}


def _check_source(doc, at: tuple, spec: dict, profile) -> set:
    """source, count, basis, where and exclude of a count (or of one row of its own); the source's fields."""
    source = spec.get("source", "complaints")
    if source not in SOURCES:
        raise doc.error(at + ("source",), f"source must be one of {', '.join(SOURCES)}, got {source!r}")
    count = spec.get("count", "rows")
    if count not in breakdowns.COUNTS:
        raise doc.error(at + ("count",), "count must be complaints (each once, at its final stage), rows or amount")
    if count == "complaints" and source not in breakdowns.COMPLAINT_SOURCES:
        raise doc.error(
            at + ("count",), f"count: complaints counts complaints; {source} is counted by rows (count: rows)"
        )
    bases = breakdowns.bases_of(source, profile)
    if spec.get("basis", "received") not in bases:
        raise doc.error(at + ("basis",), f"basis for {source} must be one of {', '.join(bases)}")
    check_where_exclude(doc, at, spec, profile, source)
    return breakdowns.fields_of(source, profile)


def _check_own_rows(doc, at: tuple, spec: dict, profile) -> None:
    """`rows:` as rows of their own: each {label, and its own source, count, basis, where, exclude}."""
    for key in ("order", "labels", "other", "missing", "amount"):
        if key in spec:
            raise doc.error(at + (key,), f"{key} goes with rows: <field>; rows of their own give each its label")
    labels = []
    for n, given in enumerate(spec["rows"]):
        row_at = at + ("rows", n)
        if not isinstance(given, dict):
            raise doc.error(row_at, "a row of its own is {label: ..., source: ..., where: {...}}")
        for key in given:
            if key not in ROW_KEYS:
                raise doc.error(row_at + (key,), f"unknown key {key!r}; allowed: {', '.join(sorted(ROW_KEYS))}")
        row = breakdowns.own_rows(spec)[n]
        _text(doc, row_at + ("label",), row.get("label"), "the row's label")
        if str(row["label"]) in labels:
            raise doc.error(row_at + ("label",), f"the label {row['label']!r} is used twice")
        labels.append(str(row["label"]))
        if row.get("count") == "amount":
            raise doc.error(row_at + ("count",), "rows of their own count complaints or rows")
        _check_source(doc, row_at, row, profile)


def _context_measure(doc, at: tuple, name) -> None:
    if not isinstance(name, str) or not MEASURE_NAME.match(name):
        known = ", ".join(taxonomy()["context_measures"])
        raise doc.error(
            at, f"a context measure is lower-case letters, digits and _: DfE's ({known}) or one of the authority's "
            "own in context.csv (such as single_assessments)",
        )  # fmt: skip


def check_rate(doc, at: tuple, spec: dict, profile) -> dict:
    _required(doc, at, spec)
    check_cases(doc, at + ("numerator",), spec["numerator"], profile, SOURCES, {"count", "label"})
    denominator = spec["denominator"]
    if isinstance(denominator, dict) and "context" in denominator:
        if set(denominator) - {"context", "label"}:
            raise doc.error(at + ("denominator",), "a context denominator is {context: <measure>} (and a label)")
        _context_measure(doc, at + ("denominator", "context"), denominator["context"])
    else:
        check_cases(doc, at + ("denominator",), denominator, profile, SOURCES, {"count", "label"})
    if spec["per"] not in PERS:
        raise doc.error(at + ("per",), "per must be 1000, 100 or percent")
    return {**spec, "years": spec.get("years", 3)}


def check_themes(doc, at: tuple, spec: dict, profile) -> dict:
    _required(doc, at, spec)
    check_cases(doc, at + ("cases",), spec["cases"], profile, SOURCES, {"count", "label"})
    known = [str(t) for t in profile.raw.get("themes", [])]
    listed = spec.get("themes", known)
    if not isinstance(listed, list) or set(map(str, listed)) - set(known):
        raise doc.error(at + ("themes",), f"themes must be from the profile's themes: {', '.join(known)}")
    groups = spec.get("groups") or {}
    if not isinstance(groups, dict):
        raise doc.error(at + ("groups",), 'expected {"Delay or communication": [delay, communication]}')
    for name, members in groups.items():
        if not isinstance(members, list) or not members or set(map(str, members)) - set(known):
            unknown = sorted(set(map(str, members if isinstance(members, list) else [])) - set(known))
            raise doc.error(
                at + ("groups", name),
                f"a group is a list of the profile's themes{f'; not themes: {unknown}' if unknown else ''}; "
                f"themes: {', '.join(known)}",
            )
    if not isinstance(spec.get("share", True), bool):
        raise doc.error(at + ("share",), "expected true (this year's shares) or false")
    return {**spec, "years": spec.get("years", 1)}


def check_context(doc, at: tuple, spec: dict, profile) -> dict:
    _required(doc, at, spec)
    if not isinstance(spec["measures"], list):
        raise doc.error(at + ("measures",), "measures is a list of context measures")
    for n, name in enumerate(spec["measures"]):
        _context_measure(doc, at + ("measures", n), name)
    return {**spec, "years": spec.get("years", 3)}


# --- computing them ---------------------------------------------------------------------------------


def compute_count(spec: dict, data, years: list[str]):
    if isinstance(spec["rows"], list):
        frame = breakdowns.rows_frame(data.frames, spec, data.profile, data.year)
        return as_declared(breakdowns.row_counts(frame, spec, years), spec)
    frame = breakdowns.source_frame(data.frames, spec, data.profile, data.year)
    return as_declared(breakdowns.breakdown(frame, spec, years), spec)


def compute_context(spec: dict, data, years: list[str]):
    from pipelines.rules.calendar import previous_years

    years = previous_years(data.year, int(spec.get("years", data.profile.trend_years)))
    for measure in spec["measures"]:
        _supplied(data.frames["context"], measure, years)
    table = declared.context_table(data.frames["context"], years, list(spec["measures"]), spec["key"], spec["title"])
    return as_declared(table, spec)


def _supplied(context, measure: str, years: list[str]) -> None:
    """A context measure must have a figure in at least one of the table's years (a misspelt name has none)."""
    from pipelines.rules.calendar import fy_text

    found = context[context["measure"] == measure]
    if not found["financial_year"].isin(years).any():
        raise breakdowns.BreakdownError(
            f"no figure for the context measure {measure!r} in {', '.join(fy_text(y) for y in years)}; the "
            f"context figures have: {', '.join(sorted(set(context['measure']))) or 'none'} (DfE's with "
            "context: dfe, the authority's own in context.csv)"
        )


def _cases(data, basis: str, part: dict):
    return breakdowns.source_frame(data.frames, {"basis": basis, **part}, data.profile, data.year)


def compute_rate(spec: dict, data, years: list[str]):
    basis, den = spec.get("basis", "received"), spec["denominator"]
    context_measure, context = den.get("context"), data.frames["context"]
    if context_measure:
        _supplied(context, context_measure, years)
    table = declared.rate_table(
        _cases(data, basis, spec["numerator"]),
        None if context_measure else _cases(data, basis, den),
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
    return as_declared(table, spec)


def compute_themes(spec: dict, data, years: list[str]):
    basis = spec.get("basis", "received")
    themes = [str(t) for t in spec.get("themes", data.profile.raw.get("themes", []))]
    groups = {str(k): [str(t) for t in v] for k, v in (spec.get("groups") or {}).items()}
    table = declared.themes_table(
        _cases(data, basis, spec["cases"]),
        years,
        spec["key"],
        spec["title"],
        themes,
        groups,
        basis,
        "themes",
        spec.get("share", True),
    )
    return as_declared(table, spec)


# The four measures that take their whole definition from the item.
DECLARED = {
    "count": Entry("count", breakdowns.breakdown, (), "years", check_item=check_count, compute_item=compute_count,
                   allowed=frozenset(COUNT_KEYS)),
    "rate": Entry("rate", declared.rate_table, (), "years", check_item=check_rate, compute_item=compute_rate,
                  allowed=frozenset({"numerator", "denominator", "per", "basis"}), drawn=False),
    "themes": Entry("themes", declared.themes_table, (), "years", check_item=check_themes,
                    compute_item=compute_themes, allowed=frozenset({"cases", "basis", "themes", "groups", "share"})),
    "context": Entry("context", declared.context_table, (), "years", check_item=check_context,
                     compute_item=compute_context, allowed=frozenset({"measures"})),
}  # fmt: skip
