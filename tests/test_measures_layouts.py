"""What a profile lays out itself and what the audit edition adds: breakdowns over the Ombudsman's
decisions, sums of money, filters by the profile's own lists, the reports a breakdown belongs to; the
references behind every cell of a count table (`crosstab`, `Trace`, themes); and the published-facts and
timescales tables a section asks for. Every figure is counted by hand from tests/tiny.py (the rows of
each year are listed in tests/test_measures.py's docstring) or from the small frames written here.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pandas as pd
import pytest

from pipelines.config.profile import load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.measures import base, breakdowns, ombudsman, stage_facts, timescale_rules
from tests import tiny
from tests.cells import cells

DEMO = load_profile("demo")
YEARS = ["2023-24", "2024-25"]


@pytest.fixture(scope=tiny.scope)
def f():
    return tiny.frames("2024-25")


def breakdown(frames, profile=DEMO, year="2024-25", years=YEARS, **spec):
    spec = {"key": "t", "title": "T", **spec}
    return breakdowns.breakdown(breakdowns.source_frame(frames, spec, profile, year), spec, years)


# --- breakdowns ------------------------------------------------------------------------------------


def test_complaints_by_the_stage_they_ended_at(f):
    # Statutory complaints with an outcome, by their final stage and the year that stage was answered:
    # 2023-24: T-004 (0); T-001, T-017, T-018 (1); T-002 (2). 2024-25: T-010 (0); T-005, T-006, T-009,
    # T-011, T-015 (1); T-007 (3, answered 4 Oct 2024).
    t = breakdown(
        f,
        count="complaints",
        basis="closed",
        rows="stage",
        order=[0, 1, 2, 3],
        labels={0: "Stage 0", 1: "Stage 1", 2: "Stage 2", 3: "Stage 3"},
        where={"procedure": ["statutory"], "outcome_recorded": True},
    )
    assert cells(t) == {"Stage 0": [1, 1], "Stage 1": [3, 5], "Stage 2": [1, 0], "Stage 3": [0, 1], "Total": [5, 7]}
    assert t.caption() == "T, 2023/24 to 2024/25, counted on cases closed (responded to) in the year"
    # Without an outcome yet, by year of receipt: T-012 and T-013 (stage 1, 2024-25).
    open_ = breakdown(f, count="complaints", rows="stage", where={"procedure": "statutory", "outcome_recorded": False})
    assert cells(open_) == {"Stage 1 (local resolution)": [0, 2], "Total": [0, 2]}  # the taxonomy's stage label


def test_filters_by_the_profiles_own_lists_and_exclusions(f):
    # Every stage received, in the profile's divisions, leaving out Child protection and Children in care:
    # 2023-24 CSC T-004, T-005, T-017; E&I T-003. 2024-25 CSC T-010, T-011, T-012; E&I T-007 (3 stages),
    # T-014 (2); Q&C T-008, T-016.
    t = breakdown(
        f,
        rows="division",
        where={"division": "@divisions", "service_area": ["@service_areas"]},
        exclude={"service_area": ["Child protection", "Children in care"]},
    )
    assert cells(t) == {
        "Children's Social Care": [3, 3],
        "Education and Inclusion": [1, 5],
        "Quality and Commissioning": [0, 2],
        "Total": [4, 10],
    }
    # A list the profile does not have selects nothing.
    assert cells(breakdown(f, rows="division", where={"division": "@no_such_list"}))["Total"] == [0, 0]


def test_ombudsman_decisions_by_whether_the_council_had_upheld_them(f):
    # Decided 2023-24: TL-001 upheld (not before), TL-007 not investigated. 2024-25: TL-002 upheld (the
    # council had upheld it), TL-005 upheld (not before), TL-003 not upheld, TL-004 not investigated
    # (marked upheld before, but the Ombudsman did not uphold it); TL-006 is pending and left out.
    # Shares of 2024-25's 4: 25%, 25%, 50%.
    t = breakdown(
        f,
        source="ombudsman",
        basis="decided",
        rows="uphold_status",
        order=[breakdowns.UPHELD_AGAIN, breakdowns.UPHELD_NEW, breakdowns.NOT_UPHELD],
        share=0,
    )
    assert cells(t) == {
        breakdowns.UPHELD_AGAIN: [0, 1, 25],
        breakdowns.UPHELD_NEW: [1, 1, 25],
        breakdowns.NOT_UPHELD: [1, 2, 50],
        "Total": [2, 4, 100],
    }
    assert t.basis is None and t.percent_columns == ("2024/25 share (%)",)


def test_sums_of_money_with_their_difference_and_shares(f):
    # Costs in pence, 2023-24 | 2024-25: advocacy 0 | 9999; independent persons 45050 | 60025;
    # investigating officers 150000 | 200000; review panels 0 | 87510 (TK-007 is 2022-23). Rows in code
    # order (no order given), with the taxonomy's labels. Shares of 357534 to one decimal: 9999 -> 2.797%
    # -> 2.8; 60025 -> 16.789% -> 16.8; 200000 -> 55.939% -> 55.9; 87510 -> 24.476% -> 24.5.
    t = breakdown(f, source="costs", count="amount", amount="amount", rows="cost_type", change=True, share=1)
    assert cells(t) == {
        "Advocacy": [0, 9999, 9999, 2.8],
        "Independent persons": [45050, 60025, 14975, 16.8],
        "Independent investigating officers": [150000, 200000, 50000, 55.9],
        "Review panels": [0, 87510, 87510, 24.5],
        "Total": [195050, 357534, 162484, 100],
    }
    assert t.money_columns == ("2023/24", "2024/25", "Difference") and t.percent_columns == ()
    assert t.basis is None and t.notes == ["Costs are counted in the year they were incurred."]


def test_compliments_are_dated_not_cases_and_every_years_share(f):
    # 2023-24: TC-001 CSC, TC-002 E&I; 2024-25: TC-003, TC-004, TC-006 CSC, TC-005 E&I. Both years' shares.
    t = breakdown(f, source="compliments", rows="division", share=True, share_all=True, total=False)
    assert cells(t) == {"Children's Social Care": [1, 3, 50, 75], "Education and Inclusion": [1, 1, 50, 25]}
    assert t.notes == ["Compliments are counted in the year they were received."] and t.basis is None
    assert list(t.data.columns) == ["2023/24", "2024/25", "2023/24 share (%)", "2024/25 share (%)"]


# --- the references behind each cell (audit edition) ------------------------------------------------


def test_crosstab_keeps_the_references_behind_every_cell(monkeypatch):
    monkeypatch.setitem(base.TRACE, "on", True)
    frame = pd.DataFrame({"case_ref": ["A", "B", "C"], "stage": [1, 1, 2], "r": ["x", "x", "y"], "c": ["p", "q", "p"]})
    table = base.crosstab(frame, "r", "c", ["x", "y"], ["p", "q"], row_labels={"x": "X"}, column_labels={"q": "Q"})
    assert cells(SimpleNamespace(data=table)) == {"X": [1, 1, 2], "y": [1, 0, 1], "Total": [2, 1, 3]}
    a, b, c = "A (stage 1)", "B (stage 1)", "C (stage 2)"
    assert table.attrs["refs"] == {
        "X": {"p": [a], "Q": [b], "Total": [a, b]},
        "y": {"p": [c], "Total": [c]},
        "Total": {"p": [a, c], "Q": [b], "Total": [a, b, c]},
    }
    rows_only = base.crosstab(frame, "r", "c", ["x", "y"], ["p", "q"], totals="row")
    assert list(rows_only.columns) == ["p", "q"]
    assert rows_only.attrs["refs"]["Total"] == {"p": [a, c], "q": [b]} and "Total" not in rows_only.attrs["refs"]["x"]
    bare = base.crosstab(frame, "r", "c", ["x", "y"], ["p", "q"], totals=False)
    assert "Total" not in bare.index and bare.attrs["refs"] == {"x": {"p": [a], "q": [b]}, "y": {"p": [c]}}
    # Without a reference column there is nothing to trace; with tracing off, no refs at all.
    assert "refs" not in base.crosstab(frame.drop(columns="case_ref"), "r", "c", ["x"], ["p"]).attrs
    monkeypatch.setitem(base.TRACE, "on", False)
    assert "refs" not in base.crosstab(frame, "r", "c", ["x"], ["p"]).attrs


def test_traced_cells_of_tables_built_cell_by_cell(f, monkeypatch):
    monkeypatch.setitem(base.TRACE, "on", True)
    # Ombudsman by year: TL-001, TL-002, TL-007 received 2023-24; decided 2024-25: TL-002, TL-003, TL-004,
    # TL-005, upheld TL-002 and TL-005. References without a stage column are the references alone.
    refs = ombudsman.lgsco_by_year(f["ombudsman"], YEARS).refs
    assert refs["2023/24"]["Enquiries received"] == ["TL-001", "TL-002", "TL-007"]
    assert refs["2024/25"]["Upheld"] == ["TL-002", "TL-005"]
    assert refs["2024/25"]["Decisions"] == ["TL-002", "TL-003", "TL-004", "TL-005"]
    # Themes: each theme's complaints, with their stage. Stage 1 closed 2024-25 naming finance: T-008,
    # T-011, T-015.
    from pipelines.measures.outcomes import themes

    assert themes(f["complaints"], "2024-25").refs["Finance"]["Complaints"] == [
        "T-008 (stage 1)",
        "T-011 (stage 1)",
        "T-015 (stage 1)",
    ]
    # The reference text worked out once per frame is the one used.
    marked = base.with_trace_refs(pd.DataFrame({"lgsco_ref": ["TL-9"], "x": [1]}))
    assert list(marked[base.TRACE_COLUMN]) == ["TL-9"]
    trace = base.Trace()
    trace.add("row", "col", marked.assign(**{base.TRACE_COLUMN: ["given"]}))
    trace.add("row", "none", pd.DataFrame({"x": [1]}))  # no reference column: an empty list
    assert trace.cells == {"row": {"col": ["given"], "none": []}}


def test_a_basis_other_than_received_or_closed_is_refused():
    with pytest.raises(ValueError, match="basis must be received or closed, not 'decided'"):
        base.year_column("decided")


def test_sorting_keeps_the_total_last_and_the_references():
    table = pd.DataFrame({"n": [1, 3, 2, 6]}, index=["a", "b", "c", "Total"])
    table.attrs["refs"] = {"a": {"n": ["A"]}}
    ordered = base.sort_rows(table, "n")
    assert list(ordered.index) == ["b", "c", "a", "Total"] and ordered.attrs == {"refs": {"a": {"n": ["A"]}}}
    assert list(base.sort_rows(table.drop(index="Total"), "n").index) == ["b", "c", "a"]


# --- published facts and the timescales table --------------------------------------------------------


def test_the_timeliness_facts_follow_the_profile(f):
    # demo counts timeliness on cases closed in the year (basis: timeliness: closed), and heads its own
    # limit as timescale_labels says: "Council target". (Which section shows which fact is declared in
    # config/reports/default.yaml now, and tested with the declared items.)
    basis = DEMO.basis["timeliness"]
    assert basis == "closed"
    days = stage_facts.working_days_by_stage(f["complaints"], YEARS, basis)
    limits = stage_facts.on_time_by_limit(f["complaints"], "2024-25", stage_facts.limit_headings(DEMO), basis)
    assert days.basis == "closed" and limits.basis == "closed"
    assert "Council target: late" in limits.data.columns


def test_timescale_headings_are_checked():
    assert stage_facts.limit_headings(DEMO) == {"days": "Statutory guidance", "council": "Council target"}
    assert stage_facts.limit_headings(replace(DEMO, raw={})) == {"days": "Timescale", "council": "Council"}
    with pytest.raises(ConfigError, match=r"demo: timescale_labels: give a heading for any of days, council"):
        stage_facts.limit_headings(replace(DEMO, raw={"timescale_labels": {"weeks": "Weeks"}}))


def test_timescales_table_names_every_kind_of_request():
    # In force on 1 April 2024. A timescale key the taxonomy does not know is shown as it is.
    timescales = {
        "statutory": {1: DEMO.timescales["statutory"][1]},
        "enquiries": {"mp": DEMO.timescales["enquiries"]["mp"]},
        "foi": {"internal_review": DEMO.timescales["foi"]["internal_review"]},
        "panels": {"appeal": [{"from": pd.Timestamp("2000-04-01").date(), "days": 5}]},
    }
    table = timescale_rules.timescales_table(timescales, "2024-25")
    assert cells(table) == {
        "Statutory stage 1": [10, 20],
        "MP enquiry": [10, None],
        "FOI: Internal review": [20, None],
        "panels appeal": [5, None],
    }
    assert list(table.data.columns) == ["Working days", "Extended to"]  # columns no rule uses are left out
    assert table.caption() == "Timescales (working days), 2024/25"
