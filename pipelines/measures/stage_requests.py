"""Requests for the later stages (stage 2 investigations, stage 3 panels) as some councils publish
them: requests by year and procedure with the withdrawn or suspended ones beside them, where each
year's requests stood at the year end by division, their outcomes, escalation from stage 1 across
procedures, the stage 3 cases completed, and advocacy by stage."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import codes, label, taxonomy
from pipelines.measures.base import (
    TOTAL,
    Table,
    Trace,
    add_total_column,
    crosstab,
    in_year,
    in_years,
    labels_of,
    measure,
    period_text,
)
from pipelines.rules.calendar import fy_bounds, fy_text
from pipelines.rules.numbers import pct_change, percent

WITHDRAWN = "Withdrawn / Suspended"


def _short(procedure: str) -> str:
    return taxonomy()["procedures"][procedure]["short"]


def _stage(complaints: pd.DataFrame, stage: int) -> pd.DataFrame:
    return complaints[complaints["stage"] == stage]


def _kept(frame: pd.DataFrame, withdrawn_outcomes) -> pd.Series:
    return ~frame["outcome"].isin(list(withdrawn_outcomes))


@measure
def stage_requests_by_year(
    complaints: pd.DataFrame,
    years: list[str],
    stage: int = 2,
    withdrawn_outcomes: tuple = ("withdrawn",),
    basis: str = "received",
) -> Table:
    """Per year (newest first): requests received in all and per procedure, the withdrawn or
    suspended ones counted beside them (not among them), and the change on the previous year."""
    frame = in_years(_stage(complaints, stage), years, basis)
    procedures = [p for p in codes("procedures") if (frame["procedure"] == p).any()]
    rows, trace = {}, Trace()
    for year in reversed(years):
        in_yr = frame[frame[f"year_{basis}"] == year]
        for procedure in [None] + procedures:
            name = f"{fy_text(year)} {TOTAL if procedure is None else _short(procedure)}"
            sub = in_yr if procedure is None else in_yr[in_yr["procedure"] == procedure]
            kept = trace.add(name, "Requests received", sub[_kept(sub, withdrawn_outcomes)])
            gone = trace.add(name, WITHDRAWN, sub[~_kept(sub, withdrawn_outcomes)])
            rows[name] = {"Requests received": len(kept), WITHDRAWN: len(gone)}
    for year, last in zip(years[1:], years):
        for procedure in [None] + procedures:
            part = TOTAL if procedure is None else _short(procedure)
            now, before = rows[f"{fy_text(year)} {part}"], rows[f"{fy_text(last)} {part}"]
            now["Change (%)"] = pct_change(now["Requests received"], before["Requests received"])
    table = trace.attach(pd.DataFrame.from_dict(rows, orient="index"))
    if "Change (%)" not in table:
        table["Change (%)"] = None
    return Table(
        f"stage{stage}_requests_by_year",
        f"Stage {stage} requests received",
        table,
        basis,
        period_text(years),
        percent_columns=("Change (%)",),
        notes=[f"{WITHDRAWN}: requests withdrawn or suspended, not counted among the requests received."],
    )


@measure
def stage_status_by_division(
    complaints: pd.DataFrame,
    year: str,
    divisions: list[str],
    stage: int = 2,
    withdrawn_outcomes: tuple = ("withdrawn",),
    abbreviations: dict | None = None,
) -> Table:
    """The year's requests (received in it) by division: received, still being investigated at the
    year end, and completed by then."""
    year_end = fy_bounds(year)[1]
    frame = in_year(_stage(complaints, stage), year, "received")
    frame = frame[_kept(frame, withdrawn_outcomes)]
    done = frame["date_responded"].notna() & (frame["date_responded"] <= year_end)
    frame = frame.assign(status=done.map({True: "Completed investigation", False: "Currently being investigated"}))
    frame = pd.concat([frame, frame.assign(status="New requests received")])
    order = divisions + sorted(set(frame["division"]) - set(divisions))
    table = crosstab(
        frame,
        "status",
        "division",
        ["New requests received", "Currently being investigated", "Completed investigation"],
        order,
        totals=False,
        column_labels=abbreviations or {},
    )
    table = add_total_column(table)
    return Table(
        f"stage{stage}_status_by_division",
        f"Stage {stage} requests received and completed, by division",
        table,
        "received",
        fy_text(year),
        notes=[f"Status at {year_end:%-d %B %Y}."],
    )


@measure
def stage_outcomes(
    complaints: pd.DataFrame,
    year: str,
    stage: int = 2,
    basis: str = "received",
    withdrawn_outcomes: tuple = ("withdrawn",),
) -> Table:
    """Outcomes of the stage's requests by procedure (withdrawn or suspended ones left out)."""
    frame = in_year(_stage(complaints, stage), year, basis)
    frame = frame[frame["outcome"].notna() & _kept(frame, withdrawn_outcomes)]
    present = [o for o in codes("outcomes") if (frame["outcome"] == o).any()]
    procedures = [p for p in codes("procedures") if (frame["procedure"] == p).any()]
    table = crosstab(
        frame,
        "outcome",
        "procedure",
        present,
        procedures,
        row_labels=labels_of("outcomes"),
        column_labels={p: _short(p) for p in procedures},
    )
    return Table(f"stage{stage}_outcomes", f"Outcomes of stage {stage} complaints", table, basis, fy_text(year))


