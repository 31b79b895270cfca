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
    named = _other_encoding(data)
    if named:
        raise InputFileError(f"{path}: {named}")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFileError(f"{path}: the file is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8")


SAVE_AS = "save it from Excel as 'CSV UTF-8 (Comma delimited)'"


def _other_encoding(data: bytes) -> str | None:
    """What a file that is not UTF-8 or Windows-1252 text is, by its first bytes, as a sentence."""
    head = data[:65536]
    boms = {
        b"\xff\xfe\x00\x00": "UTF-32",
        b"\x00\x00\xfe\xff": "UTF-32",
        b"\xff\xfe": "UTF-16",
        b"\xfe\xff": "UTF-16",
    }
    for bom, name in boms.items():
        if head.startswith(bom):
            return f"the file is {name} text (Excel's 'Unicode Text' saves it so); {SAVE_AS}"
    if head.startswith(b"PK\x03\x04"):
        return "this is an Excel workbook (or another zip file), not a CSV file: name it .xlsx, or save it as CSV"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "this is an old Excel .xls workbook, not a CSV file: save it as .xlsx or as CSV UTF-8"
    if b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    if even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd):
        return f"the file looks like UTF-16 text without a byte order mark; {SAVE_AS}"
    return "this is not a text CSV file (it contains binary data)"


def record_lines(text: str) -> list[int]:
    """The line (as a text editor numbers them, from 1) on which each CSV record starts: a quoted
    field may run over several lines, so records and lines differ after one."""
    import csv
    from io import StringIO

    reader, starts, last = csv.reader(StringIO(text)), [], 0
    try:
        for _ in reader:
            starts.append(last + 1)
            last = reader.line_num
    except csv.Error:
        return []
    return starts


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
    # The index is each record's line in the file less 2 (line = index + 2, the header being line 1),
    # counted as an editor does (a quoted field over several lines moves every later record down);
    # blank rows are dropped but keep their place, so that error messages name the right lines.
    starts = record_lines(text)
    if len(starts) == len(frame) + 1:
        frame.index = pd.Index([line - 2 for line in starts[1:]])
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
