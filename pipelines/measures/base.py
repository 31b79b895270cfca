"""What every measure shares: the Table it returns, year filters by basis, and counting helpers."""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field

import pandas as pd

from pipelines.config.vocabulary import label, taxonomy
from pipelines.rules.calendar import fy_text
from pipelines.rules.numbers import percent

TOTAL = "Total"


@dataclass
class Table:
    """One published table: numeric data (index = row labels) and how it was counted."""

    key: str
    title: str
    data: pd.DataFrame
    basis: str | None = None  # "received" / "closed" / None (not about complaints' dates)
    period: str = ""
    notes: list = field(default_factory=list)
    percent_columns: tuple = ()  # columns holding whole-number percentages (None -> [z])
    money_columns: tuple = ()  # columns in pence
    derivation: dict = field(default_factory=dict)  # function, arguments, source rows (set by @measure)
    refs: dict | None = None  # audit edition only: row -> column -> references behind the cell
    hidden: frozenset | None = None  # published edition: cells suppressed as small numbers
    sums: dict = field(default_factory=dict)  # total column -> the columns that add up to it
    complements: tuple = ()  # (part, whole) column pairs: whole - part is a count too
    value_columns: tuple = ()  # columns that are not counts (averages, limits, differences): never suppressed as small

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
        if table.refs is None:
            table.refs = table.data.attrs.get("refs")
        table.data.attrs = {}
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        frames = {k: v for k, v in bound.arguments.items() if isinstance(v, pd.DataFrame)}
        arguments = {k: v for k, v in bound.arguments.items() if k not in frames}
        table.derivation = {
            "function": f"{func.__module__.split('.')[-1]}.{func.__name__}",
            "arguments": arguments,
            "source_rows": _source_rows(frames, arguments),
        }
        from pipelines.rules import disclosure

        table.hidden = disclosure.hidden_cells(table)  # after the derivation: a breakdown's policy reads it
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


def covered_years(frame: pd.DataFrame, year: str, count: int) -> list[str]:
    """The `count` report years ending with `year`, leaving out years before the export's first record
    (`year_received`): a year the export does not cover is not a year with nothing in it."""
    from pipelines.rules.calendar import previous_years

    first = frame["year_received"].dropna().min() if len(frame) else year
    return [y for y in previous_years(year, count) if y >= min(first, year)]


def period_text(years: list[str]) -> str:
    return fy_text(years[0]) if len(years) == 1 else f"{fy_text(years[0])} to {fy_text(years[-1])}"


def counts(frame: pd.DataFrame, by: str, order: list, labels: dict | None = None) -> pd.Series:
    """Counts of `by` in a fixed order (zeros kept), relabelled for publication."""
    s = frame[by].value_counts().reindex(order, fill_value=0).astype(int)
    if labels:
        s.index = [labels.get(k, k) for k in s.index]
    return s


# Set by report.Section for the audit edition: count tables then carry, for every cell, the case
# references behind it. Off for the published edition, which never holds row-level references.
TRACE = {"on": False}
REF_COLUMNS = ("case_ref", "enquiry_ref", "compliment_ref", "lgsco_ref", "foi_ref", "cost_ref")


def crosstab(
    frame: pd.DataFrame,
    rows: str,
    columns: str,
    row_order: list,
    column_order: list,
    totals: bool | str = True,
    row_labels: dict | None = None,
    column_labels: dict | None = None,
) -> pd.DataFrame:
    """Counts of rows x columns in fixed orders, with a Total row and column (totals=True), a Total
    row only (totals="row") or none, relabelled for publication. When tracing (audit edition) the
    references behind each cell are kept in table.attrs["refs"]."""
    table = pd.crosstab(frame[rows], frame[columns]) if len(frame) else pd.DataFrame()
    table = table.reindex(index=row_order, columns=column_order, fill_value=0).fillna(0).astype(int)
    if totals is True:
        table[TOTAL] = table.sum(axis=1)
    if totals:
        table.loc[TOTAL] = table.sum(axis=0)
    refs = _cell_refs(frame, rows, columns, row_order, column_order, totals) if TRACE["on"] else None
    rl, cl = row_labels or {}, column_labels or {}
    table.index = [rl.get(r, r) for r in table.index]
    table.columns = [cl.get(c, c) for c in table.columns]
    if refs is not None:
        table.attrs["refs"] = {
            str(rl.get(r, r)): {str(cl.get(c, c)): v for c, v in cells.items()} for r, cells in refs.items()
        }
    return table


