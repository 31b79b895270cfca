"""Declared counts (`measure: count` in a report file; pipelines/measures/breakdowns.py), section years
and calendar-month timescales. Expected values are counted by hand from the tiny dataset (the working for
each row is in tests/tiny.py) or worked out below."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.config.profile import _section_years, load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.inputs.ingest import typed
from pipelines.measures.breakdowns import BreakdownError, breakdown, per_complaint, source_frame
from pipelines.rules.derive import derive_complaints
from tests import tiny

DEMO = load_profile("demo")
YEARS = ["2023-24", "2024-25"]


@pytest.fixture(scope=tiny.scope)
def frames():
    return tiny.frames("2024-25")


def table(frames, year="2024-25", **spec):
    spec = {"key": "t", "title": "T", **spec}
    return breakdown(source_frame(frames, spec, DEMO, year), spec, YEARS).data


def test_one_row_per_complaint_at_its_final_stage_received_on_its_first_stages_date(frames):
    final = per_complaint(frames["complaints"]).set_index("case_ref")
    # T-002: stage 1 received 2 Oct 2023, stage 2 answered 6 Dec 2023. T-007: stages 1 (1 May 2024) to 3.
    assert final.loc["T-002", "stage"] == 2 and final.loc["T-002", "date_received"] == pd.Timestamp("2023-10-02")
    assert final.loc["T-007", "stage"] == 3 and final.loc["T-007", "year_received"] == "2024-25"
    assert final.loc["T-005", "year_received"] == "2023-24" and final.loc["T-005", "year_closed"] == "2024-25"
    assert len(final) == 18


def test_complaints_by_procedure_with_change_difference_and_shares(frames):
    t = table(
        frames,
        count="complaints",
        basis="received",
        rows="procedure",
        order=["statutory", "corporate"],
        change=True,
        difference=True,
        share=1,
    )
    # Received (first stage) 2023-24: statutory T-001, 002, 004, 005, 017, 018 (6); corporate T-003 (1).
    # 2024-25: statutory T-006, 007, 009, 010, 011, 012, 013, 015 (8); corporate T-008, 014, 016 (3).
    assert t.loc["Statutory"].tolist() == [6, 8, 2, 33, 72.7]  # (8-6)/6 = 33.3%; 8/11 = 72.73%
    assert t.loc["Corporate"].tolist() == [1, 3, 2, 200, 27.3]  # the taxonomy's short labels
    assert t.loc["Total"].tolist() == [7, 11, 4, 57, 100.0]  # (11-7)/7 = 57.1%


def test_rows_count_each_stage_and_shared_labels_make_one_row(frames):
    t = table(frames, count="rows", basis="received", rows="procedure", labels={"statutory": "All", "corporate": "All"})
    # Stages received in 2024-25: statutory T-006, 007 (1, 2, 3), 009, 010, 011, 012, 013, 015 = 10;
    # corporate T-008, 014 (1, 2), 016 = 4.
    assert t.loc["All", "2024/25"] == 14 and list(t.index) == ["All", "Total"]


def test_timeliness_counts_late_and_overdue_stages_as_exceeded(frames):
    t = table(
        frames,
        basis="received",
        rows="timeliness",
        where={"procedure": ["statutory"], "stage": [1]},
        order=["Exceeded the timescale", "Within the timescale"],
        share=0,
    )
    # Statutory stage 1 received 2024-25: T-006 late, T-011 late, T-012 overdue; T-007, 009, 015 on
    # time, T-013 in progress.
    assert t.loc["Exceeded the timescale", "2024/25"] == 3 and t.loc["Within the timescale", "2024/25"] == 4
    assert t.loc["Exceeded the timescale", "2024/25 share (%)"] == 43  # 3/7 = 42.9%


def test_open_at_the_year_end_missing_and_other_rows(frames):
    t = table(
        frames, count="complaints", basis="received", rows="state_at_year_end", where={"procedure": ["statutory"]}
    )
    assert t.loc["Open at the year end", "2024/25"] == 2 and t.loc["Closed", "2024/25"] == 6  # T-012, T-013 open
    t = table(
        frames,
        count="complaints",
        basis="received",
        rows="outcome",
        order=["upheld"],
        other="Other outcomes",
        missing="No outcome yet",
        where={"procedure": ["statutory"]},
    )
    assert t.loc["No outcome yet", "2024/25"] == 2 and t.loc["Total", "2024/25"] == 8
    assert set(t.index) <= {"Upheld", "Other outcomes", "No outcome yet", "Total"}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"source": "letters", "rows": "stage"}, "source must be one of"),
        ({"count": "pages", "rows": "stage"}, "count must be one of"),
        ({"rows": "colour"}, "no field 'colour'"),
        ({"rows": "stage", "where": {"colour": ["red"]}}, "where: no field 'colour'"),
        ({"source": "compliments", "basis": "closed", "rows": "division"}, "has no closed date"),
    ],
)
def test_unusable_breakdowns_are_refused_with_the_reason(frames, spec, message):
    with pytest.raises(BreakdownError, match=message):
        table(frames, **spec)


def test_sections_limited_to_years():
    with pytest.raises(ConfigError, match=r"sections\[11\]\.adult_social_care: expected a mapping"):
        _checked({"sections": DEMO.raw["sections"] + [{"adult_social_care": "2021-22"}]})
    with pytest.raises(ConfigError, match=r"adult_social_care\.until: String should match pattern"):
        _checked({"sections": DEMO.raw["sections"] + [{"adult_social_care": {"until": "2021"}}]})
    with pytest.raises(ConfigError, match="'2021-23' is not a financial year"):
        _checked({"sections": DEMO.raw["sections"] + [{"adult_social_care": {"until": "2021-23"}}]})
    assert _section_years([{"adult_social_care": {"until": "2021-22"}}]) == {"adult_social_care": {"until": "2021-22"}}
    profile = _checked({"sections": DEMO.raw["sections"] + [{"adult_social_care": {"until": "2021-22"}}]})
    assert profile.sections[-1]["adult_social_care"].until == "2021-22"


def test_rows_of_their_own_count_each_rows_own_cases(frames):
    from pipelines.measures.breakdowns import row_counts, rows_frame

    spec = {
        "key": "feedback",
        "title": "Complaints and compliments",
        "where": {"division": ["Children's Social Care"]},  # every row's unless it gives its own
        "rows": [
            {"label": "Statutory complaints", "count": "complaints", "where": {"procedure": ["statutory"]}},
            {"label": "Compliments", "source": "compliments"},
        ],
        "change": True,
        "total": False,
    }
    table = row_counts(rows_frame(frames, spec, DEMO, "2024-25"), spec, YEARS)
    # Statutory complaints received (first stage), any division: 2023-24 T-001, 002, 004, 005, 017, 018 = 6;
    # 2024-25 T-006, 007, 009, 010, 011, 012, 013, 015 = 8; (8 - 6) / 6 = 33.3% -> 33.
    # Compliments of Children's Social Care (the table's where): 2023-24 TC-001 = 1; 2024-25 TC-003, TC-004,
    # TC-006 = 3 (TC-002 and TC-005 are Education and Inclusion); (3 - 1) / 1 = 200%.
    assert table.data.loc["Statutory complaints"].tolist() == [6, 8, 33]
    assert table.data.loc["Compliments"].tolist() == [1, 3, 200]
    assert list(table.data.index) == ["Statutory complaints", "Compliments"]
    assert table.basis is None  # compliments are not cases received: no basis is claimed for the table
    assert table.refs is None or set(table.refs) >= {"Statutory complaints", "Compliments"}


def test_the_fields_a_count_may_use_are_the_fields_the_data_has(frames):
    """breakdowns.DERIVED lists the derived fields by hand (the report file is checked before any data is
    read); it must be what derive_all and the count's own derivations give, no more and no less."""
    from pipelines.measures.base import TRACE_COLUMN
    from pipelines.measures.breakdowns import _derived, fields_of

    for source in ("complaints", "enquiries", "compliments", "costs", "ombudsman"):
        derived = _derived(frames[source], "2024-25")
        assert fields_of(source, DEMO) == set(derived.columns) - {TRACE_COLUMN}, source


