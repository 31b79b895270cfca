"""The catalogue of measures a declared report may show in any section (`show:` under a section of
config/authorities/<name>.report.yaml), each with its parameters: which cases (source and `where`),
which basis, how many years (per table), and what to add. Checked when the declaration is read (errors
name the file, line and allowed values); computed by the tested measures in pipelines/measures/.

    measure: count     everything a `breakdowns:` entry takes (pipelines/measures/breakdowns.py)
    measure: rate      numerator over denominator (a count of cases, or a context figure), per 1,000,
                       per 100 or as a percentage, year by year
    measure: themes    a multi-valued field counted honestly, with declared groups of themes
    measure: context   demand figures by year, with the change on the previous year
"""

from __future__ import annotations

import re

from pipelines.config.vocabulary import taxonomy
from pipelines.document.located_yaml import Located

MEASURES = ("count", "rate", "themes", "context")
BASES = ("received", "closed")
PERS = {1000: "1000", 100: "100", "percent": "percent"}
CASES_KEYS = {"source", "count", "where", "exclude", "label"}
COMMON = {"measure", "key", "title", "years", "notes"}
ALLOWED = {
    "count": COMMON
    | {"source", "count", "amount", "basis", "rows", "order", "labels", "other", "missing", "where", "exclude"}
    | {"change", "difference", "share", "share_all", "total", "chart", "chart_title", "unit"},
    "rate": COMMON | {"numerator", "denominator", "per", "basis"},
    "themes": COMMON | {"cases", "basis", "themes", "groups", "share"},
    "context": COMMON | {"measures"},
}
REQUIRED = {
    "count": ("key", "title", "rows"),
    "rate": ("key", "title", "numerator", "denominator", "per"),
    "themes": ("key", "title", "cases"),
    "context": ("key", "title", "measures"),
}
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def check_show(doc: Located, where: tuple, entries, profile, seen: set) -> tuple:
    """The section's `show:` list, checked; `seen` collects table keys across the whole report."""
    if not isinstance(entries, list):
        raise doc.error(where, "expected a list of tables, each {measure, key, title, ...}")
    out = []
    for i, spec in enumerate(entries):
        at = where + (i,)
        if not isinstance(spec, dict):
            raise doc.error(at, f"expected a mapping with measure: one of {', '.join(MEASURES)}")
        kind = spec.get("measure")
        if kind not in MEASURES:
            raise doc.error(at + ("measure",), f"measure must be one of {', '.join(MEASURES)}, got {kind!r}")
        for key in spec:
            if key not in ALLOWED[kind]:
                raise doc.error(
                    at + (key,), f"unknown key {key!r} for measure {kind}; allowed: {', '.join(sorted(ALLOWED[kind]))}"
                )
        missing = [k for k in REQUIRED[kind] if spec.get(k) in (None, "", [], {})]
        if missing:
            raise doc.error(at, f"measure {kind} needs {', '.join(missing)}")
        if not isinstance(spec["key"], str) or not _KEY.match(spec["key"]):
            raise doc.error(at + ("key",), "a table key is lower-case letters, digits and _, starting with a letter")
        if spec["key"] in seen:
            raise doc.error(at + ("key",), f"table key {spec['key']!r} is used twice in the report")
        seen.add(spec["key"])
        years = spec.get("years", 1 if kind == "themes" else 3)
        if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 10:
            raise doc.error(at + ("years",), "years is how many report years the table shows: a whole number 1 to 10")
        if spec.get("basis", "received") not in BASES:
            raise doc.error(at + ("basis",), f"basis must be one of {', '.join(BASES)}")
        CHECKS[kind](doc, at, spec, profile)
        out.append({**spec, "years": years})
    return tuple(out)


