"""The statutory calendar: working days under England and Wales bank holidays, financial years,
quarters and months.

A working day (reg. 2, SI 2006/1738) is any day except Saturday, Sunday, Christmas Day, Good Friday
or a bank holiday in England and Wales. Bank holidays, substitute days and one-off holidays (the 2022
Platinum Jubilee and State Funeral, the 2023 Coronation) come from the maintained `holidays` package.
Everything here is vectorised over whole columns with numpy's business-day functions.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays as holidays_lib
import numpy as np
import pandas as pd

COUNT_FROM = ("next_working_day", "day_of_receipt")
COUNT_FROM_TEXT = {
    "next_working_day": "Working days are counted from the first working day after the day of receipt.",
    "day_of_receipt": "Working days are counted from the day of receipt when it is a working day.",
}
_FIRST_YEAR, _LAST_YEAR = 1995, 2040
MONTHS_FY = [
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
QUARTERS = ["Q1", "Q2", "Q3", "Q4"]


@lru_cache(maxsize=8)
def _busdaycalendar(first_year: int, last_year: int) -> np.busdaycalendar:
    days = holidays_lib.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return np.busdaycalendar(weekmask="1111100", holidays=np.array(sorted(days), dtype="datetime64[D]"))


def bank_holidays(year: int) -> list[date]:
    """England and Wales bank holidays (with Christmas Day and Good Friday) in a calendar year."""
    return sorted(holidays_lib.country_holidays("GB", subdiv="ENG", years=year))


def _calendar_for(values: np.ndarray) -> np.busdaycalendar:
    valid = values[~np.isnat(values)]
    first, last = _FIRST_YEAR, _LAST_YEAR
    if valid.size:
        first = min(first, int(str(valid.min())[:4]) - 1)
        last = max(last, int(str(valid.max())[:4]) + 1)
    return _busdaycalendar(first, last)


def _as_days(values) -> np.ndarray:
    """Dates of any common form (date, str, Series, array) as datetime64[D], NaT for missing."""
    if isinstance(values, (pd.Series, pd.Index)):
        return pd.to_datetime(values).to_numpy(dtype="datetime64[D]")
    arr = np.atleast_1d(np.asarray(values))
    if arr.dtype.kind == "M":
        return arr.astype("datetime64[D]")
    return pd.to_datetime(pd.Series(arr)).to_numpy(dtype="datetime64[D]")


def _restore(result: np.ndarray, like):
    if isinstance(like, pd.Series):
        return pd.Series(result, index=like.index, name=like.name)
    if np.ndim(like) == 0:
        return result[0]
    return result


def is_working_day(values):
    days = _as_days(values)
    out = np.zeros(days.shape, dtype=bool)
    ok = ~np.isnat(days)
    out[ok] = np.is_busday(days[ok], busdaycal=_calendar_for(days))
    return _restore(out, values)


def add_working_days(received, days, count_from: str = "next_working_day"):
    """The date `days` working days after receipt: the due date of a response.

    next_working_day: day 1 is the first working day after the day of receipt (received Friday
    20 Dec 2024, 10 working days -> Wednesday 8 Jan 2025). day_of_receipt: the day of receipt is
    day 1 when it is a working day (the same example -> Tuesday 7 Jan 2025).
    Missing dates or day counts give NaT.
    """
    if count_from not in COUNT_FROM:
        raise ValueError(f"count_from must be one of {COUNT_FROM}")
    start = _as_days(received)
    n = np.broadcast_to(np.asarray(days, dtype="float64"), start.shape)
    out = np.full(start.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    ok = ~np.isnat(start) & ~np.isnan(n)
    cal = _calendar_for(start)
    if count_from == "next_working_day":
        # Roll a non-working day of receipt back, so that day 1 is the next working day.
        out[ok] = np.busday_offset(start[ok], n[ok].astype(int), roll="backward", busdaycal=cal)
    else:
        out[ok] = np.busday_offset(start[ok], n[ok].astype(int) - 1, roll="forward", busdaycal=cal)
    return _restore(out, received)


def working_days_between(received, responded, count_from: str = "next_working_day"):
    """Working days taken to respond, counted as the due-date rule counts them, so that a response
    is on time exactly when this is at most the timescale. Missing dates give <NA>."""
    if count_from not in COUNT_FROM:
        raise ValueError(f"count_from must be one of {COUNT_FROM}")
    start, end = _as_days(received), _as_days(responded)
    ok = ~np.isnat(start) & ~np.isnat(end)
    cal = _calendar_for(np.concatenate([start, end]))
    counts = np.zeros(start.shape, dtype="int64")
    one = np.timedelta64(1, "D")
    if count_from == "next_working_day":
        # working days in (received, responded]
        counts[ok] = np.busday_count(start[ok] + one, end[ok] + one, busdaycal=cal)
    else:
        # working days in [received, responded] (none when both are the same non-working day)
        counts[ok] = np.busday_count(start[ok], end[ok] + one, busdaycal=cal)
    result = pd.array(np.where(ok, counts, 0), dtype="Int64")
    result[~ok] = pd.NA
    if isinstance(received, pd.Series):
        return pd.Series(result, index=received.index)
    if np.ndim(received) == 0:
        return result[0]
    return result


# Financial years --------------------------------------------------------------------------------


def fy_label(start_year: int) -> str:
    """2024 -> '2024-25'."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def fy_text(year: str) -> str:
    """'2024-25' -> '2024/25', as reports write it in prose."""
    return year.replace("-", "/")


def fy_start_year(year: str) -> int:
    return int(year[:4])


def fy_bounds(year: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    start = fy_start_year(year)
    return pd.Timestamp(start, 4, 1), pd.Timestamp(start + 1, 3, 31)


def previous_years(year: str, count: int) -> list[str]:
    """The `count` years ending with `year`, oldest first: ('2024-25', 3) -> 2022-23 .. 2024-25."""
    start = fy_start_year(year)
    return [fy_label(y) for y in range(start - count + 1, start + 1)]


def financial_year(dates: pd.Series) -> pd.Series:
    """Financial year (1 April to 31 March) of each date as '2024-25'; missing stays missing."""
    d = pd.to_datetime(dates)
    start = (d.dt.year - (d.dt.month < 4)).astype("Int64")
    label = start.astype("string") + "-" + ((start + 1) % 100).astype("string").str.zfill(2)
    return label.astype("string")


def fy_quarter(dates: pd.Series) -> pd.Series:
    """Q1 = April-June ... Q4 = January-March."""
    d = pd.to_datetime(dates)
    q = (((d.dt.month - 4) % 12) // 3 + 1).astype("Int64")
    return ("Q" + q.astype("string")).astype("string")


def fy_month(dates: pd.Series) -> pd.Series:
    """Month name, as an ordered category running April to March."""
    d = pd.to_datetime(dates)
    codes = ((d.dt.month - 4) % 12).fillna(-1).astype(int)  # -1: missing
    return pd.Series(pd.Categorical.from_codes(codes, categories=MONTHS_FY, ordered=True), index=d.index, name=d.name)
