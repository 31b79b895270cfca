"""Tests for pipelines.measures on the tiny dataset (tests/tiny.py).

Every expected value is worked by hand from the rows in tiny.py (whose docstring has the due-date
working for each row). Short names: S0/S1/S2/S3 = stage; stat/corp = statutory/corporate.
Percentages are rounded half away from zero (1/8 -> 13, 3/8 -> 38); None means "no denominator".

Complaint rows by financial year of RECEIPT:
  2023-24: T-001 S1, T-002 S1, T-002 S2, T-004 S0, T-005 S1, T-017 S1, T-018 S1 (stat); T-003 S1 (corp)
  2024-25: T-006 S1, T-007 S1/S2/S3, T-009 S1, T-010 S0, T-011 S1, T-012 S1, T-013 S1, T-015 S1 (stat);
           T-008 S1, T-014 S1/S2, T-016 S0 (corp)
and by year of CLOSURE (response):
  2023-24: T-001 S1 ok, T-002 S1 late, T-002 S2 ok, T-003 S1c ok, T-004 S0 ok, T-017 S1 ok, T-018 S1 late
  2024-25: T-005 S1 ok (Q1), T-006 S1 late (Q1), T-007 S1 ok (Q1), T-007 S2 late (Q2), T-007 S3 late (Q3),
           T-008 S1c ok (Q2), T-009 S1 ok (Q4), T-010 S0 ok (Q3), T-011 S1 late (Q4), T-014 S1c ok (Q2),
           T-014 S2c ok (Q3), T-015 S1 ok (Q3), T-016 S0c ok (Q4); T-012 and T-013 open.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from pipelines.config.profile import load_profile
from pipelines.inputs.ingest import typed
from pipelines.measures.base import TRACE
from pipelines.measures.costs import costs_by_year
from pipelines.measures.feedback import compliments_by_year, enquiries_by_year, enquiries_on_time
from pipelines.measures.ombudsman import lgsco_by_year, remedies, uphold_rates
from pipelines.measures.outcomes import outcome_groups, outcomes_by_stage, themes, upheld_by_service
from pipelines.measures.timeliness import extensions_and_late, on_time_by_quarter, on_time_by_stage, open_at_year_end
from pipelines.measures.volumes import complainants, escalation, rate_per_context, volumes_by_quarter, volumes_by_year
from pipelines.rules import disclosure
from pipelines.rules.derive import derive_all
from tests import tiny

PROFILE = load_profile("demo")
YEARS = ["2023-24", "2024-25"]
Z = "[z] (0/0)"
TYPES = [
    "Statutory stage 0",
    "Statutory stage 1",
    "Statutory stage 2",
    "Statutory stage 3",
    "Corporate stage 0",
    "Corporate stage 1",
    "Corporate stage 2",
]


@pytest.fixture(scope=tiny.scope)
def f():
    return tiny.frames("2024-25")


def plain(value):
    """Cells as plain Python: missing -> None, whole floats -> int."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return int(value) if float(value).is_integer() else float(value)
    return value


def rows(table) -> dict:
    """{row label: [cells]} in the table's own row and column order."""
    return {label: [plain(v) for v in table.data.loc[label]] for label in table.data.index}


def check(table, columns, expected):
    assert list(table.data.columns) == columns
    assert list(table.data.index) == list(expected)  # row order too
    assert rows(table) == expected


# --------------------------------------------------------------------------------------------
# Volumes
# --------------------------------------------------------------------------------------------


def test_volumes_by_year(f):
    check(
        volumes_by_year(f["complaints"], YEARS),
        ["2023/24", "2024/25", "Change (%)"],
        {
            "Statutory stage 0": [1, 1, 0],  # T-004 | T-010
            "Statutory stage 1": [5, 7, 40],  # T-001,002,005,017,018 | T-006,007,009,011,012,013,015; 2/5=40%
            "Statutory stage 2": [1, 1, 0],  # T-002 | T-007
            "Statutory stage 3": [0, 1, None],  # - | T-007; last year 0 -> no change
            "Corporate stage 0": [0, 1, None],  # - | T-016
            "Corporate stage 1": [1, 2, 100],  # T-003 | T-008, T-014
            "Corporate stage 2": [0, 1, None],  # - | T-014
            "Total": [8, 14, 75],  # 6/8 = 75%
        },
    )


