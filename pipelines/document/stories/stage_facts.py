"""Sentences about the facts of each stage beyond counts and timeliness (pipelines/measures/stage_facts.py
and the Ombudsman's routes): working days to respond, received against closed, stage 2 offered because
stage 1 was late, review panels, each stage against every limit, and how complaints came to the
Ombudsman. Each reads its figures from the published table through noted_cell, so that a sentence
stating a withheld figure is left out; none opens with a numeral; responses are called responses."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import codes, label
from pipelines.document.narrative import SMALL, plural
from pipelines.document.stories.common import count_at, noted_cell
from pipelines.measures.base import TOTAL, Table
from pipelines.measures.ombudsman import NOT_RECORDED
from pipelines.rules import disclosure
from pipelines.rules.calendar import fy_text
from pipelines.rules.disclosure import states_figures

# How each route to the Ombudsman reads after "N complaints ..." (lgsco_routes, in taxonomy order).
ROUTE_PHRASES = {
    "exhausted": ("came", "after every stage of the council's procedure"),
    "premature": ("came", "before the council's procedure was completed"),
    "early_referral": ("were", "referred early by the council, with the complainant's agreement"),
}


def _row_words(row: str) -> str:
    """A procedure-and-stage heading inside a sentence: 'statutory stage 1' (only its first letter
    lowered, so that 'Joint (with the NHS) stage 1' keeps its capitals)."""
    return row[:1].lower() + row[1:]


def _number(value):
    """A day count as the table prints it: 12 (not 12.0, where a blank year made the column decimal),
    or 16.5 for an average to one place."""
    return int(value) if float(value).is_integer() else float(value)


def _days(value) -> str:
    """'1 working day', '21 working days', '16.5 working days' (an average to one place)."""
    value = _number(value)
    return f"{value:,} working day{'' if value == 1 else 's'}"


def _present(value) -> bool:
    return value is not None and not pd.isna(value)


@states_figures
def working_days_sentences(table: Table, this: str, last: str) -> list[str]:
    """'The average statutory stage 1 response took 21 working days in 2024/25, an improvement from 25
    in 2023/24; the median was 18 working days.': one sentence for each procedure and stage answered in
    the year. Fewer days is an improvement; more is longer."""
    ty, ly = fy_text(this), fy_text(last)
    out = []
    for row in table.data.index:
        responses = table.data.loc[row, f"{ty} Responses"]
        if not responses:
            continue
        kind = _row_words(row)
        if count_at(table, row, f"{ty} Responses") == 1:  # the count is stated: read, so withheld with it
            took = noted_cell(table, row, f"{ty} Average")
            out.append(disclosure.sentence(f"The one {kind} response in {ty} took {_days(took)}."))
            continue
        average, median = (_number(noted_cell(table, row, f"{ty} {c}")) for c in ("Average", "Median"))
        text = f"The average {kind} response took {_days(average)} in {ty}"
        before = table.data.loc[row, f"{ly} Average"] if this != last and f"{ly} Average" in table.data else None
        if _present(before):
            before = _number(noted_cell(table, row, f"{ly} Average"))
            if average < before:
                text += f", an improvement from {before:,} in {ly}"
            elif average > before:
                text += f", longer than the {before:,} of {ly}"
            else:
                text += f", the same as in {ly}"
        out.append(disclosure.sentence(f"{text}; the median was {_days(median)}."))
    return out or [f"No response was sent in {ty}."]


@states_figures
def received_closed_sentences(table: Table, this: str) -> list[str]:
    """Received against closed at all stages (the difference is the change in the number still open),
    then the stages where more arrived than were closed."""
    ty = fy_text(this)
    received, closed = count_at(table, TOTAL, f"{ty} Received"), count_at(table, TOTAL, f"{ty} Closed")
    gap = received - closed
    change = "did not change" if gap == 0 else f"{'rose' if gap > 0 else 'fell'} by {abs(gap):,}"
    out = [
        disclosure.sentence(
            f"In {ty}, {plural(received, 'complaint or stage request', 'complaints and stage requests')} "
            f"{'was' if received == 1 else 'were'} received and {closed:,} closed (answered), so the number "
            f"still open {change}."
        )
    ]
    behind = []
    for row in table.data.index:
        if row == TOTAL:
            continue
        got, done = count_at(table, row, f"{ty} Received"), count_at(table, row, f"{ty} Closed")
        if got > done:
            behind.append(f"{_row_words(row)} ({got:,} received, {done:,} closed)")
    if behind:
        listed = ", ".join(behind[:-1]) + " and " + behind[-1] if len(behind) > 1 else behind[0]
        out.append(disclosure.sentence(f"More arrived than were closed at {listed}."))
    return out


def _times(n: int) -> str:
    return "not used" if n == 0 else "used once" if n == 1 else f"used {n:,} times"


@states_figures
def stage2_offered_late_sentence(table: Table, this: str, last: str) -> str:
    """'The duty to offer a stage 2 investigation where stage 1 was not answered in time was used 0 times'
    (in words: not used, used once, used 9 times), beside the stage 2 investigations and last year."""
    ty, ly = fy_text(this), fy_text(last)
    row, whole = "Offered because stage 1 was late", "Stage 2 investigations"
    used, investigations = count_at(table, row, ty), count_at(table, whole, ty)
    text = (
        "The duty to offer a stage 2 investigation where stage 1 was not answered in time was "
        f"{_times(used)} in {ty}, when {plural(investigations, 'stage 2 investigation')} "
        f"{'was' if investigations == 1 else 'were'} received"
    )
    if this != last and ly in table.data.columns:
        text += f"; in {ly} it was {_times(count_at(table, row, ly))}"
    return text + "."


def _panels(n: int, verb: str) -> str:
    return (
        f"no review panel was {verb}" if n == 0 else f"{plural(n, 'review panel')} {'was' if n == 1 else 'were'} {verb}"
    )


@states_figures
def panels_sentence(table: Table, this: str, last: str) -> str:
    """Review panels requested and held (a panel held this year may have been requested last year)."""
    ty, ly = fy_text(this), fy_text(last)
    asked, held = count_at(table, "Review panels requested", ty), count_at(table, "Review panels held", ty)
    if not asked and not held:
        text = f"In {ty}, no review panel was requested or held"
    else:
        text = f"In {ty}, {_panels(asked, 'requested')} and {'none' if held == 0 else f'{held:,}'} "
        text += f"{'was' if held <= 1 else 'were'} held"
    if this != last and ly in table.data.columns:
        before = count_at(table, "Review panels requested", ly), count_at(table, "Review panels held", ly)
        text += f" (none in {ly})" if not any(before) else f" ({before[0]:,} requested and {before[1]:,} held in {ly})"
    return text + "."


def _limit_words(limit) -> str:
    """'10/20' (the limit, and the limit when extended) -> '10 or 20 working days'."""
    return " or ".join(str(limit).split("/")) + " working days"


@states_figures
def limits_sentences(table: Table) -> list[str]:
    """Each procedure and stage that has a further limit (`also:`), against every one of its limits:
    'Of 123 statutory stage 1 responses, 63% were within the statutory guidance (10 or 20 working days)
    and 96% within the council target (20 working days).' Counts, not shares, below 10 responses."""
    headings = [c.removesuffix(": limit") for c in table.data.columns if str(c).endswith(": limit")]
    out = []
    for row in table.data.index:
        limits = [h for h in headings if _present(table.data.loc[row, f"{h}: limit"])]
        if len(limits) < 2:  # only the limit the on-time tables use: they say it already
            continue
        n = count_at(table, row, "Responses")
        if n == 0:
            continue
        parts = []  # (within or not, as stated, which limit)
        for h in limits:
            what = f"the {_row_words(h)} ({_limit_words(table.data.loc[row, f'{h}: limit'])})"
            if n >= SMALL:
                share = noted_cell(table, row, f"{h}: % within")
                parts.append((share, f"{int(share)}%", what))
            else:
                within = n - count_at(table, row, f"{h}: late")
                parts.append((within, f"{within:,}", what))
        kind = _row_words(row)
        if n == 1:
            said = [f"{'within' if within else 'outside'} {what}" for within, _, what in parts]
            text = f"The one {kind} response was " + " and ".join(said)
        else:
            verb = "was" if n < SMALL and parts[0][0] == 1 else "were"
            said = [f"{shown} {verb + ' ' if i == 0 else ''}within {what}" for i, (_, shown, what) in enumerate(parts)]
            text = f"Of {n:,} {kind} responses, " + ", ".join(said[:-1]) + " and " + said[-1]
        out.append(disclosure.sentence(text + "."))
    return out