def add_total_column(table: pd.DataFrame) -> pd.DataFrame:
    """A Total column (each row's sum) beside counts made without one, traced in the audit edition to
    the cases of its row, as crosstab traces its own totals."""
    table[TOTAL] = table.sum(axis=1)
    for cells in (table.attrs.get("refs") or {}).values():
        cells[TOTAL] = sorted(x for column, refs in cells.items() if column != TOTAL for x in refs)
    return table


class Trace:
    """For tables built cell by cell: in the audit edition, the references behind each cell."""

    def __init__(self):
        self.cells = {} if TRACE["on"] else None

    def add(self, row, column, frame: pd.DataFrame) -> pd.DataFrame:
        if self.cells is not None:
            refs = _reference(frame)
            self.cells.setdefault(str(row), {})[str(column)] = sorted(refs) if refs is not None else []
        return frame

    def attach(self, table: pd.DataFrame) -> pd.DataFrame:
        if self.cells is not None:
            table.attrs["refs"] = self.cells
        return table


TRACE_COLUMN = "_trace_ref"  # the reference text, worked out once per table by with_trace_refs


def with_trace_refs(frame: pd.DataFrame) -> pd.DataFrame:
    """Add each row's reference text (as the audit edition shows it), so that the many cells traced
    for one report do not each rebuild it."""
    refs = _reference(frame)
    if refs is not None:
        frame[TRACE_COLUMN] = refs
    return frame


def _reference(frame: pd.DataFrame) -> pd.Series | None:
    if TRACE_COLUMN in frame:
        return frame[TRACE_COLUMN]
    column = next((c for c in REF_COLUMNS if c in frame), None)
    if column is None:
        return None
    if "stage" in frame:  # one complaint has a row per stage
        return frame[column].astype(str) + " (stage " + frame["stage"].astype(str) + ")"
    return frame[column].astype(str)


def _cell_refs(frame, rows, columns, row_order, column_order, totals) -> dict | None:
    refs = _reference(frame)
    if refs is None:
        return None
    cells: dict = {}
    keys = pd.DataFrame({"r": frame[rows], "c": frame[columns], "ref": refs})
    for (r, c), group in keys.groupby(["r", "c"], observed=True, sort=False):
        if r in row_order and c in column_order:
            cells.setdefault(r, {})[c] = sorted(group["ref"])
    if totals is True:
        for r in row_order:
            cells.setdefault(r, {})[TOTAL] = sorted(x for c in column_order for x in cells.get(r, {}).get(c, []))
    if totals:
        cells[TOTAL] = {
            c: sorted(x for r in row_order for x in cells.get(r, {}).get(c, []))
            for c in column_order + ([TOTAL] if totals is True else [])
        }
    return cells


def theme_counts(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """How many rows name each theme (several per row, ';'-separated), most frequent first; in the
    audit edition with the references behind each count."""
    themes = frame["themes"].fillna("").str.split(";").map(lambda items: {i.strip() for i in items if i.strip()})
    counts = themes.explode().dropna().value_counts().sort_index().sort_values(ascending=False, kind="stable")
    table = pd.DataFrame({column: counts.astype(int)})
    trace = Trace()
    for theme in table.index:
        trace.add(str(theme).capitalize(), column, frame[themes.map(lambda found, t=theme: t in found)])
    table.index = [str(t).capitalize() for t in table.index]
    return trace.attach(table)


def by_year(
    frame: pd.DataFrame,
    rows: str,
    row_order: list,
    years: list[str],
    basis: str = "received",
    row_labels: dict | None = None,
) -> pd.DataFrame:
    """Counts of `rows` for each year (columns '2023/24' ...), with a Total row."""
    return crosstab(
        frame,
        rows,
        f"year_{basis}",
        row_order,
        years,
        totals="row",
        row_labels=row_labels,
        column_labels={y: fy_text(y) for y in years},
    )


def sort_rows(table: pd.DataFrame, column) -> pd.DataFrame:
    """Largest first by `column`, the Total row kept last."""
    body = table.drop(index=TOTAL, errors="ignore").sort_values(column, ascending=False, kind="stable")
    ordered = table.loc[list(body.index) + ([TOTAL] if TOTAL in table.index else [])]
    ordered.attrs = table.attrs
    return ordered


def labels_of(list_name: str) -> dict:
    return {code: label(list_name, code) for code in taxonomy()[list_name]}


def share(part, whole):
    return percent(int(part), int(whole))