def test_volumes_by_year_of_closure_over_one_and_three_years(f):
    # Counted on the year of closure (the docstring's list): 2023-24 T-004 S0; T-001, T-002, T-017, T-018
    # S1; T-002 S2; corp T-003 S1. 2024-25: T-010 S0; T-005, T-006, T-007, T-009, T-011, T-015 S1; T-007
    # S2 and S3; corp T-016 S0, T-008 and T-014 S1, T-014 S2 (T-012, T-013 still open).
    # Change: 6 on 4 = +50%, 2 on 1 = +100%, 13 on 7 = 85.7 -> 86%; none on a year of 0.
    check(
        volumes_by_year(f["complaints"], YEARS, basis="closed"),
        ["2023/24", "2024/25", "Change (%)"],
        {
            "Statutory stage 0": [1, 1, 0],
            "Statutory stage 1": [4, 6, 50],
            "Statutory stage 2": [1, 1, 0],
            "Statutory stage 3": [0, 1, None],
            "Corporate stage 0": [0, 1, None],
            "Corporate stage 1": [1, 2, 100],
            "Corporate stage 2": [0, 1, None],
            "Total": [7, 13, 86],
        },
    )
    # One year: nothing to compare with, no change column.
    assert list(volumes_by_year(f["complaints"], ["2024-25"]).data.columns) == ["2024/25"]
    # Three years (tiny has nothing received in 2022-23): the change is still the last year on the one
    # before it, as in test_volumes_by_year (7 on 5 = +40%, 14 on 8 = +75%).
    three = volumes_by_year(f["complaints"], ["2022-23", *YEARS])
    assert list(three.data.columns) == ["2022/23", "2023/24", "2024/25", "Change (%)"]
    assert rows(three)["Statutory stage 1"] == [0, 5, 7, 40] and rows(three)["Total"] == [0, 8, 14, 75]


def test_volumes_by_quarter(f):
    check(
        volumes_by_quarter(f["complaints"], "2024-25"),
        TYPES + ["Total"],
        {
            "Q1": [0, 2, 1, 0, 0, 0, 0, 3],  # T-006 10 Apr, T-007 S1 1 May; T-007 S2 10 Jun
            "Q2": [0, 0, 0, 1, 0, 2, 0, 3],  # T-007 S3 1 Aug; T-008 8 Jul, T-014 S1 2 Sep
            "Q3": [1, 2, 0, 0, 0, 0, 1, 4],  # T-010 7 Oct; T-009 20 Dec, T-015 4 Nov; T-014 S2 14 Oct
            "Q4": [0, 3, 0, 0, 1, 0, 0, 4],  # T-011 13 Jan, T-012 17 Feb, T-013 24 Mar; T-016 3 Mar
            "Total": [1, 7, 1, 1, 1, 2, 1, 14],
        },
    )


def test_complainants_2024_25(f):
    # stage 0/1 received 2024-25: child T-006, T-011, T-013 (all with advocate) -> 3, 3;
    # parent T-007, T-009, T-014 -> 3, 0; other T-008 public, T-010 family, T-012 special guardian
    # (advocate), T-015 foster carer, T-016 professional -> 5, 1. Total 11, 4.
    # Shares: 3/11 = 27.3 -> 27; 5/11 = 45.5 -> 45.
    check(
        complainants(f["complaints"], "2024-25"),
        ["Complaints", "With an advocate", "Share (%)"],
        {
            "Child or young person": [3, 3, 27],
            "Parent or guardian": [3, 0, 27],
            "Other": [5, 1, 45],
            "Total": [11, 4, 100],
        },
    )


def test_complainants_counts_a_complaint_at_its_first_stage_only_and_protects_its_complement(f, monkeypatch):
    # T-005's stage 2, received 1 May 2024, is not a new complaint in 2024-25 (its stage 1 was received in
    # 2023-24): the table is as in test_complainants_2024_25 (Parent or guardian 3, Total 11).
    extra = "T-005,2,statutory,2024-05-01,false,,,Disabled children,Children's Social Care,parent_guardian,false,,,"
    raw = tiny.typed_frames()
    raw["complaints"] = typed("complaints", tiny.text_frame("complaints", tiny.COMPLAINTS + extra + "\n"))
    derived = derive_all(raw, PROFILE, tiny.year_end("2024-25"))["complaints"]
    assert rows(complainants(derived, "2024-25"))["Parent or guardian"] == [3, 0, 27]
    assert rows(complainants(derived, "2024-25"))["Total"] == [11, 4, 100]
    # Threshold 5 (who complained is protected by default): the parents' 0 with an advocate is not small,
    # but it leaves 3 - 0 = 3 parents without one, which is: the 0 is withheld too.
    monkeypatch.setitem(disclosure.POLICY, "threshold", 5)
    assert ("Parent or guardian", "With an advocate") in complainants(f["complaints"], "2024-25").hidden


