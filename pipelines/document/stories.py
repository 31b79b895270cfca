"""The words around the figures: each function reads a computed Table (never recomputes) and
returns sentences or chart titles for one part of the report."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from pipelines.config.vocabulary import label, taxonomy
from pipelines.document.narrative import SMALL, change_sentence, plural, share_phrase, timeliness_sentence
from pipelines.measures.base import TOTAL, Table
from pipelines.rules import disclosure
from pipelines.rules.calendar import COUNT_FROM_TEXT, fy_bounds, fy_text
from pipelines.rules.disclosure import states_figures
from pipelines.rules.numbers import fmt_money, pct_change, percent


def _row(table: Table, row: str, column: str) -> int:
    return int(_cell(table, row, column)) if row in table.data.index else 0


def _cell(table: Table, row, column):
    """A cell a sentence states: noted, so that the sentence is withheld if the cell is."""
    disclosure.note(table, row, column)
    return table.data.loc[row, column]


def safe_title(title: str, table: Table) -> str:
    """An active chart title, unless it states a withheld figure: then the table's own."""
    return table.title if disclosure.withholds(title) else title


# Summary ------------------------------------------------------------------------------------------


def publishes(data, key: str) -> bool:
    """Whether this year's report has the section `key`: a sentence speaks only of what the report
    contains (and a headline figure cites only a table that is published)."""
    from pipelines.document.declaration import load_declaration

    return key in {s.key for s in load_declaration(data.profile).sections_for(data.year)}


# What the introduction says the report also covers, for each section that covers it.
ALSO_COVERS = {
    "enquiries": "enquiries",
    "compliments": "compliments",
    "ombudsman": "the Local Government and Social Care Ombudsman",
    "costs": "the cost of complaints",
}


def introduction(data) -> str:
    p = data.profile
    start, end = fy_bounds(data.year)
    also = ["complaints handled under the council's corporate procedure"]
    also += [words for key, words in ALSO_COVERS.items() if publishes(data, key)]
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
def headlines(data, section) -> list[str]:
    """The summary bullets, each recorded as a published figure."""
    from pipelines.measures import costs, feedback, ombudsman, outcomes, timeliness, volumes

    p, this, last, years = data.profile, data.year, data.last_year, data.years
    out = []
    by_year = volumes.volumes_by_year(data.complaints, years, p.basis["volumes"])
    ty, ly = fy_text(this), fy_text(last)
    for row, subject in (
        ("Statutory stage 1", "statutory stage 1 complaints"),
        ("Corporate stage 1", "corporate stage 1 complaints"),
    ):
        if row not in by_year.data.index:
            continue
        now = int(
            section.figure(f"{row.lower().replace(' ', '_')}_received", by_year, row, ty, f"{row} complaints received")
        )
        if this != last:
            out.append(disclosure.sentence(change_sentence(subject, now, _row(by_year, row, ly), this, last)))
        else:
            out.append(
                disclosure.sentence(f"In {ty}, {plural(now, subject[:-1])} {'was' if now == 1 else 'were'} received.")
            )
        out[-1] = _banded(out[-1], by_year, row, ty, f"{subject[0].upper()}{subject[1:]} received in {ty}: ")
    rates = volumes.rate_per_context(data.complaints, data.context, years, "referrals", 1000, p.basis["volumes"])
    # A headline cites a table its own section publishes: none for a section the profile leaves out.
    if publishes(data, "volumes") and ty in rates.data.index and not pd.isna(rates.data.loc[ty, "Per 1,000"]):
        section.figure(
            "statutory_per_1000_referrals",
            rates,
            ty,
            "Per 1,000",
            "Statutory complaints per 1,000 referrals to children's social care",
        )
        out.append(disclosure.sentence(rate_sentence(rates, this)))
    on_time = timeliness.on_time_by_stage(data.complaints, years, p.basis["timeliness"])
    for procedure in ("statutory", "corporate"):
        row = f"{procedure.capitalize()} stage 1"
        if row not in on_time.data.index or not publishes(data, "timeliness"):
            continue
        ok, n = (_row(on_time, row, f"{ty} {c}") for c in ("On time", "Responded"))
        section.figure(
            f"{procedure}_stage_1_on_time_pct", on_time, row, f"{ty} %", f"{row} responded within timescale (%)"
        )
        text = timeliness_sentence(f"{procedure} stage 1 complaint", ok, n, _limit_text(p, procedure, 1, this))
        out.append(disclosure.sentence(text))
    groups = outcomes.outcome_groups(data.complaints, years, "statutory", p.basis["outcomes"])
    upheld_row = label("outcome_groups", "upheld_or_partly")
    if publishes(data, "outcomes") and _row(groups, TOTAL, ty) and upheld_row in groups.data.index:
        section.figure(
            "statutory_upheld_pct", groups, upheld_row, f"{ty} (%)", "Statutory complaints upheld or partly upheld (%)"
        )
    out.append(disclosure.sentence(outcome_sentence(groups, this, "statutory")))
    if publishes(data, "compliments"):
        compliments = feedback.compliments_by_year(data.compliments, years, p.divisions)
        out.append(disclosure.sentence(compliments_sentence(compliments, this, last)))
    if publishes(data, "ombudsman"):
        lgsco = ombudsman.lgsco_by_year(data.ombudsman, years)
        decisions = int(section.figure("lgsco_decisions", lgsco, ty, "Decisions", "Ombudsman decisions"))
        upheld = int(section.figure("lgsco_upheld", lgsco, ty, "Upheld", "Ombudsman decisions upheld"))
        out.append(
            disclosure.sentence(
                f"The Ombudsman made {plural(decisions, 'decision')} about these services and upheld {upheld}."
            )
        )
    if publishes(data, "costs"):
        spend = costs.costs_by_year(data.costs, years)
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


