"""Complaints and enquiries counted together as "cases", as some councils publish them (Lewisham's
Tables 1-4): stage 1 complaints by procedure and enquiries by type side by side, by year, quarter,
month and division, answered on time, and a theme's complaints by division and quarter. Which
columns, in which order and with which labels, is the report's `case_types` parameter."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import label
from pipelines.measures.base import (
    TOTAL,
    Table,
    Trace,
    add_total_column,
    crosstab,
    in_year,
    in_years,
    measure,
    period_text,
)
from pipelines.measures.timeliness import on_time_counts, on_time_grid
from pipelines.rules.calendar import MONTHS_FY, QUARTERS, fy_text
from pipelines.rules.numbers import pct_change

CASE = "case_type"


def case_labels(case_types: list[dict]) -> list[str]:
    return [c["label"] for c in case_types]


def cases_frame(complaints: pd.DataFrame, enquiries: pd.DataFrame, case_types: list[dict]) -> pd.DataFrame:
    """One row per complaint stage or enquiry named in `case_types`, with its column label in
    `case_type` (complaints keep their outcome; enquiries have none)."""
    parts = []
    for spec in case_types:
        # One reference column for both kinds, for the audit trail: 'C-1 (stage 1)' or the enquiry's own
        if "enquiry" in spec:
            part = enquiries[enquiries["enquiry_type"] == spec["enquiry"]]
            ref = part["enquiry_ref"].astype("string")
        else:
            part = complaints[(complaints["procedure"] == spec["procedure"]) & (complaints["stage"] == spec["stage"])]
            ref = part["case_ref"].astype("string") + f" (stage {spec['stage']})"
        parts.append(part.assign(**{CASE: spec["label"], "_ref": ref}))
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[CASE, "_ref"])
    if "outcome" not in frame:
        frame["outcome"] = pd.NA
    frame["case_ref"] = frame.pop("_ref")
    return frame.drop(columns=["stage", "enquiry_ref"], errors="ignore")


@measure
def cases_by_year(complaints: pd.DataFrame, enquiries: pd.DataFrame, years: list[str], case_types: list[dict]) -> Table:
    """New cases received in each year by type, with the total (rows: years, oldest first)."""
    frame = in_years(cases_frame(complaints, enquiries, case_types), years, "received")
    table = crosstab(
        frame,
        "year_received",
        CASE,
        years,
        case_labels(case_types),
        totals=False,
        row_labels={y: fy_text(y) for y in years},
    )
    table = add_total_column(table)
    return Table(
        "cases_by_year",
        "New cases received (complaints and enquiries)",
        table,
        "received",
        period_text(years),
        sums={TOTAL: case_labels(case_types)},
    )


@measure
def cases_by_quarter(complaints: pd.DataFrame, enquiries: pd.DataFrame, year: str, case_types: list[dict]) -> Table:
    frame = in_year(cases_frame(complaints, enquiries, case_types), year, "received")
    table = crosstab(frame, "quarter_received", CASE, QUARTERS, case_labels(case_types))
    return Table("cases_by_quarter", "New cases received by quarter", table, "received", fy_text(year))


@measure
def cases_by_month(complaints: pd.DataFrame, enquiries: pd.DataFrame, year: str, case_types: list[dict]) -> Table:
    frame = in_year(cases_frame(complaints, enquiries, case_types), year, "received")
    frame = frame.assign(month=frame["month_received"].astype("string"))
    table = crosstab(frame, "month", CASE, MONTHS_FY, case_labels(case_types))
    return Table("cases_by_month", "New cases received by month", table, "received", fy_text(year))


@measure
def cases_change(complaints: pd.DataFrame, enquiries: pd.DataFrame, years: list[str], case_types: list[dict]) -> Table:
    """Each type of case this year against last year, with the change (%)."""
    last, this = years[-2], years[-1]
    frame = in_years(cases_frame(complaints, enquiries, case_types), [last, this], "received")
    table = crosstab(
        frame,
        CASE,
        "year_received",
        case_labels(case_types),
        [last, this],
        totals="row",
        column_labels={y: fy_text(y) for y in (last, this)},
    )
    table["Change (%)"] = [
        pct_change(int(this_year), int(last_year))
        for this_year, last_year in zip(table[fy_text(this)], table[fy_text(last)])
    ]
    return Table(
        "cases_change",
        "Change in new cases on the previous year",
        table,
        "received",
        period_text([last, this]),
        percent_columns=("Change (%)",),
    )


def _timed(frame: pd.DataFrame, exclude_outcomes: list[str]) -> pd.DataFrame:
    """Responded cases, without the outcomes a profile leaves out of its on-time tables."""
    frame = frame[frame["on_time"].notna()]
    return frame[~frame["outcome"].isin(list(exclude_outcomes))]


def _excluded_note(exclude_outcomes) -> list[str]:
    if not exclude_outcomes:
        return []
    names = ", ".join(label("outcomes", o) for o in exclude_outcomes)
    return [f"Not included: {names} (shown in their own table)."]


@measure
def cases_on_time_by_quarter(
    complaints: pd.DataFrame,
    enquiries: pd.DataFrame,
    year: str,
    case_types: list[dict],
    basis: str = "received",
    exclude_outcomes: tuple = (),
) -> Table:
    """'% (on time/responded)' by quarter and type of case."""
    frame = in_year(_timed(cases_frame(complaints, enquiries, case_types), exclude_outcomes), year, basis)
    grid = on_time_grid(frame, f"quarter_{basis}", QUARTERS, frame[CASE], case_labels(case_types))
    return Table(
        "cases_on_time_by_quarter",
        "Cases responded to within timescale by quarter",
        grid,
        basis,
        fy_text(year),
        notes=_excluded_note(exclude_outcomes),
    )


@measure
def cases_on_time_by_division(
    complaints: pd.DataFrame,
    enquiries: pd.DataFrame,
    year: str,
    case_types: list[dict],
    divisions: list[str],
    basis: str = "received",
    exclude_outcomes: tuple = (),
) -> Table:
    frame = in_year(_timed(cases_frame(complaints, enquiries, case_types), exclude_outcomes), year, basis)
    order = divisions + sorted(set(frame["division"]) - set(divisions))
    grid = on_time_grid(frame, "division", order, frame[CASE], case_labels(case_types))
    return Table(
        "cases_on_time_by_division",
        "Cases responded to within timescale by division",
        grid,
        basis,
        fy_text(year),
        notes=_excluded_note(exclude_outcomes),
    )


@measure
def excluded_on_time(complaints: pd.DataFrame, year: str, exclude_outcomes: tuple, basis: str = "received") -> Table:
    """The complaints left out of the on-time tables (e.g. case reviews): how many, and on time."""
    frame = in_year(complaints[complaints["outcome"].isin(list(exclude_outcomes))], year, basis)
    rows, trace = {}, Trace()
    for outcome in exclude_outcomes:
        name = label("outcomes", outcome)
        sub = trace.add(name, "Cases", frame[frame["outcome"] == outcome])
        ok, n = on_time_counts(sub)
        trace.add(name, "Responded within timescale", sub[sub["on_time"].fillna(False)])
        trace.add(name, "Not responded within timescale", sub[sub["on_time"].notna() & ~sub["on_time"].fillna(False)])
        rows[name] = {"Cases": len(sub), "Responded within timescale": ok, "Not responded within timescale": n - ok}
    table = trace.attach(
        pd.DataFrame.from_dict(
            rows, orient="index", columns=["Cases", "Responded within timescale", "Not responded within timescale"]
        )
    )
    return Table("excluded_on_time", "Cases left out of the on-time tables", table, basis, fy_text(year))


@measure
def theme_by_division_quarter(
    complaints: pd.DataFrame,
    year: str,
    theme: str,
    divisions: list[str],
    procedure: str | None = None,
    stage: int = 1,
    basis: str = "received",
    title: str = "",
) -> Table:
    """Complaints naming `theme` (e.g. payments), by division and quarter, with totals."""
    frame = in_year(complaints, year, basis)
    frame = frame[frame["stage"] == stage]
    if procedure:
        frame = frame[frame["procedure"] == procedure]
    named = frame["themes"].fillna("").str.split(";").map(lambda items: theme in {i.strip() for i in items})
    frame = frame[named]
    order = divisions + sorted(set(frame["division"]) - set(divisions))
    table = crosstab(frame, "division", f"quarter_{basis}", order, QUARTERS)
    key = "theme_" + "".join(ch if ch.isalnum() else "_" for ch in theme.lower())
    return Table(key, title or f"Stage {stage} complaints about {theme}", table, basis, fy_text(year))


def default_case_types() -> list[dict]:
    """The columns of a cases table unless a report declares its own (`case_types`): stage 1 complaints
    by children's procedure, then every enquiry type."""
    from pipelines.config.vocabulary import codes, taxonomy

    children = [p for p, v in taxonomy()["procedures"].items() if v.get("service", "children") == "children"]
    return [
        {"procedure": p, "stage": 1, "label": f"{taxonomy()['procedures'][p]['short']} stage 1"} for p in children
    ] + [{"enquiry": e, "label": label("enquiry_types", e)} for e in codes("enquiry_types")]
