"""Read an authority-year's raw exports (never modified) into canonical tables of text, ready for
validation, and after validation give them their types."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from pipelines import ROOT
from pipelines.config.profile import Profile, check_year
from pipelines.config.vocabulary import tables
from pipelines.inputs import sources
from pipelines.inputs.files import InputFileError, RawTable, normalise, read_csv_text
from pipelines.inputs.source_config import table_sources

RAW_ROOT = ROOT / "data" / "raw"
REQUIRED_TABLES = ("complaints",)


def raw_dir(authority: str, year: str, root: Path = RAW_ROOT) -> Path:
    check_year(year)
    return root / authority / year


def read_raw(profile: Profile, year: str, root: Path = RAW_ROOT, warn: bool = True) -> dict[str, RawTable]:
    """Every canonical table for an authority-year: from the exports the profile's `source` section
    maps (pipelines/inputs/sources.py), else from the contract's CSV files. Every mapping problem in every
    export is raised together, as one SourceMappingError. What must be checked by hand is kept with each
    table (`notes`) and, unless `warn` is false (a command that prints the notes itself), also warned."""
    with warnings.catch_warnings():
        if not warn:
            warnings.simplefilter("ignore", sources.AmbiguousDates)
        return _read_raw(profile, year, root)


def _read_raw(profile: Profile, year: str, root: Path) -> dict[str, RawTable]:
    folder = raw_dir(profile.key, year, root)
    if not folder.is_dir():
        raise InputFileError(f"no raw data for {profile.key} {year}: expected a folder {folder}")
    mapped = table_sources(profile)
    out, problems, workbooks = {}, [], {}
    try:
        for table, spec in tables().items():
            path = folder / spec["file"]
            if table == "context" and profile.context_source == "dfe":
                out[table] = _dfe_context(profile, path)
            elif table in mapped:
                raw, found = sources.read_mapped(folder, mapped[table], profile, workbooks, table in REQUIRED_TABLES)
                out[table] = raw or RawTable(table, None, empty_text(table))
                problems += found
            elif path.exists():
                out[table] = RawTable(table, path, normalise(table, read_csv_text(path)))
            elif table in REQUIRED_TABLES:
                raise InputFileError(f"{path}: required file is missing")
            else:
                out[table] = RawTable(table, None, empty_text(table))
    finally:
        for book in workbooks.values():
            book.close()
    if problems:
        raise sources.SourceMappingError(profile.key, folder, problems)
    return out


def _dfe_context(profile: Profile, path: Path) -> RawTable:
    """Context figures read from DfE's published statistics at run time (profile `context: dfe`), and
    beside them the authority's own figures from a context.csv, if it has one (its own referral count is
    not DfE's, so it has a name of its own: a measure DfE gives is refused there)."""
    from pipelines.inputs import dfe

    if profile.dfe_la_code is None:
        raise InputFileError(f"profile {profile.key}: context: dfe needs dfe_la_code")
    frame = dfe.context_figures(profile.dfe_la_code).astype("string")
    files = tuple(dfe.reference_dir() / s.file for s in dfe.SOURCES.values())
    if not path.exists():
        return RawTable("context", None, frame.reset_index(drop=True), sources=files)
    own = normalise("context", read_csv_text(path))
    given = own["measure"].str.strip().str.lower() if "measure" in own else pd.Series(dtype="string")
    twice = given[given.isin(list(dfe.SOURCES))]
    if len(twice):
        lines, names = ", ".join(str(int(i) + 2) for i in twice.index), sorted(set(twice))
        what = (
            f"measures {', '.join(names)} are DfE's figures"
            if len(names) > 1
            else f"measure {names[0]} is DfE's figure"
        )
        raise InputFileError(
            f"{path}, line(s) {lines}: {what} (the profile has context: dfe); give the council's own count a "
            f"name of its own, such as council_{twice.iloc[0]}, with a label saying what it is"
        )
    # The authority's rows first, so that a validation error's line is its line in context.csv.
    both = pd.concat([own, frame], ignore_index=True)
    return RawTable("context", path, both, sources=files)


def empty_text(table: str) -> pd.DataFrame:
    """A table with the contract's columns and no rows (an optional export not supplied)."""
    return pd.DataFrame({c: pd.Series(dtype="string") for c in tables()[table]["columns"]})


def typed(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Give a validated text table its contract types (dates, whole numbers, booleans, money)."""
    spec = tables()[table]["columns"]
    out = pd.DataFrame(index=frame.index)
    for column, col in spec.items():
        values = frame[column] if column in frame else pd.Series(pd.NA, index=frame.index, dtype="string")
        values = _with_default(values, col.get("default"), frame)
        kind = col["type"]
        if kind == "date":
            out[column] = pd.to_datetime(values, format="%Y-%m-%d")
        elif kind == "int":
            out[column] = pd.to_numeric(values).astype("Int64")
        elif kind == "bool":
            out[column] = values.map({"true": True, "false": False}).astype("boolean")
        elif kind == "money":
            # pence as whole numbers, so that sums are exact
            out[column] = values.map(lambda v: pd.NA if pd.isna(v) else round(float(v) * 100)).astype("Int64")
        else:
            out[column] = values.astype("string")
    return out


def _with_default(values: pd.Series, default, frame: pd.DataFrame) -> pd.Series:
    """A blank optional column as the contract's `default` says: a literal (true/false), or
    {from: column}: true where that column is filled."""
    if default is None:
        return values
    if isinstance(default, dict):
        source = frame[default["from"]] if default["from"] in frame else pd.Series(pd.NA, index=frame.index)
        filler = source.notna().map({True: "true", False: "false"})
    else:
        filler = pd.Series(str(default).lower(), index=frame.index)
    return values.astype("string").fillna(filler.astype("string"))