# Volumes ------------------------------------------------------------------------------------------


@states_figures
def volume_sentences(by_year: Table, this: str, last: str) -> list[str]:
    ty, ly = fy_text(this), fy_text(last)
    if this == last or ly not in by_year.data.columns:
        return [f"{plural(_row(by_year, TOTAL, ty), 'complaint')} were received at all stages in {ty}."]
    out = [
        disclosure.sentence(
            change_sentence("complaints at all stages", _row(by_year, TOTAL, ty), _row(by_year, TOTAL, ly), this, last)
        )
    ]
    for row in by_year.data.index:
        if row.endswith("stage 1"):
            text = change_sentence(
                f"{row.lower()} complaints", _row(by_year, row, ty), _row(by_year, row, ly), this, last
            )
            out.append(disclosure.sentence(text))
    return out


@states_figures
def _volume_title_text(by_year: Table, this: str) -> str:
    ty = fy_text(this)
    change = _cell(by_year, TOTAL, "Change (%)") if "Change (%)" in by_year.data else None
    if change is None or pd.isna(change):
        return f"{plural(_row(by_year, TOTAL, ty), 'complaint')} received in {ty}"
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
    total = _row(who, TOTAL, "Complaints")
    parents = _row(who, "Parent or guardian", "Complaints")
    children = _row(who, "Child or young person", "Complaints")
    advocates = _row(who, TOTAL, "With an advocate")
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
            n1, n2 = _row(escalation, row, "Stage 1"), _row(escalation, row, "Stage 2")
            rate = _cell(escalation, row, "Escalation rate (%)")
            parts.append(
                f"{plural(n2, proc.lower() + ' stage 2 request')} ({'[z]' if rate is None or pd.isna(rate) else str(int(rate)) + '%'} "
                f"of {n1:,} stage 1 complaints)"
            )
    return "In " + ty + " there were " + " and ".join(parts) + "." if parts else ""


@states_figures
def rate_sentence(rates: Table, this: str) -> str:
    ty = fy_text(this)
    rate = _cell(rates, ty, rates.data.columns[-1]) if ty in rates.data.index else None
    if rate is None or pd.isna(rate):
        return "No context figure was supplied for the year, so no rate per referrals is shown."
    return f"There were {rate:.1f} statutory complaints for every 1,000 referrals to children's social care in {ty}."


