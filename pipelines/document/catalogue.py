"""The catalogue of measures a declared report may show in any section (`show:` under a section of
config/authorities/<name>.report.yaml), each with its parameters: which cases (source and `where`),
which basis, how many years (per table), what to add, and its chart. Checked when the declaration is
read (errors name the file, line and allowed values); computed by the tested measures in
pipelines/measures/.

    measure: count     counts (or sums of money) by one field or by rows of their own, year by year
                       (pipelines/measures/breakdowns.py lists its keys)
    measure: rate      numerator over denominator (a count of cases, or any context figure), per 1,000,
                       per 100 or as a percentage, year by year
    measure: themes    a multi-valued field counted honestly, with declared groups of themes
    measure: context   demand figures by year, with the change on the previous year

Every table may also say `number` (its printed number), `printed: false` (computed, checked and kept as
a CSV copy for the figures a text states, but not printed), `notes`, and (not `rate`) `chart`
(clustered, stacked, line or none), `chart_title`, `chart_number` and `unit`.
"""

from __future__ import annotations

import re

from pipelines.config.vocabulary import taxonomy
from pipelines.document.located_yaml import Located

MEASURES = ("count", "rate", "themes", "context")
PERS = {1000: "1000", 100: "100", "percent": "percent"}
CHART_KINDS = ("clustered", "stacked", "line", "none")
CASES_KEYS = {"source", "count", "where", "exclude", "label"}
ROW_KEYS = {"label", "source", "count", "basis", "where", "exclude"}
COMMON = {"measure", "key", "title", "years", "notes", "number", "printed"}
DRAWN = {"chart", "chart_title", "chart_number", "unit"}
ALLOWED = {
    "count": COMMON
    | DRAWN
    | {"source", "count", "amount", "basis", "rows", "order", "labels", "other", "missing", "where", "exclude"}
    | {"change", "difference", "share", "share_all", "total"},
    "rate": COMMON | {"numerator", "denominator", "per", "basis"},
    "themes": COMMON | DRAWN | {"cases", "basis", "themes", "groups", "share"},
    "context": COMMON | DRAWN | {"measures"},
}
REQUIRED = {
    "count": ("key", "title", "rows"),
    "rate": ("key", "title", "numerator", "denominator", "per"),
    "themes": ("key", "title", "cases"),
    "context": ("key", "title", "measures"),
}
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_MEASURE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")  # a context measure: DfE's, or any of the authority's own


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
        _check_common(doc, at, spec)
        CHECKS[kind](doc, at, spec, profile)
        out.append({**spec, "years": years, "_at": f"{doc.path.name}:{doc.line(*at)}"})
    return tuple(out)


def _text(doc: Located, at: tuple, value, what: str) -> None:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        raise doc.error(at, f"expected {what}")


def _flag(doc: Located, at: tuple, spec: dict, key: str) -> None:
    if key in spec and not isinstance(spec[key], bool):
        raise doc.error(at + (key,), f"{key} is true or false, got {spec[key]!r}")


def _check_common(doc: Located, at: tuple, spec: dict) -> None:
    for key, what in (("title", "the table's title"), ("chart_title", "the title drawn in the chart")):
        if key in spec:
            _text(doc, at + (key,), spec[key], what)
    for key in ("number", "chart_number", "unit"):
        if key in spec and (not isinstance(spec[key], (str, int, float)) or isinstance(spec[key], bool)):
            raise doc.error(at + (key,), f'{key} is text as printed, e.g. "Graph 3" ("" for none)')
    _flag(doc, at, spec, "printed")
    notes = spec.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) and n.strip() for n in notes):
        raise doc.error(at + ("notes",), "notes is a list of sentences printed under the table")
    chart = spec.get("chart", "none")
    if chart not in CHART_KINDS:
        hint = " (true: write clustered)" if chart is True else ""
        raise doc.error(at + ("chart",), f"chart must be one of {', '.join(CHART_KINDS)}, got {chart!r}{hint}")
    if chart == "none" and {"chart_title", "chart_number"} & set(spec):
        raise doc.error(at + ("chart",), "chart_title and chart_number need a chart: clustered, stacked or line")


