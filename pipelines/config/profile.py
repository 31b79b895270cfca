"""Authority profiles (config/authorities/<name>.yaml): names, calendar, timescales, label lists,
sections and layout, loaded and checked; and financial-year parameters."""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from pipelines.config.schema import Disclosure, ProfileModel, Suppression, check_profile, read_profile_yaml
from pipelines.config.vocabulary import CONFIG_DIR, ConfigError

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
    # <name>.report.yaml beside a profile is its report declaration, not a profile
    return sorted({p.stem for d in _profile_dirs() for p in d.glob("*.yaml") if _NAME.match(p.stem)})


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
    disclosure: dict  # the small-numbers policy as the schema checked it (rules/disclosure_policy.py applies it)
    context_source: str = "file"  # "dfe": context figures from DfE's statistics, not context.csv
    raw: dict = field(repr=False, hash=False, compare=False, default_factory=dict)
    section_years: dict = field(default_factory=dict)  # section -> {from, until}: published only in those years

    @property
    def empty_years(self) -> list:
        """Report years the profile declares had no complaints (validation.empty_years)."""
        return [str(y) for y in (self.raw.get("validation") or {}).get("empty_years", [])]

    @property
    def vocabulary(self) -> frozenset[str]:
        """Lower-case words of the profile's own names and lists (and privacy.allowed_words): kept in
        published free text although capitalised (pipelines/rules/privacy.py)."""
        raw = self.raw
        texts = [self.name, self.short_name, self.service, self.report_title]
        for key in ("service_areas", "adult_service_areas", "divisions", "themes", "compliment_themes"):
            texts += [str(v) for v in raw.get(key) or []]
        texts += [str(v) for v in (raw.get("privacy") or {}).get("allowed_words", [])]
        texts += [str(v) for mapping in (raw.get("labels") or {}).values() for v in mapping.values()]
        texts += [str(c.get("label", "")) for c in raw.get("case_types") or []]
        return frozenset(w.lower() for t in texts for w in re.findall(r"[A-Za-z][A-Za-z'’]*", t))


def disclosure_policy(model) -> dict:
    """The profile's `disclosure:` (or the older `suppression: {threshold: N}`), with its defaults: the
    protection interval is the threshold unless given."""
    given = model.disclosure or Disclosure(threshold=(model.suppression or Suppression()).threshold)
    return {
        "threshold": given.threshold,
        "protection": given.threshold if given.protection is None else given.protection,
        "protect": frozenset(given.protect),
        "publish": frozenset(given.publish),
    }


def load_profile(key: str) -> Profile:
    """Load config/authorities/<key>.yaml; only known profile names are accepted, and the profile is
    checked against pipelines/config/schema.py (file, line and what is allowed for every mistake)."""
    if not isinstance(key, str) or not _NAME.match(key) or key not in available_profiles():
        raise ConfigError(f"unknown authority {key!r}; known profiles: {', '.join(available_profiles())}")
    path = profile_path(key)
    raw, model = _checked(str(path), *_version(path))
    raw = copy.deepcopy(raw)
    return Profile(
        key=key,
        name=model.name,
        short_name=model.short_name or model.name,
        service=model.service,
        report_title=model.report_title,
        ons_code=model.ons_code or "",
        dfe_la_code=model.dfe_la_code,
        count_from=model.calendar.count_from,
        basis=model.basis.model_dump(exclude_none=True),
        timescales=_parse_timescales(key, raw.get("timescales", {})),
        service_areas=list(model.service_areas),
        divisions=list(model.divisions),
        sections=[next(iter(s)) if isinstance(s, dict) else s for s in model.sections or []],
        trend_years=model.trend_years,
        lgsco_uphold_denominator=model.lgsco_uphold_denominator,
        disclosure=disclosure_policy(model),
        context_source=model.context,
        raw=raw,
        section_years=_section_years(raw.get("sections") or []),
    )


def _version(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=64)
def _checked(path: str, mtime_ns: int, size: int) -> tuple[dict, ProfileModel]:
    # Every section notebook loads the profile: read and check each version of the file once.
    data, node = read_profile_yaml(Path(path))
    return data, check_profile(data, node, Path(path))


BREAKDOWN_SOURCES = (
    "complaints",
    "adult_complaints",
    "all_complaints",
    "compliments",
    "ombudsman",
    "costs",
    "enquiries",
)


def _section_years(sections: list) -> dict:
    """Sections written `{name: {from: 2019-20, until: 2021-22}}` are published only in those years
    (their shape is checked by the schema)."""
    out = {}
    for entry in sections:
        if isinstance(entry, dict):
            name, span = next(iter(entry.items()))
            out[name] = {k: str(v) for k, v in span.items()}
    return out


def _parse_timescales(key: str, spec: dict) -> dict:
    """{procedure: {stage or enquiry type: [rule, ...] sorted by 'from'}} (checked by the schema)."""
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
                _check_also(key, f"timescales.{procedure}.{stage}", rule)
                parsed.append({**rule, "from": start})
            out[procedure][stage] = sorted(parsed, key=lambda r: r["from"])
    return out


RULE_KEYS = ("from", "days", "months", "extended", "panel", "findings", "response", "also")
_LIMIT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_also(key: str, where: str, rule: dict) -> None:
    """A rule's further limits beside `days` (`also: {council: 20}`: the council's own target beside
    the guidance's), each a name and a whole number of working days."""
    also = rule.get("also", {})
    if not isinstance(also, dict):
        raise ConfigError(f"{key}: {where}.also: expected names mapped to working days, like also: {{council: 20}}")
    for name, days in also.items():
        if not isinstance(name, str) or not _LIMIT_NAME.match(name) or name in RULE_KEYS:
            raise ConfigError(
                f"{key}: {where}.also: {name!r} must be a lower-case name (letters, digits, _) other than "
                f"{', '.join(RULE_KEYS)}"
            )
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ConfigError(f"{key}: {where}.also.{name}: must be a whole number of working days, got {days!r}")
