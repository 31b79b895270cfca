"""The catalogue of measures a report declares its tables from (an item `measure: <name>` in a section's
`show:` of config/reports/default.yaml or an authority's <name>.report.yaml): every tested measure of
pipelines/measures/ registered under a name, with the parameters an item may give it (which cases,
basis, years, rows and the measure's own) and their defaults from the profile (the basis of each kind of
table, its service areas and divisions, its Ombudsman uphold denominator, its timescales), each checked
when the declaration is read (the error names the file, line and allowed values); and the tables a report
builds from a catalogue of its own (count, rate, themes, context: catalogue_declared.py).
docs/adding-an-authority.md ("The catalogue of measures") lists them with their parameters."""

from __future__ import annotations

from pipelines.config.vocabulary import taxonomy
from pipelines.document.catalogue_base import BASES, Entry, Param, check_entry_item, compute_entry, entry_years
from pipelines.document.catalogue_declared import DECLARED
from pipelines.document.stories import in_pounds, money_rows, on_time_percentages, transpose
from pipelines.measures import (
    cases,
    changes,
    context_figures,
    costs,
    feedback,
    foi,
    lgsco_cases,
    ombudsman,
    outcomes,
    stage_facts,
    stage_requests,
    timeliness,
    timescale_rules,
    volumes,
)

# --- the checks a parameter's value passes (each returns what is wrong, naming what is allowed) -----


def one_of(*values):
    def check(value, profile):
        return None if value in values else f"must be one of {', '.join(map(str, values))} (got {value!r})"

    return check


def codes(list_name: str, many: bool = False):
    def check(value, profile):
        allowed = list(taxonomy()[list_name])
        given = value if many else [value]
        if many and (not isinstance(value, list) or not value):
            return f"expected a list of {list_name} codes: {', '.join(map(str, allowed))}"
        unknown = [v for v in given if v not in allowed]
        return f"unknown code(s) {unknown}; allowed: {', '.join(map(str, allowed))}" if unknown else None

    return check


def stage_numbers(value, profile):
    if not isinstance(value, list) or not value or not all(isinstance(s, int) and 0 <= s <= 4 for s in value):
        return "expected a list of stages, whole numbers 0 to 4, e.g. [1] or [2, 3]"
    return None


def flag(value, profile):
    return None if isinstance(value, bool) else "expected true or false"


def profile_list(value, profile):
    return one_of("service_areas", "adult_service_areas")(value, profile)


def theme(value, profile):
    known = [str(t) for t in profile.raw.get("themes", [])]
    return None if value in known else f"must be one of the profile's themes: {', '.join(known)}"


def division_names(value, profile):
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        return "expected {division: short name}, e.g. {Children's Social Care: CSC}"
    unknown = [d for d in value if d not in profile.divisions]
    return (
        f"unknown division(s) {unknown}; the profile's divisions: {', '.join(profile.divisions)}" if unknown else None
    )


def case_type_list(value, profile):
    """[{procedure: corporate, stage: 1, label: ...}, {enquiry: mp, label: ...}]: the columns of a cases table."""
    shape = "expected a list of {procedure, stage, label} or {enquiry, label}"
    if not isinstance(value, list) or not value:
        return shape
    for n, kind in enumerate(value):
        if not isinstance(kind, dict) or not isinstance(kind.get("label"), str):
            return f"[{n}]: {shape}"
        if "enquiry" in kind:
            problem = codes("enquiry_types")(kind["enquiry"], profile) if set(kind) == {"enquiry", "label"} else shape
        elif set(kind) == {"procedure", "stage", "label"}:
            problem = codes("procedures")(kind["procedure"], profile) or codes("stages")(kind["stage"], profile)
        else:
            problem = shape
        if problem:
            return f"[{n}]: {problem}"
    return None


def _basis(kind: str, fallback: str | None = None):
    """The basis parameter, by default the profile's basis for that kind of table (or for `fallback`'s
    kind, or cases received, where the profile gives none)."""
    return Param(one_of(*BASES), default=lambda p: p.basis.get(kind) or p.basis.get(fallback, "received"))


