"""The words of the summary, background and appendix: the introduction, the headline figures (each
read from the table the report publishes it in), the procedures and conventions, learning and the
definitions."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import label, taxonomy
from pipelines.document.narrative import change_sentence, plural, timeliness_sentence
from pipelines.document.stories.common import count_at, limit_text
from pipelines.document.stories.feedback import compliments_sentence
from pipelines.document.stories.outcomes import outcome_sentence
from pipelines.document.stories.volumes import rate_sentence
from pipelines.measures.base import TOTAL, Table
from pipelines.rules import disclosure
from pipelines.rules.calendar import COUNT_FROM_TEXT, fy_bounds, fy_text
from pipelines.rules.disclosure import states_figures
from pipelines.rules.numbers import fmt_money

# What the introduction says the report also covers, for each section that covers it.
ALSO_COVERS = {
    "enquiries": "enquiries",
    "compliments": "compliments",
    "ombudsman": "the Local Government and Social Care Ombudsman",
    "costs": "the cost of complaints",
}


def introduction(data, shown: list[str]) -> str:
    """What the report covers; `shown`: the keys of the sections it has this year (it speaks only of them)."""
    p = data.profile
    start, end = fy_bounds(data.year)
    also = ["complaints handled under the council's corporate procedure"]
    also += [words for key, words in ALSO_COVERS.items() if key in shown]
    listed = ", ".join(also[:-1]) + " and " + also[-1] if len(also) > 1 else also[0]
    return (
        f"This report covers complaints about {p.service} at {p.name} "
        f"from {start:%-d %B %Y} to {end:%-d %B %Y}. It is the annual report required by regulation 13(3) "
        f"of the Children Act 1989 Representations Procedure (England) Regulations 2006, and also covers {listed}."
    ) + _policy_text()


def _policy_text() -> str:
    """The report's small-number policy, once, in the introduction (nothing when it publishes all)."""
    from pipelines.rules.disclosure_policy import policy_sentence

    text = policy_sentence(disclosure.POLICY)
    return " " + text if text else ""


@states_figures
def headlines(w) -> list[str]:
    """The summary bullets, each recorded as a published figure and read from the table the report
    publishes it in (`w.section.computed`: the table as the report declares it); a bullet about a
    table the report does not publish this year is left out (the report speaks only of what it has)."""
    section, p, this, last = w.section, w.profile, w.year, w.last_year
    out = []
    by_year = section.computed("volumes_by_year")
    ty, ly = fy_text(this), fy_text(last)
    for row, subject in (
        ("Statutory stage 1", "statutory stage 1 complaints"),
        ("Corporate stage 1", "corporate stage 1 complaints"),
    ):
        if by_year is None or row not in by_year.data.index:
            continue
        now = int(
            section.figure(f"{row.lower().replace(' ', '_')}_received", by_year, row, ty, f"{row} complaints received")
        )
        if this != last and ly in by_year.data.columns:
            out.append(disclosure.sentence(change_sentence(subject, now, count_at(by_year, row, ly), this, last)))
        else:
            out.append(
                disclosure.sentence(f"In {ty}, {plural(now, subject[:-1])} {'was' if now == 1 else 'were'} received.")
            )
        out[-1] = _banded(out[-1], by_year, row, ty, f"{subject[0].upper()}{subject[1:]} received in {ty}: ")
    rates = section.computed("rate_per_referrals") if section.shows("rate_per_referrals") else None
    if rates is not None and ty in rates.data.index and not pd.isna(rates.data.loc[ty, "Per 1,000"]):
        section.figure(
            "statutory_per_1000_referrals",
            rates,
            ty,
            "Per 1,000",
            "Statutory complaints per 1,000 referrals to children's social care",
        )
        out.append(disclosure.sentence(rate_sentence(rates, this)))
    on_time = section.computed("on_time_by_stage") if section.shows("on_time_by_stage") else None
    for procedure in ("statutory", "corporate"):
        row = f"{procedure.capitalize()} stage 1"
        if on_time is None or row not in on_time.data.index:
            continue
        ok, n = (count_at(on_time, row, f"{ty} {c}") for c in ("On time", "Responded"))
        section.figure(
            f"{procedure}_stage_1_on_time_pct", on_time, row, f"{ty} %", f"{row} responded within timescale (%)"
        )
        text = timeliness_sentence(f"{procedure} stage 1 complaint", ok, n, limit_text(p, procedure, 1, this))
        out.append(disclosure.sentence(text))
    groups = section.computed("outcome_groups_statutory") if section.shows("outcome_groups_statutory") else None
    if groups is not None:
        upheld_row = label("outcome_groups", "upheld_or_partly")
        if count_at(groups, TOTAL, ty) and upheld_row in groups.data.index:
            section.figure(
                "statutory_upheld_pct",
                groups,
                upheld_row,
                f"{ty} (%)",
                "Statutory complaints upheld or partly upheld (%)",
            )
        out.append(disclosure.sentence(outcome_sentence(groups, this, "statutory")))
    compliments = section.computed("compliments_by_year") if section.shows("compliments_by_year") else None
    if compliments is not None:
        out.append(disclosure.sentence(compliments_sentence(compliments, this, last)))
    lgsco = section.computed("lgsco_by_year") if section.shows("lgsco_by_year") else None
    if lgsco is not None and ty in lgsco.data.index:
        decisions = int(section.figure("lgsco_decisions", lgsco, ty, "Decisions", "Ombudsman decisions"))
        upheld = int(section.figure("lgsco_upheld", lgsco, ty, "Upheld", "Ombudsman decisions upheld"))
        out.append(
            disclosure.sentence(
                f"The Ombudsman made {plural(decisions, 'decision')} about these services and upheld {upheld}."
            )
        )
    spend = section.computed("costs_by_year") if section.shows("costs_by_year") else None
    if spend is not None:
        total = int(section.figure("costs_total", spend, TOTAL, ty, "Total cost of complaints"))
        out.append(disclosure.sentence(f"Complaints cost {fmt_money(total / 100)} in {ty}."))
    return out


