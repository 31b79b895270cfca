"""Demand context: every context figure (DfE's, or the council's own of any name) for each year,
with its change on the previous year."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import codes
from pipelines.measures.base import TRACE, Table, measure, period_text
from pipelines.measures.volumes import context_label
from pipelines.rules.calendar import fy_text
from pipelines.rules.numbers import pct_change


@measure
def context_changes(context: pd.DataFrame, years: list[str]) -> Table:
    """Every context figure (DfE's or the council's own, of any name) for each year, with the change
    on the previous year in number ("Difference") and per cent."""
    frame = context[context["financial_year"].isin(years)]
    known = [m for m in codes("context_measures") if m in set(frame["measure"])]
    order = known + sorted(set(frame["measure"]) - set(known))
    rows, refs = {}, {}
    for code in order:
        values = {
            fy_text(y): _value(frame[(frame["measure"] == code) & (frame["financial_year"] == y)]["value"])
            for y in years
        }
        if len(years) > 1:
            this, last = values[fy_text(years[-1])], values[fy_text(years[-2])]
            both = this is not None and last is not None
            values["Difference"] = this - last if both else None  # may be negative
            values["Change (%)"] = pct_change(this, last) if both else None
        rows[context_label(context, code)] = values
        refs[context_label(context, code)] = {fy_text(y): _sources(frame, code, y) for y in years}
    table = pd.DataFrame.from_dict(rows, orient="index") if rows else pd.DataFrame()
    sources = sorted(set(frame["source"].dropna()))
    return Table(
        "context_changes",
        "Demand for children's services: context figures",
        table,
        None,
        period_text(years),
        percent_columns=("Change (%)",) if len(years) > 1 else (),
        value_columns=("Difference",),
        notes=[f"Source: {'; '.join(sources)}."] if sources else [],
        refs=refs if TRACE["on"] else None,  # audit edition: a context figure is traced to its source, not to cases
    )


def _sources(frame: pd.DataFrame, code: str, year: str) -> list[str]:
    found = frame[(frame["measure"] == code) & (frame["financial_year"] == year)]
    return sorted(set(found["source"].dropna().astype(str)))


def _value(found: pd.Series):
    return int(found.iloc[0]) if len(found) and pd.notna(found.iloc[0]) else None
