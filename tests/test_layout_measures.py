"""The measures behind layouts like Lewisham's (complaints and enquiries side by side as cases,
stage 2 and 3 requests, Ombudsman case lists, advocacy, timescales), the profile's own labels, and
the pieces of the Lewisham reconstruction, on small hand-made frames with hand-worked results."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from typer.testing import CliRunner

from generators.reconstruct import lewisham
from pipelines.config.profile import EXTRA_PROFILES, load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.measures import cases, changes, stage_requests, timescale_rules

KINDS = [
    {"procedure": "corporate", "stage": 1, "label": "Corporate"},
    {"procedure": "statutory", "stage": 1, "label": "Children Act"},
    {"enquiry": "mp", "label": "MP"},
]


def _complaint(
    ref,
    procedure,
    stage,
    quarter,
    on_time=True,
    outcome="not_upheld",
    division="CSC",
    themes="",
    year="2024-25",
    responded="2024-06-01",
    advocate=False,
):
    return {
        "case_ref": ref,
        "procedure": procedure,
        "stage": stage,
        "year_received": year,
        "quarter_received": quarter,
        "month_received": "April",
        "year_closed": year,
        "on_time": on_time,
        "outcome": outcome,
        "division": division,
        "themes": themes,
        "date_responded": pd.Timestamp(responded),
        "advocate": advocate,
        "service_area": "Service",
    }


def _enquiry(ref, kind, quarter, on_time=True, division="CSC", advocate=False):
    return {
        "enquiry_ref": ref,
        "enquiry_type": kind,
        "year_received": "2024-25",
        "quarter_received": quarter,
        "month_received": "April",
        "on_time": on_time,
        "division": division,
        "advocate": advocate,
    }


def _frames(complaints, enquiries=()):
    c = pd.DataFrame(complaints)
    c["on_time"] = c["on_time"].astype("boolean")
    e = pd.DataFrame(list(enquiries) or [_enquiry("E0", "mp", "Q1")]).iloc[: len(enquiries)]
    e["on_time"] = e["on_time"].astype("boolean")
    return c, e


def test_cases_put_stage_1_complaints_and_enquiries_side_by_side():
    c, e = _frames(
        [
            _complaint("C1", "corporate", 1, "Q1"),
            _complaint("C2", "corporate", 1, "Q1"),
            _complaint("C3", "statutory", 1, "Q2"),
            _complaint("C3", "statutory", 2, "Q3"),
        ],
        [_enquiry("E1", "mp", "Q1"), _enquiry("E2", "mp", "Q1"), _enquiry("E3", "general", "Q1")],
    )
    t = cases.cases_by_quarter(c, e, "2024-25", KINDS).data
    assert t.loc["Q1"].tolist() == [2, 0, 2, 4]  # the general enquiry is not a column, the stage 2 not a case
    assert t.loc["Q2"].tolist() == [0, 1, 0, 1]
    assert t.loc["Total", "Total"] == 5


def test_on_time_tables_leave_out_the_profiles_excluded_outcomes():
    c, e = _frames(
        [
            _complaint("C1", "statutory", 1, "Q4", True),
            _complaint("C2", "statutory", 1, "Q4", False),
            _complaint("C3", "statutory", 1, "Q4", True, outcome="case_review"),
        ]
    )
    kept = cases.cases_on_time_by_quarter(c, e, "2024-25", KINDS, "received", ("case_review",)).data
    everything = cases.cases_on_time_by_quarter(c, e, "2024-25", KINDS, "received").data
    assert kept.loc["Q4", "Children Act"] == "50% (1/2)"
    assert everything.loc["Q4", "Children Act"] == "67% (2/3)"
    assert kept.loc["Q1", "Children Act"] == "[z] (0/0)"
    left_out = cases.excluded_on_time(c, "2024-25", ("case_review",)).data
    assert left_out.iloc[0].tolist() == [1, 1, 0]


def test_a_themes_complaints_by_division_and_quarter():
    c, _ = _frames(
        [
            _complaint("C1", "corporate", 1, "Q2", themes="delay;payments"),
            _complaint("C2", "corporate", 1, "Q2", themes="delay"),
            _complaint("C3", "statutory", 1, "Q2", themes="payments"),
            _complaint("C4", "corporate", 1, "Q3", themes="payments", division="EDU"),
        ]
    )
    t = cases.theme_by_division_quarter(c, "2024-25", "payments", ["CSC", "EDU"], "corporate").data
    assert t.loc["CSC"].tolist() == [0, 1, 0, 0, 1]
    assert t.loc["EDU", "Q3"] == 1 and t.loc["Total", "Total"] == 2


def test_withdrawn_stage_2_requests_are_counted_beside_the_requests():
    c, _ = _frames(
        [
            _complaint("A", "statutory", 2, "Q1", year="2023-24"),
            _complaint("B", "statutory", 2, "Q1"),
            _complaint("C", "statutory", 2, "Q2", outcome="withdrawn"),
            _complaint("D", "corporate", 2, "Q3", outcome="upheld", responded="2025-05-01"),
            _complaint("E", "corporate", 1, "Q1"),
            _complaint("F", "statutory", 1, "Q1"),
            _complaint("G", "statutory", 1, "Q1"),
            _complaint("H", "statutory", 1, "Q1"),
        ]
    )
    t = stage_requests.stage_requests_by_year(c, ["2023-24", "2024-25"], 2).data
    assert t.loc["2024/25 Statutory"].tolist() == [1, 1, 0]  # received, withdrawn, change (1 on 1)
    assert t.loc["2024/25 Total", "Requests received"] == 2 and t.loc["2024/25 Total", "Change (%)"] == 100
    status = stage_requests.stage_status_by_division(c, "2024-25", ["CSC"], 2).data
    assert status.loc["Currently being investigated", "CSC"] == 1  # answered after 31 March 2025
    assert status.loc["Completed investigation", "CSC"] == 1 and status.loc["New requests received", "Total"] == 2
    outcomes = stage_requests.stage_outcomes(c, "2024-25", 2).data
    assert outcomes.loc["Total", "Total"] == 2 and "Withdrawn" not in outcomes.index
    escalation = stage_requests.escalation_overall(c, ["2024-25"]).data
    assert escalation.loc["2024/25"].tolist() == [4, 2, 50]


def test_advocacy_counts_complaints_by_stage_and_enquiries_by_type():
    c, e = _frames(
        [
            _complaint("A", "statutory", 1, "Q1", advocate=True),
            _complaint("A", "statutory", 2, "Q2", advocate=True),
            _complaint("B", "statutory", 1, "Q1"),
        ],
        [_enquiry("E1", "general", "Q1", advocate=True), _enquiry("E2", "mp", "Q1")],
    )
    t = stage_requests.advocacy_by_stage(c, e, "2024-25").data
    assert list(t.columns) == ["Stage 1", "Stage 2", "General enquiry", "Total"]
    assert t.iloc[0].tolist() == [1, 1, 1, 3]


def test_foi_change_on_the_previous_year():
    foi = pd.DataFrame(
        {
            "foi_ref": [f"F{i}" for i in range(7)],
            "year_received": ["2023-24"] * 4 + ["2024-25"] * 3,
            "request_type": ["request"] * 4 + ["request", "request", "internal_review"],
        }
    )
    t = changes.foi_change(foi, ["2023-24", "2024-25"]).data
    assert t.loc["Request"].tolist() == [4, 2, -50]
    assert t.loc["Total"].tolist() == [4, 3, -25]


def test_timescales_table_reads_the_profile():
    t = timescale_rules.timescales_table(load_profile("lewisham").timescales, "2024-25").data
    assert t.loc["Statutory stage 1", "Working days"] == 10 and t.loc["Statutory stage 1", "Extended to"] == 20
    assert t.loc["Statutory stage 3"].tolist() == [50, None, 30, 5, 15]
    assert t.loc["Corporate stage 2", "Extended to"] is None


def test_profile_labels_must_name_taxonomy_codes(tmp_path, monkeypatch):
    raw = load_profile("lewisham").raw | {"labels": {"outcomes": {"sorted_out": "Sorted"}}}
    import yaml

    (tmp_path / "badlabels.yaml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv(EXTRA_PROFILES, str(tmp_path))
    with pytest.raises(ConfigError, match="sorted_out"):
        load_profile("badlabels")


def test_reconstruction_pieces():
    assert lewisham.ratio("58% (15/26)") == (15, 26) and lewisham.ratio("100% 1/1") == (1, 1)
    assert lewisham.ratio("63% - (45/72)") == (45, 72) and lewisham.ratio("0") == (0, 0)
    # Fri 20 Dec 2024 + 10: 23, 24, (25, 26 hol), 27, 30, 31, (1 Jan hol), 2, 3, 6, 7, 8 Jan 2025.
    # Thu 17 Apr 2025 + 3: (Good Friday 18, Easter Monday 21), 22, 23, 24 Apr.
    # Fri 5 May 2023 + 1: Mon 8 May 2023 was the coronation bank holiday -> Tue 9 May.
    worked = [(date(2024, 12, 20), 10, date(2025, 1, 8)), (date(2025, 4, 17), 3, date(2025, 4, 24))]
    for day, k, due in worked + [(date(2023, 5, 5), 1, date(2023, 5, 9))]:
        assert lewisham.after(day, k) == due
    # 2 quarters x 2 divisions, 5 cases each way, 3 on time; at least 2 cases in (Q1, div 2)
    n, o = lewisham.allocate([2, 3], [1, 2], [3, 2], [2, 1], lower=[[0, 2], [0, 0]])
    assert [sum(r) for r in n] == [2, 3] and [sum(c) for c in zip(*n)] == [3, 2]
    assert [sum(r) for r in o] == [1, 2] and [sum(c) for c in zip(*o)] == [2, 1]
    assert n[0][1] >= 2 and all(o[i][j] <= n[i][j] for i in range(2) for j in range(2))
    with pytest.raises(ValueError, match="margins disagree"):
        lewisham.allocate([2, 3], [1, 2], [3, 3], [2, 1])


def test_reconstruct_command():
    from generators.__main__ import app

    runner = CliRunner()
    assert runner.invoke(app, ["reconstruct", "--authority", "lewisham", "--check"]).exit_code == 0
    result = runner.invoke(app, ["reconstruct", "--authority", "demo", "--check"])
    assert result.exit_code == 2 and "no reconstruction" in result.output
    assert runner.invoke(app, ["reconstruct", "--authority", "../etc"]).exit_code == 2


def test_audit_trail_of_a_cases_table_names_complaints_and_enquiries():
    from pipelines.measures import base

    c, e = _frames([_complaint("C1", "corporate", 1, "Q1")], [_enquiry("E1", "mp", "Q1"), _enquiry("E2", "mp", "Q2")])
    base.TRACE["on"] = True
    try:
        refs = cases.cases_by_quarter(c, e, "2024-25", KINDS).refs
    finally:
        base.TRACE["on"] = False
    assert refs["Q1"]["Corporate"] == ["C1 (stage 1)"] and refs["Q1"]["MP"] == ["E1"]
    assert refs["Q1"]["Total"] == ["C1 (stage 1)", "E1"] and refs["Total"]["MP"] == ["E1", "E2"]


def test_audit_trail_of_the_advocacy_table():
    from pipelines.measures import base

    c, e = _frames(
        [_complaint("A", "statutory", 2, "Q1", advocate=True)], [_enquiry("E1", "general", "Q1", advocate=True)]
    )
    base.TRACE["on"] = True
    try:
        refs = stage_requests.advocacy_by_stage(c, e, "2024-25").refs
    finally:
        base.TRACE["on"] = False
    assert refs["2024/25"] == {"Stage 2": ["A (stage 2)"], "General enquiry": ["E1"], "Total": ["A (stage 2)", "E1"]}