def _banded(text, table: Table, row, column, lead: str):
    """A headline that states a withheld count: "... received in 2024/25: fewer than 6." where the
    whole-report check found that band safe, otherwise left out (Section.bullets drops it)."""
    if disclosure.withholds(text) and disclosure.band_safe(table, row, column):
        return disclosure.sentence(f"{lead}{disclosure.band(int(table.data.loc[row, column]))}.")
    return text


def procedure_text(data) -> str:
    return (
        "Children and young people, their parents and others with a sufficient interest can complain under the "
        "statutory procedure of the Children Act 1989. It has three stages: local resolution by the service (stage 1), "
        "an investigation by an Investigating Officer with an Independent Person (stage 2), and a review panel of "
        "three independent people (stage 3). Complaints that cannot use the statutory route, such as those about "
        "education and special educational needs or from people without parental responsibility, follow the "
        "council's corporate procedure. Anyone not satisfied at the end can go to the Local Government and "
        "Social Care Ombudsman. The timescales that applied in the year were:"
    )


def conventions_text(data) -> str:
    labels = taxonomy()["basis_labels"]
    b = data.profile.basis
    return (
        f"{COUNT_FROM_TEXT[data.profile.count_from]} Working days leave out weekends and England and Wales bank "
        f"holidays. Volumes are counted on {labels[b['volumes']]}; outcomes on {labels[b['outcomes']]}; "
        f"timeliness on {labels[b['timeliness']]}. All percentages and costs are rounded to the nearest whole "
        "number, halves rounded up. The symbol [z] marks a percentage that cannot be calculated because there "
        "were no cases."
    )


def learning_intro(data) -> str:
    themes = len(data.narrative.get("learning", []))
    if not themes:
        return "The complaints team records what each service changed as a result of complaints."
    return (
        f"Every upheld complaint is a chance to improve. The complaints team has grouped what people told us, "
        f"and what services changed as a result, into {themes:,} {'theme' if themes == 1 else 'themes'}."
    )


def appendix_intro(data) -> str:
    return (
        "This appendix gives the detailed tables behind the report and the terms it uses. Every table is also "
        "published as a CSV file beside this report."
    )


def definitions(data) -> list[str]:
    symbols = taxonomy()["symbols"]
    out = [
        "Stage 0: early resolution, where a council resolves a complaint informally before stage 1.",
        "Stage 1: local resolution by the service; stage 2: investigation by an Investigating Officer with an "
        "Independent Person; stage 3: review panel.",
        "Upheld or partly upheld: at least one part of the complaint was found to be justified.",
        "Escalation rate: stage 2 requests as a percentage of stage 1 complaints in the same year.",
        "Actual uphold rate: Ombudsman decisions upheld, leaving out complaints the council had already upheld.",
        COUNT_FROM_TEXT[data.profile.count_from],
    ]
    return out + [f"{symbol}: {meaning}" for symbol, meaning in symbols.items()]
