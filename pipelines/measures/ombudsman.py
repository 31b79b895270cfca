"""The Local Government and Social Care Ombudsman: enquiries, decisions under the older and newer
categories, uphold rates (including the 'actual' rate that leaves out complaints the council had
already upheld), remedies, payments and late remedies."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import LABEL_OVERRIDES, codes, label, own_stage_name, taxonomy
from pipelines.measures.base import TOTAL, Table, Trace, by_year, crosstab, in_years, labels_of, measure, period_text
from pipelines.rules.calendar import fy_text
from pipelines.rules.numbers import percent


def _decided_in(frame: pd.DataFrame, year: str) -> pd.DataFrame:
    return frame[(frame["year_decided"] == year) & frame["decision"].notna()]


@measure
def lgsco_by_year(ombudsman: pd.DataFrame, years: list[str]) -> Table:
    rows, trace = {}, Trace()
    for year in years:
        y = fy_text(year)
        decided = trace.add(y, "Decisions", _decided_in(ombudsman, year))
        rows[y] = {
            "Enquiries received": len(
                trace.add(y, "Enquiries received", ombudsman[ombudsman["year_received"] == year])
            ),
            "Decisions": len(decided),
            "Upheld": len(trace.add(y, "Upheld", decided[decided["decision_group"] == "upheld"])),
        }
    return Table(
        "lgsco_by_year",
        "Ombudsman enquiries and decisions",
        trace.attach(pd.DataFrame.from_dict(rows, orient="index")),
        None,
        period_text(years),
    )


@measure
def lgsco_decisions(ombudsman: pd.DataFrame, year: str) -> Table:
    """Decisions in the year by category (older and newer LGSCO categories as they were issued)."""
    decided = _decided_in(ombudsman, year).assign(column="Decisions")
    order = [d for d in codes("lgsco_decisions") if (decided["decision"] == d).any()]
    table = crosstab(
        decided, "decision", "column", order, ["Decisions"], totals="row", row_labels=labels_of("lgsco_decisions")
    )
    table["Share (%)"] = [percent(int(v), int(table.loc[TOTAL, "Decisions"])) for v in table["Decisions"]]
    return Table(
        "lgsco_decisions", "Ombudsman decisions by category", table, None, fy_text(year), percent_columns=("Share (%)",)
    )


@measure
def lgsco_groups(ombudsman: pd.DataFrame, years: list[str]) -> Table:
    groups = taxonomy()["lgsco_groups"]
    decided = ombudsman[ombudsman["decision"].notna()]
    table = by_year(decided, "decision_group", list(groups), years, "decided", row_labels=groups)
    return Table("lgsco_groups", "Ombudsman decisions by outcome", table, None, period_text(years))


@measure
def uphold_rates(ombudsman: pd.DataFrame, year: str, denominator: str = "decisions") -> Table:
    """Uphold rate, and the actual uphold rate leaving out complaints the council had already upheld."""
    decided = _decided_in(ombudsman, year)
    upheld = decided[decided["decision_group"] == "upheld"]
    already = int(upheld["council_previously_upheld"].fillna(False).sum())
    base = (
        len(decided)
        if denominator == "decisions"
        else int(decided["decision_group"].isin(["upheld", "not_upheld"]).sum())
    )
    table = pd.DataFrame(
        {
            "Value": {
                "Decisions": len(decided),
                "Investigated in detail": int(decided["decision_group"].isin(["upheld", "not_upheld"]).sum()),
                "Upheld": len(upheld),
                "Already upheld by the council": already,
                "Uphold rate (%)": percent(len(upheld), base),
                "Actual uphold rate (%)": percent(len(upheld) - already, base),
            }
        }
    )
    trace = Trace()
    trace.add("Decisions", "Value", decided)
    trace.add("Investigated in detail", "Value", decided[decided["decision_group"].isin(["upheld", "not_upheld"])])
    trace.add("Upheld", "Value", upheld)
    trace.add("Already upheld by the council", "Value", upheld[upheld["council_previously_upheld"].fillna(False)])
    trace.attach(table)
    basis_note = "all decisions" if denominator == "decisions" else "complaints investigated in detail"
    return Table(
        "lgsco_uphold",
        "Ombudsman uphold rates",
        table,
        None,
        fy_text(year),
        notes=[
            f"Rates are shares of {basis_note}. The actual uphold rate leaves out complaints the "
            "council had already upheld before the Ombudsman's decision."
        ],
    )


@measure
def remedies(ombudsman: pd.DataFrame, year: str) -> Table:
    decided = _decided_in(ombudsman, year)
    items = decided["remedies"].dropna().str.split(";").explode()
    counts = items.value_counts().reindex(codes("lgsco_remedies"), fill_value=0).astype(int)
    counts = counts[counts > 0]
    paid = decided["payment_amount"].dropna()
    year_end = pd.Timestamp(int(year[:4]) + 1, 3, 31)
    with_due = decided[decided["remedy_late"].notna() & (decided["date_remedy_due"] <= year_end)]
    table = pd.DataFrame(
        {
            "Value": {
                **{labels_of("lgsco_remedies")[k]: int(v) for k, v in counts.items()},
                "Payments (number)": int(len(paid)),
                "Payments (total, pence)": int(paid.sum()),
                "Remedies late or overdue": int(with_due["remedy_late"].sum()),
                "Remedies due by the year end": int(len(with_due)),
            }
        }
    )
    trace = Trace()
    for code in counts.index:
        trace.add(
            labels_of("lgsco_remedies")[code],
            "Value",
            decided[decided["remedies"].fillna("").str.split(";").map(lambda items, c=code: c in items)],
        )
    for row in ("Payments (number)", "Payments (total, pence)"):
        trace.add(row, "Value", decided[decided["payment_amount"].notna()])
    trace.add("Remedies late or overdue", "Value", with_due[with_due["remedy_late"].fillna(False)])
    trace.add("Remedies due by the year end", "Value", with_due)
    trace.attach(table)
    return Table("lgsco_remedies", "Ombudsman remedies and payments", table, None, fy_text(year), money_columns=())


NOT_RECORDED = "Not recorded"


@measure
def ombudsman_routes(ombudsman: pd.DataFrame, years: list[str]) -> Table:
    """Ombudsman cases received in each year by how they came (after every council stage, premature,
    or referred early) and the last council stage reached, 'Not recorded' where the export is blank."""
    frame = in_years(ombudsman, years, "received")
    route = frame["route"].map(lambda r: label("lgsco_routes", r) if pd.notna(r) else NOT_RECORDED)
    stage = frame["stage_reached"].map(lambda s: _council_stage(int(s)) if pd.notna(s) else NOT_RECORDED)
    rows, trace = {}, Trace()
    blocks = (
        ("How it came", route, [label("lgsco_routes", c) for c in codes("lgsco_routes")]),
        ("Stage reached", stage, [_council_stage(c) for c in codes("council_stages")]),
    )
    for heading, values, order in blocks:
        present = order + ([NOT_RECORDED] if (values == NOT_RECORDED).any() else [])
        for name in present:
            row_label = f"{heading}: {name}"
            rows[row_label] = {
                fy_text(y): len(
                    trace.add(row_label, fy_text(y), frame[(values == name) & (frame["year_received"] == y)])
                )
                for y in years
            }
    table = trace.attach(pd.DataFrame.from_dict(rows, orient="index"))
    return Table(
        "ombudsman_routes",
        "Ombudsman cases by how they came and the council stage reached",
        table,
        "received",
        period_text(years),
    )


def _council_stage(stage: int) -> str:
    """A council stage reached before the Ombudsman: stage 0 under the profile's own name for it, where
    it gives one and does not label council_stages itself ('Pre-complaint (stage 0)')."""
    own = own_stage_name() if stage == 0 and 0 not in LABEL_OVERRIDES.get("council_stages", {}) else None
    return f"{own} (stage 0)" if own else label("council_stages", stage)
