"""The measures a report builds from a catalogue of its own, each item carrying its whole definition:

    measure: count     counts (or sums of money) by one field, year by year: every key of a
                       pipelines/measures/breakdowns.py entry (which cases, basis, rows, order, labels,
                       change, difference, shares, totals, a chart)
    measure: rate      numerator over denominator (a count of cases, or a context figure), per 1,000,
                       per 100 or as a percentage, year by year
    measure: themes    a multi-valued field counted honestly, with declared groups of themes
    measure: context   demand figures by year, with the change on the previous year

Checked when the declaration is read (errors name the file, line and allowed values); computed by the
tested measures in pipelines/measures/ (breakdowns, declared)."""

from __future__ import annotations

from pipelines.config.vocabulary import taxonomy
from pipelines.document.catalogue_base import (
    BASES,
    SOURCE_TABLES,
    Entry,
    as_declared,
    check_cases,
    check_field_values,
)
from pipelines.measures import breakdowns, declared

PERS = {1000: "1000", 100: "100", "percent": "percent"}
SOURCES = tuple(breakdowns.SOURCES)
COUNT_KEYS = {"source", "count", "amount", "basis", "rows", "order", "labels", "other", "missing", "where", "exclude"}
COUNT_KEYS |= {"change", "difference", "share", "share_all", "total", "years"}
REQUIRED = {
    "count": ("title", "rows"),
    "rate": ("title", "numerator", "denominator", "per"),
    "themes": ("title", "cases"),
    "context": ("title", "measures"),
}


def _required(doc, at: tuple, spec: dict) -> None:
    missing = [k for k in REQUIRED[spec["measure"]] if spec.get(k) in (None, "", [], {})]
    if missing:
        raise doc.error(at, f"measure {spec['measure']} needs {', '.join(missing)}")
    if spec.get("basis", "received") not in BASES + (("decided",) if spec["measure"] == "count" else ()):
        raise doc.error(at + ("basis",), f"basis must be one of {', '.join(BASES)}")


def check_count(doc, at: tuple, spec: dict, profile) -> dict:
    _required(doc, at, spec)
    if spec.get("count", "rows") not in breakdowns.COUNTS:
        raise doc.error(at + ("count",), f"count must be one of {', '.join(breakdowns.COUNTS)}")
    if spec.get("source", "complaints") not in SOURCES:
        raise doc.error(at + ("source",), f"source must be one of {', '.join(SOURCES)}")
    if spec.get("count") == "amount" and not spec.get("amount"):
        raise doc.error(at + ("amount",), "count: amount needs the money column to add up (amount:)")
    source = spec.get("source", "complaints")
    for part in ("where", "exclude"):
        chosen = spec.get(part) or {}
        if not isinstance(chosen, dict):
            raise doc.error(at + (part,), "expected {field: [values]}, e.g. {procedure: [statutory], stage: [1]}")
        for column, values in chosen.items():
            problem = check_field_values(column, values, profile, SOURCE_TABLES.get(source, source))
            if problem:
                raise doc.error(at + (part, column), problem)
    return {**spec, "years": spec.get("years", 3)}


def check_rate(doc, at: tuple, spec: dict, profile) -> dict:
    _required(doc, at, spec)
    check_cases(doc, at + ("numerator",), spec["numerator"], profile, SOURCES, {"count", "label"})
    denominator = spec["denominator"]
    if isinstance(denominator, dict) and set(denominator) == {"context"}:
        measures = taxonomy()["context_measures"]
        if denominator["context"] not in measures:
            raise doc.error(at + ("denominator", "context"), f"context measure must be one of {', '.join(measures)}")
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
    measures = taxonomy()["context_measures"]
    listed = spec["measures"]
    if not isinstance(listed, list) or set(listed) - set(measures):
        raise doc.error(at + ("measures",), f"measures must be a list of: {', '.join(measures)}")
    return {**spec, "years": spec.get("years", 3)}


# --- computing them ---------------------------------------------------------------------------------


def compute_count(spec: dict, data, years: list[str]):
    frame = breakdowns.source_frame(data.frames, spec, data.profile, data.year)
    return as_declared(breakdowns.breakdown(frame, spec, years), spec)


def compute_context(spec: dict, data, years: list[str]):
    from pipelines.rules.calendar import previous_years

    years = previous_years(data.year, int(spec.get("years", data.profile.trend_years)))
    table = declared.context_table(data.frames["context"], years, list(spec["measures"]), spec["key"], spec["title"])
    return as_declared(table, spec)


def _cases(data, basis: str, part: dict):
    return breakdowns.source_frame(data.frames, {"basis": basis, **part}, data.profile, data.year)


def compute_rate(spec: dict, data, years: list[str]):
    basis, den = spec.get("basis", "received"), spec["denominator"]
    context_measure = den.get("context")
    table = declared.rate_table(
        _cases(data, basis, spec["numerator"]),
        None if context_measure else _cases(data, basis, den),
        years,
        spec["key"],
        spec["title"],
        spec["numerator"].get("label", "Cases"),
        den.get("label") or (_context_label(context_measure) if context_measure else "Cases"),
        PERS[spec["per"]],
        basis,
        context_measure,
        data.frames["context"] if context_measure else None,
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


def _context_label(code: str) -> str:
    from pipelines.config.vocabulary import label

    return label("context_measures", code)


# The four measures that take their whole definition from the item.
DECLARED = {
    "count": Entry("count", breakdowns.breakdown, (), "years", check_item=check_count, compute_item=compute_count,
                   allowed=frozenset(COUNT_KEYS)),
    "rate": Entry("rate", declared.rate_table, (), "years", check_item=check_rate, compute_item=compute_rate,
                  allowed=frozenset({"numerator", "denominator", "per", "basis"})),
    "themes": Entry("themes", declared.themes_table, (), "years", check_item=check_themes,
                    compute_item=compute_themes, allowed=frozenset({"cases", "basis", "themes", "groups", "share"})),
    "context": Entry("context", declared.context_table, (), "years", check_item=check_context,
                     compute_item=compute_context, allowed=frozenset({"measures"})),
}  # fmt: skip
