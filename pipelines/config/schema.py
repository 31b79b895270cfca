"""The one checked shape of an authority profile (config/authorities/<name>.yaml), with pydantic.

Every key is typed and ranged, unknown keys are refused, and every mistake is reported as the file,
the line (from PyYAML's node marks) and what is allowed, never as a traceback.

To add a key: add a field to the model of the profile section it belongs to (or a new model for a
new section, named in `ProfileModel`), with its type, range and default; describe it in
docs/adding-an-authority.md. Nothing else is needed: unknown keys are refused until they are declared.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from pipelines.config.located import locate, read_yaml
from pipelines.config.vocabulary import CONFIG_DIR, ConfigError, _read_yaml, taxonomy

BUILT_IN_REPORT = CONFIG_DIR / "reports" / "default.yaml"
Text = Annotated[str, Field(min_length=1, max_length=300)]
Days = Annotated[StrictInt, Field(ge=1, le=366)]


def _financial_year(text: str) -> str:
    start, end = text.split("-")
    if (int(start) + 1) % 100 != int(end):
        raise ValueError(f"{text!r} is not a financial year (like 2024-25)")
    return text


Year = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    Field(pattern=r"^\d{4}-\d{2}$"),
    AfterValidator(_financial_year),
]


class At(ValueError):
    """A mistake found by a check of a whole section, at `path` below the key being checked (so that
    the message names the line of the item itself)."""

    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path = path


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Calendar(Strict):
    count_from: Literal["next_working_day", "day_of_receipt"] = "next_working_day"


Basis = Literal["received", "closed"]


class BasisModel(Strict):
    volumes: Basis = "received"
    outcomes: Basis = "closed"
    timeliness: Basis = "closed"
    stage_outcomes: Basis | None = None
    foi_by_year: Basis | None = None


class Suppression(Strict):
    # 0 switches suppression off; a negative threshold would silently publish every small number.
    threshold: Annotated[StrictInt, Field(ge=0, le=100)] = 5


class Disclosure(Strict):
    """The small-numbers policy (pipelines/rules/disclosure_policy.py reads it)."""

    threshold: Annotated[StrictInt, Field(ge=0, le=100)] = 5
    protection: Annotated[StrictInt, Field(ge=0, le=100)] | None = None
    protect: list[str] = []
    publish: list[str] = []

    @model_validator(mode="after")
    def _not_both(self):
        both = sorted(set(self.protect) & set(self.publish))
        if both:
            raise ValueError(f"table {both[0]} is in both protect and publish")
        return self


class TimescaleRule(Strict):
    from_: date = Field(default=date(1900, 1, 1), alias="from")
    days: Days | None = None
    months: Annotated[StrictInt, Field(ge=1, le=24)] | None = None
    extended: Days | None = None
    panel: Days | None = None
    findings: Days | None = None
    response: Days | None = None
    # further limits reported beside `days` (the council's own target beside the guidance's)
    also: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Days] = {}

    @model_validator(mode="after")
    def _one_limit(self):
        if (self.days is None) == (self.months is None):
            raise ValueError("each rule needs either 'days' (working days) or 'months' (calendar months)")
        if self.extended is not None and self.days is not None and self.extended < self.days:
            raise ValueError(f"extended ({self.extended}) is shorter than days ({self.days})")
        return self


# Which stages (or kinds of request) each procedure's timescales may name.
TIMESCALE_KEYS = {"enquiries": "enquiry_types", "foi": "foi_types"}


class SectionSpan(Strict):
    from_: Year | None = Field(default=None, alias="from")
    until: Year | None = None


class Breakdown(Strict):
    """One entry of `breakdowns:` (pipelines/measures/breakdowns.py describes each key)."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)
    key: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]{0,63}$")]
    title: Text
    section: str
    rows: Text
    source: Literal[
        "complaints", "adult_complaints", "all_complaints", "compliments", "ombudsman", "costs", "enquiries"
    ] = "complaints"
    count: Literal["complaints", "rows", "amount"] = "rows"
    amount: str | None = None
    basis: Literal["received", "closed", "decided"] = "received"
    order: list | None = None
    labels: dict | None = None
    other: str | None = None
    missing: str | None = None
    where: dict | None = None
    exclude: dict | None = None
    years: Annotated[int, Field(ge=1, le=20)] | None = None
    change: bool = False
    difference: bool = False
    share: Annotated[int, Field(ge=0, le=3)] | None = None
    share_all: bool = False
    total: bool = True
    chart: bool = False
    unit: str | None = None
    notes: list[str] | None = None
    reports: SectionSpan | None = None

    @model_validator(mode="after")
    def _amount(self):
        if self.count == "amount" and not self.amount:
            raise ValueError("count: amount needs the money column to add up (amount:)")
        return self