def test_complainants_2023_24(f):
    # stage 0/1 received 2023-24: child T-001, T-018 (advocates) -> 2, 2; parent T-002, T-003,
    # T-005 -> 3; other T-004 foster carer, T-017 anonymous -> 2. Shares 2/7 = 28.6 -> 29, 3/7 = 42.9 -> 43.
    check(
        complainants(f["complaints"], "2023-24"),
        ["Complaints", "With an advocate", "Share (%)"],
        {
            "Child or young person": [2, 2, 29],
            "Parent or guardian": [3, 0, 43],
            "Other": [2, 0, 29],
            "Total": [7, 2, 100],
        },
    )


def test_escalation(f):
    check(
        escalation(f["complaints"], YEARS),
        ["Stage 1", "Stage 2", "Escalation rate (%)"],
        {
            "Statutory 2023/24": [5, 1, 20],  # 1/5
            "Statutory 2024/25": [7, 1, 14],  # 1/7 = 14.3
            "Corporate 2023/24": [1, 0, 0],  # 0/1
            "Corporate 2024/25": [2, 1, 50],  # 1/2
        },
    )


def test_rate_per_referrals(f):
    # statutory S0+S1 received: 2023-24 T-001,002,004,005,017,018 = 6; 2024-25 T-006,007,009,010,
    # 011,012,013,015 = 8. 6/4000*1000 = 1.5; 8/6400*1000 = 1.25 -> 1.3 (half up).
    check(
        rate_per_context(f["complaints"], f["context"], YEARS),
        ["Statutory complaints", "Referrals to children's social care", "Per 1,000"],
        {
            "2023/24": [6, 4000, 1.5],
            "2024/25": [8, 6400, 1.3],
        },
    )


def test_rate_per_children_in_need_missing_year(f):
    # children_in_need only for 2024-25 (1000): 8/1000*1000 = 8.0; 2023-24 no figure -> no rate.
    table = rate_per_context(f["complaints"], f["context"], YEARS, measure="children_in_need")
    assert rows(table) == {"2023/24": [6, None, None], "2024/25": [8, 1000, 8]}


# --------------------------------------------------------------------------------------------
# Timeliness
# --------------------------------------------------------------------------------------------


def test_on_time_by_stage(f):
    cols = [f"{y} {c}" for y in ("2023/24", "2024/25") for c in ("On time", "Responded", "%")]
    check(
        on_time_by_stage(f["complaints"], YEARS),
        cols,
        {
            "Statutory stage 0": [1, 1, 100, 1, 1, 100],  # T-004 | T-010
            "Statutory stage 1": [
                2,
                4,
                50,
                4,
                6,
                67,
            ],  # T-001,017 ok, T-002,018 late | T-005,007,009,015 ok, T-006,011 late: 4/6 = 66.7
            "Statutory stage 2": [1, 1, 100, 0, 1, 0],  # T-002 ok | T-007 late
            "Statutory stage 3": [0, 0, None, 0, 1, 0],  # - | T-007 (findings milestone missed)
            "Corporate stage 0": [0, 0, None, 1, 1, 100],  # - | T-016
            "Corporate stage 1": [1, 1, 100, 2, 2, 100],  # T-003 | T-008, T-014
            "Corporate stage 2": [0, 0, None, 1, 1, 100],  # - | T-014
            "Total": [5, 7, 71, 9, 13, 69],  # 5/7 = 71.4; 9/13 = 69.2
        },
    )


def test_on_time_by_quarter(f):
    check(
        on_time_by_quarter(f["complaints"], "2024-25"),
        TYPES,
        {
            # Q1 closures: T-005 ok (5 Apr), T-006 late (25 Apr), T-007 S1 ok (29 May) -> 2/3 = 66.7
            "Q1": [Z, "67% (2/3)", Z, Z, Z, Z, Z],
            # Q2: T-007 S2 late (19 Jul); T-008 ok (26 Jul), T-014 S1 ok (27 Sep)
            "Q2": [Z, Z, "0% (0/1)", Z, Z, "100% (2/2)", Z],
            # Q3: T-010 ok (14 Oct); T-015 ok (15 Nov); T-007 S3 late (4 Oct); T-014 S2 ok (8 Nov)
            "Q3": ["100% (1/1)", "100% (1/1)", Z, "0% (0/1)", Z, Z, "100% (1/1)"],
            # Q4: T-009 ok (8 Jan), T-011 late (10 Feb); T-016 ok (5 Mar)
            "Q4": [Z, "50% (1/2)", Z, Z, "100% (1/1)", Z, Z],
        },
    )


