"""How many: complaints by procedure, stage and year, by quarter and month, by service and
division, who complained, advocacy, escalation, and rates per context figure."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import codes, label, taxonomy
from pipelines.measures.base import (
    TOTAL,
    Table,
    Trace,
    by_year,
    crosstab,
    in_year,
    in_years,
    labels_of,
    measure,
    period_text,
    sort_rows,
)
from pipelines.rules.calendar import MONTHS_FY, QUARTERS, fy_text
from pipelines.rules.numbers import pct_change, percent


def case_type(frame: pd.DataFrame) -> pd.Series:
    """'Statutory stage 1' etc.: the column headings of volume tables."""
    return (
        frame["procedure"].map(lambda p: taxonomy()["procedures"][p]["short"]) + " stage " + frame["stage"].astype(str)
    )


def case_types(frame: pd.DataFrame) -> list[str]:
    """The procedure-stage combinations present, statutory first, then by stage."""
    present = frame[["procedure", "stage"]].drop_duplicates()
    ordered = sorted(present.itertuples(index=False), key=lambda r: (codes("procedures").index(r.procedure), r.stage))
    return [f"{taxonomy()['procedures'][r.procedure]['short']} stage {r.stage}" for r in ordered]


@measure
def volumes_by_year(complaints: pd.DataFrame, years: list[str], basis: str = "received") -> Table:
    """Complaints by procedure and stage for each year, with the change on the previous year."""
    frame = in_years(complaints, years, basis).assign(case_type=lambda f: case_type(f))
    table = by_year(frame, "case_type", case_types(frame), years, basis)
    if len(years) > 1:
        last, this = table.columns[-2], table.columns[-1]
        table["Change (%)"] = [
            pct_change(int(this_year), int(last_year)) for this_year, last_year in zip(table[this], table[last])
        ]
    return Table(
        "volumes_by_year",
        "Complaints by procedure and stage",
        table,
        basis,
        period_text(years),
        percent_columns=("Change (%)",),
    )


@measure
def volumes_by_quarter(complaints: pd.DataFrame, year: str, basis: str = "received") -> Table:
    frame = in_year(complaints, year, basis).assign(case_type=lambda f: case_type(f))
    table = crosstab(frame, f"quarter_{basis}", "case_type", QUARTERS, case_types(frame))
    return Table("volumes_by_quarter", "Complaints by quarter", table, basis, fy_text(year))


@measure
def volumes_by_month(complaints: pd.DataFrame, year: str, basis: str = "received") -> Table:
    frame = in_year(complaints, year, basis).assign(case_type=lambda f: case_type(f))
    frame = frame.assign(month=frame[f"month_{basis}"].astype("string"))
    table = crosstab(frame, "month", "case_type", MONTHS_FY, case_types(frame))
    return Table("volumes_by_month", "Complaints by month", table, basis, fy_text(year))


@measure
def volumes_by_service(
    complaints: pd.DataFrame,
    years: list[str],
    services: list[str],
    basis: str = "received",
    stage: int = 1,
    procedure: str | None = None,
) -> Table:
    """Stage `stage` complaints by service area for each year (most frequent this year first)."""
    frame = in_years(complaints, years, basis)
    frame = frame[frame["stage"] == stage]
    if procedure:
        frame = frame[frame["procedure"] == procedure]
    order = services + sorted(set(frame["service_area"]) - set(services))
    table = sort_rows(by_year(frame, "service_area", order, years, basis), fy_text(years[-1]))
    who = f"{label('procedures', procedure).split(' (')[0].lower()} " if procedure else ""
    return Table(
        f"volumes_by_service{'_' + procedure if procedure else ''}",
        f"Stage {stage} {who}complaints by service area",
        table,
        basis,
        period_text(years),
    )


@measure
def volumes_by_division(complaints: pd.DataFrame, year: str, divisions: list[str], basis: str = "received") -> Table:
    frame = in_year(complaints, year, basis).assign(case_type=lambda f: case_type(f))
    order = divisions + sorted(set(frame["division"]) - set(divisions))
    table = crosstab(frame, "division", "case_type", order, case_types(frame))
    return Table("volumes_by_division", "Complaints by division", table, basis, fy_text(year))


@measure
def complainants(complaints: pd.DataFrame, year: str, basis: str = "received") -> Table:
    """Who complained (stage 0 and 1, one row per complaint), with how many had an advocate."""
    frame = new_complaints(in_year(complaints, year, basis))
    frame = frame.assign(who=frame["advocate"].fillna(False).map({True: "With an advocate", False: "No advocate"}))
    groups = taxonomy()["complainant_groups"]
    table = crosstab(
        frame, "complainant_group", "who", list(groups), ["With an advocate", "No advocate"], row_labels=groups
    )
    table = table.rename(columns={TOTAL: "Complaints"})[["Complaints", "With an advocate"]]
    if "refs" in table.attrs:
        table.attrs["refs"] = {
            r: {"Complaints" if c == TOTAL else c: v for c, v in cells.items() if c != "No advocate"}
            for r, cells in table.attrs["refs"].items()
        }
    table["Share (%)"] = [percent(int(n), int(table.loc[TOTAL, "Complaints"])) for n in table["Complaints"]]
    return Table(
        "complainants",
        f"Who complained ({ONCE_AT_FIRST_STAGE})",
        table,
        basis,
        fy_text(year),
        percent_columns=("Share (%)",),
        complements=(("With an advocate", "Complaints"),),  # those without an advocate are a count too
    )


# These tables count complaints, not stages: stage 0 and stage 1 counts of the same year add up to more
# when complaints moved from stage 0 to stage 1, and the caption says so (publish.checks holds it to that).
ONCE_AT_FIRST_STAGE = "each complaint once, at its first stage: one escalated from stage 0 to stage 1 counts once"


def new_complaints(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per complaint: its first stage (0 or 1), so that a complaint escalated from stage 0
    to stage 1 is counted once."""
    first = frame[frame["stage"] <= 1].sort_values(["case_ref", "stage"])
    return first.drop_duplicates("case_ref", keep="first")