class SourceTable(Strict):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)
    file: Text
    sheet: str | None = None
    columns: dict[str, str] = {}
    labels: dict[str, dict] = {}
    separators: dict[str, str] = {}
    header_row: Annotated[int, Field(ge=1)] | None = None  # checked in detail by inputs.source_config
    wide: dict | None = None
    folder: Literal["year", "authority"] = "year"


class Privacy(Strict):
    # Capitalised words that may stay in published free text although no English dictionary has them
    # (place names, services, the council's own terms): every other name-like word is reduced to initials.
    allowed_words: list[Text] = []


class Validation(Strict):
    # Report years in which the authority really had no complaints (otherwise an export without a
    # complaint in the report year is refused: a header-only export would publish a report of zeros).
    empty_years: list[Year] = []


class ProfileModel(Strict):
    """The whole profile: one field per top-level key."""

    name: Text
    short_name: Text | None = None
    service: Text = "Children's Services"
    report_title: Text = "Complaints and Compliments Annual Report"
    ons_code: Annotated[str, Field(pattern=r"^[EWSN]\d{8}$")] | None = None
    dfe_la_code: Annotated[StrictInt, Field(ge=100, le=999)] | None = None
    context: Literal["file", "dfe"] = "file"
    calendar: Calendar = Calendar()
    basis: BasisModel = BasisModel()
    timescales: dict[str, dict[StrictInt | str, list[TimescaleRule]]] = {}
    service_areas: list[Text] = []
    adult_service_areas: list[Text] = []
    themes: list[Text] = []
    compliment_themes: list[Text] = []
    divisions: list[Text] = []
    lgsco_uphold_denominator: Literal["decisions", "investigated"] = "decisions"
    suppression: Suppression | None = None  # the older form of disclosure: {threshold: N}
    disclosure: Disclosure | None = None
    # Left out only where <name>.report.yaml declares the report's sections (document/declaration.py).
    sections: Annotated[list[str | dict[str, SectionSpan]], Field(min_length=1)] | None = None
    trend_years: Annotated[StrictInt, Field(ge=1, le=20)] = 3
    breakdowns: list[Breakdown] | None = None
    source: dict[str, SourceTable] | None = None
    labels: dict[str, dict[StrictInt | str | bool, Text]] = {}
    privacy: Privacy = Privacy()
    validation: Validation = Validation()
    # headings of the timescale limits (`days` and each `also:` name) in the on-time-by-limit table
    timescale_labels: dict[str, Text] = {}
    compliment_quotes: Literal["one_per_service_area", "all"] = "one_per_service_area"

    @model_validator(mode="after")
    def _one_policy(self):
        if self.disclosure is not None and self.suppression is not None:
            raise ValueError("give either disclosure: or the older suppression:, not both")
        return self

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, sections):
        known = known_sections()
        for n, entry in enumerate(sections):
            if isinstance(entry, dict) and len(entry) != 1:
                raise At((n,), "a section is a name or {name: {from: year, until: year}}")
            name = next(iter(entry)) if isinstance(entry, dict) else entry
            if name not in known:
                raise At((n,), f"unknown section {name!r}; the sections are {', '.join(sorted(known))}")
        return sections

    @field_validator("timescales")
    @classmethod
    def _timescale_keys(cls, timescales):
        tax = taxonomy()
        for procedure, stages in timescales.items():
            if procedure in TIMESCALE_KEYS:
                allowed = set(tax[TIMESCALE_KEYS[procedure]])
            elif procedure in tax["procedures"]:
                allowed = set(tax["stages"])
            else:
                known = sorted(set(tax["procedures"]) | set(TIMESCALE_KEYS))
                raise At((procedure,), f"unknown procedure {procedure!r}; timescales are given for {', '.join(known)}")
            for stage in stages:
                if stage not in allowed:
                    raise At((procedure, stage), f"unknown stage {stage!r}; allowed: {', '.join(map(str, allowed))}")
        return timescales

    @field_validator("labels")
    @classmethod
    def _label_codes(cls, labels):
        tax = taxonomy()
        for list_name, mapping in labels.items():
            if list_name not in tax:
                raise At((list_name,), f"unknown taxonomy list {list_name!r}; the lists are {', '.join(tax)}")
            unknown = sorted(str(c) for c in set(mapping) - set(tax[list_name]))
            if unknown:
                raise At((list_name,), f"unknown codes {unknown}; allowed: {', '.join(map(str, tax[list_name]))}")
        return labels

    @field_validator("breakdowns")
    @classmethod
    def _breakdowns(cls, breakdowns):
        known, seen = known_sections(), set()
        for n, spec in enumerate(breakdowns or []):
            if spec.key in seen:
                raise At((n, "key"), f"breakdown {spec.key}: the key is used twice")
            seen.add(spec.key)
            if spec.section not in known:
                raise At((n, "section"), f"breakdown {spec.key}: unknown section {spec.section!r}")
        return breakdowns


