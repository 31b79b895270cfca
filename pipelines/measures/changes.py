"""Year-on-year change of requests that are not complaints (FOI requests by type), as report
conclusions quote it: last year, this year and the change (%)."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import codes
from pipelines.measures.base import Table, crosstab, in_years, labels_of, measure, period_text
from pipelines.rules.calendar import fy_text
from pipelines.rules.numbers import pct_change


@measure
def foi_change(foi: pd.DataFrame, years: list[str]) -> Table:
    """FOI requests, internal reviews and Information Commissioner cases received this year and last."""
    last, this = years[-2], years[-1]
    frame = in_years(foi, [last, this], "received")
    table = crosstab(
        frame,
        "request_type",
        "year_received",
        codes("foi_types"),
        [last, this],
        totals="row",
        row_labels=labels_of("foi_types"),
        column_labels={y: fy_text(y) for y in (last, this)},
    )
    table["Change (%)"] = [
        pct_change(int(this_year), int(last_year))
        for this_year, last_year in zip(table[fy_text(this)], table[fy_text(last)])
    ]
    return Table(
        "foi_change",
        "Change in Freedom of Information requests on the previous year",
        table,
        "received",
        period_text([last, this]),
        percent_columns=("Change (%)",),
    )
