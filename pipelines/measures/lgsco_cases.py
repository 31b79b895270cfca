"""Ombudsman complaints listed as some councils publish them: those received in the year by service,
and each one decided in the year with its decision, remedies and payment (no references)."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import label
from pipelines.measures.base import Table, crosstab, labels_of, measure
from pipelines.rules.calendar import fy_text


@measure
def lgsco_received_by_service(ombudsman: pd.DataFrame, year: str) -> Table:
    frame = ombudsman[ombudsman["year_received"] == year].assign(column="Numbers received")
    order = sorted(set(frame["service_area"]))
    table = crosstab(frame, "service_area", "column", order, ["Numbers received"], totals="row")
    return Table("lgsco_received_by_service", "Ombudsman complaints received", table, "received", fy_text(year))


@measure
def lgsco_completed(ombudsman: pd.DataFrame, year: str) -> Table:
    """One row per Ombudsman decision in the year: service, decision, remedies, payment, and whether
    the remedy was completed on time."""
    frame = ombudsman[(ombudsman["year_decided"] == year) & ombudsman["decision"].notna()]
    frame = frame.sort_values(["date_decided", "lgsco_ref"])
    remedies = labels_of("lgsco_remedies")
    late = frame["remedy_late"].map(lambda v: "[z]" if pd.isna(v) else ("No" if v else "Yes"))
    table = pd.DataFrame(
        {
            "Service": list(frame["service_area"]),
            "Decision": [label("lgsco_decisions", d) for d in frame["decision"]],
            "Remedy": [
                "; ".join(remedies[r] for r in str(v).split(";")) if pd.notna(v) else "None" for v in frame["remedies"]
            ],
            "Payment": [None if pd.isna(v) else int(v) for v in frame["payment_amount"]],
            "Remedy on time": list(late),
        },
        index=[str(i) for i in range(1, len(frame) + 1)],
    )
    return Table(
        "lgsco_completed",
        "Ombudsman complaints completed during the year",
        table,
        None,
        fy_text(year),
        money_columns=("Payment",),
    )
