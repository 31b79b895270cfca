"""Authority profiles (config/authorities/<name>.yaml): names, calendar, timescales, label lists,
sections and layout, loaded and checked; and financial-year parameters."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipelines.config.vocabulary import CONFIG_DIR, ConfigError, _read_yaml, taxonomy

PROFILE_DIR = CONFIG_DIR / "authorities"
# Further folders of profiles (os.pathsep-separated), e.g. a regional group's own, or tests'.
EXTRA_PROFILES = "COMPLAINTS_REPORT_PROFILES"
DEFAULT_SUPPRESSION = 5  # published edition: counts from 1 to 5 are withheld unless a profile says otherwise
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def check_year(year: str) -> tuple[int, int]:
    """'2024-25' -> (2024, 2025); anything else is refused."""
    m = _YEAR.match(str(year))
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ConfigError(f"year must look like 2024-25 (a financial year), got {year!r}")
    start = int(m.group(1))
    return start, start + 1


def _profile_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get(EXTRA_PROFILES, "").split(os.pathsep) if p]
    return [PROFILE_DIR] + extra


def profile_path(key: str) -> Path | None:
    return next((d / f"{key}.yaml" for d in _profile_dirs() if (d / f"{key}.yaml").is_file()), None)


def available_profiles() -> list[str]:
    return sorted({p.stem for d in _profile_dirs() for p in d.glob("*.yaml")})


@dataclass(frozen=True)
class Profile:
    """One authority's settings: names, calendar, timescales, label lists, sections."""

    key: str
    name: str
    short_name: str
    service: str
    report_title: str
    ons_code: str
    dfe_la_code: int | None
    count_from: str
    basis: dict
    timescales: dict
    service_areas: list
    divisions: list
    sections: list
    trend_years: int
    lgsco_uphold_denominator: str
    suppression: int  # published edition: counts from 1 to this are shown as [c] (0: none)
    context_source: str = "file"  # "dfe": context figures from DfE's statistics, not context.csv
    raw: dict = field(repr=False, hash=False, compare=False, default_factory=dict)
    section_years: dict = field(default_factory=dict)  # section -> {from, until}: published only in those years

    def sections_for(self, year: str) -> list:
        """The sections published in `year` (a section may be limited to the years it existed)."""

        def shown(key):
            span = self.section_years.get(key, {})
            return str(span.get("from", year)) <= year <= str(span.get("until", year))

        return [key for key in self.sections if shown(key)]


def load_profile(key: str) -> Profile:
    """Load config/authorities/<key>.yaml; only known profile names are accepted."""
    if not isinstance(key, str) or not _NAME.match(key) or key not in available_profiles():
        raise ConfigError(f"unknown authority {key!r}; known profiles: {', '.join(available_profiles())}")
    raw = _read_yaml(profile_path(key))
    count_from = raw.get("calendar", {}).get("count_from", "next_working_day")
    if count_from not in ("next_working_day", "day_of_receipt"):
        raise ConfigError(f"{key}: calendar.count_from must be next_working_day or day_of_receipt")
    context_source = raw.get("context", "file")
    if context_source not in ("file", "dfe"):
        raise ConfigError(f"{key}: context must be file (context.csv) or dfe (DfE's published statistics)")
    denominator = raw.get("lgsco_uphold_denominator", "decisions")
    if denominator not in ("decisions", "investigated"):
        raise ConfigError(f"{key}: lgsco_uphold_denominator must be decisions or investigated")
    _check_breakdowns(key, raw.get("breakdowns") or [])
    for list_name, labels in raw.get("labels", {}).items():
        unknown = sorted(set(labels) - set(taxonomy().get(list_name, {})))
        if list_name not in taxonomy() or unknown:
            raise ConfigError(f"{key}: labels.{list_name}: unknown taxonomy list or codes {unknown}")
    return Profile(
        key=key,
        name=raw["name"],
        short_name=raw.get("short_name", raw["name"]),
        service=raw.get("service", "Children's Services"),
        report_title=raw.get("report_title", "Complaints and Compliments Annual Report"),
        ons_code=str(raw.get("ons_code", "")),
        dfe_la_code=raw.get("dfe_la_code"),
        count_from=count_from,
        basis={"volumes": "received", "outcomes": "closed", "timeliness": "closed", **raw.get("basis", {})},
        timescales=_parse_timescales(key, raw.get("timescales", {})),
        service_areas=list(raw.get("service_areas", [])),
        divisions=list(raw.get("divisions", [])),
        sections=[next(iter(s)) if isinstance(s, dict) else s for s in raw.get("sections", [])],
        trend_years=int(raw.get("trend_years", 3)),
        lgsco_uphold_denominator=denominator,
        # rules.disclosure_policy reads (and checks) the whole policy; this is its threshold
        suppression=int((raw.get("disclosure") or raw.get("suppression") or {}).get("threshold", DEFAULT_SUPPRESSION)),
        context_source=context_source,
        raw=raw,
        section_years=_section_years(key, raw.get("sections", [])),
    )