def test_extensions_and_late(f):
    check(
        extensions_and_late(f["complaints"], "2024-25"),
        ["Responses", "Extension agreed", "Within timescale", "Late", "Late (%)"],
        {
            "Statutory stage 0": [1, 0, 1, 0, 0],
            "Statutory stage 1": [6, 1, 4, 2, 33],  # T-007 extended; late T-006, T-011: 2/6 = 33.3
            "Statutory stage 2": [1, 0, 0, 1, 100],
            "Statutory stage 3": [1, 0, 0, 1, 100],
            "Corporate stage 0": [1, 0, 1, 0, 0],
            "Corporate stage 1": [2, 0, 2, 0, 0],
            "Corporate stage 2": [1, 0, 1, 0, 0],
            "Total": [13, 1, 9, 4, 31],  # 4/13 = 30.8
        },
    )


def test_open_at_year_end(f):
    # open at 31 Mar 2025: T-012 (due 3 Mar -> overdue), T-013 (due 7 Apr -> in progress)
    check(
        open_at_year_end(f["complaints"], "2024-25"),
        ["In progress", "Overdue", "Open"],
        {
            "Statutory stage 1": [1, 1, 2],
            "Total": [1, 1, 2],
        },
    )


def test_an_extension_left_blank_is_not_counted_as_agreed(monkeypatch):
    # tiny 2024-25 (closed) and one more statutory stage 1 response whose extension is left blank:
    # received Mon 3 Feb 2025, answered Mon 10 Feb: Tue 4 (1), 5-7 (2-4), Mon 10 (5) of 10 days -> on time.
    # Statutory stage 1: 6 + 1 = 7 responses, extension agreed still 1 (T-007), within 4 + 1 = 5, late 2,
    # 2/7 = 28.6 -> 29%. Total: 14 responses, 1 extended, 10 within, 4 late, 4/14 = 28.6 -> 29%.
    extra = "T-098,1,statutory,2025-02-03,,2025-02-10,upheld,Adoption,Children's Social Care,parent_guardian,false,,,"
    raw = tiny.typed_frames()
    raw["complaints"] = typed("complaints", tiny.text_frame("complaints", tiny.COMPLAINTS + extra + "\n"))
    table = extensions_and_late(derive_all(raw, PROFILE, tiny.year_end("2024-25"))["complaints"], "2024-25")
    assert rows(table)["Statutory stage 1"] == [7, 1, 5, 2, 29]
    assert rows(table)["Total"] == [14, 1, 10, 4, 29]
    # and the audit trail names the one agreed extension, T-007's, not the blank one
    monkeypatch.setitem(TRACE, "on", True)
    traced = extensions_and_late(derive_all(raw, PROFILE, tiny.year_end("2024-25"))["complaints"], "2024-25")
    assert traced.refs["Statutory stage 1"]["Extension agreed"] == ["T-007 (stage 1)"]


def test_open_at_year_end_counts_each_kind_in_its_own_row():
    # tiny's two open statutory stage 1 complaints (T-012 overdue, T-013 in progress), and one more: a
    # corporate stage 1 received Mon 3 Mar 2025, not answered. Demo corporate stage 1 is 20 working days
    # from the next working day: 4-7 Mar (1-4), 10-14 (5-9), 17-21 (10-14), 24-28 (15-19), Mon 31 Mar (20;
    # no bank holiday) -> due 31 Mar 2025, the year end itself: not due before it -> in progress.
    extra = "T-099,1,corporate,2025-03-03,false,,,School transport,Education and Inclusion,parent_guardian,false,,,"
    raw = tiny.typed_frames()
    raw["complaints"] = typed("complaints", tiny.text_frame("complaints", tiny.COMPLAINTS + extra + "\n"))
    frames = derive_all(raw, PROFILE, tiny.year_end("2024-25"))
    table = open_at_year_end(frames["complaints"], "2024-25")
    check(
        table,
        ["In progress", "Overdue", "Open"],
        {
            "Statutory stage 1": [1, 1, 2],
            "Corporate stage 1": [1, 0, 1],
            "Total": [2, 1, 3],
        },
    )
    assert list(table.data.dtypes) == ["int64"] * 3  # counts, printed as whole numbers


