"""Costs of investigations, independent persons, panels, mediation and redress, by year."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import codes
from pipelines.measures.base import TOTAL, Table, Trace, in_years, labels_of, measure, period_text
from pipelines.rules.calendar import fy_text


@measure
def costs_by_year(costs: pd.DataFrame, years: list[str]) -> Table:
    """Pence by cost type and financial year (of the invoice date)."""
    frame = in_years(costs, years, "received")
    table = (
        frame.pivot_table(
            index="cost_type", columns="year_received", values="amount", aggfunc="sum", fill_value=0, observed=True
        )
        if len(frame)
        else pd.DataFrame()
    )
    present = [c for c in codes("cost_types") if c in table.index]
    table = table.reindex(index=present, columns=years, fill_value=0).fillna(0).astype("int64")
    table.loc[TOTAL] = table.sum()
    table.index = [labels_of("cost_types").get(k, k) for k in table.index]
    table.columns = [fy_text(y) for y in years]
    table.index.name = table.columns.name = None
    trace = Trace()
    for code in present + [TOTAL]:
        for year in years:
            rows = frame if code == TOTAL else frame[frame["cost_type"] == code]
            trace.add(labels_of("cost_types").get(code, code), fy_text(year), rows[rows["year_received"] == year])
    trace.attach(table)
    return Table(
        "costs_by_year", "Costs of complaints", table, None, period_text(years), money_columns=tuple(table.columns)
    )