# Timeliness ---------------------------------------------------------------------------------------


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
        ok, n = _row(by_stage, kind, f"{this} On time"), _row(by_stage, kind, f"{this} Responded")
        lok = _row(by_stage, kind, f"{last} On time") if this != last else None
        ln = _row(by_stage, kind, f"{last} Responded") if this != last else None
        proc, stage = kind.split(" stage ")
        days = _limit_text(data.profile, proc.lower(), int(stage), data.year)
        out.append(disclosure.sentence(timeliness_sentence(f"{kind.lower()} complaint", ok, n, days, lok, ln)))
    return out


def _limit_text(profile, procedure_short: str, stage: int, year: str) -> str:
    code = next(c for c, v in taxonomy()["procedures"].items() if v["short"].lower() == procedure_short)
    first = fy_bounds(year)[0].date()
    rules = [
        r for r in profile.timescales.get(code, {}).get(stage, []) if r["from"] <= first
    ] or profile.timescales.get(code, {}).get(stage, [{"days": "?"}])
    rule = rules[-1]
    if "months" in rule:
        return f"{rule['months']} months"
    return f"{rule['days']} working days" + (f", or {rule['extended']} when extended" if "extended" in rule else "")


@states_figures
def _timeliness_title_text(by_stage: Table, this: str) -> str:
    ty = fy_text(this)
    pct = _cell(by_stage, TOTAL, f"{ty} %")
    return f"{'[z]' if pct is None or pd.isna(pct) else str(int(pct)) + '%'} of responses were on time in {ty}"


def timeliness_title(by_stage: Table, this: str) -> str:
    return safe_title(_timeliness_title_text(by_stage, this), by_stage)


@states_figures
def late_sentence(late: Table) -> str:
    n, overdue = _row(late, TOTAL, "Responses"), _row(late, TOTAL, "Late")
    ext = _row(late, TOTAL, "Extension agreed")
    if n == 0:
        return "There were no responses in the year."
    if n == 1:
        lead = "The one response " + ("missed the timescale" if overdue else "was on time")
    else:
        share = f"{overdue:,}" if n < SMALL else f"{percent(overdue, n)}%"
        lead = f"Of {n:,} responses, {share} missed the timescale"
    return f"{lead}; an extension was agreed for {plural(ext, 'complaint')}."


# Outcomes -----------------------------------------------------------------------------------------


# What each outcome group's complaints "were", in taxonomy order; every group is named, so that the
# shares a sentence gives add up to the whole (rounding aside).
OUTCOME_PHRASES = {
    "upheld_or_partly": "were upheld or partly upheld",
    "not_upheld": "were not upheld",
    "no_finding": "ended with no finding",
    "withdrawn_early_signposted": "were withdrawn, resolved early or signposted",
    "case_review": "went to a case review",
}


@states_figures
def outcome_sentence(groups: Table, this: str, procedure: str) -> str:
    ty = fy_text(this)
    total = _row(groups, TOTAL, ty)
    if total == 0:
        return f"No {procedure} complaints were closed in {ty}."
    parts = [
        f"{_pct_or_count(n, total)} {OUTCOME_PHRASES.get(code, 'were ' + label('outcome_groups', code).lower())}"
        for code in taxonomy()["outcome_groups"]
        if (n := _row(groups, label("outcome_groups", code), ty))
    ]
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"Of the {plural(total, procedure + ' complaint')} closed in {ty}, {listed}."


def _pct_or_count(part: int, whole: int) -> str:
    return f"{part} of {whole}" if whole < 10 else f"{percent(part, whole)}% ({part:,})"


@states_figures
def _outcome_title_text(groups: Table, this: str) -> str:
    ty = fy_text(this)
    pct = percent(_row(groups, label("outcome_groups", "upheld_or_partly"), ty), _row(groups, TOTAL, ty))
    return f"{'[z]' if pct is None else str(pct) + '%'} of statutory complaints were upheld or partly upheld in {ty}"


def outcome_title(groups: Table, this: str) -> str:
    return safe_title(_outcome_title_text(groups, this), groups)


