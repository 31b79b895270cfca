"""Sentences and active chart titles about responding on time: each stage against its timescale,
extensions and late responses."""

from __future__ import annotations

import pandas as pd

from pipelines.document.narrative import SMALL, timeliness_sentence
from pipelines.document.stories.common import count_at, limit_text, noted_cell, safe_title
from pipelines.measures.base import TOTAL, Table
from pipelines.rules import disclosure
from pipelines.rules.calendar import fy_text
from pipelines.rules.disclosure import states_figures
from pipelines.rules.numbers import percent


def on_time_percentages(by_stage: Table, years: list[str]) -> Table:
    cols = {fy_text(y): by_stage.data[f"{fy_text(y)} %"] for y in years[-3:]}
    data = pd.DataFrame(cols).drop(index=TOTAL, errors="ignore").fillna(0)
    hidden = frozenset((r, c[:-2]) for r, c in by_stage.hidden or () if c.endswith(" %"))
    return Table(
        by_stage.key,
        by_stage.title,
        data,
        by_stage.basis,
        by_stage.period,
        derivation=by_stage.derivation,
        hidden=hidden,
    )


@states_figures
def timeliness_sentences(by_stage: Table, data) -> list[str]:
    this, last = fy_text(data.year), fy_text(data.last_year)
    out = []
    for kind in by_stage.data.index:
        if kind == TOTAL or not (kind.endswith("stage 1") or kind.endswith("stage 2")):
            continue
        ok, n = count_at(by_stage, kind, f"{this} On time"), count_at(by_stage, kind, f"{this} Responded")
        lok = count_at(by_stage, kind, f"{last} On time") if this != last else None
        ln = count_at(by_stage, kind, f"{last} Responded") if this != last else None
        proc, stage = kind.split(" stage ")
        days = limit_text(data.profile, proc.lower(), int(stage), data.year)
        out.append(disclosure.sentence(timeliness_sentence(f"{kind.lower()} complaint", ok, n, days, lok, ln)))
    return out


@states_figures
def _timeliness_title_text(by_stage: Table, this: str) -> str:
    ty = fy_text(this)
    pct = noted_cell(by_stage, TOTAL, f"{ty} %")
    return f"{'[z]' if pct is None or pd.isna(pct) else str(int(pct)) + '%'} of responses were on time in {ty}"


def timeliness_title(by_stage: Table, this: str) -> str:
    return safe_title(_timeliness_title_text(by_stage, this), by_stage)


@states_figures
def late_sentence(late: Table) -> str:
    """Responses at every stage (a complaint answered at stage 1 and stage 2 is two responses), so they
    are called responses, never complaints."""
    n, overdue = count_at(late, TOTAL, "Responses"), count_at(late, TOTAL, "Late")
    ext = count_at(late, TOTAL, "Extension agreed")
    if n == 0:
        return "There were no responses in the year."
    if n == 1:
        lead = "The one response " + ("missed the timescale" if overdue else "was on time")
        return f"{lead}; {'an extension had been agreed for it' if ext else 'no extension was agreed'}."
    share = f"{overdue:,}" if n < SMALL else f"{percent(overdue, n)}%"
    extensions = f"an extension was agreed for {ext:,} of them" if ext else "no extension was agreed for any"
    return f"Of {n:,} responses at all stages, {share} missed the timescale; {extensions}."
