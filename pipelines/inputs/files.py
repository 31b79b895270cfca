"""Reading one raw file as text: size and encoding checks, CSV cells as stripped strings, and the
RawTable that carries a canonical table of text (with the file it came from) to validation. Both the
contract's CSV files (ingest) and mapped exports (sources) are read through here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.config.vocabulary import tables

MAX_BYTES = 200 * 1024 * 1024


class InputFileError(ValueError):
    """A raw file is missing, empty, binary or unreadable, or does not match the profile's mapping."""


@dataclass
class RawTable:
    name: str
    path: Path | None  # None when an optional table has no file
    frame: pd.DataFrame  # text columns, canonical names; index = data row number (0-based)
    sheet: str | None = None  # the workbook sheet, when the export is a workbook
    headers: dict = field(default_factory=dict)  # canonical column -> export header, when mapped
    sources: tuple = ()  # published files read instead of an export (DfE context), for the manifest
    lines: dict | None = None  # data row index -> file line, when not index + 2 (a wide export)
    notes: list = field(default_factory=list)  # warnings to read, such as dates that could be month-first

    def line(self, index) -> int:
        return self.lines[index] if self.lines is not None else int(index) + 2

    @property
    def files(self) -> list[Path]:
        return ([self.path] if self.path else []) + list(self.sources)

    @property
    def where(self) -> str:
        """The file (and sheet) as error messages name it."""
        return f"{self.path} (sheet {self.sheet!r})" if self.sheet else str(self.path)


def read_text(path: Path) -> str:
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

    text = read_text(path)
    try:
        frame = pd.read_csv(StringIO(text), dtype="string", keep_default_na=False, skip_blank_lines=False)
    except pd.errors.ParserError as exc:
        raise InputFileError(f"{path}: not a readable CSV file ({exc})") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda col: col.str.strip()).replace("", pd.NA)
    # Blank rows are dropped but the index keeps each row's place in the file (line = index + 2),
    # so that error messages name the right lines.
    return frame.dropna(how="all")


def normalise(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Keep only contract columns (anything else, free text included, never goes further) and
    lower-case coded values so that 'Upheld ' and 'upheld' are the same code."""
    spec = tables()[table]["columns"]
    frame = frame[[c for c in frame.columns if c in spec]].copy()
    for column, col in spec.items():
        if column in frame and (col.get("values") or col["type"] == "bool"):
            frame[column] = frame[column].str.lower()
    return frame