def _checked(changes: dict):
    """The demo profile with `changes`, through the profile schema (pipelines/config/schema.py)."""
    from pathlib import Path

    from pipelines.config.schema import check_profile

    return check_profile({**DEMO.raw, **changes}, None, Path("x.yaml"))


def _adult(received: str, responded: str) -> pd.Series:
    row = {
        "case_ref": "A-1",
        "stage": "1",
        "procedure": "adult",
        "date_received": received,
        "extended": "false",
        "date_responded": responded,
        "outcome": "not_upheld",
        "service_area": "Assessment",
        "division": "Adult Social Care",
        "complainant_type": "other_family",
        "advocate": "false",
        "themes": "",
        "date_panel": "",
        "date_findings": "",
    }
    text = pd.DataFrame([row], dtype="string").replace("", pd.NA)
    return derive_complaints(typed("complaints", text), load_profile("lancashire"), pd.Timestamp("2022-03-31")).iloc[0]


def test_a_six_month_timescale_is_due_on_the_same_day_six_months_on():
    # 31 Aug 2021 + 6 months = 28 Feb 2022 (no 31 Feb): answered that day is on time, a day later late.
    on_time, late = _adult("2021-08-31", "2022-02-28"), _adult("2021-08-31", "2022-03-01")
    assert on_time["date_due"] == pd.Timestamp("2022-02-28") and bool(on_time["on_time"]) and not bool(late["on_time"])
    assert pd.isna(on_time["timescale_days"])


def test_a_timescale_needs_days_or_months_not_both():
    from datetime import date

    with pytest.raises(ConfigError, match="either 'days'"):
        _checked({"timescales": {"adult": {1: [{"from": date(2000, 4, 1), "days": 20, "months": 6}]}}})
    with pytest.raises(ConfigError, match="either 'days'"):
        _checked({"timescales": {"adult": {1: [{"from": date(2000, 4, 1)}]}}})


def test_the_profile_key_breakdowns_is_gone():
    """Tables of the authority's own are declared in its report file (`show:`), not in the profile; the
    old key is refused saying what to write instead."""
    with pytest.raises(ConfigError, match=r"line 1: breakdowns: no longer a profile key: .*measure: count"):
        _checked({"breakdowns": [{"key": "a", "title": "T", "section": "volumes", "rows": "stage"}]})


def test_the_reconstruction_records_only_readings_the_fixtures_discuss():
    import yaml

    from generators.reconstruct.lancashire import GOLDEN, READINGS

    for year, readings in READINGS.items():
        fixture = yaml.safe_load((GOLDEN / f"lancashire_{year}.yaml").read_text(encoding="utf-8"))
        assert set(readings) <= {i["id"] for i in fixture["inconsistencies"]}, year