@measure
def stage_requests_total(complaints: pd.DataFrame, years: list[str], stage: int = 3, basis: str = "received") -> Table:
    """Requests for the stage received in each year (newest first)."""
    frame = in_years(_stage(complaints, stage), years, basis)
    table = crosstab(
        frame.assign(column="Requests received"),
        f"year_{basis}",
        "column",
        list(reversed(years)),
        ["Requests received"],
        totals=False,
        row_labels={y: fy_text(y) for y in years},
    )
    return Table(f"stage{stage}_requests_total", f"Stage {stage} requests received", table, basis, period_text(years))


@measure
def escalation_overall(
    complaints: pd.DataFrame, years: list[str], withdrawn_outcomes: tuple = ("withdrawn",), basis: str = "received"
) -> Table:
    """Stage 1 complaints (all procedures) and stage 2 requests (withdrawn ones left out) per year,
    and stage 2 as a percentage of stage 1."""
    frame = in_years(complaints, years, basis)
    rows, trace = {}, Trace()
    for year in years:
        in_yr = frame[frame[f"year_{basis}"] == year]
        n1 = len(trace.add(fy_text(year), "Stage 1 complaints", in_yr[in_yr["stage"] == 1]))
        two = in_yr[in_yr["stage"] == 2]
        n2 = len(trace.add(fy_text(year), "Stage 2 requests", two[_kept(two, withdrawn_outcomes)]))
        rows[fy_text(year)] = {"Stage 1 complaints": n1, "Stage 2 requests": n2, "Escalated (%)": percent(n2, n1)}
    table = trace.attach(pd.DataFrame.from_dict(rows, orient="index"))
    return Table(
        "escalation_overall",
        "Stage 1 complaints escalated to stage 2",
        table,
        basis,
        period_text(years),
        percent_columns=("Escalated (%)",),
    )


@measure
def stage_cases_completed(complaints: pd.DataFrame, year: str, stage: int = 3) -> Table:
    """Each request for the stage completed in the year: procedure, service and outcome (no references)."""
    frame = in_year(_stage(complaints, stage), year, "closed")
    frame = frame[frame["outcome"].notna()].sort_values(["date_responded", "case_ref"])
    table = pd.DataFrame(
        {
            "Case type": [_short(p) for p in frame["procedure"]],
            "Service": list(frame["service_area"]),
            "Outcome": [label("outcomes", o) for o in frame["outcome"]],
        },
        index=[str(i) for i in range(1, len(frame) + 1)],
    )
    return Table(
        f"stage{stage}_completed", f"Stage {stage} complaints completed during the year", table, "closed", fy_text(year)
    )


@measure
def advocacy_by_stage(
    complaints: pd.DataFrame, enquiries: pd.DataFrame, year: str, stages: tuple = (1, 2), basis: str = "received"
) -> Table:
    """Complaints at each stage, and enquiries of each type, made with the support of an advocate
    (enquiry types without any are left out)."""
    frame = in_year(complaints, year, basis)
    frame = frame[frame["advocate"].fillna(False) & frame["stage"].isin(list(stages))]
    frame = frame.assign(column=frame["stage"].map(lambda s: f"Stage {s}"))
    asked = in_year(enquiries, year, basis)
    asked = asked[asked["advocate"].fillna(False)] if "advocate" in asked else asked.iloc[0:0]
    kinds = [k for k in codes("enquiry_types") if (asked["enquiry_type"] == k).any()]
    asked = asked.assign(column=asked["enquiry_type"].map(lambda k: label("enquiry_types", k)))
    columns = [f"Stage {s}" for s in stages] + [label("enquiry_types", k) for k in kinds]
    # one reference column for the audit trail: 'C-1 (stage 2)' or the enquiry's own
    frame = frame.assign(
        case_ref=frame["case_ref"].astype("string") + " (stage " + frame["stage"].astype("string") + ")"
    )
    asked = asked.assign(case_ref=asked["enquiry_ref"].astype("string"))
    both = pd.concat([frame[["case_ref", "column"]], asked[["case_ref", "column"]]], ignore_index=True)
    both = both.assign(row=fy_text(year))
    table = crosstab(both, "row", "column", [fy_text(year)], columns, totals=False)
    table = add_total_column(table)
    return Table(
        "advocacy_by_stage",
        "Complaints and enquiries made with the support of an advocate",
        table,
        basis,
        fy_text(year),
    )
