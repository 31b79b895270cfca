"""Sentences and active chart titles about compliments, the Ombudsman, costs, enquiries and FOI
requests, and the forms their tables and charts are shown in (money in pounds, years across)."""

from __future__ import annotations

from fractions import Fraction

from pipelines.document.narrative import change_sentence, plural
from pipelines.document.stories.common import count_at, noted_cell, safe_title
from pipelines.measures.base import TOTAL, Table
from pipelines.rules import disclosure
from pipelines.rules.calendar import fy_text
from pipelines.rules.disclosure import states_figures
from pipelines.rules.numbers import fmt_money, pct_change


@states_figures
def _total_sentence(by_year: Table, this: str, last: str, subject: str, singular: str, plural_form: str) -> str:
    """The year's total against the year before, or the total alone in an export's first year."""
    ty, ly = fy_text(this), fy_text(last)
    now = count_at(by_year, TOTAL, ty)
    if this == last or ly not in by_year.data.columns:
        return f"In {ty}, {plural(now, singular, plural_form)} {'was' if now == 1 else 'were'} received."
    return change_sentence(subject, now, count_at(by_year, TOTAL, ly), this, last)


def compliments_sentence(by_year: Table, this: str, last: str) -> str:
    return _total_sentence(by_year, this, last, "compliments received", "compliment", "compliments")


@states_figures
def _compliments_title_text(by_year: Table, this: str) -> str:
    return f"{plural(count_at(by_year, TOTAL, fy_text(this)), 'compliment')} received in {fy_text(this)}"


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
    received, decisions = count_at(by_year, ty, "Enquiries received"), count_at(by_year, ty, "Decisions")
    out = [
        disclosure.sentence(
            f"The Ombudsman sent the council {plural(received, 'new enquiry', 'new enquiries')} in {ty}"
            + (
                f" ({count_at(by_year, ly, 'Enquiries received')} in {ly})"
                if ly in by_year.data.index and ly != ty
                else ""
            )
            + f" and made {plural(decisions, 'final decision')}."
        )
    ]

    def v(row):
        return noted_cell(rates, row, "Value")

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
    return f"The Ombudsman made {plural(count_at(by_year, fy_text(this), 'Decisions'), 'decision')} in {fy_text(this)}"


def ombudsman_title(by_year: Table, this: str) -> str:
    return safe_title(_ombudsman_title_text(by_year, this), by_year)


@states_figures
def remedies_sentence(remedies: Table) -> str:
    def v(row):
        return int(noted_cell(remedies, row, "Value")) if row in remedies.data.index else 0

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
    now = count_at(by_year, TOTAL, ty)
    text = f"Complaints cost {fmt_money(now / 100)} in {ty}"
    if ly in by_year.data.columns and ly != ty:
        before = count_at(by_year, TOTAL, ly)
        change = pct_change(now, before)
        text += f", compared with {fmt_money(before / 100)} in {ly}" + (
            f" ({'an increase' if now > before else 'a decrease'} of {abs(change)}%)" if change else ""
        )
    return text + "."


@states_figures
def _costs_title_text(by_year: Table, this: str) -> str:
    return f"Complaints cost {fmt_money(count_at(by_year, TOTAL, fy_text(this)) / 100)} in {fy_text(this)}"


def costs_title(by_year: Table, this: str) -> str:
    return safe_title(_costs_title_text(by_year, this), by_year)


def enquiries_sentence(by_year: Table, this: str, last: str) -> str:
    return _total_sentence(by_year, this, last, "enquiries", "enquiry", "enquiries")


@states_figures
def _enquiries_title_text(by_year: Table, this: str) -> str:
    return f"{plural(count_at(by_year, TOTAL, fy_text(this)), 'enquiry', 'enquiries')} received in {fy_text(this)}"


def enquiries_title(by_year: Table, this: str) -> str:
    return safe_title(_enquiries_title_text(by_year, this), by_year)


@states_figures
def foi_sentence(by_month: Table, on_time: Table) -> str:
    requests = count_at(by_month, TOTAL, "Request") if "Request" in by_month.data else 0
    reviews = count_at(by_month, TOTAL, "Internal review") if "Internal review" in by_month.data else 0
    cell = noted_cell(on_time, TOTAL, "Request") if "Request" in on_time.data else "[z] (0/0)"
    return (
        f"The service received {plural(requests, 'Freedom of Information request')} and "
        f"{plural(reviews, 'request')} for an internal review. Of the requests, {cell} were answered within "
        "20 working days."
    )