@states_figures
def routes_sentences(table: Table, this: str) -> list[str]:
    """How the year's Ombudsman cases came (after every stage, early, referred early) and the council
    stage each had reached."""
    ty = fy_text(this)
    route_rows = [r for r in table.data.index if r.startswith("How it came: ")]
    total = sum(count_at(table, r, ty) for r in route_rows)
    if total == 0:
        return [f"The Ombudsman received no complaints about these services in {ty}."]
    parts = []
    for code in codes("lgsco_routes"):
        row = f"How it came: {label('lgsco_routes', code)}"
        n = count_at(table, row, ty)
        if n:
            verb, how = ROUTE_PHRASES.get(code, ("came", label("lgsco_routes", code).lower()))
            parts.append(f"{n:,} {verb} {how}")
    unknown = count_at(table, f"How it came: {NOT_RECORDED}", ty)
    text = f"Of {plural(total, 'complaint')} the Ombudsman received in {ty}, "
    if parts:
        text += (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]) + (
            f"; how {unknown:,} came was not recorded" if unknown else ""
        )
    else:
        text = f"How the {plural(total, 'complaint')} the Ombudsman received in {ty} came was not recorded"
    out = [disclosure.sentence(text + ".")]
    stages = [r for r in table.data.index if r.startswith("Stage reached: ") and not r.endswith(NOT_RECORDED)]
    counted = [(n, _row_words(r.removeprefix("Stage reached: "))) for r in stages if (n := count_at(table, r, ty))]
    reached = [f"{n:,} {'had reached ' if i == 0 else ''}{name}" for i, (n, name) in enumerate(counted)]
    if reached:
        listed = ", ".join(reached[:-1]) + " and " + reached[-1] if len(reached) > 1 else reached[0]
        blank = count_at(table, f"Stage reached: {NOT_RECORDED}", ty)
        text = f"Before going to the Ombudsman, {listed}" + (f"; for {blank:,} it was not recorded" if blank else "")
        out.append(disclosure.sentence(text + "."))
    return out
