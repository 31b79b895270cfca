"""An independent oracle for working days and due dates (pipelines/rules/calendar.py), written without
the package's code: GOV.UK's official England and Wales bank-holiday list (the copy the
`govuk-bank-holidays` package ships, read as plain JSON) and plain day-by-day loops.

A working day (reg. 2, SI 2006/1738) is any day but Saturday, Sunday, Christmas Day, Good Friday or a
bank holiday in England and Wales; GOV.UK's list carries Christmas Day and Good Friday. Checked for
every receipt date from the list's first year to its end and every working-day limit the shipped
profiles use, under both counting conventions (calendar.COUNT_FROM_TEXT), with responses on the due
day and one day after; hand-worked cases across Christmas, Easter and the one-off holidays too."""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib import resources

import numpy as np
import pandas as pd
import pytest
import yaml

from pipelines import ROOT
from pipelines.rules import calendar

ONE = timedelta(days=1)


def _govuk_holidays() -> set[date]:
    text = resources.files("govuk_bank_holidays").joinpath("bank-holidays.json").read_text(encoding="utf-8")
    events = json.loads(text)["england-and-wales"]["events"]
    return {date.fromisoformat(e["date"]) for e in events}


HOLIDAYS = _govuk_holidays()
FIRST, LAST = date(min(HOLIDAYS).year, 1, 1), date(max(HOLIDAYS).year, 12, 31)