def _services(name, p):
    return list(p.service_areas) if name == "service_areas" else list(p.raw.get(name) or [])


SERVICES = Param(profile_list, arg="services", default=lambda p: "service_areas", convert=_services)
STAGE = Param(codes("stages"))
STAGES = Param(stage_numbers, convert=lambda value, p: tuple(value))
WITHDRAWN = Param(codes("outcomes", many=True), convert=lambda value, p: tuple(value))
CASE_TYPES = Param(case_type_list, default=lambda p: cases.default_case_types(), convert=lambda v, p: list(v))
EXCLUDED = Param(codes("outcomes", many=True), convert=lambda value, p: tuple(value))
DIVISIONS = {"divisions": lambda p: list(p.divisions)}


def _recorded(frame: str, *columns: str):
    """Shown where the export records the fact: a value (true, for a yes/no column) in any row."""

    def when(data, years) -> bool:
        table = data.frames[frame]
        for column in columns:
            values = table[column].dropna() if column in table else []
            if len(values) and (values.astype(bool).any() if values.dtype == "boolean" else True):
                return True
        return False

    return when


def _two_years(data, years) -> bool:
    return len(years) > 1


def _limits(data, years) -> bool:
    return bool(stage_facts.limit_names(data.profile))


def _context(data, years) -> bool:
    context = data.frames["context"]
    return bool(len(context[context["financial_year"].isin(years)]))


ENTRIES: dict[str, Entry] = dict(DECLARED)


def _add(name, function, reads=("complaints",), period="years", **more) -> None:
    ENTRIES[name] = Entry(name, function, tuple(reads), period, **more)


# --- how many ---------------------------------------------------------------------------------------
_add("volumes_by_year", volumes.volumes_by_year, params={"basis": _basis("volumes")})
_add("volumes_by_quarter", volumes.volumes_by_quarter, period="year", params={"basis": _basis("volumes")})
_add("volumes_by_month", volumes.volumes_by_month, period="year", params={"basis": _basis("volumes")})
_add("volumes_by_service", volumes.volumes_by_service,
     params={"basis": _basis("volumes"), "services": SERVICES, "stage": STAGE,
             "procedure": Param(codes("procedures"))})  # fmt: skip
_add("volumes_by_division", volumes.volumes_by_division, period="year", params={"basis": _basis("volumes")},
     implicit=DIVISIONS)  # fmt: skip
_add("complainants", volumes.complainants, period="year", params={"basis": _basis("volumes")})
_add("complainant_types", volumes.complainant_types, period="year", params={"basis": _basis("volumes")})
_add("escalation", volumes.escalation, params={"basis": _basis("volumes")})
_add("rate_per_context", volumes.rate_per_context, reads=("complaints", "context"),
     params={"basis": _basis("volumes"), "context": Param(codes("context_measures"), arg="measure"),
             "per": Param(one_of(1000, 100))})  # fmt: skip
_add("received_and_closed_by_stage", stage_facts.received_and_closed_by_stage)
_add("stage2_offered_late", stage_facts.stage2_offered_late, when=_recorded("complaints", "stage2_offered_late"),
     when_text="where the export marks a stage 2 as offered because stage 1 was late")  # fmt: skip
_add("panels_held", stage_facts.panels_held, when=_recorded("complaints", "date_panel", "panel_held"),
     when_text="where the export records a review panel (date_panel or panel_held)")  # fmt: skip
_add("context_changes", context_figures.context_changes, reads=("context",), when=_context,
     when_text="where there are context figures for the years")  # fmt: skip

# --- on time --------------------------------------------------------------------------------------------
_add("on_time_by_stage", timeliness.on_time_by_stage, params={"basis": _basis("timeliness")},
     plotted_as=on_time_percentages)  # fmt: skip
_add("on_time_by_quarter", timeliness.on_time_by_quarter, period="year", params={"basis": _basis("timeliness")})
_add("on_time_by_division", timeliness.on_time_by_division, period="year", params={"basis": _basis("timeliness")},
     implicit=DIVISIONS)  # fmt: skip
