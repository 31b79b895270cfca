"""Checks a command can make in well under a second, before pandas, Great Expectations or Jupyter are
imported: the year's spelling, the authority's profile (with "did you mean"), and its raw data folder
(with the years that exist). Only the standard library and pipelines.config are imported here."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from pipelines import ROOT
from pipelines.config.profile import available_profiles, check_year
from pipelines.config.vocabulary import ConfigError

# The same folder as pipelines.inputs.ingest.RAW_ROOT (a test keeps them equal); not imported from
# there because that module brings pandas with it.
RAW_ROOT = ROOT / "data" / "raw"
_SLASHED = re.compile(r"^(\d{4})/(\d{2})$")


def normal_year(text: str) -> str:
    """'2024-25' and '2024/25' (as reports print it) -> '2024-25'; anything else is refused."""
    text = str(text).strip()
    m = _SLASHED.match(text)
    year = f"{m.group(1)}-{m.group(2)}" if m else text
    try:
        check_year(year)
    except ConfigError:
        raise ConfigError(f"year must look like 2024-25 or 2024/25 (a financial year), got {text!r}") from None
    return year


def years_with_data(authority: str, raw_root: Path | None = None) -> list[str]:
    raw_root = raw_root or RAW_ROOT
    found = []
    for folder in sorted(Path(raw_root, authority).glob("*")):
        try:
            check_year(folder.name)
        except ConfigError:
            continue
        if folder.is_dir():
            found.append(folder.name)
    return found


def check_authority(authority: str) -> None:
    """An unknown authority is refused with the nearest profile names and the list of them all."""
    known = available_profiles()  # file names, so "../x" or "a/../b" is never one of them
    if authority in known:
        return
    close = difflib.get_close_matches(str(authority), known, n=3, cutoff=0.6)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    raise ConfigError(
        f"unknown authority {authority!r} (no config/authorities/<name>.yaml).{hint} Profiles: {', '.join(known)}"
    )


def check_run(authority: str, year: str, raw_root: Path | None = None) -> str:
    """The year normalised, once the profile and its raw data folder for that year are known to exist."""
    raw_root = raw_root or RAW_ROOT
    year = normal_year(year)
    check_authority(authority)
    if not Path(raw_root, authority, year).is_dir():
        years = years_with_data(authority, raw_root)
        have = f"years with data: {', '.join(years)}" if years else "no year has data yet"
        raise ConfigError(f"no raw data folder {Path(raw_root, authority, year)} for {authority} {year}; {have}")
    return year
