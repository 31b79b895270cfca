"""pipelines.rules.derive at its edges: the cases `make mutate` showed no test looked at (a response on
the year-end day, an open case due on it, a stage 3 milestone met on its last day, the day-of-receipt
counting convention, the further `also:` limits, an extension left blank, a procedure without a
timescale, a receipt before the first rule, Ombudsman remedies on and around their due dates).

Every expected date and count is worked by hand with a printed calendar and the England and Wales bank
holidays (26 Aug 2024, 25-26 Dec 2024, 1 Jan 2025 and 18 and 21 Apr 2025 are the ones near these rows).
next_working_day (the demo profile): day 1 is the first working day after receipt; day_of_receipt:
the day of receipt is day 1 when it is a working day. A response is on time when it is on or before
the due date, that is when its working days taken are at most the limit.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd

from pipelines.config.profile import load_profile
from pipelines.inputs.ingest import typed
from pipelines.rules.derive import derive_all, derive_complaints, derive_ombudsman, derive_requests
from tests import tiny

DEMO = load_profile("demo")
RECEIPT_DAY = replace(DEMO, count_from="day_of_receipt")
D = pd.Timestamp
YEAR_END = D("2025-03-31")
COLUMNS = tiny.COMPLAINTS.splitlines()[0]


def complaints(rows: list[str], profile=DEMO, as_at=YEAR_END) -> pd.DataFrame:
    """Complaint rows as the export writes them (ref,stage,procedure,received,extended,responded,
    outcome,panel,findings), typed and derived; indexed by 'ref/stage'."""
    lines = []
    for row in rows:
        ref, stage, procedure, received, extended, responded, outcome, panel, findings = row.split(",")
        lines.append(
            f"{ref},{stage},{procedure},{received},{extended},{responded},{outcome},Children in care,"
            f"Children's Social Care,child_young_person,false,,{panel},{findings}"
        )
    frame = typed("complaints", tiny.text_frame("complaints", "\n".join([COLUMNS, *lines]) + "\n"))
    out = derive_complaints(frame, profile, as_at)
    return out.set_index(out["case_ref"] + "/" + out["stage"].astype(str))


def missing(value) -> bool:
    return value is None or value is pd.NA or pd.isna(value)


# --- the year end: a response on it, an open case due on it ------------------------------------------


def test_the_year_end_day_itself():
    rows = complaints(
        [
            # Rec Mon 17 Mar 2025: 18-21 (1-4), 24-28 (5-9), Mon 31 Mar (10) -> due 31 Mar 2025.
            "E-1,1,statutory,2025-03-17,false,2025-03-31,upheld,,",  # answered on 31 Mar: by the year end
            "E-2,1,statutory,2025-03-17,false,,,,",  # open, due 31 Mar: not yet past its due date
            # Rec Fri 14 Mar 2025: 17-21 (1-5), 24-28 (6-10) -> due Fri 28 Mar; open on 31 Mar: overdue.
            "E-3,1,statutory,2025-03-14,false,,,,",
        ]
    )
    assert list(rows["date_due"]) == [D("2025-03-31"), D("2025-03-31"), D("2025-03-28")]
    assert list(rows["status"]) == ["on time", "in progress", "overdue"]
    assert bool(rows.loc["E-1/1", "on_time"]) is True and rows.loc["E-1/1", "working_days_taken"] == 10
    assert missing(rows.loc["E-2/1", "on_time"]) and missing(rows.loc["E-3/1", "on_time"])  # not answered


# --- the day-of-receipt convention -------------------------------------------------------------------


def test_day_of_receipt_counts_the_day_of_receipt_as_day_one():
    # Rec Mon 3 Jun 2024, answered Mon 1 Jul 2024 (no bank holiday between).
    # next_working_day: 4-7 Jun (1-4), 10-14 (5-9), 17 (10) -> due Mon 17 Jun; taken: 4-7 (4), 10-14 (9),
    #   17-21 (14), 24-28 (19), 1 Jul (20) = 20 -> late against 10, met against the council's 20 (`also:`).
    # day_of_receipt: 3-7 Jun (1-5), 10-14 (6-10) -> due Fri 14 Jun; taken 21 -> late against both.
    row = "R-1,1,statutory,2024-06-03,false,2024-07-01,upheld,,"
    demo, own = complaints([row]).loc["R-1/1"], complaints([row], RECEIPT_DAY).loc["R-1/1"]
    assert (demo["date_due"], demo["working_days_taken"]) == (D("2024-06-17"), 20)
    assert (own["date_due"], own["working_days_taken"]) == (D("2024-06-14"), 21)
    assert bool(demo["on_time"]) is False and bool(own["on_time"]) is False
    assert demo["timescale_council"] == 20 and own["timescale_council"] == 20
    assert bool(demo["on_time_council"]) is True  # 20 days taken against a limit of 20: met on the last day
    assert bool(own["on_time_council"]) is False  # 21 > 20


def test_day_of_receipt_for_the_stage_3_milestones():
    # Rec Thu 1 Aug 2024, panel Fri 13 Sep, findings Thu 19 Sep, response Fri 4 Oct.
    # day_of_receipt: panel within 30 from 1 Aug (1), 2 (2), 5-9 (3-7), 12-16 (8-12), 19-23 (13-17),
    #   26 Aug hol, 27-30 (18-21), 2-6 Sep (22-26), 9-12 (27-30) -> by Thu 12 Sep: 13 Sep MISSED.
    #   findings within 5 from 13 Sep (1), 16-19 (2-5) -> by 19 Sep: met. response within 15 from
    #   19 Sep (1), 20 (2), 23-27 (3-7), 30 (8), 1-4 Oct (9-12), 7-9 (13-15) -> by Wed 9 Oct: met.
    # next_working_day: panel by Fri 13 Sep (tests/tiny.py, T-007) -> met; findings within 5 after 13 Sep:
    #   16-20 -> by Fri 20 Sep: met; response within 15 after 19 Sep: by Thu 10 Oct: met.
    row = "M-1,3,statutory,2024-08-01,false,2024-10-04,not_upheld,2024-09-13,2024-09-19"
    own, demo = complaints([row], RECEIPT_DAY).loc["M-1/3"], complaints([row]).loc["M-1/3"]
    assert [bool(own[c]) for c in ("panel_on_time", "findings_on_time", "response_on_time")] == [False, True, True]
    assert bool(own["on_time"]) is False and own["status"] == "late"
    assert [bool(demo[c]) for c in ("panel_on_time", "findings_on_time", "response_on_time")] == [True, True, True]
    assert bool(demo["on_time"]) is True and demo["status"] == "on time"


# --- stage 3 milestones --------------------------------------------------------------------------


def test_stage_3_milestones_met_on_their_last_day():
    # Rec Thu 1 Aug 2024 (next_working_day). Panel by day 30 = Fri 13 Sep, held 13 Sep. Findings within
    # 5 after 13 Sep: 16, 17, 18, 19, 20 -> by Fri 20 Sep, issued 20 Sep. Response within 15 after 20 Sep:
    # 23-27 (1-5), 30 (6), 1-4 Oct (7-10), 7-11 (11-15) -> by Fri 11 Oct, sent 11 Oct; overall 50 days is
    # also Fri 11 Oct (tests/tiny.py). Every limit met on its last day -> on time.
    row = complaints(["M-2,3,statutory,2024-08-01,false,2024-10-11,upheld,2024-09-13,2024-09-20"]).loc["M-2/3"]
    assert [bool(row[c]) for c in ("panel_on_time", "findings_on_time", "response_on_time")] == [True, True, True]
    assert row["date_due"] == D("2024-10-11") and row["working_days_taken"] == 50
    assert bool(row["on_time"]) is True and row["status"] == "on time"


def test_stage_3_without_every_milestone_date_is_judged_on_the_overall_limit():
    rows = complaints(
        [
            # Panel Tue 10 Sep (met), no findings date: findings and response cannot be judged, so the
            # overall limit decides: due Fri 11 Oct, answered Fri 4 Oct -> on time.
            "M-3,3,statutory,2024-08-01,false,2024-10-04,upheld,2024-09-10,",
            # No panel date at all: the overall limit alone -> on time.
            "M-4,3,statutory,2024-08-01,false,2024-10-04,upheld,,",
            # A stage 1 beside them (10 days: due Thu 15 Aug, answered Wed 14 Aug -> on time).
            "M-5,1,statutory,2024-08-01,false,2024-08-14,upheld,,",
        ]
    )
    assert bool(rows.loc["M-3/3", "panel_on_time"]) is True
    assert missing(rows.loc["M-3/3", "findings_on_time"]) and missing(rows.loc["M-3/3", "response_on_time"])
    assert all(missing(rows.loc["M-4/3", c]) for c in ("panel_on_time", "findings_on_time", "response_on_time"))
    assert list(rows["on_time"].astype(bool)) == [True, True, True]
    assert list(rows["status"]) == ["on time", "on time", "on time"]
    # the milestones are booleans (met, missed or blank), with a stage 3 in the year and without one
    milestones = ["panel_on_time", "findings_on_time", "response_on_time"]
    assert list(rows[milestones].dtypes) == ["boolean"] * 3
    stage_1_only = complaints(["M-5,1,statutory,2024-08-01,false,2024-08-14,upheld,,"])
    assert list(stage_1_only[milestones].dtypes) == ["boolean"] * 3
    assert stage_1_only[milestones].isna().all(axis=None)


def test_a_missed_milestone_on_a_response_sent_on_the_year_end_day():
    # Rec Mon 3 Feb 2025. Panel within 30: 4-7 Feb (1-4), 10-14 (5-9), 17-21 (10-14), 24-28 (15-19),
    # 3-7 Mar (20-24), 10-14 (25-29), Mon 17 Mar (30): held 17 Mar -> met. Findings within 5 after 17 Mar:
    # 18-21 (1-4), Mon 24 (5): issued Tue 25 Mar -> MISSED. Response within 15 after 25 Mar, sent Mon
    # 31 Mar -> met. Overall 50 days: ... 31 Mar (40), 1-4 Apr (41-44), 7-11 (45-49), Mon 14 Apr (50),
    # so on time overall; the missed milestone makes it late, and it was answered by the year end.
    row = complaints(
        ["M-6,3,statutory,2025-02-03,false,2025-03-31,not_upheld,2025-03-17,2025-03-25"], as_at=YEAR_END
    ).loc["M-6/3"]
    assert row["date_due"] == D("2025-04-14")
    assert [bool(row[c]) for c in ("panel_on_time", "findings_on_time", "response_on_time")] == [True, False, True]
    assert bool(row["on_time"]) is False and row["status"] == "late"


# --- limits: extensions, further limits, no timescale, before the first rule -------------------------


def test_an_extension_left_blank_is_no_extension_and_a_stage_without_one_keeps_its_limit():
    rows = complaints(
        [
            "X-1,1,statutory,2024-06-03,,2024-06-17,upheld,,",  # blank: 10 days, due Mon 17 Jun -> on time
            "X-2,1,statutory,2024-06-03,true,2024-06-17,upheld,,",  # extended: 20 days -> due Mon 1 Jul
            # Stage 0 has no extended limit: extended or not, 10 days -> due Mon 17 Jun.
            "X-3,0,statutory,2024-06-03,true,2024-06-18,upheld,,",  # day 11 -> late
        ]
    )
    assert list(rows["timescale_days"]) == [10, 20, 10]
    assert list(rows["date_due"]) == [D("2024-06-17"), D("2024-07-01"), D("2024-06-17")]
    assert list(rows["on_time"].astype(bool)) == [True, True, False]


def test_further_limits_only_where_the_profile_sets_them():
    # demo: `also: {council: 20}` for statutory stage 1 and {council: 40} for stage 2, none for stage 0.
    rows = complaints(
        [
            "F-1,1,statutory,2024-06-03,false,2024-07-02,upheld,,",  # 21 days taken (see above): late for 20
            "F-2,2,statutory,2024-06-03,false,2024-07-02,upheld,,",  # 21 <= 40
            "F-3,0,statutory,2024-06-03,false,2024-06-05,upheld,,",  # no further limit
            "F-4,1,statutory,2024-06-03,false,,,,",  # open: not judged
        ]
    )
    assert [None if missing(v) else int(v) for v in rows["timescale_council"]] == [20, 40, None, 20]
    # a limit is a whole number of working days, blank where none applies, like timescale_days
    # (a float column would write 20.0 into the derived data)
    assert rows["timescale_council"].dtype == rows["timescale_days"].dtype == "Int64"
    assert rows["on_time_council"].dtype == rows["on_time"].dtype == "boolean"  # met, not met or <NA>
    assert [None if missing(v) else bool(v) for v in rows["on_time_council"]] == [False, True, None, None]
    assert list(rows["working_days_taken"].iloc[:3]) == [21, 21, 2]


def test_a_procedure_without_timescales_has_no_due_date():
    # A profile that sets no corporate timescales: corporate rows (sorted before statutory ones) are
    # "no timescale", and the statutory row after them still gets its 10 days.
    profile = replace(DEMO, timescales={k: v for k, v in DEMO.timescales.items() if k != "corporate"})
    rows = complaints(
        [
            "N-1,1,corporate,2024-06-03,false,2024-06-05,upheld,,",
            "N-2,1,corporate,2024-06-03,false,,,,",
            "N-3,1,statutory,2024-06-03,false,2024-06-05,upheld,,",
        ],
        profile,
    )
    assert [missing(v) for v in rows["timescale_days"]] == [True, True, False]
    assert missing(rows.loc["N-1/1", "date_due"]) and missing(rows.loc["N-1/1", "on_time"])  # answered, unjudged
    assert list(rows["status"]) == ["no timescale", "no timescale", "on time"]
    assert rows.loc["N-3/1", "date_due"] == D("2024-06-17")


def test_a_receipt_before_the_first_rule_takes_the_first_rule():
    # Rules from 2010 (10 days) and 2020 (20 days): a complaint received in 2009 is held to the 2010 rule,
    # one received in 2021 to the 2020 rule. Rec Mon 1 Jun 2009: 2-5 (1-4), 8-12 (5-9), Mon 15 Jun (10).
    rules = [{"from": D("2010-01-01").date(), "days": 10}, {"from": D("2020-01-01").date(), "days": 20}]
    timescales = {**DEMO.timescales, "statutory": {**DEMO.timescales["statutory"], 1: rules}}
    rows = complaints(
        ["B-1,1,statutory,2009-06-01,false,,,,", "B-2,1,statutory,2021-06-01,false,,,,"],
        replace(DEMO, timescales=timescales),
        as_at=D("2022-03-31"),
    )
    assert list(rows["timescale_days"]) == [10, 20]
    assert rows.loc["B-1/1", "date_due"] == D("2009-06-15")


# --- requests and the Ombudsman ------------------------------------------------------------------------


def test_enquiries_take_the_timescale_of_their_type_and_a_closure_year():
    text = "\n".join(
        [
            tiny.ENQUIRIES.splitlines()[0],
            # general: 15 days. Rec Mon 3 Mar 2025: 4-7 (1-4), 10-14 (5-9), 17-21 (10-14), Mon 24 (15).
            "Q-1,general,2025-03-03,2025-03-24,Children's Social Care,Fostering,false",
            # mp: 10 days -> due Mon 17 Mar; answered 24 Mar (day 15) -> late, closed in 2024-25 Q4.
            "Q-2,mp,2025-03-03,2025-03-24,Children's Social Care,Fostering,false",
            # mp received 2025-03-28 and answered 2025-04-01: received 2024-25, closed 2025-26 Q1.
            "Q-3,mp,2025-03-28,2025-04-01,Children's Social Care,Fostering,false",
        ]
    )
    frame = typed("enquiries", tiny.text_frame("enquiries", text + "\n"))
    rows = derive_requests(frame, DEMO, YEAR_END, "enquiries", "enquiry_type").set_index("enquiry_ref")
    assert list(rows["timescale_days"]) == [15, 10, 10]
    assert list(rows["date_due"].iloc[:2]) == [D("2025-03-24"), D("2025-03-17")]
    assert list(rows["status"]) == ["on time", "late", "in progress"]  # Q-3 was still open on 31 Mar
    assert list(rows["year_received"]) == ["2024-25"] * 3
    assert list(rows["year_closed"]) == ["2024-25", "2024-25", "2025-26"]
    assert list(rows["quarter_closed"]) == ["Q4", "Q4", "Q1"]


def test_remedies_on_and_around_their_due_dates():
    header = tiny.OMBUDSMAN.splitlines()[0]
    body = [
        # ref, received, decided, service, decision, previously upheld, remedies, payment, due, completed
        "O-1,2024-05-01,2024-06-01,Fostering,upheld,false,apology,,2024-07-12,2024-07-12",  # on the due day
        "O-2,2024-05-01,2024-06-01,Fostering,upheld,false,apology,,2024-07-12,2024-07-15",  # 3 days after
        "O-3,2024-05-01,2024-06-01,Fostering,upheld,false,apology,,2025-03-30,",  # due 30 Mar, not done
        "O-4,2024-05-01,2024-06-01,Fostering,upheld,false,apology,,2025-03-31,",  # due on the year end
        "O-5,2024-05-01,2025-03-20,Fostering,upheld,false,apology,,2025-04-30,2025-04-10",  # done early
        "O-6,2024-05-01,2024-06-01,Fostering,upheld,false,apology,,,2024-07-01",  # no due date
    ]
    frame = typed("ombudsman", tiny.text_frame("ombudsman", "\n".join([header, *body]) + "\n"))
    rows = derive_ombudsman(frame, YEAR_END).set_index("lgsco_ref")
    # Completed on the due day: not late. After it: late. Not done and due before the year end: late
    # (overdue). Due on the year-end day itself and not done: not yet known. Done before a due date after
    # the year end: not late. No due date: not known.
    got = [None if missing(v) else bool(v) for v in rows["remedy_late"]]
    assert got == [False, True, True, None, False, None]
    assert list(rows["decision_group"]) == ["upheld"] * 6
    assert list(rows["year_decided"]) == ["2024-25"] * 6 and list(rows["year_received"]) == ["2024-25"] * 6


def test_the_year_end_is_a_parameter_not_a_constant():
    # The same open complaint (rec Mon 3 Mar 2025, 10 days: 4-7 (1-4), 10-14 (5-9), Mon 17 Mar (10)) is in
    # progress at 14 Mar 2025 and overdue at 31 Mar 2025.
    row = "Y-1,1,statutory,2025-03-03,false,,,,"
    assert complaints([row], as_at=D("2025-03-14")).loc["Y-1/1", "status"] == "in progress"
    assert complaints([row], as_at=YEAR_END).loc["Y-1/1", "status"] == "overdue"


def test_every_table_is_derived_foi_requests_too():
    # derive_all with FOI requests (20 working days, any kind): rec Mon 3 Mar 2025 -> 4-7 (1-4),
    # 10-14 (5-9), 17-21 (10-14), 24-28 (15-19), Mon 31 Mar (20); answered Tue 1 Apr 2025 -> late.
    tables = tiny.typed_frames()
    text = "foi_ref,request_type,date_received,date_responded,division\nF-1,internal_review,2025-03-03,2025-04-01,\n"
    tables["foi"] = typed("foi", pd.read_csv(io.StringIO(text), dtype="string"))
    frames = derive_all(tables, DEMO, YEAR_END)
    assert sorted(frames) == ["complaints", "compliments", "context", "costs", "enquiries", "foi", "ombudsman"]
    row = frames["foi"].iloc[0]
    assert (row["timescale_days"], row["date_due"], bool(row["on_time"])) == (20, D("2025-03-31"), False)
    # answered after the year end and due on its last day: still in progress at 31 March
    assert (row["year_received"], row["year_closed"], row["status"]) == ("2024-25", "2025-26", "in progress")
    # a table not supplied is empty, with the contract's columns and the derived ones
    assert len(derive_all({}, DEMO, YEAR_END)["foi"]) == 0 and "date_due" in derive_all({}, DEMO, YEAR_END)["foi"]


def test_a_timescale_in_months_beside_one_in_working_days():
    # Lancashire: adult social care 6 months, children's statutory stage 1 20 working days, counted from
    # the next working day. In one export both kinds are derived together:
    # - adult, received Tue 31 Aug 2021: 6 months on is 28 Feb 2022 (no 31 Feb); answered that day -> on time.
    # - statutory, received Mon 1 Nov 2021: day 1 Tue 2 Nov, 2-5 Nov (1-4), 8-12 (5-9), 15-19 (10-14),
    #   22-26 (15-19), Mon 29 Nov (20; no bank holiday in November) -> due Mon 29 Nov; answered Tue 30 Nov
    #   (21 working days) -> late.
    rows = complaints(
        [
            "A-1,1,adult,2021-08-31,false,2022-02-28,upheld,,",
            "S-1,1,statutory,2021-11-01,false,2021-11-30,upheld,,",
        ],
        load_profile("lancashire"),
        as_at=D("2022-03-31"),
    )
    assert list(rows["date_due"]) == [D("2022-02-28"), D("2021-11-29")]
    assert [missing(v) for v in rows["timescale_days"]] == [True, False] and rows.loc["S-1/1", "timescale_days"] == 20
    assert list(rows["on_time"].astype(bool)) == [True, False]
    assert list(rows["status"]) == ["on time", "late"]


def test_the_derivation_of_a_row_does_not_depend_on_the_rows_beside_it_or_their_numbering():
    # A part of an export (rows 3 on, numbered as they were), or the same rows numbered from 100 in
    # reverse, derives row for row as the whole export does: every derived field (due date, status,
    # milestones, further limits) belongs to its own row, whatever the frame's index.
    frame = tiny.typed_frames()["complaints"]
    whole = derive_complaints(frame, DEMO, YEAR_END)
    part = derive_complaints(frame.iloc[3:], DEMO, YEAR_END)
    pd.testing.assert_frame_equal(part, whole.iloc[3:])
    renumbered = frame.iloc[::-1].set_axis(range(100, 100 + len(frame)))
    pd.testing.assert_frame_equal(
        derive_complaints(renumbered, DEMO, YEAR_END).reset_index(drop=True),
        whole.iloc[::-1].reset_index(drop=True),
    )
    assert whole["status"].notna().all() and len(whole) > 3
    # the status is text like the other derived labels (outcome and complainant groups)
    assert whole["status"].dtype == whole["outcome_group"].dtype == whole["complainant_group"].dtype == "string"