@states_figures
def upheld_service_sentence(by_service: Table) -> str:
    data = by_service.data.drop(index=TOTAL, errors="ignore")
    data = data[data["Decided"] >= 10]
    overall = _cell(by_service, TOTAL, "Upheld rate (%)")
    if data.empty or overall is None:
        return "Too few complaints were decided in any one service to compare upheld rates."
    top = data["Upheld rate (%)"].astype(float).idxmax()
    return (
        f"Overall {overall}% of decided stage 1 complaints were upheld or partly upheld. Among services with at least "
        f"10 decided complaints, the highest rate was for {top} ({int(_cell(by_service, top, 'Upheld rate (%)'))}%)."
    )


def themes_sentence(themes: Table, upheld: Table) -> str:
    if themes.data.empty:
        return "No themes were recorded."
    top = [t.lower() for t in themes.data.index[:3]]
    text = f"The most common themes were {top[0]}" + (f", {top[1]} and {top[2]}." if len(top) == 3 else ".")
    if not upheld.data.empty:
        text += f" In upheld or partly upheld complaints the most common theme was {upheld.data.index[0].lower()}."
    return text


# Compliments, Ombudsman, costs, enquiries -----------------------------------------------------------


@states_figures
def _total_sentence(by_year: Table, this: str, last: str, subject: str, singular: str, plural_form: str) -> str:
    """The year's total against the year before, or the total alone in an export's first year."""
    ty, ly = fy_text(this), fy_text(last)
    now = _row(by_year, TOTAL, ty)
    if this == last or ly not in by_year.data.columns:
        return f"In {ty}, {plural(now, singular, plural_form)} {'was' if now == 1 else 'were'} received."
    return change_sentence(subject, now, _row(by_year, TOTAL, ly), this, last)


def compliments_sentence(by_year: Table, this: str, last: str) -> str:
    return _total_sentence(by_year, this, last, "compliments received", "compliment", "compliments")


@states_figures
def _compliments_title_text(by_year: Table, this: str) -> str:
    return f"{plural(_row(by_year, TOTAL, fy_text(this)), 'compliment')} received in {fy_text(this)}"


def compliments_title(by_year: Table, this: str) -> str:
    return safe_title(_compliments_title_text(by_year, this), by_year)


def transpose(table: Table) -> Table:
    return Table(
        table.key,
        table.title,
        table.data.T,
        table.basis,
        table.period,
        derivation=table.derivation,
        hidden=frozenset((c, r) for r, c in table.hidden or ()),
    )


@states_figures
def ombudsman_sentences(by_year: Table, rates: Table, this: str, last: str) -> list[str]:
    ty, ly = fy_text(this), fy_text(last)
    received, decisions = _row(by_year, ty, "Enquiries received"), _row(by_year, ty, "Decisions")
    out = [
        disclosure.sentence(
            f"The Ombudsman sent the council {plural(received, 'new enquiry', 'new enquiries')} in {ty}"
            + (f" ({_row(by_year, ly, 'Enquiries received')} in {ly})" if ly in by_year.data.index and ly != ty else "")
            + f" and made {plural(decisions, 'final decision')}."
        )
    ]

    def v(row):
        return _cell(rates, row, "Value")

    if decisions:
        out.append(
            disclosure.sentence(
                f"The Ombudsman found fault in {plural(int(v('Upheld')), 'decision')} (an uphold rate of "
                f"{v('Uphold rate (%)')}%). Of these, {int(v('Already upheld by the council'))} had already been "
                f"upheld by the council, so the actual uphold rate was {v('Actual uphold rate (%)')}%."
            )
        )
    return out


@states_figures
def _ombudsman_title_text(by_year: Table, this: str) -> str:
    return f"The Ombudsman made {plural(_row(by_year, fy_text(this), 'Decisions'), 'decision')} in {fy_text(this)}"


def ombudsman_title(by_year: Table, this: str) -> str:
    return safe_title(_ombudsman_title_text(by_year, this), by_year)


