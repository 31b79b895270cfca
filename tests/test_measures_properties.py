"""Property-based and metamorphic tests of the measures (pipelines/measures/) on random but valid case
sets (hypothesis): whatever the cases, every table's totals are the sums of the counts they total and
equal the volumes counted here from the generated dates; on time never exceeds responded; shares add to
100 within rounding; shuffling the rows or adding cases of another year changes nothing; adding one
case changes exactly its cells, by one; answering one working day after the due date moves exactly one
case from on time to late.

Financial years, quarters and due dates are worked out here from the dates (not by the package).
Example counts are kept small (the suite runs them in make test)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.config.profile import load_profile
from pipelines.inputs.ingest import typed
from pipelines.measures.outcomes import outcomes_by_stage
from pipelines.measures.timeliness import extensions_and_late, on_time_by_quarter, on_time_by_stage
from pipelines.measures.volumes import complainants, volumes_by_quarter, volumes_by_year
from pipelines.rules.derive import derive_complaints
from tests.test_calendar_oracle import HOLIDAYS

PROFILE = load_profile("demo")
YEAR, LAST = "2024-25", "2023-24"
AS_AT = pd.Timestamp(2025, 3, 31)
OUTCOMES = ["upheld", "partly_upheld", "not_upheld", "withdrawn", "early_resolution"]
PEOPLE = ["child_young_person", "parent_guardian", "foster_carer", "professional"]
# Few examples (each derives and tabulates a case set twice); no example database written to disk
FAST = settings(max_examples=10, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
WHOLE = settings(FAST, max_examples=5)  # the tests that tabulate every measure twice


def fy(day: date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def quarter(day: date) -> str:
    return f"Q{(day.month - 4) % 12 // 3 + 1}"


def working(day: date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS


def due(received: date, n: int) -> date:
    """The n-th working day after the day of receipt (the demo profile: next_working_day)."""
    day, counted = received, 0
    while counted < n:
        day += timedelta(days=1)
        counted += working(day)
    return day


case = st.fixed_dictionaries(
    {
        "procedure": st.sampled_from(["statutory", "corporate"]),
        "stage": st.sampled_from([0, 1, 1, 2]),
        "received": st.dates(date(2023, 4, 1), date(2025, 3, 31)),
        "extended": st.booleans(),
        "taken": st.one_of(st.none(), st.integers(0, 60)),
        "outcome": st.sampled_from(OUTCOMES),
        "who": st.sampled_from(PEOPLE),
        "advocate": st.booleans(),
    }
)
cases = st.lists(case, min_size=1, max_size=25)


def raw(items: list[dict], start: int = 0) -> pd.DataFrame:
    """Cases as ingest reads them (one stage of one complaint a row; each case its own reference)."""
    rows = []
    for i, c in enumerate(items, start):
        responded = None if c["taken"] is None else c["received"] + timedelta(days=c["taken"])
        rows.append(
            {
                "case_ref": f"P-{i:04d}",
                "stage": str(c["stage"]),
                "procedure": c["procedure"],
                "date_received": c["received"].isoformat(),
                "extended": str(c["extended"]).lower(),
                "date_responded": responded.isoformat() if responded else pd.NA,
                "outcome": c["outcome"] if responded else pd.NA,
                "service_area": "Children in care",
                "division": "Children's Social Care",
                "complainant_type": c["who"],
                "advocate": str(c["advocate"]).lower(),
                "themes": pd.NA,
                "date_panel": pd.NA,
                "date_findings": pd.NA,
            }
        )
    return pd.DataFrame(rows, dtype="string")


def derived(frame: pd.DataFrame) -> pd.DataFrame:
    return derive_complaints(typed("complaints", frame.reset_index(drop=True)), PROFILE, AS_AT)


def kind(c: dict) -> str:
    return f"{'Statutory' if c['procedure'] == 'statutory' else 'Corporate'} stage {c['stage']}"


MEASURES = {
    "volumes_by_year": lambda c: volumes_by_year(c, [LAST, YEAR]),
    "volumes_by_quarter": lambda c: volumes_by_quarter(c, YEAR),
    "on_time_by_stage": lambda c: on_time_by_stage(c, [LAST, YEAR]),
    "on_time_by_quarter": lambda c: on_time_by_quarter(c, YEAR, basis="received"),
    "extensions_and_late": lambda c: extensions_and_late(c, YEAR),
    "complainants": lambda c: complainants(c, YEAR),
    "outcomes_stage_0_1_2": lambda c: outcomes_by_stage(c, YEAR, stages=(0, 1, 2)),
}


def tables(complaints: pd.DataFrame, *keys: str) -> dict[str, pd.DataFrame]:
    """The named tables (all of them when none is named) as data frames."""
    return {key: MEASURES[key](complaints).data for key in keys or MEASURES}


def _counts(table: pd.DataFrame) -> pd.DataFrame:
    """The count columns of a table (percentages and changes left out)."""
    return table[[c for c in table.columns if "%" not in c]]


@FAST
@given(cases)
def test_totals_are_the_volumes_counted_from_the_dates(items):
    t = tables(derived(raw(items)), "volumes_by_year", "volumes_by_quarter")
    by_year = _counts(t["volumes_by_year"])
    for year, column in ((LAST, "2023/24"), (YEAR, "2024/25")):
        assert by_year.loc["Total", column] == sum(fy(c["received"]) == year for c in items)
        for k in by_year.index.drop("Total"):
            assert by_year.loc[k, column] == sum(fy(c["received"]) == year and kind(c) == k for c in items)
    grid = t["volumes_by_quarter"]
    body = grid.drop(index="Total", columns="Total")
    assert (body.sum(axis=1) == grid["Total"].drop("Total")).all()
    assert (body.sum(axis=0) == grid.loc["Total"].drop("Total")).all()
    for q in ("Q1", "Q2", "Q3", "Q4"):
        assert grid.loc[q, "Total"] == sum(fy(c["received"]) == YEAR and quarter(c["received"]) == q for c in items)
    assert grid.loc["Total", "Total"] == by_year.loc["Total", "2024/25"]


@FAST
@given(cases)
def test_on_time_never_exceeds_responded_and_matches_the_due_dates(items):
    t = tables(derived(raw(items)), "on_time_by_stage", "on_time_by_quarter", "extensions_and_late")
    stage = t["on_time_by_stage"]
    for year, text in ((LAST, "2023/24"), (YEAR, "2024/25")):
        assert (stage[f"{text} On time"] <= stage[f"{text} Responded"]).all()
        closed = [c for c in items if c["taken"] is not None and fy(c["received"] + timedelta(c["taken"])) == year]
        limit = {0: 10, 1: 20, 2: 20}  # demo corporate; statutory below (demo.yaml timescales)
        on_time = 0
        for c in closed:
            n = (
                {0: 10, 1: 20 if c["extended"] else 10, 2: 65 if c["extended"] else 25}
                if c["procedure"] == "statutory"
                else {0: 10, 1: 30 if c["extended"] else 20, 2: limit[2]}
            )[c["stage"]]
            on_time += c["received"] + timedelta(c["taken"]) <= due(c["received"], n)
        assert stage.loc["Total", f"{text} Responded"] == len(closed)
        assert stage.loc["Total", f"{text} On time"] == on_time
    late = t["extensions_and_late"]
    assert (late["Within timescale"] + late["Late"] == late["Responses"]).all()
    for cell in t["on_time_by_quarter"].to_numpy().ravel():
        shown, part, whole = re.match(r"^(\[z\]|\d+%) \((\d+)/(\d+)\)$", cell).groups()
        assert int(part) <= int(whole)


@FAST
@given(cases)
def test_shares_add_to_100_within_rounding(items):
    t = tables(derived(raw(items)), "complainants", "outcomes_stage_0_1_2")
    for key, column in (("complainants", "Share (%)"), ("outcomes_stage_0_1_2", "Share (%)")):
        shares = t[key][column].drop("Total").dropna()
        if len(shares):
            # each share is rounded by at most a half, so the sum is within half a point per row
            assert abs(sum(shares) - 100) <= len(shares) / 2, (key, list(shares))
            assert t[key].loc["Total", column] == 100


@WHOLE
@given(cases, st.randoms(use_true_random=False))
def test_shuffled_rows_give_the_same_tables(items, rng):
    frame = raw(items)
    order = list(range(len(frame)))
    rng.shuffle(order)
    before, after = tables(derived(frame)), tables(derived(frame.iloc[order]))
    for key, table in before.items():
        pd.testing.assert_frame_equal(after[key], table, obj=key)


@WHOLE
@given(cases, st.lists(case, min_size=1, max_size=8))
def test_cases_of_another_year_change_nothing(items, others):
    """Cases received (and answered) in 2019-20 leave every 2023-25 table as it was."""
    moved = [{**c, "received": c["received"].replace(year=2019 if c["received"].month >= 4 else 2020)} for c in others]
    moved = [{**c, "taken": None if c["taken"] is None else min(c["taken"], 30)} for c in moved]
    base = raw(items)
    before = tables(derived(base))
    after = tables(derived(pd.concat([base, raw(moved, start=len(items))])))
    for key, table in before.items():
        pd.testing.assert_frame_equal(after[key], table, obj=key)


@FAST
@given(cases, case.filter(lambda c: fy(c["received"]) == YEAR))
def test_one_more_case_changes_exactly_its_cells_by_one(items, extra):
    keys = ("volumes_by_quarter", "volumes_by_year")
    before = tables(derived(raw(items)), *keys)
    after = tables(derived(pd.concat([raw(items), raw([extra], start=len(items))])), *keys)
    grid_before, grid_after = before["volumes_by_quarter"], after["volumes_by_quarter"]
    grid_before = grid_before.reindex(index=grid_after.index, columns=grid_after.columns, fill_value=0)
    diff = grid_after - grid_before
    mine = {(quarter(extra["received"]), kind(extra)), (quarter(extra["received"]), "Total")}
    mine |= {("Total", kind(extra)), ("Total", "Total")}
    for (row, column), value in diff.stack().items():
        assert value == (1 if (row, column) in mine else 0), (row, column)
    year_before = _counts(before["volumes_by_year"]).reindex(_counts(after["volumes_by_year"]).index, fill_value=0)
    year_diff = _counts(after["volumes_by_year"]) - year_before
    for (row, column), value in year_diff.stack().items():
        assert value == (1 if column == "2024/25" and row in (kind(extra), "Total") else 0), (row, column)


@FAST
@given(cases)
def test_answering_one_working_day_late_moves_one_case_from_on_time_to_late(items):
    """Move one case answered on time to the working day after its due date: its quarter's cell (counted
    on receipt, so the case stays in it) loses exactly one on-time response and keeps its count."""
    frame = raw(items)
    complaints = derived(frame)
    candidates = complaints.index[complaints["on_time"].fillna(False) & complaints["year_received"].eq(YEAR)]
    if not len(candidates):
        return
    i = candidates[0]
    due_day = complaints.loc[i, "date_due"].date()
    late_day = due_day + timedelta(days=1)
    while not working(late_day):
        late_day += timedelta(days=1)
    moved = frame.copy()
    moved.loc[i, "date_responded"] = late_day.isoformat()
    before = on_time_by_quarter(complaints, YEAR, basis="received").data
    after = on_time_by_quarter(derived(moved), YEAR, basis="received").data
    cell = re.compile(r"^(?:\[z\]|\d+%) \((\d+)/(\d+)\)$")
    changed = []
    for row in before.index:
        for column in before.columns:
            (a, n), (b, m) = (map(int, cell.match(x[column][row]).groups()) for x in (before, after))
            assert n == m
            if a != b:
                changed.append((row, column, a - b))
    assert changed == [(quarter(items[i]["received"]), kind(items[i]), 1)]
    assert np.datetime64(due_day) == np.datetime64(due(items[i]["received"], int(complaints.loc[i, "timescale_days"])))
