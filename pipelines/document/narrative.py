"""Sentences generated from the computed figures, so that narrative and tables cannot disagree:
increases and decreases, no change, from zero, singular and plural, percentages of small numbers."""

from __future__ import annotations

from pipelines.rules.calendar import fy_text
from pipelines.rules.numbers import pct_change, percent

SMALL = 10  # below this many cases, say "2 of 3" rather than a percentage


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 complaint', '2 complaints', '1,250 complaints'."""
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{n:,} {word}"


def change_sentence(subject: str, this: int, last: int, this_year: str, last_year: str) -> str:
    """'Statutory complaints decreased by 16% from 118 in 2023/24 to 99 in 2024/25.'"""
    this, last = int(this), int(last)
    ty, ly = fy_text(this_year), fy_text(last_year)
    subject = subject[0].upper() + subject[1:]
    if this == last:
        return f"{subject} stayed the same, at {this:,} in both {ly} and {ty}."
    if last == 0:
        return f"{subject} rose from none in {ly} to {this:,} in {ty}."
    change = pct_change(this, last)
    verb = "increased" if this > last else "decreased"
    if change == 0:
        return f"{subject} {verb} slightly, from {last:,} in {ly} to {this:,} in {ty}."
    return f"{subject} {verb} by {abs(change)}% from {last:,} in {ly} to {this:,} in {ty}."


def share_phrase(part: int, whole: int, noun: str, noun_plural: str | None = None) -> str:
    """'58% of 120 stage 1 complaints' or, for small numbers, '2 of 3 stage 3 complaints'."""
    part, whole = int(part), int(whole)
    things = noun if whole == 1 else (noun_plural or noun + "s")
    if whole == 0:
        return f"no {noun_plural or noun + 's'}"
    if whole < SMALL:
        return f"{part} of {whole:,} {things}" if whole > 1 else f"{part} of 1 {things}"
    return f"{percent(part, whole)}% of {whole:,} {things}"


def of_whole(part: int, whole: int, noun: str, noun_plural: str | None = None) -> str:
    """The share first, the whole named before it, so that no sentence opens with a numeral (GOV.UK
    style): 'Of 120 stage 1 complaints, 58% were', 'Of 3 stage 3 complaints, 2 were', 'The one stage 3
    complaint was'."""
    part, whole = int(part), int(whole)
    if whole == 1:
        return f"The one {noun} {'was' if part == 1 else 'was not'}"
    things = noun_plural or noun + "s"
    share = f"{part:,}" if whole < SMALL else f"{percent(part, whole)}%"
    return f"Of {whole:,} {things}, {share} {'was' if whole < SMALL and part == 1 else 'were'}"


def timeliness_sentence(
    kind: str, ok: int, n: int, days_text: str, last_ok: int | None = None, last_n: int | None = None
) -> str:
    """'Of 120 statutory stage 1 complaints, 63% were responded to within timescale (10 working days,
    or 20 when extended), up from 59% the year before.'"""
    if n == 0:
        return f"There were no {kind} responses in the year."
    text = f"{of_whole(ok, n, kind)} responded to within timescale ({days_text})"
    if last_n:
        now, before = percent(ok, n), percent(last_ok, last_n)
        if n >= SMALL and last_n >= SMALL:
            text += (
                ", the same as the year before"
                if now == before
                else f", {'up' if now > before else 'down'} from {before}% the year before"
            )
    return text + "."