@states_figures
def remedies_sentence(remedies: Table) -> str:
    def v(row):
        return int(_cell(remedies, row, "Value")) if row in remedies.data.index else 0

    paid, count = v("Payments (total, pence)"), v("Payments (number)")
    late, due = v("Remedies late or overdue"), v("Remedies due by the year end")
    payments = (
        f"The council made {plural(count, 'payment')} totalling {fmt_money(paid / 100)} as remedies."
        if count
        else "No remedy payments are recorded."
    )
    if not due:
        return payments + " No remedies were due by the year end."
    return f"{payments} Of {plural(due, 'remedy', 'remedies')} due by the year end, {late} {'was' if late == 1 else 'were'} late or overdue."


def money_rows(remedies: Table) -> Table:
    data = remedies.data.copy().astype(object)
    key = "Payments (total, pence)"
    if key in data.index:
        data.loc[key, "Value"] = fmt_money(int(data.loc[key, "Value"]) / 100)
        data = data.rename(index={key: "Payments (total)"})
    renamed = {key: "Payments (total)"}
    return Table(
        remedies.key,
        remedies.title,
        data,
        remedies.basis,
        remedies.period,
        remedies.notes,
        derivation=remedies.derivation,
        hidden=frozenset((renamed.get(r, r), c) for r, c in remedies.hidden or ()),
        refs={renamed.get(r, r): cells for r, cells in remedies.refs.items()} if remedies.refs else None,
    )


def in_pounds(table: Table) -> Table:
    from pipelines.rules.numbers import round_half_up

    pounds = table.data.map(lambda pence: round_half_up(Fraction(int(pence), 100)))
    return Table(
        table.key, table.title, pounds, table.basis, table.period, derivation=table.derivation, hidden=table.hidden
    )


@states_figures
def costs_sentence(by_year: Table, this: str, last: str) -> str:
    ty, ly = fy_text(this), fy_text(last)
    now = _row(by_year, TOTAL, ty)
    text = f"Complaints cost {fmt_money(now / 100)} in {ty}"
    if ly in by_year.data.columns and ly != ty:
        before = _row(by_year, TOTAL, ly)
        change = pct_change(now, before)
        text += f", compared with {fmt_money(before / 100)} in {ly}" + (
            f" ({'an increase' if now > before else 'a decrease'} of {abs(change)}%)" if change else ""
        )
    return text + "."


@states_figures
def _costs_title_text(by_year: Table, this: str) -> str:
    return f"Complaints cost {fmt_money(_row(by_year, TOTAL, fy_text(this)) / 100)} in {fy_text(this)}"


def costs_title(by_year: Table, this: str) -> str:
    return safe_title(_costs_title_text(by_year, this), by_year)


def enquiries_sentence(by_year: Table, this: str, last: str) -> str:
    return _total_sentence(by_year, this, last, "enquiries", "enquiry", "enquiries")


@states_figures
def _enquiries_title_text(by_year: Table, this: str) -> str:
    return f"{plural(_row(by_year, TOTAL, fy_text(this)), 'enquiry', 'enquiries')} received in {fy_text(this)}"


# Learning, FOI, appendix ----------------------------------------------------------------------------


def learning_intro(data) -> str:
    themes = len(data.narrative.get("learning", []))
    if not themes:
        return "The complaints team records what each service changed as a result of complaints."
    return (
        f"Every upheld complaint is a chance to improve. The complaints team has grouped what people told us, "
        f"and what services changed as a result, into {themes:,} {'theme' if themes == 1 else 'themes'}."
    )


def enquiries_title(by_year: Table, this: str) -> str:
    return safe_title(_enquiries_title_text(by_year, this), by_year)


@states_figures
def foi_sentence(by_month: Table, on_time: Table) -> str:
    requests = _row(by_month, TOTAL, "Request") if "Request" in by_month.data else 0
    reviews = _row(by_month, TOTAL, "Internal review") if "Internal review" in by_month.data else 0
    cell = _cell(on_time, TOTAL, "Request") if "Request" in on_time.data else "[z] (0/0)"
    return (
        f"The service received {plural(requests, 'Freedom of Information request')} and "
        f"{plural(reviews, 'request')} for an internal review. {cell} of requests were answered within "
        "20 working days."
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