# --------------------------------------------------------------------------------------------
# Outcomes
# --------------------------------------------------------------------------------------------


def test_outcomes_stage_1(f):
    # S1 closed 2024-25: stat T-005 partly, T-006 not, T-007 upheld, T-009 upheld, T-011 partly,
    # T-015 no finding; corp T-008 withdrawn, T-014 not. Shares of 8: 2/8 = 25, 1/8 = 12.5 -> 13.
    check(
        outcomes_by_stage(f["complaints"], "2024-25"),
        ["Statutory stage 1", "Corporate stage 1", "Total", "Share (%)"],
        {
            "Upheld": [2, 0, 2, 25],
            "Partly upheld": [2, 0, 2, 25],
            "Not upheld": [1, 1, 2, 25],
            "No finding": [1, 0, 1, 13],
            "Withdrawn": [0, 1, 1, 13],
            "Total": [6, 2, 8, 100],
        },
    )


def test_outcomes_stages_1_and_2(f):
    # adds S2 closed 2024-25: T-007 S2 not upheld (stat), T-014 S2 not upheld (corp). Shares of 10.
    check(
        outcomes_by_stage(f["complaints"], "2024-25", stages=(1, 2)),
        ["Statutory stage 1", "Statutory stage 2", "Corporate stage 1", "Corporate stage 2", "Total", "Share (%)"],
        {
            "Upheld": [2, 0, 0, 0, 2, 20],
            "Partly upheld": [2, 0, 0, 0, 2, 20],
            "Not upheld": [1, 1, 1, 1, 4, 40],
            "No finding": [1, 0, 0, 0, 1, 10],
            "Withdrawn": [0, 0, 1, 0, 1, 10],
            "Total": [6, 1, 2, 1, 10, 100],
        },
    )


def test_outcome_groups_statutory(f):
    # Final (highest) stage of each statutory complaint closed in the year:
    # 2023-24: T-001 not, T-002 S2 partly, T-004 early resolution, T-017 withdrawn, T-018 not.
    # 2024-25: T-005 partly, T-006 not, T-007 S3 not (its S1 was upheld), T-009 upheld, T-010
    # signposted, T-011 partly, T-015 no finding. Shares of 7: 3/7 = 42.9 -> 43, 2/7 = 28.6 -> 29, 1/7 = 14.3 -> 14.
    check(
        outcome_groups(f["complaints"], YEARS),
        ["2023/24", "2024/25", "2024/25 (%)"],
        {
            "Upheld or partly upheld": [1, 3, 43],
            "Not upheld": [2, 2, 29],
            "No finding": [0, 1, 14],
            "Withdrawn, early resolution or signposted": [2, 1, 14],
            "Total": [5, 7, 100],
        },
    )


def test_outcome_groups_corporate(f):
    # 2023-24: T-003 no finding. 2024-25: T-008 withdrawn, T-014 S2 not, T-016 early resolution.
    check(
        outcome_groups(f["complaints"], YEARS, procedure="corporate"),
        ["2023/24", "2024/25", "2024/25 (%)"],
        {
            "Not upheld": [0, 1, 33],
            "No finding": [1, 0, 0],
            "Withdrawn, early resolution or signposted": [0, 2, 67],
            "Total": [1, 3, 100],
        },
    )
    # Over three years (nothing closed in 2022-23) the shares are still the last year's: 1/3, 2/3.
    three = outcome_groups(f["complaints"], ["2022-23", *YEARS], procedure="corporate")
    assert list(three.data.columns) == ["2022/23", "2023/24", "2024/25", "2024/25 (%)"]
    assert rows(three)["Withdrawn, early resolution or signposted"] == [0, 0, 2, 67]


def test_outcome_groups_of_years_with_nothing_closed(f):
    # tiny closes nothing before 2023-24: the table still has its upheld row, at 0, and no percentage.
    check(
        outcome_groups(f["complaints"], ["2021-22", "2022-23"]),
        ["2021/22", "2022/23", "2022/23 (%)"],
        {"Upheld or partly upheld": [0, 0, None], "Total": [0, 0, None]},
    )


