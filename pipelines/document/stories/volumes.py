"""Sentences and active chart titles about how many complaints there were: by year, by service, who
complained, escalation to stage 2 and rates per referrals."""

from __future__ import annotations

import pandas as pd

from pipelines.document.narrative import change_sentence, plural, share_phrase
from pipelines.document.stories.common import count_at, noted_cell, safe_title
from pipelines.measures.base import TOTAL, Table
from pipelines.rules import disclosure
from pipelines.rules.calendar import fy_text
from pipelines.rules.disclosure import states_figures


@states_figures
def volume_sentences(by_year: Table, this: str, last: str) -> list[str]:
    ty, ly = fy_text(this), fy_text(last)
    if this == last or ly not in by_year.data.columns:
        n = count_at(by_year, TOTAL, ty)
        return [f"In {ty}, {plural(n, 'complaint')} {'was' if n == 1 else 'were'} received at all stages."]
    out = [
        disclosure.sentence(
            change_sentence(
                "complaints at all stages", count_at(by_year, TOTAL, ty), count_at(by_year, TOTAL, ly), this, last
            )
        )
    ]
    for row in by_year.data.index:
        if row.endswith("stage 1"):
            text = change_sentence(
                f"{row.lower()} complaints", count_at(by_year, row, ty), count_at(by_year, row, ly), this, last
            )
            out.append(disclosure.sentence(text))
    return out


@states_figures
def _volume_title_text(by_year: Table, this: str) -> str:
    ty = fy_text(this)
    change = noted_cell(by_year, TOTAL, "Change (%)") if "Change (%)" in by_year.data else None
    if change is None or pd.isna(change):
        return f"{plural(count_at(by_year, TOTAL, ty), 'complaint')} received in {ty}"
    return (
        f"Complaints {'rose' if change > 0 else 'fell' if change < 0 else 'held steady'}"
        + (f" by {abs(int(change))}%" if change else "")
        + f" in {ty}"
    )


def volume_title(by_year: Table, this: str) -> str:
    return safe_title(_volume_title_text(by_year, this), by_year)


@states_figures
def _service_title_text(by_service: Table) -> str:
    data = by_service.data.drop(index=TOTAL, errors="ignore")
    top = data.iloc[:, -1].idxmax()
    return f"{top} was the service complained about most"


def service_title(by_service: Table) -> str:
    return safe_title(_service_title_text(by_service), by_service)


@states_figures
def complainant_sentence(who: Table) -> str:
    total = count_at(who, TOTAL, "Complaints")
    parents = count_at(who, "Parent or guardian", "Complaints")
    children = count_at(who, "Child or young person", "Complaints")
    advocates = count_at(who, TOTAL, "With an advocate")
    return (
        f"Most new complaints came from parents or guardians ({share_phrase(parents, total, 'complaint')}). "
        f"Children or young people made {plural(children, 'complaint')}, "
        f"and {advocates} of these had the help of an advocate."
    )


@states_figures
def escalation_sentence(escalation: Table, this: str) -> str:
    ty = fy_text(this)
    parts = []
    for proc in ("Statutory", "Corporate"):
        row = f"{proc} {ty}"
        if row in escalation.data.index:
            n1, n2 = count_at(escalation, row, "Stage 1"), count_at(escalation, row, "Stage 2")
            rate = noted_cell(escalation, row, "Escalation rate (%)")
            parts.append(
                f"{plural(n2, proc.lower() + ' stage 2 request')} ({'[z]' if rate is None or pd.isna(rate) else str(int(rate)) + '%'} "
                f"of {n1:,} stage 1 complaints)"
            )
    return "In " + ty + " there were " + " and ".join(parts) + "." if parts else ""


@states_figures
def rate_sentence(rates: Table, this: str) -> str:
    ty = fy_text(this)
    rate = noted_cell(rates, ty, rates.data.columns[-1]) if ty in rates.data.index else None
    if rate is None or pd.isna(rate):
        return "No context figure was supplied for the year, so no rate per referrals is shown."
    return f"There were {rate:.1f} statutory complaints for every 1,000 referrals to children's social care in {ty}."
