"""Read an authority-year's raw exports (never modified) into canonical tables of text, ready for
validation, and after validation give them their types."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines import ROOT
from pipelines.config import Profile, check_year, tables
from pipelines.source_config import table_sources

RAW_ROOT = ROOT / "data" / "raw"
REQUIRED_TABLES = ("complaints",)
MAX_BYTES = 200 * 1024 * 1024


class InputFileError(ValueError):
    """A raw file is missing, empty, binary or unreadable, or does not match the profile's mapping."""


@dataclass
class RawTable:
    name: str
    path: Path | None          # None when an optional table has no file
    frame: pd.DataFrame        # text columns, canonical names; index = data row number (0-based)
    sheet: str | None = None   # the workbook sheet, when the export is a workbook
    headers: dict = field(default_factory=dict)    # canonical column -> export header, when mapped
    sources: tuple = ()        # published files read instead of an export (DfE context), for the manifest

    @property
    def files(self) -> list[Path]:
        return ([self.path] if self.path else []) + list(self.sources)

    @property
    def where(self) -> str:
        """The file (and sheet) as error messages name it."""
        return f"{self.path} (sheet {self.sheet!r})" if self.sheet else str(self.path)


def raw_dir(authority: str, year: str, root: Path = RAW_ROOT) -> Path:
    check_year(year)
    return root / authority / year


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(f"{path}: the file is empty")
    if size > MAX_BYTES:
        raise InputFileError(f"{path}: the file is {size / 1e6:.0f} MB, over the {MAX_BYTES // 10**6} MB limit")
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise InputFileError(f"{path}: this is not a text CSV file (it contains binary data)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFileError(f"{path}: the file is neither UTF-8 nor Windows-1252 text")


def read_csv_text(path: Path) -> pd.DataFrame:
    """A CSV as text: every cell a stripped string, blanks as missing, fully blank rows dropped."""
    from io import StringIO

    text = _read_text(path)
    try:
        frame = pd.read_csv(StringIO(text), dtype="string", keep_default_na=False, skip_blank_lines=False)
    except pd.errors.ParserError as exc:
        raise InputFileError(f"{path}: not a readable CSV file ({exc})") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda col: col.str.strip()).replace("", pd.NA)
    # Blank rows are dropped but the index keeps each row's place in the file (line = index + 2),
    # so that error messages name the right lines.
    return frame.dropna(how="all")


def _normalise(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Keep only contract columns (anything else, free text included, never goes further) and
    lower-case coded values so that 'Upheld ' and 'upheld' are the same code."""
    spec = tables()[table]["columns"]
    frame = frame[[c for c in frame.columns if c in spec]].copy()
    for column, col in spec.items():
        if column in frame and (col.get("values") or col["type"] == "bool"):
            frame[column] = frame[column].str.lower()
    return frame


def read_raw(profile: Profile, year: str, root: Path = RAW_ROOT) -> dict[str, RawTable]:
    """Every canonical table for an authority-year: from the exports the profile's `source` section
    maps (pipelines/sources.py), else from the contract's CSV files. Every mapping problem in every
    export is raised together, as one SourceMappingError."""
    from pipelines import sources      # imported here: sources builds on this module

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
                out[table] = RawTable(table, path, _normalise(table, read_csv_text(path)))
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
    """Context figures read from DfE's published statistics at run time (profile `context: dfe`)."""
    from pipelines import dfe

    if path.exists():
        raise InputFileError(f"{path}: the profile {profile.key} reads context figures from DfE "
                             f"(context: dfe), so this file would be a second source; remove one of them")
    if profile.dfe_la_code is None:
        raise InputFileError(f"profile {profile.key}: context: dfe needs dfe_la_code")
    frame = dfe.context_figures(profile.dfe_la_code).astype("string")
    files = tuple(dfe.DEFAULT_DIR / s.file for s in dfe.SOURCES.values())
    return RawTable("context", None, frame.reset_index(drop=True), sources=files)


def empty_text(table: str) -> pd.DataFrame:
    """A table with the contract's columns and no rows (an optional export not supplied)."""
    return pd.DataFrame({c: pd.Series(dtype="string") for c in tables()[table]["columns"]})


def typed(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Give a validated text table its contract types (dates, whole numbers, booleans, money)."""
    spec = tables()[table]["columns"]
    out = pd.DataFrame(index=frame.index)
    for column, col in spec.items():
        values = frame[column] if column in frame else pd.Series(pd.NA, index=frame.index, dtype="string")
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