def test_upheld_by_service(f):
    # S1 closed 2024-25 by service (profile order, present only); T-008 withdrawn is not a decision.
    check(
        upheld_by_service(f["complaints"], "2024-25", PROFILE.service_areas),
        ["Decided", "Upheld or partly upheld", "Upheld rate (%)"],
        {
            "Child protection": [2, 1, 50],  # T-009 upheld, T-015 no finding
            "Children in care": [1, 0, 0],  # T-006 not
            "Disabled children": [1, 1, 100],  # T-005 partly
            "Leaving care": [1, 1, 100],  # T-011 partly
            "SEND and inclusion": [1, 1, 100],  # T-007 upheld
            "School transport": [1, 0, 0],  # T-014 not
            "Payments and finance": [0, 0, None],  # T-008 withdrawn only
            "Total": [7, 4, 57],  # 4/7 = 57.1
        },
    )


def test_themes(f):
    # S1 closed 2024-25 (8): T-005 communication;delay, T-006 communication;delay, T-007 communication,
    # T-008 finance, T-009 delay, T-011 delay;finance, T-014 transport;communication, T-015 finance.
    # communication 4, delay 4, finance 3, transport 1; of 8: 50, 50, 37.5 -> 38, 12.5 -> 13.
    table = themes(f["complaints"], "2024-25")
    assert (table.key, table.title) == ("themes", "Themes of stage 1 complaints")  # every stage 1, not the upheld
    check(
        table,
        ["Complaints", "Share of complaints (%)"],
        {
            "Communication": [4, 50],
            "Delay": [4, 50],
            "Finance": [3, 38],
            "Transport": [1, 13],
        },
    )


def test_themes_upheld(f):
    # upheld/partly S1 closed 2024-25 (4): T-005 communication;delay, T-007 communication, T-009 delay,
    # T-011 delay;finance -> delay 3 (75), communication 2 (50), finance 1 (25).
    upheld = themes(f["complaints"], "2024-25", upheld_only=True)
    assert (upheld.key, upheld.title) == ("themes_upheld", "Themes of upheld or partly upheld stage 1 complaints")
    check(
        upheld,
        ["Complaints", "Share of complaints (%)"],
        {
            "Delay": [3, 75],
            "Communication": [2, 50],
            "Finance": [1, 25],
        },
    )


# --------------------------------------------------------------------------------------------
# Compliments and enquiries
# --------------------------------------------------------------------------------------------


def test_compliments_by_year(f):
    # 2023-24: TC-001 CSC, TC-002 E&I. 2024-25: TC-003, TC-004, TC-006 (31 Mar 2025) CSC; TC-005 E&I.
    check(
        compliments_by_year(f["compliments"], YEARS, PROFILE.divisions),
        ["2023/24", "2024/25", "Change (%)"],
        {
            "Children's Social Care": [1, 3, 200],
            "Education and Inclusion": [1, 1, 0],
            "Quality and Commissioning": [0, 0, None],
            "Total": [2, 4, 100],
        },
    )


def test_enquiries_by_year(f):
    # 2023-24: TE-001 mp. 2024-25: TE-003 mp, TE-002 councillor, TE-005 chief exec, TE-004 + TE-006 general.
    check(
        enquiries_by_year(f["enquiries"], YEARS),
        ["2023/24", "2024/25", "Change (%)"],
        {
            "MP enquiry": [1, 1, 0],
            "Member (councillor) enquiry": [0, 1, None],
            "Mayor enquiry": [0, 0, None],
            "Chief Executive enquiry": [0, 1, None],
            "General enquiry": [0, 2, None],
            "Total": [1, 5, 400],
        },
    )


def test_enquiries_on_time(f):
    # closed 2024-25: TE-002 councillor ok (Q1), TE-003 mp late (Q1), TE-004 general ok (Q2),
    # TE-005 chief exec late (closed 3 Jan 2025: Q4); TE-006 open.
    cols = ["MP enquiry", "Member (councillor) enquiry", "Mayor enquiry", "Chief Executive enquiry", "General enquiry"]
    check(
        enquiries_on_time(f["enquiries"], "2024-25"),
        cols,
        {
            "Q1": ["0% (0/1)", "100% (1/1)", Z, Z, Z],
            "Q2": [Z, Z, Z, Z, "100% (1/1)"],
            "Q3": [Z, Z, Z, Z, Z],
            "Q4": [Z, Z, Z, "0% (0/1)", Z],
            "Total": ["0% (0/1)", "100% (1/1)", Z, "0% (0/1)", "100% (1/1)"],
        },
    )


