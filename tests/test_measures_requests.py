"""Measures no fast test ran before `make mutate` pointed at them: Freedom of Information requests, the
Ombudsman case lists, complaints and enquiries counted together as cases, and the later stages'
outcomes and completed cases. Every figure is counted by hand from the rows of tests/tiny.py (complaints,
enquiries, Ombudsman; their due-date working is in its docstring) or from the FOI rows below, and each
table's caption (title, period and basis, as published) is checked as well as its cells.

FOI rows (demo profile: every kind 20 working days, counted from the next working day):
  F-01 request  rec Tue 2 Apr 2024: 3-5 (1-3), 8-12 (4-8), 15-19 (9-13), 22-26 (14-18), 29 (19), Tue 30 Apr (20);
                answered 30 Apr -> on time. Q1, April; closed Q1.
  F-02 request  rec Mon 3 Jun 2024: 4-7 (1-4), 10-14 (5-9), 17-21 (10-14), 24-28 (15-19), Mon 1 Jul (20);
                answered Tue 2 Jul -> late. Q1, June; closed Q2.
  F-03 internal_review rec Mon 7 Oct 2024: 8-11 (1-4), 14-18 (5-9), 21-25 (10-14), 28 Oct-1 Nov (15-19),
                Mon 4 Nov (20); answered Fri 1 Nov -> on time. Q3, October.
  F-04 ico      rec Mon 13 Jan 2025: 14-17 (1-4), 20-24 (5-9), 27-31 (10-14), 3-7 Feb (15-19), Mon 10 Feb (20);
                answered 10 Feb -> on time. Q4, January.
  F-05 request  rec Mon 3 Mar 2025: ... Mon 31 Mar (20); open -> not answered. Q4, March.
  F-06 request  rec Mon 5 Jun 2023 (2023-24): 6-9 (1-4), 12-16 (5-9), 19-23 (10-14), 26-30 (15-19), Mon 3 Jul
                (20); answered Fri 30 Jun -> on time.
  F-07 request  rec Mon 4 Dec 2023: 5-8 (1-4), 11-15 (5-9), 18-22 (10-14), 25-26 hol, 27-29 (15-17), 1 Jan hol,
                2-3 Jan (18-19), Thu 4 Jan 2024 (20); answered Fri 5 Jan -> late.
  F-08 request  rec Wed 10 Jul 2024: 11-12 (1-2), 15-19 (3-7), 22-26 (8-12), 29 Jul-2 Aug (13-17), 5-7 Aug
                (18-20) -> due Wed 7 Aug; answered 7 Aug -> on time. Q2, July.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.config.profile import load_profile
from pipelines.inputs.ingest import typed
from pipelines.measures import cases, foi, lgsco_cases, ombudsman, stage_requests
from pipelines.rules.derive import derive_requests
from tests import tiny
from tests.cells import cells

DEMO = load_profile("demo")
YEARS = ["2023-24", "2024-25"]
Z = "[z] (0/0)"
FOI = """\
foi_ref,request_type,date_received,date_responded,division
F-01,request,2024-04-02,2024-04-30,Children's Social Care
F-02,request,2024-06-03,2024-07-02,Children's Social Care
F-03,internal_review,2024-10-07,2024-11-01,Children's Social Care
F-04,ico,2025-01-13,2025-02-10,Children's Social Care
F-05,request,2025-03-03,,Children's Social Care
F-06,request,2023-06-05,2023-06-30,Children's Social Care
F-07,request,2023-12-04,2024-01-05,Children's Social Care
F-08,request,2024-07-10,2024-08-07,Children's Social Care
"""
KINDS = ["Request", "Internal review", "Information Commissioner"]
# The demo profile has no case_types: stage 1 complaints of each children's procedure, then every enquiry type.
CASE_LABELS = [
    "Statutory stage 1",
    "Corporate stage 1",
    "MP enquiry",
    "Member (councillor) enquiry",
    "Mayor enquiry",
    "Chief Executive enquiry",
    "General enquiry",
]


@pytest.fixture(scope=tiny.scope)
def f():
    frames = tiny.frames("2024-25")
    requests = typed("foi", pd.read_csv(pd.io.common.StringIO(FOI), dtype="string").replace("", pd.NA))
    frames["foi"] = derive_requests(requests, DEMO, tiny.year_end("2024-25"), "foi", "request_type")
    return frames


# --- Freedom of Information ---------------------------------------------------------------------------


def test_foi_by_month(f):
    # received 2024-25: April F-01, June F-02, July F-08 (requests), October F-03 (review), January F-04
    # (ICO), March F-05 (request) -> 6; each month with one is 1/6 = 16.7% -> 17.
    table = foi.foi_by_month(f["foi"], "2024-25")
    assert list(table.data.columns) == KINDS + ["Total", "Share (%)"]
    one = {"April": [1, 0, 0, 1, 17], "June": [1, 0, 0, 1, 17], "July": [1, 0, 0, 1, 17]}
    one |= {"October": [0, 1, 0, 1, 17], "January": [0, 0, 1, 1, 17], "March": [1, 0, 0, 1, 17]}
    expected = {m: one.get(m, [0, 0, 0, 0, 0]) for m in ["April", "May", "June", "July", "August", "September"]}
    expected |= {m: one.get(m, [0, 0, 0, 0, 0]) for m in ["October", "November", "December", "January"]}
    expected |= {"February": [0, 0, 0, 0, 0], "March": one["March"], "Total": [4, 1, 1, 6, 100]}
    assert cells(table) == expected
    assert table.caption() == "Freedom of Information requests by month, 2024/25, counted on cases received in the year"
    assert table.percent_columns == ("Share (%)",)


def test_foi_by_year(f):
    # 2023-24: F-06, F-07 (requests); 2024-25 as above. No total row: the years are side by side.
    table = foi.foi_by_year(f["foi"], YEARS)
    assert list(table.data.columns) == KINDS + ["Total"]
    assert cells(table) == {"2023/24": [2, 0, 0, 2], "2024/25": [4, 1, 1, 6]}
    assert table.caption() == (
        "Freedom of Information requests by year, 2023/24 to 2024/25, counted on cases received in the year"
    )


def test_foi_on_time_by_quarter_of_receipt_and_of_answer(f):
    # Answered, received 2024-25: Q1 F-01 ok, F-02 late; Q2 F-08 ok; Q3 F-03 ok (review); Q4 F-04 ok (ICO).
    received = foi.foi_on_time(f["foi"], "2024-25")
    assert cells(received) == {
        "Q1": ["50% (1/2)", Z, Z],
        "Q2": ["100% (1/1)", Z, Z],
        "Q3": [Z, "100% (1/1)", Z],
        "Q4": [Z, Z, "100% (1/1)"],
        "Total": ["67% (2/3)", "100% (1/1)", "100% (1/1)"],  # requests: F-01, F-08 of 3
    }
    assert list(received.data.columns) == KINDS
    assert received.caption() == (
        "Freedom of Information requests answered within 20 working days (requests answered by the year end; "
        "those still open are not counted), 2024/25, counted on cases received in the year"
    )
    # By the quarter of the answer: F-01 30 Apr (Q1), F-02 2 Jul and F-08 7 Aug (Q2), F-03 1 Nov, F-04 10 Feb.
    closed = foi.foi_on_time(f["foi"], "2024-25", basis="closed")
    assert cells(closed)["Q1"] == ["100% (1/1)", Z, Z] and cells(closed)["Q2"] == ["50% (1/2)", Z, Z]
    assert closed.basis == "closed"


def test_foi_requests_on_time_by_year(f):
    # Requests only (no reviews or ICO cases), answered: 2023-24 F-06 ok, F-07 late -> 1/2;
    # 2024-25 F-01 ok, F-02 late, F-08 ok -> 2/3 = 66.7% -> 67%.
    table = foi.foi_on_time_by_year(f["foi"], YEARS)
    assert cells(table) == {"2023/24": ["50% (1/2)"], "2024/25": ["67% (2/3)"]}
    assert list(table.data.columns) == ["Performance"]
    assert table.title.startswith("Freedom of Information requests answered on time, by year")


# --- the Ombudsman's case lists and categories ---------------------------------------------------------


def test_ombudsman_complaints_received_by_service(f):
    # received 2024-25: TL-003 SEND and inclusion, TL-004 School transport, TL-005 Fostering, TL-006 Adoption;
    # rows in alphabetical order ("SEND" before "School": capital E sorts before small c).
    table = lgsco_cases.lgsco_received_by_service(f["ombudsman"], "2024-25")
    assert cells(table) == {
        "Adoption": [1],
        "Fostering": [1],
        "SEND and inclusion": [1],
        "School transport": [1],
        "Total": [4],
    }
    assert table.caption() == "Ombudsman complaints received, 2024/25, counted on cases received in the year"


def test_ombudsman_complaints_completed_one_row_each(f):
    # decided 2024-25, in date order: TL-002 14 Jun, TL-004 15 Aug, TL-003 30 Sep, TL-005 27 Feb 2025.
    # Remedy on time: TL-002 completed 10 Jul <= due 12 Jul -> Yes; TL-005 4 Apr 2025 > 27 Mar -> No;
    # no remedy -> [z]. Payments in pence: 250.00 -> 25000, 1200.50 -> 120050.
    table = lgsco_cases.lgsco_completed(f["ombudsman"], "2024-25")
    assert list(table.data.columns) == ["Service", "Decision", "Remedy", "Payment", "Remedy on time"]
    assert cells(table) == {
        "1": ["Children in care", "Upheld", "Apology; Financial remedy", 25000, "Yes"],
        "2": ["School transport", "Assessed and closed", "None", None, "[z]"],
        "3": ["SEND and inclusion", "Not upheld", "None", None, "[z]"],
        "4": ["Fostering", "Upheld", "Service improvement; Financial remedy", 120050, "No"],
    }
    assert table.money_columns == ("Payment",) and table.basis is None
    assert table.caption() == "Ombudsman complaints completed during the year, 2024/25"


def test_ombudsman_decisions_by_category_and_by_group(f):
    # decided 2024-25: upheld TL-002, TL-005; not upheld TL-003; assessed and closed TL-004 -> of 4:
    # 50%, 25%, 25%. Groups by year decided: 2023-24 TL-001 upheld, TL-007 not investigated.
    decisions = ombudsman.lgsco_decisions(f["ombudsman"], "2024-25")
    assert cells(decisions) == {
        "Upheld": [2, 50],
        "Not upheld": [1, 25],
        "Assessed and closed": [1, 25],
        "Total": [4, 100],
    }
    assert decisions.caption() == "Ombudsman decisions by category, 2024/25"
    groups = ombudsman.lgsco_groups(f["ombudsman"], YEARS)
    assert cells(groups) == {
        "Upheld (fault found)": [1, 2],
        "Not upheld": [0, 1],
        "Not investigated": [1, 1],
        "Total": [2, 4],
    }
    assert list(groups.data.columns) == ["2023/24", "2024/25"]
    assert groups.caption() == "Ombudsman decisions by outcome, 2023/24 to 2024/25"


# --- complaints and enquiries counted together as cases ------------------------------------------------


def test_the_default_case_types_are_stage_1_by_procedure_then_every_enquiry_type():
    kinds = cases.default_case_types()
    assert [k["label"] for k in kinds] == CASE_LABELS
    assert kinds[0] == {"procedure": "statutory", "stage": 1, "label": "Statutory stage 1"}
    assert kinds[2] == {"enquiry": "mp", "label": "MP enquiry"}


def test_cases_by_year_quarter_and_month(f):
    kinds = cases.default_case_types()
    c, e = f["complaints"], f["enquiries"]
    # 2023-24: statutory S1 T-001, 002, 005, 017, 018; corporate S1 T-003; MP TE-001.
    # 2024-25: statutory S1 T-006, 007, 009, 011, 012, 013, 015; corporate T-008, T-014; MP TE-003;
    # councillor TE-002; chief executive TE-005; general TE-004, TE-006.
    by_year = cases.cases_by_year(c, e, YEARS, kinds)
    assert list(by_year.data.columns) == CASE_LABELS + ["Total"]
    assert cells(by_year) == {"2023/24": [5, 1, 1, 0, 0, 0, 0, 7], "2024/25": [7, 2, 1, 1, 0, 1, 2, 14]}
    assert by_year.sums == {"Total": CASE_LABELS}
    assert by_year.caption() == (
        "New cases received (complaints and enquiries), 2023/24 to 2024/25, counted on cases received in the year"
    )
    # Quarters of 2024-25: Q1 T-006 (Apr), T-007 (May), TE-003 (Jun), TE-002 (Apr); Q2 T-008 (Jul), T-014
    # (Sep), TE-004 (Aug); Q3 T-009 (Dec), T-015 (Nov), TE-005 (Dec); Q4 T-011, T-012, T-013, TE-006.
    quarters = cases.cases_by_quarter(c, e, "2024-25", kinds)
    assert cells(quarters) == {
        "Q1": [2, 0, 1, 1, 0, 0, 0, 4],
        "Q2": [0, 2, 0, 0, 0, 0, 1, 3],
        "Q3": [2, 0, 0, 0, 0, 1, 0, 3],
        "Q4": [3, 0, 0, 0, 0, 0, 1, 4],
        "Total": [7, 2, 1, 1, 0, 1, 2, 14],
    }
    assert quarters.caption() == "New cases received by quarter, 2024/25, counted on cases received in the year"
    months = cases.cases_by_month(c, e, "2024-25", kinds)
    got = cells(months)
    assert got["April"] == [1, 0, 0, 1, 0, 0, 0, 2]  # T-006, TE-002
    assert got["December"] == [1, 0, 0, 0, 0, 1, 0, 2]  # T-009, TE-005
    assert got["March"] == [1, 0, 0, 0, 0, 0, 1, 2]  # T-013, TE-006
    assert got["October"] == [0] * 8 and got["Total"] == [7, 2, 1, 1, 0, 1, 2, 14]
    assert list(got) == ["April", "May", "June", "July", "August", "September", "October", "November"] + [
        "December",
        "January",
        "February",
        "March",
        "Total",
    ]
    assert months.title == "New cases received by month"


def test_cases_change_on_the_previous_year(f):
    # 5 -> 7: +40%; 1 -> 2: +100%; 1 -> 1: 0%; from 0: no change; total 7 -> 14: +100%.
    table = cases.cases_change(f["complaints"], f["enquiries"], YEARS, cases.default_case_types())
    assert cells(table) == {
        "Statutory stage 1": [5, 7, 40],
        "Corporate stage 1": [1, 2, 100],
        "MP enquiry": [1, 1, 0],
        "Member (councillor) enquiry": [0, 1, None],
        "Mayor enquiry": [0, 0, None],
        "Chief Executive enquiry": [0, 1, None],
        "General enquiry": [0, 2, None],
        "Total": [7, 14, 100],
    }
    assert list(table.data.columns) == ["2023/24", "2024/25", "Change (%)"]
    assert table.percent_columns == ("Change (%)",)
    assert table.caption() == (
        "Change in new cases on the previous year, 2023/24 to 2024/25, counted on cases received in the year"
    )


def test_cases_on_time_by_quarter_with_and_without_an_excluded_outcome(f):
    # Answered cases received 2024-25: statutory S1 T-006 late, T-007 ok (Q1), T-009 ok, T-015 ok (Q3),
    # T-011 late (Q4); corporate T-008 ok (withdrawn), T-014 ok (Q2); MP TE-003 late (Q1); councillor
    # TE-002 ok (Q1); chief executive TE-005 late (Q3); general TE-004 ok (Q2). Open: T-012, T-013, TE-006.
    kinds = cases.default_case_types()
    table = cases.cases_on_time_by_quarter(f["complaints"], f["enquiries"], "2024-25", kinds)
    assert cells(table) == {
        "Q1": ["50% (1/2)", Z, "0% (0/1)", "100% (1/1)", Z, Z, Z],
        "Q2": [Z, "100% (2/2)", Z, Z, Z, Z, "100% (1/1)"],
        "Q3": ["100% (2/2)", Z, Z, Z, Z, "0% (0/1)", Z],
        "Q4": ["0% (0/1)", Z, Z, Z, Z, Z, Z],
    }
    assert table.notes == []
    assert table.caption() == (
        "Cases responded to within timescale by quarter, 2024/25, counted on cases received in the year"
    )
    # Leaving out withdrawn complaints (T-008): corporate Q2 is 1/1; enquiries have no outcome and stay.
    without = cases.cases_on_time_by_quarter(
        f["complaints"], f["enquiries"], "2024-25", kinds, exclude_outcomes=("withdrawn",)
    )
    assert cells(without)["Q2"] == [Z, "100% (1/1)", Z, Z, Z, Z, "100% (1/1)"]
    assert without.notes == ["Not included: Withdrawn (shown in their own table)."]


def test_cases_on_time_by_division(f):
    # Children's Social Care: statutory T-006 late, T-009 ok, T-011 late, T-015 ok; MP TE-003 late; chief
    # executive TE-005 late. Education and Inclusion: T-007 ok; corporate T-014 ok; councillor TE-002 ok.
    # Quality and Commissioning: corporate T-008 ok; general TE-004 ok.
    table = cases.cases_on_time_by_division(
        f["complaints"], f["enquiries"], "2024-25", cases.default_case_types(), DEMO.divisions
    )
    assert cells(table) == {
        "Children's Social Care": ["50% (2/4)", Z, "0% (0/1)", Z, Z, "0% (0/1)", Z],
        "Education and Inclusion": ["100% (1/1)", "100% (1/1)", Z, "100% (1/1)", Z, Z, Z],
        "Quality and Commissioning": [Z, "100% (1/1)", Z, Z, Z, Z, "100% (1/1)"],
    }
    assert table.caption() == (
        "Cases responded to within timescale by division, 2024/25, counted on cases received in the year"
    )


def test_the_cases_left_out_of_the_on_time_tables(f):
    # Received 2024-25, not upheld: T-006 S1 late, T-007 S2 late, T-007 S3 late, T-014 S1 ok, T-014 S2 ok
    # -> 5, 2 within, 3 not; withdrawn: T-008 ok -> 1, 1, 0.
    table = cases.excluded_on_time(f["complaints"], "2024-25", ("not_upheld", "withdrawn"))
    assert list(table.data.columns) == ["Cases", "Responded within timescale", "Not responded within timescale"]
    assert cells(table) == {"Not upheld": [5, 2, 3], "Withdrawn": [1, 1, 0]}
    assert table.caption() == ("Cases left out of the on-time tables, 2024/25, counted on cases received in the year")


def test_a_themes_complaints_by_division_and_quarter(f):
    # Stage 1 received 2024-25 naming delay: T-006 (Q1), T-009 (Q3), T-011 (Q4), all Children's Social Care.
    table = cases.theme_by_division_quarter(f["complaints"], "2024-25", "delay", DEMO.divisions)
    assert cells(table) == {
        "Children's Social Care": [1, 0, 1, 1, 3],
        "Education and Inclusion": [0, 0, 0, 0, 0],
        "Quality and Commissioning": [0, 0, 0, 0, 0],
        "Total": [1, 0, 1, 1, 3],
    }
    assert (table.key, table.title) == ("theme_delay", "Stage 1 complaints about delay")
    # Corporate only, a theme of two words: T-014 S1 (transport; communication), Education and Inclusion, Q2.
    corporate = cases.theme_by_division_quarter(
        f["complaints"], "2024-25", "transport", DEMO.divisions, procedure="corporate", title="Transport"
    )
    assert cells(corporate)["Education and Inclusion"] == [0, 1, 0, 0, 1] and corporate.title == "Transport"
    assert cases.theme_by_division_quarter(f["complaints"], "2024-25", "staff conduct", []).key == (
        "theme_staff_conduct"
    )


# --- later stages ------------------------------------------------------------------------------------


def test_stage_outcomes_by_procedure(f):
    # Stage 1 closed 2024-25 by outcome: statutory T-007, T-009 upheld; T-005, T-011 partly; T-006 not;
    # T-015 no finding; corporate T-014 not; T-008 withdrawn is left out (withdrawn requests).
    table = stage_requests.stage_outcomes(f["complaints"], "2024-25", stage=1, basis="closed")
    assert list(table.data.columns) == ["Statutory", "Corporate", "Total"]
    assert cells(table) == {
        "Upheld": [2, 0, 2],
        "Partly upheld": [2, 0, 2],
        "Not upheld": [1, 1, 2],
        "No finding": [1, 0, 1],
        "Total": [6, 1, 7],
    }
    assert (
        table.caption() == "Outcomes of stage 1 complaints, 2024/25, counted on cases closed (responded to) in the year"
    )
    # Stage 2 received 2024-25 (the defaults): T-007 S2 statutory, T-014 S2 corporate, both not upheld.
    two = stage_requests.stage_outcomes(f["complaints"], "2024-25")
    assert cells(two) == {"Not upheld": [1, 1, 2], "Total": [1, 1, 2]} and two.key == "stage2_outcomes"


def test_stage_cases_completed_one_row_each(f):
    # Stage 2 answered in 2024-25, in date order: T-007 S2 19 Jul (statutory, SEND and inclusion, not upheld),
    # T-014 S2 8 Nov (corporate, School transport, not upheld). Stage 3 (the default): T-007 S3, 4 Oct.
    two = stage_requests.stage_cases_completed(f["complaints"], "2024-25", stage=2)
    assert cells(two) == {
        "1": ["Statutory", "SEND and inclusion", "Not upheld"],
        "2": ["Corporate", "School transport", "Not upheld"],
    }
    assert list(two.data.columns) == ["Case type", "Service", "Outcome"]
    three = stage_requests.stage_cases_completed(f["complaints"], "2024-25")
    assert cells(three) == {"1": ["Statutory", "SEND and inclusion", "Not upheld"]}
    assert three.caption() == (
        "Stage 3 complaints completed during the year, 2024/25, counted on cases closed (responded to) in the year"
    )


def test_stage_requests_of_a_single_year_have_a_blank_change(f):
    # One year, so no previous year to compare with: the change column is there and empty. Stage 2
    # received 2024-25: T-007 (statutory), T-014 (corporate), none withdrawn.
    table = stage_requests.stage_requests_by_year(f["complaints"], ["2024-25"])
    assert cells(table) == {
        "2024/25 Total": [2, 0, None],
        "2024/25 Statutory": [1, 0, None],
        "2024/25 Corporate": [1, 0, None],
    }