@measure
def complainant_types(complaints: pd.DataFrame, year: str, basis: str = "received") -> Table:
    frame = new_complaints(in_year(complaints, year, basis))
    present = [p for p in codes("procedures") if (frame["procedure"] == p).any()]
    table = crosstab(
        frame,
        "complainant_type",
        "procedure",
        codes("complainant_types"),
        present,
        row_labels=labels_of("complainant_types"),
        column_labels={c: taxonomy()["procedures"][c]["short"] for c in present},
    )
    return Table(
        "complainant_types", f"Complainants by type and procedure ({ONCE_AT_FIRST_STAGE})", table, basis, fy_text(year)
    )


@measure
def escalation(complaints: pd.DataFrame, years: list[str], basis: str = "received") -> Table:
    """Stage 2 requests as a percentage of stage 1 complaints, per procedure and year."""
    frame = in_years(complaints, years, basis)
    rows, trace = {}, Trace()
    for procedure in [p for p in codes("procedures") if (complaints["procedure"] == p).any()]:
        sub = frame[frame["procedure"] == procedure]
        for year in years:
            label = f"{taxonomy()['procedures'][procedure]['short']} {fy_text(year)}"
            in_year_ = sub[sub[f"year_{basis}"] == year]
            n1 = len(trace.add(label, "Stage 1", in_year_[in_year_["stage"] == 1]))
            n2 = len(trace.add(label, "Stage 2", in_year_[in_year_["stage"] == 2]))
            rows[label] = {"Stage 1": n1, "Stage 2": n2, "Escalation rate (%)": percent(n2, n1)}
    table = trace.attach(pd.DataFrame.from_dict(rows, orient="index"))
    return Table(
        "escalation",
        "Escalation from stage 1 to stage 2",
        table,
        basis,
        period_text(years),
        percent_columns=("Escalation rate (%)",),
    )


@measure
def rate_per_context(
    complaints: pd.DataFrame,
    context: pd.DataFrame,
    years: list[str],
    measure: str = "referrals",
    per: int = 1000,
    basis: str = "received",
) -> Table:
    """Statutory complaints (stage 0 and 1) per `per` of a context figure, e.g. per 1,000 referrals."""
    frame = in_years(complaints, years, basis)
    frame = frame[frame["procedure"] == "statutory"]
    frame = pd.concat([new_complaints(frame[frame[f"year_{basis}"] == y]) for y in years])
    rows, trace = {}, Trace()
    for year in years:
        n = len(trace.add(fy_text(year), "Statutory complaints", frame[frame[f"year_{basis}"] == year]))
        found = context[(context["financial_year"] == year) & (context["measure"] == measure)]["value"]
        base = int(found.iloc[0]) if len(found) else None
        rate = None if not base else _rate(n, base, per)
        rows[fy_text(year)] = {
            "Statutory complaints": n,
            context_label(context, measure): base,
            f"Per {per:,}": rate,
        }
    table = trace.attach(pd.DataFrame.from_dict(rows, orient="index"))
    return Table(
        f"rate_per_{measure}",
        f"Statutory complaints per {per:,} {context_label(context, measure).lower()}",
        table,
        basis,
        period_text(years),
    )


def context_label(context: pd.DataFrame, measure_code: str) -> str:
    """How a context figure is printed: its own label, the taxonomy's for a known code, else its name."""
    own = context.loc[context["measure"] == measure_code, "label"].dropna() if "label" in context else []
    if len(own):
        return str(own.iloc[-1])
    if measure_code in taxonomy()["context_measures"]:
        return label("context_measures", measure_code)
    return str(measure_code).replace("_", " ").capitalize()


def _rate(n: int, base: int, per: int):
    from fractions import Fraction

    from pipelines.rules.numbers import round_half_up

    return float(round_half_up(Fraction(n * per, base), 1))
