"""An independent oracle for the publication arithmetic (pipelines/rules/numbers.py): every result on
exhaustive small ranges against Python's `decimal` with ROUND_HALF_UP (half away from zero), computed
here without the package's code.

Ranges: every part/whole with 0 <= part <= whole <= 120 and part up to 120 over wholes to 120 (shares
above 100% too), every this/last change with 0..120 over 1..120, and every multiple of 1/8 and 1/1000
from -20 to 20 for rounding to 0, 1 and 2 places (where the ties are)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pandas as pd
import pytest

from pipelines.rules.numbers import fmt_count, fmt_money, fmt_pct_of, pct_change, percent, round_half_up

N = 120


def _half_up(numerator: int, denominator: int, places: int = 0) -> Decimal:
    """numerator / denominator rounded half away from zero, by decimal (60 significant digits: a true
    tie p/q ends in 5 exactly, a non-tie differs from it within 60 digits for q <= 120)."""
    with localcontext() as ctx:
        ctx.prec = 60
        return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


@pytest.mark.parametrize("places", [0, 1])
def test_percent_matches_decimal_for_every_small_fraction(places):
    wrong = [
        (part, whole, percent(part, whole, places))
        for whole in range(1, N + 1)
        for part in range(0, N + 1)
        if Decimal(percent(part, whole, places)) != _half_up(100 * part, whole, places)
    ]
    assert not wrong, wrong[:10]


def test_percent_of_nothing_is_none():
    assert all(percent(part, 0) is None for part in range(0, N + 1))


def test_on_time_cells_match_decimal():
    for whole in range(1, 61):
        for part in range(0, whole + 1):
            assert fmt_pct_of(part, whole) == f"{_half_up(100 * part, whole)}% ({part}/{whole})"
    assert fmt_pct_of(0, 0) == "[z] (0/0)"


@pytest.mark.parametrize("places", [0, 1])
def test_pct_change_matches_decimal_for_every_small_pair(places):
    wrong = [
        (this, last)
        for last in range(1, N + 1)
        for this in range(0, N + 1)
        if Decimal(pct_change(this, last, places)) != _half_up(100 * (this - last), last, places)
    ]
    assert not wrong, wrong[:10]
    # decreases round away from zero: (98 - 100)/8 ... e.g. (7 - 8) / 8 = -12.5% -> -13
    assert pct_change(7, 8) == -13 and pct_change(9, 8) == 13
    assert all(pct_change(this, 0) is None for this in range(0, 10))


@pytest.mark.parametrize("places", [0, 1, 2])
@pytest.mark.parametrize("denominator", [8, 1000])
def test_round_half_up_matches_decimal_for_floats_and_fractions(places, denominator):
    for k in range(-20 * denominator, 20 * denominator + 1, 1 if denominator == 8 else 7):
        expected = _half_up(k, denominator, places)
        value = k / denominator  # exact in binary for eighths; for thousandths the float prints as k/1000
        got_float, got_fraction = round_half_up(value, places), round_half_up(Fraction(k, denominator), places)
        assert Decimal(got_float) == expected and Decimal(got_fraction) == expected, (k, denominator, places)
        assert isinstance(got_float, int) == (places == 0)


def _money(amount: Decimal, places: int) -> str:
    """£ with thousands separators, rounded half away from zero by decimal; the sign before the £."""
    value = amount.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    digits = f"{abs(value):,.{places}f}"
    return f"{'-' if value < 0 else ''}£{digits}"


@pytest.mark.parametrize("pence", [False, True])
def test_money_matches_decimal(pence):
    # every thousandth of a pound from -£30 to £30 (ties at half a penny and half a pound), and thousands
    amounts = [Decimal(k) / 1000 for k in range(-30_000, 30_001, 5)] + [Decimal("1234567.495"), Decimal("-2500.5")]
    for amount in amounts:
        expected = _money(amount, 2 if pence else 0)
        assert fmt_money(str(amount), pence=pence) == expected, amount
        assert fmt_money(float(amount), pence=pence) == expected, amount
    assert fmt_money(0) == "£0" and fmt_money(0, pence=True) == "£0.00"


# "<NA>" and "NaT": how pandas writes a missing value in a column read as text
@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT, "<NA>", "NaT"])
def test_a_missing_number_gives_no_figure(missing):
    assert percent(missing, 10) is None and percent(3, missing) is None
    assert pct_change(missing, 10) is None and pct_change(5, missing) is None
    assert round_half_up(missing) is None
    assert fmt_money(missing) == "[x]" and fmt_count(missing) == "[x]"


def test_exact_fractions_are_used_as_they_are():
    # 1/8 of 100 is 12.5 exactly -> 13; 7/40 is 17.5% exactly -> 18 (a float 7/40*100 prints 17.499999999999996)
    assert percent(Fraction(1, 8), 1) == 13 and percent(Fraction(7, 40), 1) == 18
    assert round_half_up(Fraction(-5, 2)) == -3 and round_half_up(Fraction(0)) == 0