BREAKDOWN_SOURCES = (
    "complaints",
    "adult_complaints",
    "all_complaints",
    "compliments",
    "ombudsman",
    "costs",
    "enquiries",
)


def _check_breakdowns(key: str, specs: list) -> None:
    """The profile's own tables (pipelines/measures/breakdowns.py): each needs a unique key, a
    title, a section, the field it breaks down by, and a known source, count and basis."""
    seen = set()
    for n, spec in enumerate(specs, 1):
        where = f"{key}: breakdowns item {n}"
        if not isinstance(spec, dict):
            raise ConfigError(f"{where}: expected a mapping")
        missing = [k for k in ("key", "title", "section", "rows") if not spec.get(k)]
        if missing:
            raise ConfigError(f"{where}: needs {', '.join(missing)}")
        where = f"{key}: breakdown {spec['key']}"
        if spec["key"] in seen:
            raise ConfigError(f"{where}: the key is used twice")
        seen.add(spec["key"])
        if spec.get("source", "complaints") not in BREAKDOWN_SOURCES:
            raise ConfigError(f"{where}: source must be one of {', '.join(BREAKDOWN_SOURCES)}")
        if spec.get("count", "rows") not in ("complaints", "rows", "amount"):
            raise ConfigError(f"{where}: count must be complaints, rows or amount")
        if spec.get("count") == "amount" and not spec.get("amount"):
            raise ConfigError(f"{where}: count: amount needs the money column to add up (amount:)")
        if spec.get("basis", "received") not in ("received", "closed", "decided"):
            raise ConfigError(f"{where}: basis must be received, closed or decided")
        for bound in (spec.get("reports") or {}).values():
            check_year(str(bound))


def _section_years(key: str, sections: list) -> dict:
    """Sections written `{name: {from: 2019-20, until: 2021-22}}` are published only in those years."""
    out = {}
    for entry in sections:
        if isinstance(entry, dict):
            if len(entry) != 1 or not isinstance(next(iter(entry.values())), dict):
                raise ConfigError(f"{key}: a section is a name or {{name: {{from: year, until: year}}}}, got {entry!r}")
            name, span = next(iter(entry.items()))
            for bound in span.values():
                check_year(str(bound))
            out[name] = {k: str(v) for k, v in span.items()}
    return out


def _parse_timescales(key: str, spec: dict) -> dict:
    """{procedure: {stage or enquiry type: [rule, ...] sorted by 'from'}} with dates parsed."""
    out: dict = {}
    for procedure, stages in spec.items():
        out[procedure] = {}
        for stage, rules in stages.items():
            parsed = []
            for rule in rules:
                start = rule.get("from", date(1900, 1, 1))
                if not isinstance(start, date) or ("days" in rule) == ("months" in rule):
                    raise ConfigError(
                        f"{key}: timescales.{procedure}.{stage}: each rule needs a 'from' date and "
                        "either 'days' (working days) or 'months' (calendar months)"
                    )
                parsed.append({**rule, "from": start})
            out[procedure][stage] = sorted(parsed, key=lambda r: r["from"])
    return out
