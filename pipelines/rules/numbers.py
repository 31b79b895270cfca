"""Publication arithmetic: half-away-from-zero rounding, percentages, percentage change, and the
GSS symbols for figures that cannot be shown. Python's round() rounds half to even, which is not
what "rounded to the nearest whole number" means in a published report, so it is never used here.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from numbers import Rational

NOT_APPLICABLE = "[z]"
NOT_AVAILABLE = "[x]"
SUPPRESSED = "[c]"
# A published on-time cell, '58% (15/26)' or '[z] (0/0)': (shown, part, whole)
RATIO_CELL = re.compile(r"^(\[z\]|\d+%) \((\d+)/(\d+)\)$")


def round_half_up(value, ndigits: int = 0):
    """Round half away from zero: 2.5 -> 3, -2.5 -> -3, 0.125 (2 dp) -> 0.13.

    Fractions are rounded exactly; floats are rounded as the decimal number they print as, so that
    7/40*100 (= 17.499999999999996 in binary) is not used where an exact Fraction is available.
    Returns an int when ndigits is 0, a Decimal otherwise.
    """
    if _missing(value):
        return None
    if isinstance(value, Rational):
        value = Fraction(value)
        scaled = value * 10**ndigits
        whole = (abs(scaled.numerator) * 2 + scaled.denominator) // (2 * scaled.denominator)
        whole = -whole if scaled < 0 else whole
        return whole if ndigits == 0 else Decimal(whole).scaleb(-ndigits)
    quantum = Decimal(1).scaleb(-ndigits)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return int(rounded) if ndigits == 0 else rounded


def _missing(value) -> bool:
    try:
        return value is None or bool(value != value) or str(value) in ("<NA>", "NaT")
    except TypeError:  # pd.NA refuses comparison
        return True


def percent(part, whole, ndigits: int = 0):
    """part as a percentage of whole, rounded half up; None when whole is 0 or either is missing."""
    if _missing(part) or _missing(whole) or whole == 0:
        return None
    return round_half_up(_exact(part) * 100 / _exact(whole), ndigits)


def pct_change(this, last, ndigits: int = 0):
    """(this - last) / last as a percentage, rounded half away from zero; None when last is 0."""
    if _missing(this) or _missing(last) or last == 0:
        return None
    return percent(this - last, last, ndigits)


def _exact(value) -> Fraction:
    """A number as an exact fraction (floats via their printed decimal form)."""
    return Fraction(value) if isinstance(value, (int, Fraction)) else Fraction(Decimal(str(value)))


def fmt_count(n) -> str:
    """A count with thousands separators; missing -> [x]."""
    return NOT_AVAILABLE if _missing(n) else f"{round_half_up(n):,}"


def fmt_pct(value) -> str:
    """A rounded percentage as '58%'; None -> [z]."""
    return NOT_APPLICABLE if value is None else f"{value}%"


def fmt_pct_of(part: int, whole: int) -> str:
    """The published on-time form: '58% (15/26)'; no cases -> '[z] (0/0)'."""
    return f"{fmt_pct(percent(part, whole))} ({int(part)}/{int(whole)})"


def fmt_money(amount, pence: bool = False) -> str:
    """£12,007 (rounded half up to whole pounds) or £12,006.65 with pence=True."""
    if _missing(amount):
        return NOT_AVAILABLE
    if pence:
        value = round_half_up(_exact(amount), 2)
        sign = "-" if value < 0 else ""
        return f"{sign}£{abs(value):,.2f}"
    value = round_half_up(_exact(amount))
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,}"