_add("extensions_and_late", timeliness.extensions_and_late, period="year", params={"basis": _basis("timeliness")})
_add("open_at_year_end", timeliness.open_at_year_end, period="year")
_add("working_days_by_stage", stage_facts.working_days_by_stage, params={"basis": _basis("timeliness")})
_add("on_time_by_limit", stage_facts.on_time_by_limit, period="year", params={"basis": _basis("timeliness")},
     implicit={"limits": stage_facts.limit_headings}, when=_limits,
     when_text="where the profile's timescales set further limits (also:)")  # fmt: skip
_add("timescales", timescale_rules.timescales_table, reads=(), period="year",
     implicit={"timescales": lambda p: p.timescales})  # fmt: skip

# --- outcomes ---------------------------------------------------------------------------------------
_add("outcome_groups", outcomes.outcome_groups,
     params={"basis": _basis("outcomes"), "procedure": Param(codes("procedures"))})  # fmt: skip
_add("outcomes_by_stage", outcomes.outcomes_by_stage, period="year",
     params={"basis": _basis("outcomes"), "stages": STAGES})  # fmt: skip
_add("upheld_by_service", outcomes.upheld_by_service, period="year",
     params={"basis": _basis("outcomes"), "services": SERVICES})  # fmt: skip
_add("stage1_themes", outcomes.themes, period="year",
     params={"basis": _basis("outcomes"), "upheld_only": Param(flag)})  # fmt: skip

# --- compliments, the Ombudsman, costs, enquiries, FOI ------------------------------------------------
_add("compliments_by_year", feedback.compliments_by_year, reads=("compliments",), implicit=DIVISIONS)
_add("compliments_by_service", feedback.compliments_by_service, reads=("compliments",), params={"services": SERVICES})
_add("compliment_themes", feedback.compliment_themes, reads=("compliments",), period="year")
_add("lgsco_by_year", ombudsman.lgsco_by_year, reads=("ombudsman",), plotted_as=lambda table, years: transpose(table))
_add("uphold_rates", ombudsman.uphold_rates, reads=("ombudsman",), period="year",
     params={"denominator": Param(one_of("decisions", "investigated"), default=lambda p: p.lgsco_uphold_denominator)})  # fmt: skip
_add("lgsco_decisions", ombudsman.lgsco_decisions, reads=("ombudsman",), period="year")
_add("lgsco_groups", ombudsman.lgsco_groups, reads=("ombudsman",))
_add("remedies", ombudsman.remedies, reads=("ombudsman",), period="year", shown_as=money_rows)
_add("ombudsman_routes", ombudsman.ombudsman_routes, reads=("ombudsman",), when=_recorded("ombudsman", "route"),
     when_text="where the Ombudsman export records how complaints came to it (route)")  # fmt: skip
_add("lgsco_received_by_service", lgsco_cases.lgsco_received_by_service, reads=("ombudsman",), period="year")
_add("lgsco_completed", lgsco_cases.lgsco_completed, reads=("ombudsman",), period="year")
_add("costs_by_year", costs.costs_by_year, reads=("costs",), plotted_as=lambda table, years: in_pounds(table))
_add("enquiries_by_year", feedback.enquiries_by_year, reads=("enquiries",))
_add("enquiries_by_quarter", feedback.enquiries_by_quarter, reads=("enquiries",), period="year")
_add("enquiries_on_time", feedback.enquiries_on_time, reads=("enquiries",), period="year",
     params={"basis": _basis("timeliness")})  # fmt: skip
_add("foi_by_month", foi.foi_by_month, reads=("foi",), period="year")
_add("foi_by_year", foi.foi_by_year, reads=("foi",))
_add("foi_change", changes.foi_change, reads=("foi",), when=_two_years, when_text="where there is a year before")
_add("foi_on_time", foi.foi_on_time, reads=("foi",), period="year", params={"basis": Param(one_of(*BASES))})
_add("foi_on_time_by_year", foi.foi_on_time_by_year, reads=("foi",), params={"basis": _basis("foi_by_year")})

