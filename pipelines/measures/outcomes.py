"""What was found: outcomes by stage and procedure, the groupings reports use, upheld rates by
service, and themes (several per complaint), overall and for upheld complaints."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import codes, taxonomy
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
    theme_counts,
)
from pipelines.measures.volumes import case_type, case_types
from pipelines.rules.calendar import fy_text
from pipelines.rules.numbers import percent

UPHELD = ("upheld", "partly_upheld")


def _closed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["outcome"].notna()]


@measure
def outcomes_by_stage(complaints: pd.DataFrame, year: str, basis: str = "closed", stages=(1,)) -> Table:
    """Outcomes (rows) by procedure and stage (columns), with totals and each outcome's share."""
    frame = in_year(_closed(complaints), year, basis)
    frame = frame[frame["stage"].isin(stages)].assign(case_type=lambda f: case_type(f))
    present = [o for o in codes("outcomes") if (frame["outcome"] == o).any()]
    table = crosstab(frame, "outcome", "case_type", present, case_types(frame), row_labels=labels_of("outcomes"))
    table["Share (%)"] = [percent(int(v), int(table.loc[TOTAL, TOTAL])) for v in table[TOTAL]]
    stage_text = " and ".join(str(s) for s in stages)
    return Table(
        f"outcomes_stage_{'_'.join(map(str, stages))}",
        f"Outcomes of stage {stage_text} complaints",
        table,
        basis,
        fy_text(year),
        percent_columns=("Share (%)",),
    )


@measure
def outcome_groups(
    complaints: pd.DataFrame, years: list[str], procedure: str = "statutory", basis: str = "closed"
) -> Table:
    """Final outcome of each complaint (its highest stage), grouped as the reports group them."""
    frame = in_years(_closed(complaints), years, basis)
    frame = frame[frame["procedure"] == procedure]
    # Each year on its own: the highest stage of each complaint closed in that year.
    final = frame.sort_values("stage").groupby([f"year_{basis}", "case_ref"]).tail(1)
    groups = [g for g in taxonomy()["outcome_groups"] if (final["outcome_group"] == g).any()] or ["upheld_or_partly"]
    table = by_year(final, "outcome_group", groups, years, basis, row_labels=labels_of("outcome_groups"))
    this = table.columns[-1]
    table[f"{this} (%)"] = [percent(int(v), int(table.loc[TOTAL, this])) for v in table[this]]
    name = taxonomy()["procedures"][procedure]["short"].lower()
    return Table(
        f"outcome_groups_{procedure}",
        f"Final outcome of {name} complaints",
        table,
        basis,
        period_text(years),
        percent_columns=(f"{this} (%)",),
    )


@measure
def upheld_by_service(complaints: pd.DataFrame, year: str, services: list[str], basis: str = "closed") -> Table:
    """Stage 1 complaints with an outcome, and how many were upheld or partly upheld, by service."""
    frame = in_year(_closed(complaints), year, basis)
    frame = frame[frame["stage"] == 1]
    order = [
        s for s in services + sorted(set(frame["service_area"]) - set(services)) if (frame["service_area"] == s).any()
    ]
    rows, trace = {}, Trace()
    for service in order + [TOTAL]:
        sub = frame if service == TOTAL else frame[frame["service_area"] == service]
        decided = trace.add(
            service, "Decided", sub[sub["outcome_group"].isin(["upheld_or_partly", "not_upheld", "no_finding"])]
        )
        upheld = len(trace.add(service, "Upheld or partly upheld", decided[decided["outcome"].isin(UPHELD)]))
        rows[service] = {
            "Decided": len(decided),
            "Upheld or partly upheld": upheld,
            "Upheld rate (%)": percent(upheld, len(decided)),
        }
    table = trace.attach(
        pd.DataFrame.from_dict(rows, orient="index", columns=["Decided", "Upheld or partly upheld", "Upheld rate (%)"])
    )
    return Table(
        "upheld_by_service",
        "Stage 1 upheld rate by service area",
        table,
        basis,
        fy_text(year),
        notes=[
            "Decided: upheld, partly upheld, not upheld or no finding (withdrawn, signposted and "
            "early resolution are not decisions on the merits)."
        ],
        percent_columns=("Upheld rate (%)",),
    )


@measure
def themes(complaints: pd.DataFrame, year: str, basis: str = "closed", upheld_only: bool = False) -> Table:
    """Themes of stage 1 complaints; a complaint with several themes counts once under each."""
    frame = in_year(complaints, year, basis)
    frame = frame[frame["stage"] == 1]
    if upheld_only:
        frame = frame[frame["outcome"].isin(UPHELD)]
    table = theme_counts(frame, "Complaints")
    table["Share of complaints (%)"] = [percent(int(v), len(frame)) for v in table["Complaints"]]
    which = "upheld or partly upheld stage 1 complaints" if upheld_only else "stage 1 complaints"
    return Table(
        f"themes{'_upheld' if upheld_only else ''}",
        f"Themes of {which}",
        table,
        basis,
        fy_text(year),
        notes=[
            f"A complaint can have several themes, so the counts add up to more than the {len(frame):,} complaints."
        ],
        percent_columns=("Share of complaints (%)",),
    )
