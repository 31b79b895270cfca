"""Tests for pipelines.rules.calendar: working days under England and Wales bank holidays, and financial
years, quarters and months.

Every expected date below was counted by hand against a printed calendar and the bank holiday
list in the brief (never copied from the code's output). "NWD" = next_working_day convention (day 1
is the first working day after receipt); "DOR" = day_of_receipt convention (receipt is day 1 when
it is a working day, otherwise day 1 is the next working day). "hol" = bank holiday / Christmas Day
/ Good Friday.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from pipelines.rules.calendar import (
    add_working_days,
    bank_holidays,
    financial_year,
    fy_bounds,
    fy_label,
    fy_month,
    fy_quarter,
    fy_text,
    is_working_day,
    previous_years,
    working_days_between,
)

NWD = "next_working_day"
DOR = "day_of_receipt"


# --------------------------------------------------------------------------------------------
# Due dates: add_working_days
# --------------------------------------------------------------------------------------------

DUE_CASES = [
    # Received Fri 20 Dec 2024. NWD: 1 Mon 23, 2 Tue 24, (Wed 25, Thu 26 hol) 3 Fri 27,
    # 4 Mon 30, 5 Tue 31, (Wed 1 Jan hol) 6 Thu 2, 7 Fri 3, 8 Mon 6, 9 Tue 7, 10 Wed 8 Jan 2025.
    pytest.param("2024-12-20", 10, NWD, "2025-01-08", id="christmas-2024-stage1-nwd"),
    # DOR: 1 Fri 20, 2 Mon 23, 3 Tue 24, 4 Fri 27, 5 Mon 30, 6 Tue 31, 7 Thu 2, 8 Fri 3,
    # 9 Mon 6, 10 Tue 7 Jan 2025.
    pytest.param("2024-12-20", 10, DOR, "2025-01-07", id="christmas-2024-stage1-dor"),
    # Stage 2 (25): day 10 Wed 8 Jan; 11 Thu 9, 12 Fri 10, 13 Mon 13 ... 17 Fri 17,
    # 18 Mon 20 ... 22 Fri 24, 23 Mon 27, 24 Tue 28, 25 Wed 29 Jan 2025.
    pytest.param("2024-12-20", 25, NWD, "2025-01-29", id="christmas-2024-stage2-25-nwd"),
    # Stage 2 (65): day 25 Wed 29 Jan + 40 working days, no bank holidays Feb-Mar 2025, so
    # 8 whole weeks = 56 calendar days -> Wed 26 Mar 2025.
    pytest.param("2024-12-20", 65, NWD, "2025-03-26", id="christmas-2024-stage2-65-nwd"),
    # Received Thu 17 Apr 2025. (Fri 18 Good Friday, Sat, Sun, Mon 21 Easter Monday.)
    # NWD: 1 Tue 22, 2 Wed 23, 3 Thu 24, 4 Fri 25, 5 Mon 28, 6 Tue 29, 7 Wed 30, 8 Thu 1 May,
    # 9 Fri 2 May, (Mon 5 May hol) 10 Tue 6 May 2025.
    pytest.param("2025-04-17", 10, NWD, "2025-05-06", id="easter-2025-stage1-nwd"),
    # DOR: 1 Thu 17, 2 Tue 22, 3 Wed 23, 4 Thu 24, 5 Fri 25, 6 Mon 28, 7 Tue 29, 8 Wed 30,
    # 9 Thu 1 May, 10 Fri 2 May 2025.
    pytest.param("2025-04-17", 10, DOR, "2025-05-02", id="easter-2025-stage1-dor"),
    # Stage 2 (25): day 10 Tue 6 May; 11 Wed 7, 12 Thu 8, 13 Fri 9, 14 Mon 12 ... 18 Fri 16,
    # 19 Mon 19 ... 23 Fri 23, (Mon 26 May hol) 24 Tue 27, 25 Wed 28 May 2025.
    pytest.param("2025-04-17", 25, NWD, "2025-05-28", id="easter-2025-stage2-25-nwd"),
    # Stage 2 (65): day 25 Wed 28 May + 40 working days, no bank holidays Jun-Jul 2025, so
    # 8 whole weeks = 56 calendar days -> Wed 23 Jul 2025 (28 May + 3 = 31 May, + 30 = 30 Jun,
    # + 23 = 23 Jul).
    pytest.param("2025-04-17", 65, NWD, "2025-07-23", id="easter-2025-stage2-65-nwd"),
    # Received on Good Friday 18 Apr 2025 (not a working day): day 1 is Tue 22 under both
    # conventions, so day 10 is Tue 6 May (as the easter-2025-stage1-nwd working).
    pytest.param("2025-04-18", 10, NWD, "2025-05-06", id="received-good-friday-nwd"),
    pytest.param("2025-04-18", 10, DOR, "2025-05-06", id="received-good-friday-dor"),
    # Received Fri 23 Dec 2022. (Sat 24, Sun 25 Christmas, Mon 26 Boxing, Tue 27 Christmas
    # substitute.) NWD: 1 Wed 28, 2 Thu 29, 3 Fri 30, (Sat 31, Sun 1, Mon 2 Jan substitute)
    # 4 Tue 3 Jan, 5 Wed 4, 6 Thu 5, 7 Fri 6, 8 Mon 9, 9 Tue 10, 10 Wed 11 Jan 2023.
    pytest.param("2022-12-23", 10, NWD, "2023-01-11", id="christmas-2022-substitutes-nwd"),
    # DOR: 1 Fri 23, 2 Wed 28, 3 Thu 29, 4 Fri 30, 5 Tue 3, 6 Wed 4, 7 Thu 5, 8 Fri 6, 9 Mon 9,
    # 10 Tue 10 Jan 2023.
    pytest.param("2022-12-23", 10, DOR, "2023-01-10", id="christmas-2022-substitutes-dor"),
    # Received on Boxing Day Mon 26 Dec 2022 (hol): Tue 27 is the Christmas substitute, so
    # day 1 is Wed 28 Dec.
    pytest.param("2022-12-26", 1, NWD, "2022-12-28", id="received-boxing-day-2022"),
    # Received Fri 30 Dec 2022: Sat 31, Sun 1 Jan, Mon 2 Jan (New Year substitute) -> day 1 is
    # Tue 3 Jan 2023.
    pytest.param("2022-12-30", 1, NWD, "2023-01-03", id="new-year-2023-substitute"),
    # Received on the substitute day itself, Mon 2 Jan 2023, DOR: not a working day, so day 1 is
    # the next working day, Tue 3 Jan 2023.
    pytest.param(date(2023, 1, 2), 1, DOR, "2023-01-03", id="received-new-year-substitute-dor"),
    # Received Wed 1 Jun 2022. (Thu 2 Spring bank moved, Fri 3 Platinum Jubilee, Sat, Sun.)
    # NWD: 1 Mon 6, 2 Tue 7, 3 Wed 8, 4 Thu 9, 5 Fri 10 Jun 2022.
    pytest.param("2022-06-01", 5, NWD, "2022-06-10", id="platinum-jubilee-2022-nwd"),
    # DOR: 1 Wed 1, 2 Mon 6, 3 Tue 7, 4 Wed 8, 5 Thu 9 Jun 2022.
    pytest.param("2022-06-01", 5, DOR, "2022-06-09", id="platinum-jubilee-2022-dor"),
    # Received Fri 27 May 2022. Mon 30 May 2022 was a WORKING day (the spring bank holiday moved
    # to Thu 2 Jun that year): 1 Mon 30, 2 Tue 31, 3 Wed 1 Jun, (Thu 2, Fri 3 hol) 4 Mon 6 Jun.
    pytest.param("2022-05-27", 4, NWD, "2022-06-06", id="spring-bank-moved-2022"),
    # Received Fri 16 Sep 2022. (Sat, Sun, Mon 19 State Funeral.) NWD: 1 Tue 20, 2 Wed 21,
    # 3 Thu 22, 4 Fri 23, 5 Mon 26 Sep 2022.
    pytest.param("2022-09-16", 5, NWD, "2022-09-26", id="state-funeral-2022"),
    # Received Fri 5 May 2023. (Sat, Sun, Mon 8 Coronation.) NWD: 1 Tue 9, 2 Wed 10, 3 Thu 11,
    # 4 Fri 12, 5 Mon 15 May 2023.
    pytest.param("2023-05-05", 5, NWD, "2023-05-15", id="coronation-2023"),
    # Received Fri 28 Apr 2023. (Mon 1 May early May hol.) NWD: 1 Tue 2, 2 Wed 3, 3 Thu 4,
    # 4 Fri 5, (Mon 8 Coronation) 5 Tue 9, 6 Wed 10, 7 Thu 11, 8 Fri 12, 9 Mon 15, 10 Tue 16 May.
    pytest.param("2023-04-28", 10, NWD, "2023-05-16", id="early-may-and-coronation-2023"),
    # Received Sat 12 Apr 2025. NWD: 1 Mon 14, 2 Tue 15, 3 Wed 16, 4 Thu 17, (Fri 18, Mon 21
    # hol) 5 Tue 22, 6 Wed 23, 7 Thu 24, 8 Fri 25, 9 Mon 28, 10 Tue 29 Apr 2025.
    pytest.param("2025-04-12", 10, NWD, "2025-04-29", id="received-saturday-before-easter"),
    # Received Sat 7 Jun 2025 (no holidays nearby). NWD: 1 Mon 9 ... 5 Fri 13, 6 Mon 16 ...
    # 10 Fri 20 Jun 2025. DOR is the same because Saturday is not a working day.
    pytest.param("2025-06-07", 10, NWD, "2025-06-20", id="received-saturday-nwd"),
    pytest.param("2025-06-07", 10, DOR, "2025-06-20", id="received-saturday-dor"),
    # Contrast: received Fri 6 Jun 2025, DOR: 1 Fri 6, 2 Mon 9 ... 6 Fri 13, 7 Mon 16, 8 Tue 17,
    # 9 Wed 18, 10 Thu 19 Jun 2025.
    pytest.param("2025-06-06", 10, DOR, "2025-06-19", id="received-friday-dor"),
    # Received on Spring bank holiday Mon 26 May 2025. NWD: 1 Tue 27, 2 Wed 28, 3 Thu 29,
    # 4 Fri 30, 5 Mon 2 Jun, 6 Tue 3, 7 Wed 4, 8 Thu 5, 9 Fri 6, 10 Mon 9 Jun 2025.
    pytest.param("2025-05-26", 10, NWD, "2025-06-09", id="received-bank-holiday-2025"),
]


@pytest.mark.parametrize(("received", "days", "count_from", "expected"), DUE_CASES)
def test_add_working_days(received, days, count_from, expected):
    due = add_working_days(received, days, count_from=count_from)
    assert due == np.datetime64(expected)


def test_add_working_days_default_is_next_working_day():
    # Brief's example: Fri 20 Dec 2024 + 10 -> Wed 8 Jan 2025 (working under DUE_CASES).
    assert add_working_days(date(2024, 12, 20), 10) == np.datetime64("2025-01-08")


def test_add_working_days_rejects_unknown_convention():
    with pytest.raises(ValueError):
        add_working_days("2024-12-20", 10, count_from="calendar_days")


# --------------------------------------------------------------------------------------------
# Working days taken: working_days_between (on time exactly when taken <= timescale)
# --------------------------------------------------------------------------------------------

TAKEN_CASES = [
    # Response on the due date (Wed 8 Jan 2025, see christmas-2024-stage1-nwd): 10 days, on time.
    pytest.param("2024-12-20", "2025-01-08", NWD, 10, 10, True, id="on-due-date-nwd"),
    # One working day later, Thu 9 Jan 2025: 11 days, late.
    pytest.param("2024-12-20", "2025-01-09", NWD, 11, 10, False, id="one-day-late-nwd"),
    # DOR due date Tue 7 Jan 2025 (christmas-2024-stage1-dor): 10, on time; Wed 8 Jan: 11, late.
    pytest.param("2024-12-20", "2025-01-07", DOR, 10, 10, True, id="on-due-date-dor"),
    pytest.param("2024-12-20", "2025-01-08", DOR, 11, 10, False, id="one-day-late-dor"),
    # Same-day response, Tue 3 Jun 2025: NWD counts working days in (3 Jun, 3 Jun] = 0;
    # DOR counts receipt as day 1 = 1.
    pytest.param("2025-06-03", "2025-06-03", NWD, 0, 10, True, id="same-day-nwd"),
    pytest.param("2025-06-03", "2025-06-03", DOR, 1, 10, True, id="same-day-dor"),
    # Stage 2 from Thu 17 Apr 2025: due at 25 on Wed 28 May, at 65 on Wed 23 Jul (DUE_CASES);
    # Thu 24 Jul is day 66, late against 65.
    pytest.param("2025-04-17", "2025-05-28", NWD, 25, 25, True, id="stage2-25-on-due-date"),
    pytest.param("2025-04-17", "2025-07-23", NWD, 65, 65, True, id="stage2-65-on-due-date"),
    pytest.param("2025-04-17", "2025-07-24", NWD, 66, 65, False, id="stage2-65-one-day-late"),
    # Response dated Sat 4 Jan 2025 to a Fri 20 Dec 2024 receipt: working days in
    # (20 Dec, 4 Jan] are Mon 23, Tue 24, Fri 27, Mon 30, Tue 31, Thu 2, Fri 3 = 7.
    pytest.param("2024-12-20", "2025-01-04", NWD, 7, 10, True, id="responded-on-saturday"),
    # Received Sat 7 Jun 2025, responded Mon 9 Jun: Mon 9 is day 1 under both conventions.
    pytest.param("2025-06-07", "2025-06-09", NWD, 1, 10, True, id="received-saturday-nwd"),
    pytest.param("2025-06-07", "2025-06-09", DOR, 1, 10, True, id="received-saturday-dor"),
    # Christmas 2022: received Fri 23 Dec 2022, responded Wed 11 Jan 2023 = day 10
    # (christmas-2022-substitutes-nwd).
    pytest.param("2022-12-23", "2023-01-11", NWD, 10, 10, True, id="christmas-2022-on-due-date"),
]


@pytest.mark.parametrize(("received", "responded", "count_from", "expected", "timescale", "on_time"), TAKEN_CASES)
def test_working_days_between(received, responded, count_from, expected, timescale, on_time):
    taken = working_days_between(received, responded, count_from=count_from)
    assert taken == expected
    assert (taken <= timescale) == on_time


# --------------------------------------------------------------------------------------------
# Missing dates
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("received", [None, pd.NaT, np.datetime64("NaT")], ids=["None", "pd.NaT", "np.NaT"])
def test_add_working_days_missing_received_is_nat(received):
    assert np.isnat(add_working_days(received, 10))


def test_add_working_days_missing_days_is_nat():
    assert np.isnat(add_working_days("2024-12-20", np.nan))


@pytest.mark.parametrize(
    ("received", "responded"),
    [("2024-12-20", None), (None, "2025-01-08"), (pd.NaT, pd.NaT)],
    ids=["no-response", "no-receipt", "neither"],
)
def test_working_days_between_missing_is_na(received, responded):
    assert working_days_between(received, responded) is pd.NA


# --------------------------------------------------------------------------------------------
# Vectorised calls
# --------------------------------------------------------------------------------------------


def test_add_working_days_series_mixture_keeps_index():
    received = pd.Series(
        ["2024-12-20", None, "2025-04-17", "2025-04-12", "2022-09-16"],
        index=[10, 20, 30, 40, 50],
        name="received",
    )
    due = add_working_days(received, 10)
    assert isinstance(due, pd.Series)
    assert list(due.index) == [10, 20, 30, 40, 50]
    expected = pd.Series(
        pd.to_datetime(
            [
                "2025-01-08",  # christmas-2024-stage1-nwd
                None,  # missing -> NaT
                "2025-05-06",  # easter-2025-stage1-nwd
                "2025-04-29",  # received-saturday-before-easter
                # Fri 16 Sep 2022, 10 days: 1 Tue 20 ... 4 Fri 23, 5 Mon 26 ... 9 Fri 30, 10 Mon 3 Oct.
                "2022-10-03",
            ]
        ),
        index=[10, 20, 30, 40, 50],
    )
    assert due.isna().tolist() == [False, True, False, False, False]
    assert (pd.to_datetime(due[due.notna()]) == expected[expected.notna()]).all()


def test_add_working_days_numpy_array_with_per_row_days():
    received = np.array(["2025-04-17", "2025-04-17", "2025-04-17"], dtype="datetime64[D]")
    due = add_working_days(received, np.array([10, 25, 65]))
    # Stage 1 and both stage 2 timescales from Thu 17 Apr 2025 (see DUE_CASES).
    expected = np.array(["2025-05-06", "2025-05-28", "2025-07-23"], dtype="datetime64[D]")
    assert (due == expected).all()


def test_working_days_between_series_mixture():
    idx = ["a", "b", "c", "d", "e"]
    received = pd.Series(pd.to_datetime(["2024-12-20", None, "2025-04-17", "2025-06-03", "2022-12-23"]), index=idx)
    responded = pd.Series(pd.to_datetime(["2025-01-09", "2025-01-08", None, "2025-06-03", "2023-01-11"]), index=idx)
    taken = working_days_between(received, responded)
    assert isinstance(taken, pd.Series)
    assert list(taken.index) == idx
    assert str(taken.dtype) == "Int64"
    # a: one day late = 11; b, c: missing -> <NA>; d: same day = 0; e: Christmas 2022 = 10.
    assert taken.isna().tolist() == [False, True, True, False, False]
    assert taken["a"] == 11
    assert taken["d"] == 0
    assert taken["e"] == 10


# --------------------------------------------------------------------------------------------
# is_working_day and bank_holidays
# --------------------------------------------------------------------------------------------


def test_is_working_day():
    days = pd.Series(
        pd.to_datetime(
            [
                "2025-06-07",  # Sat -> False
                "2025-06-09",  # Mon, ordinary -> True
                "2022-12-25",  # Sun, Christmas Day -> False
                "2022-12-27",  # Tue, Christmas substitute -> False
                "2023-01-02",  # Mon, New Year substitute -> False
                "2023-01-03",  # Tue, ordinary -> True
                "2022-05-30",  # Mon, last Monday of May 2022 but NOT a bank holiday that year -> True
                "2022-06-02",  # Thu, Spring bank (moved) -> False
                "2022-06-03",  # Fri, Platinum Jubilee -> False
                "2022-09-19",  # Mon, State Funeral -> False
                "2023-05-08",  # Mon, Coronation -> False
                "2025-04-18",  # Good Friday -> False
                "2025-04-21",  # Easter Monday -> False
            ]
        )
    )
    expected = [False, True, False, False, False, True, True, False, False, False, False, False, False]
    assert list(is_working_day(days)) == expected


def test_bank_holidays_2022_one_offs_and_substitute():
    hols = bank_holidays(2022)
    assert date(2022, 6, 3) in hols  # Platinum Jubilee
    assert date(2022, 9, 19) in hols  # State Funeral of Queen Elizabeth II
    assert date(2022, 12, 27) in hols  # Christmas Day substitute
    assert date(2022, 5, 30) not in hols  # spring bank moved to Thu 2 Jun in 2022


# Weekday bank holidays per year, from the brief's list (weekdays checked against a printed
# calendar). Weekend entries (e.g. Sun 25 Dec 2022) do not affect working days, so only the
# Monday-Friday ones are compared exactly.
WEEKDAY_HOLIDAYS = {
    2022: [
        "2022-01-03",
        "2022-04-15",
        "2022-04-18",
        "2022-05-02",
        "2022-06-02",
        "2022-06-03",
        "2022-08-29",
        "2022-09-19",
        "2022-12-26",
        "2022-12-27",
    ],
    2023: [
        "2023-01-02",
        "2023-04-07",
        "2023-04-10",
        "2023-05-01",
        "2023-05-08",
        "2023-05-29",
        "2023-08-28",
        "2023-12-25",
        "2023-12-26",
    ],
    2024: [
        "2024-01-01",
        "2024-03-29",
        "2024-04-01",
        "2024-05-06",
        "2024-05-27",
        "2024-08-26",
        "2024-12-25",
        "2024-12-26",
    ],
    2025: [
        "2025-01-01",
        "2025-04-18",
        "2025-04-21",
        "2025-05-05",
        "2025-05-26",
        "2025-08-25",
        "2025-12-25",
        "2025-12-26",
    ],
}


@pytest.mark.parametrize("year", sorted(WEEKDAY_HOLIDAYS), ids=str)
def test_bank_holidays_weekdays(year):
    got = [d for d in bank_holidays(year) if d.weekday() < 5]
    assert got == [date.fromisoformat(s) for s in WEEKDAY_HOLIDAYS[year]]


# --------------------------------------------------------------------------------------------
# Financial years, quarters and months
# --------------------------------------------------------------------------------------------

BOUNDARY_DATES = pd.Series(
    pd.to_datetime(
        [
            "2025-03-31",
            "2025-04-01",  # end / start of financial year
            "2024-06-30",
            "2024-07-01",  # Q1 / Q2
            "2024-12-31",
            "2025-01-01",  # Q3 / Q4, calendar year changes but financial year does not
            None,
        ]
    )
)


def test_financial_year_boundaries():
    # 31 Mar 2025 is the last day of 2024-25; 1 Apr 2025 the first of 2025-26;
    # 30 Jun / 1 Jul 2024 and 31 Dec 2024 / 1 Jan 2025 are all inside 2024-25.
    got = financial_year(BOUNDARY_DATES)
    assert got.iloc[:6].tolist() == ["2024-25", "2025-26", "2024-25", "2024-25", "2024-25", "2024-25"]
    assert pd.isna(got.iloc[6])


def test_fy_quarter_boundaries():
    # Mar -> Q4, Apr -> Q1, Jun -> Q1, Jul -> Q2, Dec -> Q3, Jan -> Q4.
    got = fy_quarter(BOUNDARY_DATES)
    assert got.iloc[:6].tolist() == ["Q4", "Q1", "Q1", "Q2", "Q3", "Q4"]
    assert pd.isna(got.iloc[6])


def test_fy_month_boundaries_and_order():
    got = fy_month(BOUNDARY_DATES)
    assert list(got[:6]) == ["March", "April", "June", "July", "December", "January"]
    assert pd.isna(got[6])
    assert list(got.cat.categories) == [
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "January",
        "February",
        "March",
    ]
    assert got.cat.ordered
    # In a financial year January comes after December, and March is last.
    assert got[5] > got[4]
    assert got[0] == got.max()


@pytest.mark.parametrize(
    ("year", "start", "end"),
    [
        ("2024-25", "2024-04-01", "2025-03-31"),
        ("2023-24", "2023-04-01", "2024-03-31"),
    ],
    ids=["2024-25", "2023-24"],
)
def test_fy_bounds(year, start, end):
    assert fy_bounds(year) == (pd.Timestamp(start), pd.Timestamp(end))


@pytest.mark.parametrize(
    ("year", "count", "expected"),
    [
        ("2024-25", 3, ["2022-23", "2023-24", "2024-25"]),
        ("2024-25", 1, ["2024-25"]),
        ("2000-01", 2, ["1999-00", "2000-01"]),
    ],
    ids=["three", "one", "across-2000"],
)
def test_previous_years(year, count, expected):
    assert previous_years(year, count) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (2024, "2024-25"),
        (2009, "2009-10"),
        (1999, "1999-00"),
    ],
    ids=["2024", "2009", "1999"],
)
def test_fy_label(start, expected):
    assert fy_label(start) == expected


def test_fy_text():
    assert fy_text("2024-25") == "2024/25"
