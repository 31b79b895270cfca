"""Freedom of Information requests, where an authority reports them: by month, year and type, and
answered within the statutory 20 working days."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import codes
from pipelines.measures.base import (
    TOTAL,
    TRACE,
    Table,
    add_total_column,
    crosstab,
    in_year,
    in_years,
    labels_of,
    measure,
    period_text,
)
from pipelines.measures.timeliness import on_time_by_kind, on_time_counts, on_time_refs
from pipelines.rules.calendar import MONTHS_FY, fy_text
from pipelines.rules.numbers import fmt_pct_of, percent

# Timeliness can be judged only for answered requests: requests still open at the year end are left
# out, so these tables can count fewer requests than were received, and the caption says so.
ANSWERED_ONLY = "requests answered by the year end; those still open are not counted"


@measure
def foi_by_month(foi: pd.DataFrame, year: str) -> Table:
    frame = in_year(foi, year, "received")
    frame = frame.assign(month=frame["month_received"].astype("string"))
    table = crosstab(
        frame, "month", "request_type", MONTHS_FY, codes("foi_types"), column_labels=labels_of("foi_types")
    )
    table["Share (%)"] = [percent(int(v), int(table.loc[TOTAL, TOTAL])) for v in table[TOTAL]]
    return Table(
        "foi_by_month",
        "Freedom of Information requests by month",
        table,
        "received",
        fy_text(year),
        percent_columns=("Share (%)",),
    )


@measure
def foi_by_year(foi: pd.DataFrame, years: list[str]) -> Table:
    frame = in_years(foi, years, "received")
    table = crosstab(
        frame,
        "year_received",
        "request_type",
        years,
        codes("foi_types"),
        totals=False,
        row_labels={y: fy_text(y) for y in years},
        column_labels=labels_of("foi_types"),
    )
    table = add_total_column(table)
    return Table("foi_by_year", "Freedom of Information requests by year", table, "received", period_text(years))


@measure
def foi_on_time(foi: pd.DataFrame, year: str, basis: str = "received") -> Table:
    """Answered within timescale, by quarter and type, with the year's total row."""
    grid = on_time_by_kind(foi, year, basis, "request_type", "foi_types")
    return Table(
        "foi_on_time",
        f"Freedom of Information requests answered within 20 working days ({ANSWERED_ONLY})",
        grid,
        basis,
        fy_text(year),
    )


@measure
def foi_on_time_by_year(foi: pd.DataFrame, years: list[str], basis: str = "received") -> Table:
    frame = foi[(foi["request_type"] == "request") & foi["on_time"].notna()]
    answered = {fy_text(y): frame[frame[f"year_{basis}"] == y] for y in years}
    rows = {y: {"Performance": fmt_pct_of(*on_time_counts(cell))} for y, cell in answered.items()}
    table = pd.DataFrame.from_dict(rows, orient="index")
    if TRACE["on"]:  # audit edition: each reference marked on time or late, as the disclosure check reads them
        table.attrs["refs"] = {y: {"Performance": on_time_refs(cell)} for y, cell in answered.items()}
    return Table(
        "foi_on_time_by_year",
        f"Freedom of Information requests answered on time, by year ({ANSWERED_ONLY})",
        table,
        basis,
        period_text(years),
    )