def _check_cases(doc: Located, at: tuple, cases) -> None:
    if not isinstance(cases, dict):
        raise doc.error(at, "expected which cases: {source: complaints, where: {procedure: [statutory]}, label: ...}")
    for key in cases:
        if key not in CASES_KEYS:
            raise doc.error(at + (key,), f"unknown key {key!r}; allowed: {', '.join(sorted(CASES_KEYS))}")
    if cases.get("count", "rows") not in ("complaints", "rows"):
        raise doc.error(
            at + ("count",), "count must be complaints (each once, at its final stage) or rows (each stage)"
        )
    for part in ("where", "exclude"):
        if not isinstance(cases.get(part) or {}, dict):
            raise doc.error(at + (part,), "expected {field: [values]}, e.g. {procedure: [statutory], stage: [1]}")


def _check_count(doc: Located, at: tuple, spec: dict, profile) -> None:
    if spec.get("count", "rows") not in ("complaints", "rows", "amount"):
        raise doc.error(at + ("count",), "count must be complaints, rows or amount")


def _check_rate(doc: Located, at: tuple, spec: dict, profile) -> None:
    _check_cases(doc, at + ("numerator",), spec["numerator"])
    denominator = spec["denominator"]
    if isinstance(denominator, dict) and set(denominator) == {"context"}:
        measures = taxonomy()["context_measures"]
        if denominator["context"] not in measures:
            raise doc.error(at + ("denominator", "context"), f"context measure must be one of {', '.join(measures)}")
    else:
        _check_cases(doc, at + ("denominator",), denominator)
    if spec["per"] not in PERS:
        raise doc.error(at + ("per",), "per must be 1000, 100 or percent")


def _check_themes(doc: Located, at: tuple, spec: dict, profile) -> None:
    _check_cases(doc, at + ("cases",), spec["cases"])
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


def _check_context(doc: Located, at: tuple, spec: dict, profile) -> None:
    measures = taxonomy()["context_measures"]
    listed = spec["measures"]
    if not isinstance(listed, list) or set(listed) - set(measures):
        raise doc.error(at + ("measures",), f"measures must be a list of: {', '.join(measures)}")


CHECKS = {"count": _check_count, "rate": _check_rate, "themes": _check_themes, "context": _check_context}


# --- computing them ----------------------------------------------------------------------------


def compute(spec: dict, data, years: list[str]) -> object:
    """The Table a checked `show:` entry declares, for the report year of `data` (report.ReportData);
    `years`: the entry's years that the exports cover (report.covered_years)."""
    table = _computed(spec, data, years)
    if spec["measure"] != "count":  # a breakdown prints its own notes
        table.notes = list(table.notes) + [str(n) for n in spec.get("notes") or []]
    return table


def _computed(spec: dict, data, years: list[str]):
    from pipelines.measures import declared
    from pipelines.measures.breakdowns import breakdown, source_frame
    from pipelines.rules.calendar import previous_years

    kind, basis = spec["measure"], spec.get("basis", "received")
    if kind == "count":
        return breakdown(source_frame(data.frames, spec, data.profile, data.year), spec, years)
    if kind == "context":
        return declared.context_table(
            data.frames["context"],
            previous_years(data.year, spec["years"]),
            list(spec["measures"]),
            spec["key"],
            spec["title"],
        )

    def cases(part: dict):
        return source_frame(data.frames, {"basis": basis, **part}, data.profile, data.year)

    if kind == "rate":
        den = spec["denominator"]
        context_measure = den.get("context")
        return declared.rate_table(
            cases(spec["numerator"]),
            None if context_measure else cases(den),
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


def measure_function(spec: dict):
    """The tested function that computes a declared table (shown with its file and line in the audit edition)."""
    from pipelines.measures import breakdowns, declared

    named = {"count": breakdowns.breakdown, "rate": declared.rate_table, "themes": declared.themes_table}
    function = named.get(spec["measure"], declared.context_table)
    return getattr(function, "__wrapped__", function)


def _context_label(code: str) -> str:
    from pipelines.config.vocabulary import label

    return label("context_measures", code)
