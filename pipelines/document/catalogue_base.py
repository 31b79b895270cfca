"""What the catalogue of measures (pipelines/document/catalogue.py) is made of: a measure's entry (the
tested function, the tables it reads, the years it covers, its parameters with their checks and their
defaults from the profile), the checks of which cases an item counts, and how an entry's item is
checked and computed into its Table under the item's own key and title."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pipelines.config.vocabulary import taxonomy

BASES = ("received", "closed")
PERIODS = ("years", "year", "none")  # a run of report years ending with this one; the report year; neither
# Keys every table item takes (as well as its measure's own): docs/adding-an-authority.md, "Items".
TABLE_KEYS = {"measure", "key", "title", "number", "heading", "notes", "sentences", "chart"}
TABLE_KEYS |= {"chart_title", "active_title", "unit", "chart_years", "chart_number"}  # items.CHART_KEYS
CASES_KEYS = {"source", "where", "exclude"}
COMPLAINT_SOURCES = ("complaints", "adult_complaints", "all_complaints")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Param:
    """A parameter an item may give a measure: `check(value, profile)` returns what is wrong (naming the
    allowed values) or None; the value goes to the function's argument `arg` (default: the parameter's
    own name) as `convert` makes it; `default(profile)` when the item does not give it (None: the
    function's own default)."""

    check: Callable
    arg: str | None = None
    default: Callable | None = None
    convert: Callable = staticmethod(lambda value, profile: value)
    required: bool = False


@dataclass(frozen=True)
class Entry:
    """A measure of the catalogue: the tested function, the tables it reads (in its own argument names),
    whether it covers a run of years or the report year, its parameters, the arguments it always takes
    from the profile (`implicit`), how its table is printed (`shown_as`) and drawn (`plotted_as`), and
    `when(data, years)`: shown only where the data has it (a table of zeros is never printed for a fact
    the export does not record)."""

    name: str
    function: Callable
    reads: tuple = ("complaints",)
    period: str = "years"
    params: dict = field(default_factory=dict)
    implicit: dict = field(default_factory=dict)
    shown_as: Callable | None = None
    plotted_as: Callable | None = None
    when: Callable | None = None
    when_text: str = ""
    # catalogue_declared's measures take their whole item: (doc, at, item, profile) and (item, data, years)
    check_item: Callable | None = None
    compute_item: Callable | None = None
    allowed: frozenset = frozenset()

    def keys(self) -> set:
        """Every key an item of this measure may have."""
        keys = set(TABLE_KEYS) | set(self.params) | set(self.allowed)
        if self.period == "years":
            keys.add("years")
        if self.reads and self.reads[0] == "complaints":
            keys.add("cases")
        return keys


# --- checks -------------------------------------------------------------------------------------------


def check_entry_item(entry: Entry, doc, at: tuple, spec: dict, profile) -> dict:
    """A `measure:` item checked against its measure's parameters; the item as the report will use it."""
    name = entry.name
    allowed = entry.keys()
    for key in spec:
        if key not in allowed:
            raise doc.error(
                at + (key,), f"unknown key {key!r} for measure {name}; allowed: {', '.join(sorted(allowed))}"
            )
    if not isinstance(spec.get("key"), str) or not KEY.match(spec["key"]):
        raise doc.error(at + ("key",), "needs a key (its CSV file's name): lower-case letters, digits and _")
    for text_key in ("title", "number", "heading"):
        if text_key in spec and (not isinstance(spec[text_key], (str, int, float)) or isinstance(spec[text_key], bool)):
            raise doc.error(at + (text_key,), "expected text")
    notes = spec.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise doc.error(at + ("notes",), "expected a list of sentences printed under the table")
    if "years" in spec:
        years = spec["years"]
        if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 20:
            raise doc.error(at + ("years",), "years is how many report years the table shows: a whole number 1 to 20")
    if entry.check_item is not None:  # a table of the report's own: its whole definition is its own
        return entry.check_item(doc, at, spec, profile)
    if "cases" in spec:
        check_cases(doc, at + ("cases",), spec["cases"], profile, COMPLAINT_SOURCES)
    for key, param in entry.params.items():
        if key in spec:
            problem = param.check(spec[key], profile)
            if problem:
                raise doc.error(at + (key,), f"{key} {problem}")
        elif param.required:
            raise doc.error(at, f"measure {name} needs {key} (on the item, or in its section's parameters:)")
    return dict(spec)


def check_cases(doc, at: tuple, cases, profile, sources=COMPLAINT_SOURCES, more=frozenset()) -> None:
    """Which cases: {source, where, exclude} (and, for a catalogue of the report's own, `more` keys)."""
    if not isinstance(cases, dict):
        raise doc.error(at, "expected which cases: {source: complaints, where: {procedure: [statutory]}}")
    for key in cases:
        if key not in CASES_KEYS | set(more):
            raise doc.error(at + (key,), f"unknown key {key!r}; allowed: {', '.join(sorted(CASES_KEYS | set(more)))}")
    source = cases.get("source", sources[0])
    if source not in sources:
        raise doc.error(at + ("source",), f"source must be one of {', '.join(sources)}")
    if cases.get("count", "rows") not in ("complaints", "rows"):
        raise doc.error(
            at + ("count",), "count must be complaints (each once, at its final stage) or rows (each stage)"
        )
    for part in ("where", "exclude"):
        chosen = cases.get(part) or {}
        if not isinstance(chosen, dict):
            raise doc.error(at + (part,), "expected {field: [values]}, e.g. {procedure: [statutory], stage: [1]}")
        for column, values in chosen.items():
            problem = check_field_values(column, values, profile, SOURCE_TABLES.get(source, source))
            if problem:
                raise doc.error(at + (part, column), problem)


# Fields whose values are codes of a taxonomy list, or items of a profile list.
CODED = {
    "procedure": "procedures",
    "stage": "stages",
    "outcome": "outcomes",
    "outcome_group": "outcome_groups",
    "complainant_type": "complainant_types",
    "complainant_group": "complainant_groups",
}
PROFILE_LISTED = {"service_area": "service_areas", "division": "divisions"}
# The table each source reads, and the fields derived from every table (rules/derive.py, and the
# breakdowns' timeliness, state at the year end and Ombudsman uphold status).
SOURCE_TABLES = {"adult_complaints": "complaints", "all_complaints": "complaints"}
DERIVED = {"year_received", "quarter_received", "month_received", "year_closed", "quarter_closed", "month_closed"}
DERIVED |= {"year_decided", "quarter_decided", "month_decided", "timescale_days", "date_due", "working_days_taken"}
DERIVED |= {"on_time", "status", "outcome_group", "complainant_group", "decision_group", "remedy_late"}
DERIVED |= {"timeliness", "state_at_year_end", "uphold_status", "outcome_recorded"}


def check_field_values(column: str, values, profile, table: str = "complaints") -> str | None:
    """`where:` and `exclude:` values: a field of the source's table, and (for a coded field) known codes."""
    from pipelines.config.vocabulary import tables

    fields = set(tables()[table]["columns"]) | DERIVED
    if column not in fields:
        return f"no field {column!r}; fields: {', '.join(sorted(fields))}"
    listed = values if isinstance(values, list) else [values]
    if column in CODED:
        codes = list(taxonomy()[CODED[column]])
        unknown = [v for v in listed if v not in codes]
        if unknown:
            return f"unknown {column} {unknown}; allowed: {', '.join(map(str, codes))}"
    if column in PROFILE_LISTED:
        names = list(getattr(profile, PROFILE_LISTED[column], None) or profile.raw.get(PROFILE_LISTED[column], []))
        unknown = [v for v in listed if v not in names and not (isinstance(v, str) and v.startswith("@"))]
        if names and unknown:
            return f"unknown {column} {unknown}; the profile's {PROFILE_LISTED[column]}: {', '.join(names)}"
    return None


# --- computing ----------------------------------------------------------------------------------------


def entry_years(entry: Entry, spec: dict, data) -> list[str]:
    """The report years an item covers, ending with the report year: `years:` of them (default: the
    profile's trend_years), leaving out years before its own source's first record (a year an export
    does not cover is not a year with nothing in it)."""
    from pipelines.measures.base import covered_years

    if entry.period == "year":
        return [data.year]
    count = int(spec.get("years", data.profile.trend_years))
    source = _source_name(spec, entry)
    frame = data.frames.get(source) if source else None
    if frame is None or "year_received" not in frame:
        frame = data.frames["complaints"]
    if source == "all_complaints":
        frame = data.frames["complaints"] if len(data.frames["complaints"]) else data.frames["adult_complaints"]
    return covered_years(frame, data.year, count)


def _source_name(spec: dict, entry: Entry) -> str | None:
    if entry.compute_item is not None:
        return (spec.get("cases") or spec.get("numerator") or {}).get("source", spec.get("source", "complaints"))
    if not entry.reads:
        return None
    return (spec.get("cases") or {}).get("source", entry.reads[0])


def compute_entry(entry: Entry, spec: dict, data):
    """The Table a checked item declares, for the report year of `data` (report.ReportData), as the item
    names and titles it; None where its measure is shown only when the data has it, and it has not."""
    years = entry_years(entry, spec, data)
    if entry.when is not None and not entry.when(data, years):
        return None
    if entry.compute_item is not None:
        return entry.compute_item(spec, data, years)
    arguments = {name: _frame(name, spec, data) for name in entry.reads}
    if entry.period == "years":
        arguments["years"] = years
    elif entry.period == "year":
        arguments["year"] = data.year
    for key, param in entry.params.items():
        if key in spec:
            arguments[param.arg or key] = param.convert(spec[key], data.profile)
        elif param.default is not None:
            arguments[param.arg or key] = param.convert(param.default(data.profile), data.profile)
    for argument, value in entry.implicit.items():
        arguments[argument] = value(data.profile)
    return as_declared(entry.function(**arguments), spec)


def _frame(name: str, spec: dict, data):
    if name == "complaints" and spec.get("cases"):
        from pipelines.measures.breakdowns import source_frame

        return source_frame(data.frames, spec["cases"], data.profile, data.year)
    return data.frames[name]


def as_declared(table, spec: dict):
    """The table under the item's key (its CSV file's name) and title, with its notes; the small-number
    decisions taken again under that key (the whole-report protection decides by key)."""
    from pipelines.rules import disclosure

    original = table.key
    changes = {"key": spec["key"]}
    if spec.get("title"):
        changes["title"] = str(spec["title"])
    if spec.get("notes") and spec["measure"] != "count":  # a count table prints its own notes
        changes["notes"] = list(table.notes) + [str(n) for n in spec["notes"]]
    table = replace(table, **changes)
    if table.key != original:
        table.derivation = {**table.derivation, "measure_table": original}
        table.hidden = disclosure.hidden_cells(table)
    return table
