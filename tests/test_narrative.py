"""Narrative wording on hand-made cases: rise, fall, no change, from zero, one item, small numbers."""

from __future__ import annotations

import pytest

from pipelines.document.narrative import change_sentence, plural, share_phrase, timeliness_sentence


@pytest.mark.parametrize(
    ("this", "last", "expected"),
    [
        # Lancashire 2024/25, as published: (99-118)/118 = -16.1% -> 16%
        (99, 118, "Statutory complaints decreased by 16% from 118 in 2023/24 to 99 in 2024/25."),
        # 35/171 = 20.5% -> 20% (the publication says 18%: a slip)
        (206, 171, "Statutory complaints increased by 20% from 171 in 2023/24 to 206 in 2024/25."),
        (7, 7, "Statutory complaints stayed the same, at 7 in both 2023/24 and 2024/25."),
        (3, 0, "Statutory complaints rose from none in 2023/24 to 3 in 2024/25."),
        (0, 4, "Statutory complaints decreased by 100% from 4 in 2023/24 to 0 in 2024/25."),
        # 1001 vs 1000: +0.1% rounds to 0, so no percentage is claimed
        (1001, 1000, "Statutory complaints increased slightly, from 1,000 in 2023/24 to 1,001 in 2024/25."),
    ],
    ids=["fall", "rise", "no-change", "from-zero", "to-zero", "rounds-to-zero"],
)
def test_change_sentence(this, last, expected):
    assert change_sentence("statutory complaints", this, last, "2024-25", "2023-24") == expected


def test_plural_and_singular():
    assert plural(1, "complaint") == "1 complaint"
    assert plural(0, "complaint") == "0 complaints"
    assert plural(1250, "enquiry", "enquiries") == "1,250 enquiries"


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (15, 26, "58% of 26 complaints"),  # 15/26 = 57.7%
        (2, 3, "2 of 3 complaints"),  # small numbers: counts, not a percentage
        (1, 1, "1 of 1 complaint"),
        (0, 0, "no complaints"),
    ],
)
def test_share_phrase(part, whole, expected):
    assert share_phrase(part, whole, "complaint") == expected


def test_timeliness_sentence_compares_with_last_year():
    text = timeliness_sentence("stage 1 complaint", 15, 26, "20 working days", 17, 27)
    # 15/26 = 57.7% -> 58%; 17/27 = 63.0% -> 63%
    assert (
        text
        == "Of 26 stage 1 complaints, 58% were responded to within timescale (20 working days), down from 63% the year before."
    )  # GOV.UK style: no sentence opens with a numeral (was "58% of 26 stage 1 complaints were ...")
    assert (
        timeliness_sentence("stage 3 complaint", 1, 1, "50 working days")
        == "The one stage 3 complaint was responded to within timescale (50 working days)."
    )
    assert timeliness_sentence("stage 2 complaint", 2, 3, "25 working days") == (
        "Of 3 stage 2 complaints, 2 were responded to within timescale (25 working days)."
    )