# --------------------------------------------------------------------------------------------
# Ombudsman
# --------------------------------------------------------------------------------------------


def test_lgsco_by_year(f):
    # received 2023-24: TL-001, TL-002, TL-007; 2024-25: TL-003, TL-004, TL-005, TL-006.
    # decided 2023-24: TL-001 upheld, TL-007; 2024-25: TL-002 upheld, TL-003, TL-004, TL-005 upheld.
    check(
        lgsco_by_year(f["ombudsman"], YEARS),
        ["Enquiries received", "Decisions", "Upheld"],
        {
            "2023/24": [3, 2, 1],
            "2024/25": [4, 4, 2],
        },
    )


def test_uphold_rates(f):
    # 2024-25: 4 decisions; investigated (upheld or not upheld) TL-002, TL-003, TL-005 = 3; upheld 2;
    # already upheld by the council among the upheld: TL-002 = 1 (TL-004 also says true but was not
    # upheld). Uphold 2/4 = 50; actual (2-1)/4 = 25.
    table = uphold_rates(f["ombudsman"], "2024-25")
    assert {k: v[0] for k, v in rows(table).items()} == {
        "Decisions": 4,
        "Investigated in detail": 3,
        "Upheld": 2,
        "Already upheld by the council": 1,
        "Uphold rate (%)": 50,
        "Actual uphold rate (%)": 25,
    }


def test_uphold_rates_investigated_denominator(f):
    # of the 3 investigated: 2/3 = 66.7 -> 67; (2-1)/3 = 33.3 -> 33
    table = uphold_rates(f["ombudsman"], "2024-25", denominator="investigated")
    values = {k: v[0] for k, v in rows(table).items()}
    assert (values["Uphold rate (%)"], values["Actual uphold rate (%)"]) == (67, 33)


def test_uphold_rates_2023_24(f):
    # 2023-24: TL-001 upheld (not previously), TL-007 closed after initial enquiries -> 1/2 = 50, 50.
    values = {k: v[0] for k, v in rows(uphold_rates(f["ombudsman"], "2023-24")).items()}
    assert (values["Decisions"], values["Upheld"], values["Already upheld by the council"]) == (2, 1, 0)
    assert (values["Uphold rate (%)"], values["Actual uphold rate (%)"]) == (50, 50)


def test_remedies(f):
    # decided 2024-25: TL-002 apology;payment (250.00, completed 10 Jul <= due 12 Jul), TL-005
    # service_improvement;payment (1200.50, completed 4 Apr 2025 > due 27 Mar 2025: late).
    # TL-001's 100.00 was decided in 2023-24 and is not counted. 25000 + 120050 = 145050 pence.
    table = remedies(f["ombudsman"], "2024-25")
    assert {k: v[0] for k, v in rows(table).items()} == {
        "Apology": 1,
        "Financial remedy": 2,
        "Service improvement": 1,
        "Payments (number)": 2,
        "Payments (total, pence)": 145050,
        "Remedies late or overdue": 1,
        "Remedies due by the year end": 2,
    }
    assert list(table.data.index)[:3] == ["Apology", "Financial remedy", "Service improvement"]


# --------------------------------------------------------------------------------------------
# Costs
# --------------------------------------------------------------------------------------------


def test_costs_by_year(f):
    # 2023-24: TK-001 1500.00 IO, TK-002 450.50 IP. 2024-25: TK-003 2000.00 IO, TK-004 600.25 IP,
    # TK-005 875.10 panel, TK-006 99.99 advocacy (31 Mar 2025). TK-007 mediation is 31 Mar 2023 (2022-23).
    # Totals: 150000 + 45050 = 195050; 200000 + 60025 + 87510 + 9999 = 357534.
    check(
        costs_by_year(f["costs"], YEARS),
        ["2023/24", "2024/25"],
        {
            "Independent investigating officers": [150000, 200000],
            "Independent persons": [45050, 60025],
            "Review panels": [0, 87510],
            "Advocacy": [0, 9999],
            "Total": [195050, 357534],
        },
    )