def known_sections() -> set[str]:
    """The built-in sections a profile's `sections:` may list: those of the built-in report
    (config/reports/default.yaml). An authority's own sections are declared in <name>.report.yaml."""
    return {s["key"] for s in _read_yaml(BUILT_IN_REPORT).get("sections", [])}


def read_profile_yaml(path: Path) -> tuple[dict, yaml.Node]:
    """The profile's data and its node tree (for line numbers); YAML mistakes as ConfigErrors."""
    data, node = read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}, line 1: a profile is a mapping of keys (name:, sections:, ...)")
    return data, node


def _yaml_loc(loc: tuple) -> tuple:
    """pydantic adds the branch of a union to the location (e.g. 'str', 'dict[str,SectionSpan]')."""
    return tuple(p for p in loc if isinstance(p, int) or "[" not in str(p) and str(p) not in ("str", "int", "bool"))


def _below(error: dict) -> tuple:
    found = (error.get("ctx") or {}).get("error")
    return found.path if isinstance(found, At) else ()


# A union reports each branch it tried; a branch that failed only on the kind of value is noise when
# another branch got further (e.g. a section is a name or a mapping: the mapping's own error says more).
_KIND_ERRORS = {"string_type", "int_type", "bool_type", "dict_type", "list_type", "model_type", "int_from_float"}


def check_profile(data: dict, node: yaml.Node | None, path: Path) -> ProfileModel:
    """The profile checked against ProfileModel; all its mistakes in one ConfigError."""
    try:
        model = ProfileModel.model_validate(data)
    except ValidationError as exc:
        errors = [(e, _yaml_loc(e["loc"]) + _below(e)) for e in exc.errors()]
        deeper = [loc for _, loc in errors]
        lines, seen = [], set()
        for error, loc in errors:
            if error["type"] in _KIND_ERRORS and any(len(o) > len(loc) and o[: len(loc)] == loc for o in deeper):
                continue
            line, where = locate(node, loc)
            text = f"{path}, line {line or 1}: {where or '(top level)'}: {_explain(error)}"
            if text not in seen:
                seen.add(text)
                lines.append(text)
        raise ConfigError("the profile has mistakes:\n  " + "\n  ".join(lines)) from None
    report_file = Path(path).with_name(f"{Path(path).stem}.report.yaml")
    if model.sections is None and not report_file.is_file():
        raise ConfigError(
            f"{path}, line 1: sections: required (the report's sections in order), unless "
            f"{report_file.name} beside the profile declares them (docs/adding-an-authority.md)"
        )
    return model


_PLAIN = {
    "dict_type": "expected a mapping (key: value lines)",
    "model_type": "expected a mapping (key: value lines)",
    "list_type": "expected a list (- item lines, or [a, b])",
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "date_type": "expected a date written YYYY-MM-DD",
    "bool_type": "expected true or false",
}


# Profile keys that became parameters of the report's items (config/reports/default.yaml and an
# authority's <name>.report.yaml): what to write instead.
RETIRED = {
    "published_facts": "the built-in report shows these tables where the data has them; a report file lists "
    "them as items (measure: working_days_by_stage ...)",
    "case_types": "a parameter of the cases tables in the report file (parameters: {case_types: [...]})",
    "timeliness_excludes_outcomes": "the parameter exclude_outcomes of the cases on-time tables in the report file",
    "theme_tables": "an item of the report file: {measure: theme_by_division_quarter, key: ..., theme: ...}",
    "stage_requests": "the parameters withdrawn_outcomes and abbreviations of the stage 2 items in the report file",
}


def _explain(error: dict) -> str:
    kind, message = error["type"], error["msg"]
    key = error["loc"][-1] if error.get("loc") else None
    if kind == "extra_forbidden" and key in RETIRED:
        return f'no longer a profile key: {RETIRED[key]} (docs/adding-an-authority.md, "Declaring the report")'
    if kind == "extra_forbidden":
        return "unknown key (a misspelling? see docs/adding-an-authority.md for the keys a profile takes)"
    if kind == "missing":
        return "required, but missing"
    if kind in _PLAIN:
        message = _PLAIN[kind]
    given = error.get("input")
    shown = "" if isinstance(given, dict | list) or repr(given) in message else f" (got {given!r})"
    return message.removeprefix("Value error, ") + shown