def working(day: date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS


def _limits() -> list[int]:
    """Every working-day limit in the shipped profiles' timescales (days, extended, stage 3 steps)."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("days", "extended", "panel", "findings", "response") and isinstance(value, int):
                    found.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted((ROOT / "config" / "authorities").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")).get("timescales", {}))
    return sorted(found)


LIMITS = _limits()
# Every calendar day of the list's years, and the working days among them, found one day at a time.
DAYS = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
WORKING = [d for d in DAYS if working(d)]


def due_by_walking(received: date, n: int, count_from: str) -> date | None:
    """The n-th working day counted one day at a time: from the day after receipt (next_working_day),
    or from the day of receipt itself when it is a working day (day_of_receipt)."""
    day, counted = (received + ONE if count_from == "next_working_day" else received), 0
    while day <= LAST:
        if working(day):
            counted += 1
            if counted == n:
                return day
        day += ONE
    return None


def _due_everywhere(n: int, count_from: str) -> tuple[np.ndarray, np.ndarray]:
    """The walk's answer for every receipt date at once: the n-th entry of WORKING after (or from) it."""
    working_days = np.array(WORKING, dtype="datetime64[D]")
    received = np.array(DAYS, dtype="datetime64[D]")
    side = "right" if count_from == "next_working_day" else "left"
    index = np.searchsorted(working_days, received, side=side) + n - 1
    inside = index < len(working_days)
    return received[inside], working_days[index[inside]]


def test_the_official_list_is_the_one_expected():
    # GOV.UK publishes England and Wales from 2012; the one-off holidays are on it
    assert FIRST.year <= 2012 and LAST.year >= 2026
    one_offs = {date(2012, 6, 5), date(2022, 6, 3), date(2022, 9, 19), date(2023, 5, 8)}
    assert one_offs <= HOLIDAYS
    assert LIMITS and {10, 20}.issubset(LIMITS)


def test_every_day_is_a_working_day_exactly_when_the_list_says():
    ours = calendar.is_working_day(np.array(DAYS, dtype="datetime64[D]"))
    wrong = [d for d, w in zip(DAYS, ours) if bool(w) != working(d)]
    assert not wrong, wrong[:10]


def test_bank_holidays_are_the_official_list():
    """The same weekdays; the package also names the day itself when it falls at a weekend (Christmas Day
    2016, a Sunday), where GOV.UK lists only the substitute day: no working day differs."""
    for year in range(FIRST.year, LAST.year + 1):
        ours, official = set(calendar.bank_holidays(year)), {d for d in HOLIDAYS if d.year == year}
        assert official <= ours, year
        assert all(d.weekday() >= 5 for d in ours - official), (year, sorted(ours - official))


def test_the_vectorised_oracle_is_the_walk_around_every_holiday():
    """The searchsorted shortcut below is checked against the literal walk on every receipt date within a
    fortnight of a holiday (and every limit up to 25)."""
    near = sorted({h + timedelta(days=k) for h in HOLIDAYS for k in range(-14, 8)} & set(DAYS))
    for count_from in calendar.COUNT_FROM:
        for n in [x for x in LIMITS if x <= 25]:
            received, due = _due_everywhere(n, count_from)
            by_date = dict(zip(received.astype(object), due.astype(object)))
            for day in near:
                walked = due_by_walking(day, n, count_from)
                if walked is not None:
                    assert by_date[day] == walked, (day, n, count_from)


@pytest.mark.parametrize("count_from", calendar.COUNT_FROM)
def test_due_dates_for_every_receipt_date_and_limit(count_from):
    for n in LIMITS:
        received, due = _due_everywhere(n, count_from)
        ours = calendar.add_working_days(received, n, count_from)
        wrong = np.flatnonzero(ours != due)
        assert not wrong.size, [(str(received[i]), n, str(ours[i]), str(due[i])) for i in wrong[:5]]


@pytest.mark.parametrize("count_from", calendar.COUNT_FROM)
def test_responses_on_the_due_day_and_after(count_from):
    """On the due day the count is the limit; on the next working day one more. A response on the next
    calendar day counts the working days up to it, one by one (none more when that day is not one)."""
    working_days = np.array(WORKING, dtype="datetime64[D]")
    for n in LIMITS:
        received, due = _due_everywhere(n, count_from)
        keep = due < working_days[-1]
        received, due = received[keep], due[keep]
        next_working = working_days[np.searchsorted(working_days, due, side="right")]
        day_after = due + np.timedelta64(1, "D")
        assert (calendar.working_days_between(received, due, count_from) == n).all()
        assert (calendar.working_days_between(received, next_working, count_from) == n + 1).all()
        after = calendar.working_days_between(received, day_after, count_from)
        expected = n + np.isin(day_after, working_days)
        assert (np.asarray(after, dtype="int64") == expected).all()


def _count_by_walking(received: date, responded: date, count_from: str) -> int:
    day = received + ONE if count_from == "next_working_day" else received
    counted = 0
    while day <= responded:
        counted += working(day)
        day += ONE
    return counted


@pytest.mark.parametrize("count_from", calendar.COUNT_FROM)
def test_working_days_taken_by_walking_around_christmas_and_easter(count_from):
    """Every pair of receipt and response dates in the fortnights around Christmas 2024 and Easter 2025."""
    for start in (date(2024, 12, 16), date(2025, 4, 10)):
        window = [start + timedelta(days=k) for k in range(24)]
        pairs = [(a, b) for a in window for b in window if b >= a]
        ours = calendar.working_days_between(
            pd.Series([a for a, _ in pairs], dtype="datetime64[ns]"),
            pd.Series([b for _, b in pairs], dtype="datetime64[ns]"),
            count_from,
        )
        assert list(ours) == [_count_by_walking(a, b, count_from) for a, b in pairs]


# Worked by hand, day by day, from GOV.UK's list
HAND = [
    # Received Fri 20 Dec 2024, 10 days. Next working day: Mon 23 (1), Tue 24 (2), [25, 26 Christmas and
    # Boxing Day], Fri 27 (3), Mon 30 (4), Tue 31 (5), [Wed 1 Jan], Thu 2 (6), Fri 3 (7), Mon 6 (8),
    # Tue 7 (9), Wed 8 Jan (10). Day of receipt: Fri 20 is day 1, so one earlier: Tue 7 Jan.
    ("2024-12-20", 10, "next_working_day", "2025-01-08"),
    ("2024-12-20", 10, "day_of_receipt", "2025-01-07"),
    # Received Sat 21 Dec 2024 (not a working day): both conventions start on Mon 23 -> Wed 8 Jan
    ("2024-12-21", 10, "next_working_day", "2025-01-08"),
    ("2024-12-21", 10, "day_of_receipt", "2025-01-08"),
    # Easter 2025 (Good Friday 18, Easter Monday 21 April). Received Thu 17 Apr, 5 days: Tue 22 (1), Wed 23
    # (2), Thu 24 (3), Fri 25 (4), Mon 28 (5); day of receipt: Thu 17 (1), 22 (2), 23 (3), 24 (4), Fri 25 (5)
    ("2025-04-17", 5, "next_working_day", "2025-04-28"),
    ("2025-04-17", 5, "day_of_receipt", "2025-04-25"),
    # Coronation, Mon 8 May 2023 (a week after the early May holiday, Mon 1 May). Received Fri 28 Apr, 10
    # days: Tue 2 (1) .. Fri 5 (4), Tue 9 (5) .. Fri 12 (8), Mon 15 (9), Tue 16 May (10)
    ("2023-04-28", 10, "next_working_day", "2023-05-16"),
    # Platinum Jubilee, Thu 2 and Fri 3 June 2022. Received Wed 1 Jun, 5 days: Mon 6 (1) .. Fri 10 (5)
    ("2022-06-01", 5, "next_working_day", "2022-06-10"),
    # State Funeral, Mon 19 Sep 2022. Received Fri 16 Sep, 1 day: Tue 20 Sep
    ("2022-09-16", 1, "next_working_day", "2022-09-20"),
    # Diamond Jubilee, Mon 4 (moved spring holiday) and Tue 5 June 2012. Received Fri 1 Jun, 1 day: Wed 6
    ("2012-06-01", 1, "next_working_day", "2012-06-06"),
    ("2012-06-01", 1, "day_of_receipt", "2012-06-01"),
]


@pytest.mark.parametrize(("received", "n", "count_from", "due"), HAND)
def test_hand_worked_due_dates(received, n, count_from, due):
    assert due_by_walking(date.fromisoformat(received), n, count_from) == date.fromisoformat(due)
    assert str(calendar.add_working_days(received, n, count_from)) == due
    assert calendar.working_days_between(received, due, count_from) == n