# --- complaints and enquiries as cases (a layout like Lewisham's) ------------------------------------------
CASES = ("complaints", "enquiries")
_add("cases_by_year", cases.cases_by_year, reads=CASES, params={"case_types": CASE_TYPES})
_add("cases_by_quarter", cases.cases_by_quarter, reads=CASES, period="year", params={"case_types": CASE_TYPES})
_add("cases_by_month", cases.cases_by_month, reads=CASES, period="year", params={"case_types": CASE_TYPES})
_add("cases_change", cases.cases_change, reads=CASES, params={"case_types": CASE_TYPES}, when=_two_years,
     when_text="where there is a year before")  # fmt: skip
_add("cases_on_time_by_quarter", cases.cases_on_time_by_quarter, reads=CASES, period="year",
     params={"case_types": CASE_TYPES, "basis": _basis("timeliness"), "exclude_outcomes": EXCLUDED})  # fmt: skip
_add("cases_on_time_by_division", cases.cases_on_time_by_division, reads=CASES, period="year",
     params={"case_types": CASE_TYPES, "basis": _basis("timeliness"), "exclude_outcomes": EXCLUDED},
     implicit=DIVISIONS)  # fmt: skip
_add("excluded_on_time", cases.excluded_on_time, period="year",
     params={"exclude_outcomes": Param(codes("outcomes", many=True), convert=lambda v, p: tuple(v), required=True),
             "basis": _basis("timeliness")})  # fmt: skip
_add("theme_by_division_quarter", cases.theme_by_division_quarter, period="year",
     params={"theme": Param(theme, required=True), "procedure": Param(codes("procedures")), "stage": STAGE,
             "basis": _basis("volumes")}, implicit=DIVISIONS)  # fmt: skip

# --- stage 2 and 3 requests, advocacy -----------------------------------------------------------------------
_add("stage_requests_by_year", stage_requests.stage_requests_by_year,
     params={"stage": STAGE, "withdrawn_outcomes": WITHDRAWN, "basis": _basis("volumes")})  # fmt: skip
_add("stage_status_by_division", stage_requests.stage_status_by_division, period="year",
     params={"stage": STAGE, "withdrawn_outcomes": WITHDRAWN, "abbreviations": Param(division_names)},
     implicit=DIVISIONS)  # fmt: skip
_add("escalation_overall", stage_requests.escalation_overall,
     params={"withdrawn_outcomes": WITHDRAWN, "basis": _basis("volumes")})  # fmt: skip
_add("stage_outcomes", stage_requests.stage_outcomes, period="year",
     params={"stage": STAGE, "withdrawn_outcomes": WITHDRAWN, "basis": _basis("stage_outcomes", "outcomes")})  # fmt: skip
_add("stage_requests_total", stage_requests.stage_requests_total,
     params={"stage": STAGE, "basis": _basis("volumes")})  # fmt: skip
_add("stage_cases_completed", stage_requests.stage_cases_completed, period="year", params={"stage": STAGE})
_add("advocacy_by_stage", stage_requests.advocacy_by_stage, reads=CASES, period="year",
     params={"stages": STAGES, "basis": _basis("volumes")})  # fmt: skip


# --- looking a measure up by name --------------------------------------------------------------------


def entries() -> dict[str, Entry]:
    """Every measure of the catalogue, by name."""
    return ENTRIES


def check_table_item(doc, at: tuple, spec: dict, profile) -> dict:
    """A `measure:` item checked against its measure's parameters; the item as the report will use it."""
    name = spec.get("measure")
    if name not in ENTRIES:
        raise doc.error(at + ("measure",), f"unknown measure {name!r}; the catalogue has: {', '.join(sorted(ENTRIES))}")
    return check_entry_item(ENTRIES[name], doc, at, spec, profile)


def item_years(spec: dict, data) -> list[str]:
    """The report years a checked item covers (catalogue_base.entry_years)."""
    return entry_years(ENTRIES[spec["measure"]], spec, data)


def compute(spec: dict, data):
    """The Table a checked item declares, under its key and title (None where its measure is shown only
    when the data has it, and it has not)."""
    return compute_entry(ENTRIES[spec["measure"]], spec, data)


def measure_function(spec: dict):
    """The tested function behind an item (shown with its file and line in the audit edition)."""
    function = ENTRIES[spec["measure"]].function
    return getattr(function, "__wrapped__", function)
