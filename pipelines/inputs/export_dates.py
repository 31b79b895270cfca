"""Dates as case-management exports write them, read into the contract's YYYY-MM-DD.

Accepted: day-first UK dates (03/04/2024, 3.4.2024, 03-04-2024 are all 3 April 2024), ISO dates
(2024-04-03), either with a time of day (dropped), 3 Apr 2024, Excel date cells and Excel serial
numbers (45385, in a cell or as text). A month-first reading is never tried: 04/13/2024 is not a date.
Anything else is refused rather than guessed, and the caller reports it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pandas as pd

# Excel counts days from 30 December 1899 (its 1900 leap-year bug only affects dates before March 1900).
EXCEL_EPOCH = date(1899, 12, 30)
# A number is read as a serial only if it falls in these years: 2024 or 1234567 in a date column is an error.
SERIAL_YEARS = (1990, 2099)
ACCEPTED = (
    "day-first dates such as 03/04/2024 for 3 April 2024, ISO dates such as 2024-04-03, either "
    "with or without a time, dates such as 3 Apr 2024, and Excel date serial numbers such as 45385"
)

_TIME = r"(?:T|,?\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?"
_ISO = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})(?:{_TIME})?$")
_DAY_FIRST = re.compile(rf"^(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}})(?:{_TIME})?$")
_NAMED_MONTH = re.compile(rf"^(\d{{1,2}})[ -]([A-Za-z]{{3,9}})\.?[ -](\d{{4}})(?:{_TIME})?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def from_serial(serial: float) -> date | None:
    """An Excel serial number (the time of day is its fraction, dropped) as a date, if plausible."""
    day = EXCEL_EPOCH + timedelta(days=int(serial))
    return day if SERIAL_YEARS[0] <= day.year <= SERIAL_YEARS[1] else None


def _real(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(value) -> date | None:
    """One export cell as a date, or None when it is not a date in an accepted form."""
    if isinstance(value, datetime):  # an Excel date cell, time of day and all
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return from_serial(value) if value >= 0 else None
    text = str(value).strip()
    if m := _ISO.match(text):
        return _real(int(m[1]), int(m[2]), int(m[3]))
    if m := _DAY_FIRST.match(text):
        return _real(int(m[4]), int(m[3]), int(m[1]))
    if m := _NAMED_MONTH.match(text):
        month = _MONTHS.get(m[2].lower())
        return _real(int(m[3]), month, int(m[1])) if month else None
    if _SERIAL.match(text):
        return from_serial(float(text))
    return None


def iso_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A column of export cells as YYYY-MM-DD text (blanks stay missing), and a mask of the cells
    that could not be read as dates. Each distinct value is parsed once."""
    parsed = {v: parse_date(v) for v in values.dropna().unique()}
    iso = values.map({v: day.isoformat() for v, day in parsed.items() if day is not None}).astype("string")
    return iso, values.notna() & iso.isna()


def _numeric_parts(value) -> tuple[int, int, int] | None:
    """(first, second, year) of a date written with numbers only, such as 04/12/2023; else None."""
    if isinstance(value, (date, datetime, int, float, bool)):
        return None  # workbook date cells and serials carry no day/month order
    m = _DAY_FIRST.match(str(value).strip())
    return (int(m[1]), int(m[3]), int(m[4])) if m else None


def month_first_only(values: pd.Series) -> list:
    """The values that are no date read day-first but are one read month-first (04/13/2024)."""
    out = []
    for value in values.dropna().unique():
        parts = _numeric_parts(value)
        if parts and _real(parts[2], parts[0], parts[1]) and not _real(parts[2], parts[1], parts[0]):
            out.append(value)
    return out


def ambiguous_mask(values: pd.Series) -> pd.Series:
    """Cells such as 04/12/2023 that are a real but different date read either way round."""
    flags = {}
    for value in values.dropna().unique():
        parts = _numeric_parts(value)
        flags[value] = bool(parts and parts[0] <= 12 and parts[1] <= 12 and parts[0] != parts[1])
    return values.map(flags).fillna(False).astype(bool)


def shows_day_first(values: pd.Series) -> bool:
    """Some cell can only be read day-first (its first number is over 12): the order is settled."""
    return any((p := _numeric_parts(v)) and p[0] > 12 for v in values.dropna().unique())
