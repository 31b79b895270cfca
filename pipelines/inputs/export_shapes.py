"""Reading one export (a CSV file or a workbook sheet) in whatever shape it comes: a title and notes
above the header (the header row is found, or given), "wide" exports with one row per complaint
whose stage columns repeat once per stage (unpivoted into the contract's one row per stage), and a
file in the authority's folder that holds every year.

Every record keeps the file line (or sheet row) it came from, so that errors still name it."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pandas as pd

from pipelines.config.vocabulary import tables
from pipelines.inputs.files import MAX_BYTES, InputFileError, read_text
from pipelines.inputs.source_config import TableSource, norm

HEADER_SEARCH_ROWS = 20  # a title and notes above the header are looked through this far


def read_csv_grid(path) -> pd.DataFrame:
    """A CSV as a grid of stripped text cells (blank: missing), rows of any length, no header yet;
    index = line - 1."""
    text = read_text(path)
    try:
        rows = list(csv.reader(StringIO(text)))
    except csv.Error as exc:
        raise InputFileError(f"{path}: not a readable CSV file ({exc})") from exc
    width = max((len(r) for r in rows), default=0)
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype="string")
    return grid.apply(lambda col: col.str.strip()).replace("", pd.NA)


def header_position(grid: pd.DataFrame, wanted: list[str], given: int | None, where: str) -> int:
    """The 0-based row of the header: the profile's `header_row` (1-based) when given, else the first
    of the first rows holding every header in `wanted`; row 0 when none does (its errors then name
    the missing columns)."""
    if given is not None:
        if given > len(grid):
            raise InputFileError(f"{where}: header_row is {given}, but the export has {len(grid)} rows")
        return given - 1
    want = {norm(w) for w in wanted}
    for position in range(min(HEADER_SEARCH_ROWS, len(grid))):
        cells = {norm(v) for v in grid.iloc[position].dropna()}
        if want and want <= cells:
            return position
    return 0


def with_header(grid: pd.DataFrame, position: int) -> pd.DataFrame:
    """The rows below the header, named by it; index + 2 stays the file line (or sheet row)."""
    header = ["" if pd.isna(v) else str(v).strip() for v in grid.iloc[position]]
    body = grid.iloc[position + 1 :].copy()
    body.columns = [h or f"(unnamed column {n + 1})" for n, h in enumerate(header)]
    body = body.loc[:, [not (h == "" and body.iloc[:, n].isna().all()) for n, h in enumerate(header)]]
    body.index = body.index - 1
    return body.dropna(how="all")


def unpivot_stages(frame: pd.DataFrame, wide: dict, where: str) -> tuple[pd.DataFrame, dict]:
    """One row per complaint with each stage's columns repeated (`header` such as "Stage {stage}
    {column}") -> one row per stage held (any of its columns filled), with a `stage` column. Returns
    the long frame (new index) and {new index: line of the complaint's row}."""
    by_norm = {norm(c): c for c in frame.columns}
    stage_headers = {}
    for stage in wide["stages"]:
        found = {}
        for name in wide["columns"].values():
            header = wide["header"].format(stage=stage, column=name)
            if norm(header) not in by_norm:
                raise InputFileError(
                    f"{where}: the wide export has no column {header!r} (the profile's source > wide repeats "
                    f"{name!r} for stage {stage}). The file's columns are: {', '.join(map(repr, frame.columns))}"
                )
            found[by_norm[norm(header)]] = name
        stage_headers[stage] = found
    repeated = {h for found in stage_headers.values() for h in found}
    shared = [c for c in frame.columns if c not in repeated]
    parts, lines = [], []
    for stage, found in stage_headers.items():
        part = frame[shared + list(found)].rename(columns=found)
        part = part[frame[list(found)].notna().any(axis=1)]
        parts.append(part.assign(stage=str(stage)))
        lines += [int(i) + 2 for i in part.index]
    long = pd.concat(parts, ignore_index=True) if parts else frame.iloc[0:0].assign(stage=pd.NA)
    return long, dict(enumerate(lines))


# ---- reading an export ------------------------------------------------------------------------


@dataclass
class Export:
    """One CSV file or workbook sheet as read: cells as text (CSV) or as stored (dates and numbers
    in a workbook), blank rows dropped; index + 2 is the file line or sheet row of each record."""

    path: Path
    sheet: str | None
    frame: pd.DataFrame
    notes: list = field(default_factory=list)  # warnings the analyst should read (unsettled dates)
    lines: dict | None = None  # index -> file line, when it is not index + 2 (a wide export unpivoted)

    def line(self, index) -> int:
        return self.lines[index] if self.lines is not None else int(index) + 2

    @property
    def where(self) -> str:
        return f"{self.path.name}, sheet {self.sheet!r}" if self.sheet else self.path.name

    @property
    def row_word(self) -> str:
        return "row" if self.sheet else "line"


def _clean_cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return pd.NA
    if isinstance(value, str):
        return value.strip() or pd.NA
    return value


def read_sheet(path: Path, sheet: str | None, workbooks: dict) -> tuple[pd.DataFrame, str]:
    """One sheet of a workbook (opened once per read) and its name; a problem is an InputFileError."""
    if path.stat().st_size > MAX_BYTES:
        raise InputFileError(f"{path.name}: the file is over the {MAX_BYTES // 10**6} MB limit")
    if path not in workbooks:
        try:
            workbooks[path] = pd.ExcelFile(path, engine="openpyxl")
        except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
            raise InputFileError(f"{path.name}: not a readable Excel workbook ({type(exc).__name__}: {exc})") from exc
    book = workbooks[path]
    if sheet is None:
        if len(book.sheet_names) > 1:
            raise InputFileError(
                f"{path.name}: the workbook has several sheets ({', '.join(map(repr, book.sheet_names))}); "
                "name the one to read with 'sheet:' in the profile's source section"
            )
        sheet = book.sheet_names[0]
    matches = [s for s in book.sheet_names if norm(s) == norm(sheet)]
    if not matches:
        raise InputFileError(
            f"{path.name}: the workbook has no sheet {sheet!r}; its sheets are {', '.join(map(repr, book.sheet_names))}"
        )
    frame = book.parse(matches[0], dtype=object, header=None)
    return frame.map(_clean_cell), matches[0]


def expected_headers(source: TableSource) -> list[str]:
    """The headers that mark the header row: those the mapping reads required columns from."""
    spec = tables()[source.table]["columns"]
    wanted = [source.columns.get(c, c) for c, col in spec.items() if col.get("required") and c != "stage"]
    if source.wide:
        wanted = [w for w in wanted if w not in source.wide["columns"].values()]
    return wanted


def read_export(folder: Path, source: TableSource, workbooks: dict) -> Export | None:
    """The export a table comes from (its header found below any title rows, a wide export
    unpivoted to one row per stage), or None when its file is absent."""
    path = (folder.parent if source.folder == "authority" else folder) / source.file
    if not path.exists():
        return None
    if path.suffix.lower() == ".csv":
        grid, sheet = read_csv_grid(path), None
    else:
        grid, sheet = read_sheet(path, source.sheet, workbooks)
    export = Export(path, sheet, pd.DataFrame())
    position = header_position(grid, expected_headers(source), source.header_row, export.where)
    export.frame = with_header(grid, position)
    if source.wide:
        export.frame, export.lines = unpivot_stages(export.frame, source.wide, export.where)
    return export
