"""Tests for pipelines.rules.numbers: half-away-from-zero rounding, percentages, percentage change and
publication formatting.

Expected values are worked by hand (the arithmetic is in the comments). Python's round() is
banker's rounding (round(2.5) == 2), which is NOT the publication rule.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from pipelines.rules.numbers import (
    fmt_count,
    fmt_money,
    fmt_pct,
    fmt_pct_of,
    pct_change,
    percent,
    round_half_up,
)

# --------------------------------------------------------------------------------------------
# round_half_up
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(0.5, 1, id="0.5"),  # banker's gives 0
        pytest.param(1.5, 2, id="1.5"),  # banker's also 2
        pytest.param(2.5, 3, id="2.5"),  # banker's gives 2
        pytest.param(-2.5, -3, id="-2.5"),  # away from zero; banker's gives -2
        pytest.param(-0.5, -1, id="-0.5"),
        pytest.param(0.49, 0, id="0.49"),
        pytest.param(Fraction(5, 2), 3, id="Fraction-5/2"),
        pytest.param(Decimal("2.5"), 3, id="Decimal-2.5"),
        pytest.param(7, 7, id="int"),
    ],
)
def test_round_half_up_whole(value, expected):
    got = round_half_up(value)
    assert got == expected
    assert type(got) is int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(0.125, Decimal("0.13"), id="0.125"),  # half -> up
        pytest.param(2.675, Decimal("2.68"), id="2.675"),  # round(2.675, 2) == 2.67 in Python
        pytest.param(-0.125, Decimal("-0.13"), id="-0.125"),  # away from zero
        pytest.param(Fraction(1, 8), Decimal("0.13"), id="Fraction-1/8"),
        pytest.param(1.005, Decimal("1.01"), id="1.005"),  # round(1.005, 2) == 1.0 in Python
    ],
)
def test_round_half_up_two_places(value, expected):
    got = round_half_up(value, 2)
    assert got == expected
    assert isinstance(got, Decimal)


def test_round_half_up_differs_from_builtin_round():
    # Documents why round() must not be used: it rounds half to even.
    assert round(2.5) == 2 and round_half_up(2.5) == 3
    assert round(0.5) == 0 and round_half_up(0.5) == 1


def test_round_half_up_none():
    assert round_half_up(None) is None


# --------------------------------------------------------------------------------------------
# percent
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        pytest.param(1, 3, 33, id="1/3"),  # 33.33 -> 33
        pytest.param(2, 3, 67, id="2/3"),  # 66.67 -> 67
        pytest.param(1, 8, 13, id="1/8"),  # 12.5 exactly -> 13 (banker's: 12)
        pytest.param(7, 40, 18, id="7/40"),  # 17.5 exactly -> 18 (float 7/40*100 = 17.4999...)
        pytest.param(1, 200, 1, id="1/200"),  # 0.5 exactly -> 1
        pytest.param(0, 5, 0, id="0/5"),
        pytest.param(np.int64(1), np.int64(8), 13, id="numpy-int64-1/8"),  # counts from pandas sums
    ],
)
def test_percent(part, whole, expected):
    assert percent(part, whole) == expected


@pytest.mark.parametrize(("part", "whole"), [(0, 0), (5, 0)], ids=["0/0", "5/0"])
def test_percent_zero_denominator_is_none(part, whole):
    assert percent(part, whole) is None


def test_percent_one_decimal_place():
    # 1/3 = 33.333... -> 33.3; 1/8 = 12.5 -> 12.5
    assert percent(1, 3, 1) == Decimal("33.3")
    assert percent(1, 8, 1) == Decimal("12.5")


# --------------------------------------------------------------------------------------------
# pct_change, checked against figures transcribed from published reports
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "this", "expected"),
    [
        # Lancashire 2024/25: "decreased by 16% from 118 ... to 99": -19/118 = -0.1610 -> -16
        pytest.param(118, 99, -16, id="lancashire-118-to-99"),
        # Lancashire: "went up by 355% from 207 to 941": 734/207 = 3.5459 -> 354.59 -> 355
        pytest.param(207, 941, 355, id="lancashire-207-to-941"),
        # Lancashire: "from 556 to 582, an increase of 5%": 26/556 = 0.04676 -> 4.68 -> 5
        pytest.param(556, 582, 5, id="lancashire-556-to-582"),
        # Lancashire: "Non statutory ... went up from 171 to 206, an increase of 18%". This is a
        # slip in the publication: 35/171 = 0.20468 -> 20.47 -> 20. The rule gives 20, not 18.
        pytest.param(171, 206, 20, id="lancashire-171-to-206-published-18-is-a-slip"),
        # Lewisham 2024/25 conclusion: Stage 1 corporate 93 -> 165: 72/93 = 0.7742 -> 77
        pytest.param(93, 165, 77, id="lewisham-stage1-corporate"),
        # Stage 2 statutory 9 -> 22: 13/9 = 1.4444 -> 144
        pytest.param(9, 22, 144, id="lewisham-stage2-statutory"),
        # MP enquiries 96 -> 124: 28/96 = 0.29167 -> 29
        pytest.param(96, 124, 29, id="lewisham-mp-enquiries"),
        # FOI 258 -> 276: 18/258 = 0.06977 -> 7
        pytest.param(258, 276, 7, id="lewisham-foi"),
    ],
)
def test_pct_change_published(last, this, expected):
    assert pct_change(this, last) == expected


@pytest.mark.parametrize(
    ("last", "this", "expected"),
    [
        pytest.param(8, 9, 13, id="plus-12.5-rounds-up"),  # 1/8 = +12.5% -> 13
        pytest.param(8, 7, -13, id="minus-12.5-away-from-0"),  # -1/8 = -12.5% -> -13
        pytest.param(5, 0, -100, id="to-zero"),  # -5/5 = -100%
        pytest.param(0, 5, None, id="from-zero-is-none"),  # zero denominator
        pytest.param(0, 0, None, id="zero-to-zero-is-none"),
    ],
)
def test_pct_change_rounding_and_zero(last, this, expected):
    assert pct_change(this, last) == expected


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (58, "58%"),
        (0, "0%"),
        (-16, "-16%"),
        (None, "[z]"),
    ],
    ids=["58", "0", "negative", "None"],
)
def test_fmt_pct(value, expected):
    assert fmt_pct(value) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        # Lewisham 2024/25 on-time cells.
        pytest.param(15, 26, "58% (15/26)", id="lewisham-15/26"),  # 57.69 -> 58
        pytest.param(14, 43, "33% (14/43)", id="lewisham-14/43"),  # 32.56 -> 33
        pytest.param(5, 26, "19% (5/26)", id="lewisham-5/26"),  # 19.23 -> 19
        pytest.param(18, 21, "86% (18/21)", id="lewisham-18/21"),  # 85.71 -> 86
        pytest.param(1, 8, "13% (1/8)", id="half-up-1/8"),  # 12.5 -> 13
        pytest.param(0, 0, "[z] (0/0)", id="no-cases"),
    ],
)
def test_fmt_pct_of(part, whole, expected):
    assert fmt_pct_of(part, whole) == expected


@pytest.mark.parametrize(
    ("amount", "pence", "expected"),
    [
        pytest.param(12006.65, False, "£12,007", id="pounds"),  # .65 -> up
        pytest.param(12006.65, True, "£12,006.65", id="pence"),
        pytest.param(12006.5, False, "£12,007", id="half-pound-up"),  # banker's gives 12,006
        pytest.param(2.675, True, "£2.68", id="half-penny-up"),  # float 2.675 -> 2.68
        pytest.param(-2.5, False, "-£3", id="negative-away-from-zero"),
        pytest.param(1500, True, "£1,500.00", id="int-with-pence"),
        pytest.param(None, False, "[x]", id="missing"),
    ],
)
def test_fmt_money(amount, pence, expected):
    assert fmt_money(amount, pence=pence) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (941, "941"),
        (1234567, "1,234,567"),
        (0, "0"),
        (None, "[x]"),
    ],
    ids=["941", "millions", "zero", "missing"],
)
def test_fmt_count(n, expected):
    assert fmt_count(n) == expected
