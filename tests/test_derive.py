"""Tests for pipelines.rules.derive on the tiny dataset (tests/tiny.py) and on one-row variants of it.

Every expected value is counted by hand with a printed calendar and the England and Wales bank
holidays (the day-by-day working for each tiny row is in the docstring of tests/tiny.py). The demo
profile counts from the next working day: day 1 is the first working day after receipt, the due
date for N days is day N, and a response is on time when it is on or before the due date.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.config.profile import load_profile
from pipelines.inputs.ingest import typed
from pipelines.rules.derive import derive_complaints, timescale_limits
from tests import tiny

PROFILE = load_profile("demo")
D = pd.Timestamp


@pytest.fixture(scope=tiny.scope)
def derived():
    return tiny.frames()


def one(frame: pd.DataFrame, ref_column: str, ref: str, stage: int | None = None) -> pd.Series:
    rows = frame[frame[ref_column] == ref]
    if stage is not None:
        rows = rows[rows["stage"] == stage]
    assert len(rows) == 1, f"{ref} stage {stage}: {len(rows)} rows"
    return rows.iloc[0]


def na(value) -> bool:
    return value is None or value is pd.NA or pd.isna(value)


def complaint_variant(as_at: str = "2025-03-31", **fields) -> pd.Series:
    """One statutory stage 1 complaint (fields overridden as text), typed and derived."""
    row = {
        "case_ref": "T-900",
        "stage": "1",
        "procedure": "statutory",
        "date_received": "2024-06-03",
        "extended": "false",
        "date_responded": "",
        "outcome": "",
        "service_area": "Children in care",
        "division": "Children's Social Care",
        "complainant_type": "child_young_person",
        "advocate": "false",
        "themes": "",
        "date_panel": "",
        "date_findings": "",
    }
    row.update(fields)
    text = pd.DataFrame([row], dtype="string").replace("", pd.NA)
    return derive_complaints(typed("complaints", text), PROFILE, D(as_at)).iloc[0]


# --------------------------------------------------------------------------------------------
# Every tiny complaint: limit, due date, working days taken, on time and status at 31 Mar 2025
# (the working for each row is in the docstring of tests/tiny.py).
# --------------------------------------------------------------------------------------------

COMPLAINTS = [
    # ref, stage, limit, due, days taken, on_time, status
    ("T-001", 1, 10, "2023-05-30", 8, True, "on time"),  # 29 May 2023 hol; resp 25 May
    ("T-002", 1, 10, "2023-10-16", 14, False, "late"),
    ("T-002", 2, 25, "2023-12-06", 25, True, "on time"),  # responded on the due date
    ("T-003", 1, 20, "2024-02-12", 19, True, "on time"),  # corporate stage 1 (before Apr 2026): 20
    ("T-004", 0, 10, "2024-02-19", 5, True, "on time"),
    ("T-005", 1, 10, "2024-04-05", 10, True, "on time"),  # over Easter 2024; on the due date
    ("T-006", 1, 10, "2024-04-24", 11, False, "late"),  # one day late
    ("T-007", 1, 20, "2024-05-31", 18, True, "on time"),  # extended: 20; 6 and 27 May hol
    ("T-007", 2, 25, "2024-07-15", 29, False, "late"),
    ("T-007", 3, 50, "2024-10-11", 45, False, "late"),  # overall met, findings milestone missed
    ("T-008", 1, 20, "2024-08-05", 14, True, "on time"),
    ("T-009", 1, 10, "2025-01-08", 10, True, "on time"),  # over Christmas 2024; on the due date
    ("T-010", 0, 10, "2024-10-21", 5, True, "on time"),
    ("T-011", 1, 10, "2025-01-27", 20, False, "late"),
    ("T-012", 1, 10, "2025-03-03", None, None, "overdue"),  # open, due 3 Mar < 31 Mar 2025
    ("T-013", 1, 10, "2025-04-07", None, None, "in progress"),  # open, due 7 Apr >= 31 Mar 2025
    ("T-014", 1, 20, "2024-09-30", 19, True, "on time"),
    ("T-014", 2, 20, "2024-11-11", 19, True, "on time"),  # corporate stage 2: 20
    ("T-015", 1, 10, "2024-11-18", 9, True, "on time"),
    ("T-016", 0, 10, "2025-03-17", 2, True, "on time"),
    ("T-017", 1, 10, "2023-06-26", 9, True, "on time"),
    ("T-018", 1, 10, "2023-12-27", 17, False, "late"),  # 25, 26 Dec 2023 and 1 Jan 2024 hol
]


@pytest.mark.parametrize(
    "ref, stage, limit, due, taken, on_time, status", COMPLAINTS, ids=[f"{c[0]}-s{c[1]}" for c in COMPLAINTS]
)
def test_complaint_timing(derived, ref, stage, limit, due, taken, on_time, status):
    row = one(derived["complaints"], "case_ref", ref, stage)
    assert row["timescale_days"] == limit
    assert row["date_due"] == D(due)
    assert na(row["working_days_taken"]) if taken is None else row["working_days_taken"] == taken
    assert na(row["on_time"]) if on_time is None else bool(row["on_time"]) is on_time
    assert row["status"] == status


def test_status_judged_at_the_given_year_end():
    # T-005 responded 5 Apr 2024, after 31 Mar 2024: at the 2023-24 year end it was still open and
    # due 5 Apr 2024 (not before 31 Mar) -> in progress, though its response was on time.
    # T-018 (resp 8 Jan 2024, late) and T-001 (on time) are unchanged.
    c = tiny.frames("2023-24")["complaints"]
    t5 = one(c, "case_ref", "T-005", 1)
    assert t5["status"] == "in progress"
    assert bool(t5["on_time"]) is True
    assert one(c, "case_ref", "T-018", 1)["status"] == "late"
    assert one(c, "case_ref", "T-001", 1)["status"] == "on time"


# --------------------------------------------------------------------------------------------
# Stage 3 milestones
# --------------------------------------------------------------------------------------------


def test_stage3_milestones_in_tiny(derived):
    # T-007 S3 rec Thu 1 Aug 2024: panel by Fri 13 Sep (30), held Tue 10 Sep -> met; findings by
    # Tue 17 Sep (5 after 10 Sep), issued Thu 19 Sep -> missed; response by Thu 10 Oct (15 after
    # 19 Sep), sent Fri 4 Oct -> met. One milestone missed -> not on time.
    row = one(derived["complaints"], "case_ref", "T-007", 3)
    assert bool(row["panel_on_time"]) is True
    assert bool(row["findings_on_time"]) is False
    assert bool(row["response_on_time"]) is True
    assert bool(row["on_time"]) is False
    assert row["status"] == "late"


def test_stage3_milestones_not_set_for_other_stages(derived):
    row = one(derived["complaints"], "case_ref", "T-007", 2)
    assert na(row["panel_on_time"]) and na(row["findings_on_time"]) and na(row["response_on_time"])


def test_stage3_all_milestones_met_is_on_time():
    # As T-007 S3 but findings Mon 16 Sep (by Tue 17 Sep: met); response within 15 of 16 Sep:
    # 17-20 (1-4), 23-27 (5-9), 30 (10), 1-4 Oct (11-14), Mon 7 Oct (15); sent Fri 4 Oct: met.
    row = complaint_variant(
        case_ref="T-901",
        stage="3",
        date_received="2024-08-01",
        date_panel="2024-09-10",
        date_findings="2024-09-16",
        date_responded="2024-10-04",
        outcome="not_upheld",
    )
    assert (bool(row["panel_on_time"]), bool(row["findings_on_time"]), bool(row["response_on_time"])) == (
        True,
        True,
        True,
    )
    assert bool(row["on_time"]) is True
    assert row["status"] == "on time"
    assert row["date_due"] == D("2024-10-11")  # 50 working days (working in tiny.py)


def test_stage3_panel_late():
    # Panel Mon 16 Sep 2024 > Fri 13 Sep (day 30 after 1 Aug) -> missed. Findings within 5 of
    # 16 Sep: 17, 18, 19, 20, Mon 23 -> issued Thu 19 Sep: met. Response within 15 of 19 Sep
    # (by Thu 10 Oct), sent 4 Oct: met. Overall 4 Oct <= 11 Oct, but the panel was late -> late.
    row = complaint_variant(
        case_ref="T-902",
        stage="3",
        date_received="2024-08-01",
        date_panel="2024-09-16",
        date_findings="2024-09-19",
        date_responded="2024-10-04",
        outcome="not_upheld",
    )
    assert (bool(row["panel_on_time"]), bool(row["findings_on_time"]), bool(row["response_on_time"])) == (
        False,
        True,
        True,
    )
    assert bool(row["on_time"]) is False
    assert row["status"] == "late"


# --------------------------------------------------------------------------------------------
# Extensions
# --------------------------------------------------------------------------------------------


def test_extension_changes_the_limit_and_the_outcome():
    # T-007 S1 without its extension: 10 days from Wed 1 May 2024 -> Thu 2 (1), Fri 3 (2), Mon 6 hol,
    # 7-10 (3-6), 13-16 (7-10) -> due Thu 16 May; responded Wed 29 May (day 18) -> late.
    row = complaint_variant(date_received="2024-05-01", extended="false", date_responded="2024-05-29", outcome="upheld")
    assert row["timescale_days"] == 10
    assert row["date_due"] == D("2024-05-16")
    assert row["working_days_taken"] == 18
    assert bool(row["on_time"]) is False and row["status"] == "late"
    # With it (the tiny row): 20 days -> Fri 31 May (27 May hol) -> on time.
    row = complaint_variant(date_received="2024-05-01", extended="true", date_responded="2024-05-29", outcome="upheld")
    assert row["timescale_days"] == 20
    assert row["date_due"] == D("2024-05-31")
    assert bool(row["on_time"]) is True and row["status"] == "on time"


def test_statutory_stage2_extended_to_65():
    # Rec Mon 10 Jun 2024: day 25 is Mon 15 Jul (tiny.py). Then Tue-Mon weeks of 5: 22 Jul (30),
    # 29 Jul (35), 5 Aug (40), 12 Aug (45), 19 Aug (50); Tue 20-Fri 23 Aug (51-54), Mon 26 Aug hol,
    # 27-30 Aug (55-58), 2-6 Sep (59-63), Mon 9 (64), Tue 10 Sep 2024 (65).
    row = complaint_variant(stage="2", date_received="2024-06-10", extended="true", date_responded="2024-07-19")
    assert row["timescale_days"] == 65
    assert row["date_due"] == D("2024-09-10")
    assert bool(row["on_time"]) is True  # 19 Jul (day 29) <= 10 Sep


# --------------------------------------------------------------------------------------------
# Corporate stage 1: 20 (30 extended) to 31 Mar 2026, 15 (25 extended) from 1 Apr 2026
# --------------------------------------------------------------------------------------------


def test_corporate_stage1_timescale_changes_on_1_april_2026():
    received = pd.Series(
        pd.to_datetime(["2026-03-31", "2026-04-01", "2026-03-31", "2026-04-01", "2024-06-03", "2031-01-15"])
    )
    procedure = pd.Series(["corporate"] * 6)
    stage = pd.Series([1, 1, 1, 1, 1, 1], dtype="Int64")
    extended = pd.Series([False, False, True, True, False, True], dtype="boolean")
    limits = timescale_limits(PROFILE, procedure, stage, received, extended)
    # before / from 1 Apr 2026, not extended: 20 / 15; extended: 30 / 25; 2024: 20; 2031 extended: 25
    assert limits.tolist() == [20, 15, 30, 25, 20, 25]


def test_other_timescales_do_not_change_on_1_april_2026():
    received = pd.Series(pd.to_datetime(["2026-03-31", "2026-04-01"] * 3))
    procedure = pd.Series(["corporate", "corporate", "statutory", "statutory", "statutory", "statutory"])
    stage = pd.Series([2, 2, 1, 1, 2, 2], dtype="Int64")
    extended = pd.Series([False, False, False, False, True, True], dtype="boolean")
    # corporate 2: 20 both; statutory 1: 10 both; statutory 2 extended: 65 both
    assert timescale_limits(PROFILE, procedure, stage, received, extended).tolist() == [20, 20, 10, 10, 65, 65]


def test_stage3_milestone_limits():
    received = pd.Series(pd.to_datetime(["2024-08-01"]))
    procedure, stage = pd.Series(["statutory"]), pd.Series([3], dtype="Int64")
    got = [
        timescale_limits(PROFILE, procedure, stage, received, field=f).iloc[0]
        for f in ("days", "panel", "findings", "response")
    ]
    assert got == [50, 30, 5, 15]


def test_corporate_stage1_due_dates_either_side_of_the_change():
    # Rec Tue 31 Mar 2026, 20 days: Wed 1 Apr (1), Thu 2 (2), Fri 3 Good Friday, Mon 6 Easter Monday,
    # 7-10 (3-6), 13-17 (7-11), 20-24 (12-16), 27-30 (17-20) -> Thu 30 Apr 2026.
    before = complaint_variant(as_at="2026-03-31", procedure="corporate", date_received="2026-03-31")
    assert before["timescale_days"] == 20
    assert before["date_due"] == D("2026-04-30")
    # Rec Wed 1 Apr 2026, 15 days: Thu 2 (1), 3 and 6 Apr hol, 7-10 (2-5), 13-17 (6-10),
    # 20-24 (11-15) -> Fri 24 Apr 2026.
    after = complaint_variant(as_at="2027-03-31", procedure="corporate", date_received="2026-04-01")
    assert after["timescale_days"] == 15
    assert after["date_due"] == D("2026-04-24")


# --------------------------------------------------------------------------------------------
# Receipt on a non-working day
# --------------------------------------------------------------------------------------------


def test_received_on_a_saturday():
    # Rec Sat 1 Jun 2024: day 1 is Mon 3 Jun; 3-7 (1-5), 10-14 (6-10) -> due Fri 14 Jun.
    # Responded Mon 3 Jun = day 1.
    row = complaint_variant(date_received="2024-06-01", date_responded="2024-06-03", outcome="upheld")
    assert row["date_due"] == D("2024-06-14")
    assert row["working_days_taken"] == 1


def test_received_on_a_bank_holiday():
    # Rec Mon 26 Aug 2024 (hol): day 1 Tue 27; 27-30 (1-4), 2-6 Sep (5-9), Mon 9 Sep (10).
    # Responded Tue 10 Sep = day 11 -> late.
    row = complaint_variant(date_received="2024-08-26", date_responded="2024-09-10", outcome="upheld")
    assert row["date_due"] == D("2024-09-09")
    assert row["working_days_taken"] == 11
    assert bool(row["on_time"]) is False


# --------------------------------------------------------------------------------------------
# Financial year, quarter and month of receipt and of closure
# --------------------------------------------------------------------------------------------

PERIODS = [
    # ref, stage, year/quarter/month received, year/quarter/month closed
    ("T-005", 1, ("2023-24", "Q4", "March"), ("2024-25", "Q1", "April")),  # 20 Mar 2024 -> 5 Apr 2024
    ("T-009", 1, ("2024-25", "Q3", "December"), ("2024-25", "Q4", "January")),  # 20 Dec 2024 -> 8 Jan 2025
    ("T-018", 1, ("2023-24", "Q3", "December"), ("2023-24", "Q4", "January")),  # 11 Dec 2023 -> 8 Jan 2024
    ("T-001", 1, ("2023-24", "Q1", "May"), ("2023-24", "Q1", "May")),
    ("T-007", 3, ("2024-25", "Q2", "August"), ("2024-25", "Q3", "October")),
    ("T-012", 1, ("2024-25", "Q4", "February"), (None, None, None)),  # open: no closure
]


@pytest.mark.parametrize("ref, stage, rec, closed", PERIODS, ids=[p[0] for p in PERIODS])
def test_periods(derived, ref, stage, rec, closed):
    row = one(derived["complaints"], "case_ref", ref, stage)
    got_rec = (row["year_received"], row["quarter_received"], row["month_received"])
    assert got_rec == rec
    got_closed = tuple(None if na(v) else v for v in (row["year_closed"], row["quarter_closed"], row["month_closed"]))
    assert got_closed == closed


def test_year_boundaries_of_other_tables(derived):
    # 31 Mar 2025 is the last day of 2024-25; 31 Mar 2023 the last of 2022-23.
    assert one(derived["compliments"], "compliment_ref", "TC-006")["year_received"] == "2024-25"
    assert one(derived["compliments"], "compliment_ref", "TC-006")["quarter_received"] == "Q4"
    assert one(derived["costs"], "cost_ref", "TK-006")["year_received"] == "2024-25"
    assert one(derived["costs"], "cost_ref", "TK-007")["year_received"] == "2022-23"
    assert one(derived["costs"], "cost_ref", "TK-001")["quarter_received"] == "Q2"  # 14 Jul 2023


# --------------------------------------------------------------------------------------------
# Groups
# --------------------------------------------------------------------------------------------


def test_outcome_and_complainant_groups(derived):
    c = derived["complaints"]
    assert one(c, "case_ref", "T-010", 0)["outcome_group"] == "withdrawn_early_signposted"  # signposted
    assert one(c, "case_ref", "T-005", 1)["outcome_group"] == "upheld_or_partly"  # partly_upheld
    assert one(c, "case_ref", "T-015", 1)["outcome_group"] == "no_finding"
    assert na(one(c, "case_ref", "T-012", 1)["outcome_group"])  # open
    assert one(c, "case_ref", "T-015", 1)["complainant_group"] == "other"  # foster_carer
    assert one(c, "case_ref", "T-011", 1)["complainant_group"] == "child"  # child_young_person
    assert one(c, "case_ref", "T-009", 1)["complainant_group"] == "parent"  # parent_guardian


# --------------------------------------------------------------------------------------------
# Enquiries (mp/councillor/mayor/chief_executive 10, general 15)
# --------------------------------------------------------------------------------------------

ENQUIRIES = [
    # ref, limit, due, on_time, status, quarter received, year/quarter closed
    ("TE-001", 10, "2023-09-18", True, "on time", "Q2", ("2023-24", "Q2")),
    ("TE-002", 10, "2024-04-29", True, "on time", "Q1", ("2024-25", "Q1")),  # on the due date
    ("TE-003", 10, "2024-06-17", False, "late", "Q1", ("2024-25", "Q1")),  # one day late
    ("TE-004", 15, "2024-09-10", True, "on time", "Q2", ("2024-25", "Q2")),  # 26 Aug 2024 hol
    ("TE-005", 10, "2025-01-02", False, "late", "Q3", ("2024-25", "Q4")),  # over Christmas
    ("TE-006", 15, "2025-04-10", None, "in progress", "Q4", (None, None)),
]


@pytest.mark.parametrize("ref, limit, due, on_time, status, q_rec, closed", ENQUIRIES, ids=[e[0] for e in ENQUIRIES])
def test_enquiry_timing(derived, ref, limit, due, on_time, status, q_rec, closed):
    row = one(derived["enquiries"], "enquiry_ref", ref)
    assert row["timescale_days"] == limit
    assert row["date_due"] == D(due)
    assert na(row["on_time"]) if on_time is None else bool(row["on_time"]) is on_time
    assert row["status"] == status
    assert row["quarter_received"] == q_rec
    assert tuple(None if na(v) else v for v in (row["year_closed"], row["quarter_closed"])) == closed


# --------------------------------------------------------------------------------------------
# Ombudsman
# --------------------------------------------------------------------------------------------

OMBUDSMAN = [
    # ref, decision group, year decided, remedy late, payment (pence)
    ("TL-001", "upheld", "2023-24", False, 10000),  # completed 1 Dec <= due 20 Dec 2023
    ("TL-002", "upheld", "2024-25", False, 25000),  # completed 10 Jul <= due 12 Jul 2024
    ("TL-003", "not_upheld", "2024-25", None, None),
    ("TL-004", "not_investigated", "2024-25", None, None),  # assessed_and_closed
    ("TL-005", "upheld", "2024-25", True, 120050),  # completed 4 Apr 2025 > due 27 Mar 2025
    ("TL-006", None, None, None, None),  # pending
    ("TL-007", "not_investigated", "2023-24", None, None),  # closed_after_initial_enquiries
]


@pytest.mark.parametrize("ref, group, year, late, pence", OMBUDSMAN, ids=[o[0] for o in OMBUDSMAN])
def test_ombudsman_derived(derived, ref, group, year, late, pence):
    row = one(derived["ombudsman"], "lgsco_ref", ref)
    assert na(row["decision_group"]) if group is None else row["decision_group"] == group
    assert na(row["year_decided"]) if year is None else row["year_decided"] == year
    assert na(row["remedy_late"]) if late is None else bool(row["remedy_late"]) is late
    assert na(row["payment_amount"]) if pence is None else row["payment_amount"] == pence


def test_money_is_pence(derived):
    costs = derived["costs"].set_index("cost_ref")["amount"]
    # 1500.00 -> 150000, 450.50 -> 45050, 600.25 -> 60025, 875.10 -> 87510, 99.99 -> 9999
    assert [int(costs[k]) for k in ("TK-001", "TK-002", "TK-004", "TK-005", "TK-006")] == [
        150000,
        45050,
        60025,
        87510,
        9999,
    ]


# --------------------------------------------------------------------------------------------
# write_raw: the CSVs on disk give the same derived tables as tiny.frames()
# --------------------------------------------------------------------------------------------


def test_write_raw_round_trip(tmp_path, derived):
    from pipelines.document.report import prepare

    folder = tiny.write_raw(tmp_path / "demo" / "2024-25")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["complaints.csv", "enquiries.csv", "compliments.csv", "ombudsman.csv", "costs.csv", "context.csv"]
    )
    from_disk = prepare(PROFILE, "2024-25", tmp_path)
    for name, frame in derived.items():
        pd.testing.assert_frame_equal(from_disk[name], frame, obj=name)
