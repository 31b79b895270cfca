"""Export shapes beyond one header row over one row per record: a title and notes above the header
(the header row is found, or given), and "wide" exports with one row per complaint whose stage
columns repeat once per stage (unpivoted into the contract's one row per stage).

Every record keeps the file line (or sheet row) it came from, so that errors still name it."""

from __future__ import annotations

import csv
from io import StringIO

import pandas as pd

from pipelines.inputs.files import InputFileError, read_text
from pipelines.inputs.source_config import norm

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