def _check_source(doc: Located, at: tuple, spec: dict, profile, basis_at: tuple | None = None) -> set:
    """source, count, basis, where and exclude of a count (or of one row of its own); the source's fields."""
    from pipelines.measures import breakdowns

    source = spec.get("source", "complaints")
    if source not in breakdowns.SOURCES:
        raise doc.error(at + ("source",), f"source must be one of {', '.join(breakdowns.SOURCES)}, got {source!r}")
    count = spec.get("count", "rows")
    if count not in breakdowns.COUNTS:
        raise doc.error(at + ("count",), "count must be complaints (each once, at its final stage), rows or amount")
    if count == "complaints" and source not in breakdowns.COMPLAINT_SOURCES:
        raise doc.error(
            at + ("count",), f"count: complaints counts complaints; {source} is counted by rows (count: rows)"
        )
    fields = breakdowns.fields_of(source, profile)
    bases = breakdowns.bases_of(source, profile)
    if spec.get("basis", "received") not in bases:
        raise doc.error(basis_at or at + ("basis",), f"basis for {source} must be one of {', '.join(bases)}")
    for part in ("where", "exclude"):
        chosen = spec.get(part) or {}
        if not isinstance(chosen, dict):
            raise doc.error(at + (part,), "expected {field: [values]}, e.g. {procedure: [statutory], stage: [1]}")
        for field in chosen:
            if field not in fields and not (part == "where" and field == "outcome_recorded"):
                raise doc.error(
                    at + (part, field), f"{source} has no field {field!r}; fields: {', '.join(sorted(fields))}"
                )
    return fields


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
    for key in ("change", "difference", "share_all", "total"):
        _flag(doc, at, spec, key)
    share = spec.get("share")
    if share is not None and not isinstance(share, bool) and (not isinstance(share, int) or not 0 <= share <= 3):
        raise doc.error(at + ("share",), "share is the decimals of this year's shares: 0 to 3 (or true for 0)")
    if isinstance(spec["rows"], list):
        _check_own_rows(doc, at, spec, profile)
        return
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


def _check_own_rows(doc: Located, at: tuple, spec: dict, profile) -> None:
    """`rows:` as rows of their own: each {label, and its own source, count, basis, where, exclude}."""
    from pipelines.measures import breakdowns

    for key in ("order", "labels", "other", "missing", "amount"):
        if key in spec:
            raise doc.error(at + (key,), f"{key} goes with rows: <field>; rows of their own give each label")
    if spec.get("count") == "amount":
        raise doc.error(at + ("count",), "rows of their own count complaints or rows")
    labels = []
    for n, row in enumerate(breakdowns.own_rows(spec)):
        row_at = at + ("rows", n)
        if not isinstance(spec["rows"][n], dict):
            raise doc.error(row_at, "a row of its own is {label: ..., source: ..., where: {...}}")
        for key in spec["rows"][n]:
            if key not in ROW_KEYS:
                raise doc.error(row_at + (key,), f"unknown key {key!r}; allowed: {', '.join(sorted(ROW_KEYS))}")
        _text(doc, row_at + ("label",), row.get("label"), "the row's label")
        if str(row["label"]) in labels:
            raise doc.error(row_at + ("label",), f"the label {row['label']!r} is used twice")
        labels.append(str(row["label"]))
        if row.get("count") == "amount":
            raise doc.error(row_at + ("count",), "rows of their own count complaints or rows")
        _check_source(doc, row_at, row, profile)


def _check_rate(doc: Located, at: tuple, spec: dict, profile) -> None:
    _check_cases(doc, at + ("numerator",), spec["numerator"])
    denominator = spec["denominator"]
    if isinstance(denominator, dict) and "context" in denominator:
        if set(denominator) - {"context", "label"}:
            raise doc.error(at + ("denominator",), "a context denominator is {context: <measure>} (and a label)")
        if not isinstance(denominator["context"], str) or not _MEASURE_NAME.match(denominator["context"]):
            known = ", ".join(taxonomy()["context_measures"])
            raise doc.error(
                at + ("denominator", "context"),
                f"a context measure is lower-case letters, digits and _: DfE's ({known}) or one of the "
                "authority's own in context.csv (such as single_assessments)",
            )
    else:
        _check_cases(doc, at + ("denominator",), denominator)
    if spec["per"] not in PERS:
        raise doc.error(at + ("per",), "per must be 1000, 100 or percent")
    if spec.get("basis", "received") not in ("received", "closed"):
        raise doc.error(at + ("basis",), "basis must be one of received, closed")


def _check_themes(doc: Located, at: tuple, spec: dict, profile) -> None:
    _check_cases(doc, at + ("cases",), spec["cases"])
    if spec.get("basis", "received") not in ("received", "closed"):
        raise doc.error(at + ("basis",), "basis must be one of received, closed")
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
    listed = spec["measures"]
    if not isinstance(listed, list) or not all(isinstance(m, str) and _MEASURE_NAME.match(m) for m in listed):
        known = ", ".join(taxonomy()["context_measures"])
        raise doc.error(
            at + ("measures",),
            f"measures is a list of context measures: DfE's ({known}) or the authority's own in context.csv",
        )


CHECKS = {"count": _check_count, "rate": _check_rate, "themes": _check_themes, "context": _check_context}