def test_costs_by_year_sums_invoices_keeps_a_year_without_costs_and_whole_pence(f):
    # A second investigating-officer invoice in 2024-25 (TK-008, 333.33 = 33333 pence) is added to TK-003's
    # 200000: 233333, a sum (a mean would be 116667). 2025-26 is a year of the table with no invoice at all:
    # a column of zeros. 2023-24 is not a year of this table: TK-001 and TK-002 are left out. The cells are
    # whole pence (int64), never floats such as 233333.0.
    costs = f["costs"]
    extra = costs[costs["cost_ref"] == "TK-003"].assign(cost_ref="TK-008", amount=33333)
    table = costs_by_year(pd.concat([costs, extra], ignore_index=True), ["2024-25", "2025-26"])
    check(
        table,
        ["2024/25", "2025/26"],
        {
            "Independent investigating officers": [233333, 0],
            "Independent persons": [60025, 0],
            "Review panels": [87510, 0],
            "Advocacy": [9999, 0],
            "Total": [390867, 0],  # 233333 + 60025 + 87510 + 9999
        },
    )
    assert set(map(str, table.data.dtypes)) == {"int64"}


def test_costs_by_year_without_any_invoice_in_its_years_is_a_total_of_zeros(f):
    # Only TK-007 (2022-23) and nothing in 2025-26: no cost type row, the Total row at 0.
    check(costs_by_year(f["costs"], ["2025-26"]), ["2025/26"], {"Total": [0]})


# --------------------------------------------------------------------------------------------
# Totals reconcile
# --------------------------------------------------------------------------------------------


def _tables_with_totals(f):
    c = f["complaints"]
    return [
        (volumes_by_year(c, YEARS), ["2023/24", "2024/25"]),
        (volumes_by_quarter(c, "2024-25"), TYPES + ["Total"]),
        (complainants(c, "2024-25"), ["Complaints", "With an advocate"]),
        (on_time_by_stage(c, YEARS), ["2023/24 On time", "2023/24 Responded", "2024/25 On time", "2024/25 Responded"]),
        (extensions_and_late(c, "2024-25"), ["Responses", "Extension agreed", "Within timescale", "Late"]),
        (open_at_year_end(c, "2024-25"), ["In progress", "Overdue", "Open"]),
        (outcomes_by_stage(c, "2024-25", stages=(1, 2)), TYPES[1:3] + TYPES[5:] + ["Total"]),
        (outcome_groups(c, YEARS), ["2023/24", "2024/25"]),
        (upheld_by_service(c, "2024-25", PROFILE.service_areas), ["Decided", "Upheld or partly upheld"]),
        (compliments_by_year(f["compliments"], YEARS, PROFILE.divisions), ["2023/24", "2024/25"]),
        (enquiries_by_year(f["enquiries"], YEARS), ["2023/24", "2024/25"]),
        (costs_by_year(f["costs"], YEARS), ["2023/24", "2024/25"]),
    ]


def test_total_rows_are_sums_of_the_other_rows(f):
    for table, columns in _tables_with_totals(f):
        body = table.data.drop(index="Total")
        for column in columns:
            assert int(body[column].sum()) == int(table.data.loc["Total", column]), (table.key, column)


def test_total_columns_are_sums_of_the_other_columns(f):
    q = volumes_by_quarter(f["complaints"], "2024-25").data
    assert (q[TYPES].sum(axis=1) == q["Total"]).all()
    o = outcomes_by_stage(f["complaints"], "2024-25").data
    assert (o[["Statutory stage 1", "Corporate stage 1"]].sum(axis=1) == o["Total"]).all()
    e = extensions_and_late(f["complaints"], "2024-25").data
    assert ((e["Within timescale"] + e["Late"]) == e["Responses"]).all()


def test_same_total_across_tables(f):
    c = f["complaints"]
    # 14 complaint rows received in 2024-25 (by year and by quarter)
    assert volumes_by_year(c, YEARS).data.loc["Total", "2024/25"] == 14
    assert volumes_by_quarter(c, "2024-25").data.loc["Total", "Total"] == 14
    # 13 responses closed in 2024-25: on_time_by_stage, extensions_and_late, and the quarter grid's
    # denominators (Q1 3 + Q2 3 + Q3 4 + Q4 3)
    assert on_time_by_stage(c, YEARS).data.loc["Total", "2024/25 Responded"] == 13
    assert extensions_and_late(c, "2024-25").data.loc["Total", "Responses"] == 13
    grid = on_time_by_quarter(c, "2024-25").data
    denominators = [int(re.search(r"/(\d+)\)", cell).group(1)) for cell in grid.to_numpy().ravel()]
    assert sum(denominators) == 13
    # 11 new stage 0/1 complaints in 2024-25: complainants = volumes S0 + S1 (stat 1 + 7, corp 1 + 2)
    assert complainants(c, "2024-25").data.loc["Total", "Complaints"] == 11
