"""What every measure shares: the Table it returns, year filters by basis, and counting helpers."""
from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field

import pandas as pd

from pipelines.calendar import fy_text
from pipelines.config import label, taxonomy
from pipelines.numbers import percent

TOTAL = "Total"


@dataclass
class Table:
    """One published table: numeric data (index = row labels) and how it was counted."""

    key: str
    title: str
    data: pd.DataFrame
    basis: str | None = None          # "received" / "closed" / None (not about complaints' dates)
    period: str = ""
    notes: list = field(default_factory=list)
    percent_columns: tuple = ()       # columns holding whole-number percentages (None -> [z])
    money_columns: tuple = ()         # columns in pence
    derivation: dict = field(default_factory=dict)   # function, arguments, source rows (set by @measure)

    def cell(self, row, column):
        return self.data.loc[row, column]

    def caption(self) -> str:
        parts = [self.title]
        if self.period:
            parts.append(self.period)
        if self.basis:
            parts.append(f"counted on {taxonomy()['basis_labels'][self.basis]}")
        return ", ".join(parts)


def measure(func):
    """Record how a published table was derived: the function, its arguments (other than the
    tables themselves) and how many source rows fell in its period."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        table = func(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        frames = {k: v for k, v in bound.arguments.items() if isinstance(v, pd.DataFrame)}
        arguments = {k: v for k, v in bound.arguments.items() if k not in frames}
        table.derivation = {"function": f"{func.__module__.split('.')[-1]}.{func.__name__}",
                            "arguments": arguments, "source_rows": _source_rows(frames, arguments)}
        return table
    return wrapper


def _source_rows(frames: dict, arguments: dict) -> int:
    """Rows of the first input table that fall in the years the table covers."""
    if not frames:
        return 0
    frame = next(iter(frames.values()))
    years = arguments.get("years") or ([arguments["year"]] if "year" in arguments else None)
    basis = arguments.get("basis", "received")
    column = f"year_{basis}" if f"year_{basis}" in frame else "year_received" if "year_received" in frame else None
    if years and column:
        return int(frame[column].isin(years).sum())
    return int(len(frame))


def year_column(basis: str) -> str:
    if basis not in ("received", "closed"):
        raise ValueError(f"basis must be received or closed, not {basis!r}")
    return f"year_{basis}"


def in_year(frame: pd.DataFrame, year: str, basis: str) -> pd.DataFrame:
    return frame[frame[year_column(basis)] == year]


def in_years(frame: pd.DataFrame, years: list[str], basis: str) -> pd.DataFrame:
    return frame[frame[year_column(basis)].isin(years)]


def period_text(years: list[str]) -> str:
    return fy_text(years[0]) if len(years) == 1 else f"{fy_text(years[0])} to {fy_text(years[-1])}"


def counts(frame: pd.DataFrame, by: str, order: list, labels: dict | None = None) -> pd.Series:
    """Counts of `by` in a fixed order (zeros kept), relabelled for publication."""
    s = frame[by].value_counts().reindex(order, fill_value=0).astype(int)
    if labels:
        s.index = [labels.get(k, k) for k in s.index]
    return s


def crosstab(frame: pd.DataFrame, rows: str, columns: str, row_order: list, column_order: list,
             totals: bool = True) -> pd.DataFrame:
    """Counts of rows x columns in fixed orders, with a Total row and column."""
    table = pd.crosstab(frame[rows], frame[columns]) if len(frame) else pd.DataFrame()
    table = table.reindex(index=row_order, columns=column_order, fill_value=0).fillna(0).astype(int)
    if totals:
        table[TOTAL] = table.sum(axis=1)
        table.loc[TOTAL] = table.sum(axis=0)
    table.index.name, table.columns.name = None, None
    return table


def labels_of(list_name: str) -> dict:
    return {code: label(list_name, code) for code in taxonomy()[list_name]}


def share(part, whole):
    return percent(int(part), int(whole))
