"""Small-number suppression: primary and secondary, percentages, ratio cells, sentences, and the
published section output."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from pipelines.measures.base import TOTAL, Table
from pipelines.rules import disclosure


@pytest.fixture(autouse=True)
def threshold_five():
    disclosure.POLICY["threshold"] = 5
    disclosure.WITHHELD.clear()
    yield
    disclosure.POLICY["threshold"] = 0
    disclosure.WITHHELD.clear()
    disclosure.FORCED.clear()
    disclosure.SEEN.clear()


def _grid(values: dict, share: bool = False) -> Table:
    data = pd.DataFrame(values, index=[f"r{i}" for i in range(len(next(iter(values.values()))))])
    data[TOTAL] = data.sum(axis=1)
    data.loc[TOTAL] = data.sum()
    if share:
        data["Share (%)"] = [round(100 * t / data.loc[TOTAL, TOTAL]) for t in data[TOTAL]]
    return Table("grid", "A grid", data, percent_columns=("Share (%)",) if share else ())


def test_primary_and_secondary_suppression_worked_by_hand():
    table = _grid({"A": [10, 3, 20], "B": [8, 9, 7]}, share=True)
    # r1/A = 3 is small. Column A then shows one hidden part beside its total: hide the smallest other
    # part, r0/A (10). Rows r0 and r1 each then have one hidden part beside a shown total: hide r0/B (8)
    # and r1/B (9). Every row and column now hides none or two or more of its parts; the shares of
    # rows r0 and r1 would reveal their totals' parts' mix, so they go too.
    assert disclosure.hidden_cells(table) == {
        ("r0", "A"),
        ("r0", "B"),
        ("r1", "A"),
        ("r1", "B"),
        ("r0", "Share (%)"),
        ("r1", "Share (%)"),
    }
    shown = disclosure.apply(table).data
    assert shown.loc["r1", "A"] == "[c]" and shown.loc["r2", "A"] == 20 and shown.loc[TOTAL, TOTAL] == 57


def test_zero_is_not_disclosive_and_threshold_zero_suppresses_nothing():
    table = _grid({"A": [0, 12], "B": [6, 7]})
    assert disclosure.hidden_cells(table) == frozenset()
    disclosure.POLICY["threshold"] = 0
    assert disclosure.hidden_cells(_grid({"A": [1, 2], "B": [3, 4]})) == frozenset()


def test_no_total_ever_gives_away_a_single_hidden_cell():
    rng = random.Random(7)
    for _ in range(200):
        rows, cols = rng.randint(2, 6), rng.randint(2, 5)
        table = _grid({f"c{j}": [rng.choice([0, 1, 2, 4, 5, 6, 9, 14, 30]) for _ in range(rows)] for j in range(cols)})
        hidden = disclosure.hidden_cells(table)
        data = table.data
        for c in data.columns:  # each column against its Total row
            parts = [(r, c) for r in data.index if r != TOTAL]
            if (TOTAL, c) not in hidden:
                assert sum(p in hidden for p in parts) != 1, (data, hidden)
        for r in data.index:  # each row against its Total column
            parts = [(r, c) for c in data.columns if c != TOTAL]
            if (r, TOTAL) not in hidden:
                assert sum(p in hidden for p in parts) != 1, (data, hidden)
        assert all(
            data.loc[cell] == 0 or cell in hidden
            for cell in [(r, c) for r in data.index for c in data.columns if 1 <= data.loc[r, c] <= 5]
        )


def test_on_time_cells_built_on_small_numbers_are_suppressed():
    data = pd.DataFrame(
        {"Stage 1": ["50% (1/2)", "63% (75/120)", "[z] (0/0)", "97% (116/120)"]}, index=["Q1", "Q2", "Q3", "Q4"]
    )
    hidden = disclosure.hidden_cells(Table("t", "t", data))
    # 1 of 2 is small; 75 of 120 is not; 0 of 0 says nothing; 116 of 120 leaves 4 late: small
    assert hidden == {("Q1", "Stage 1"), ("Q4", "Stage 1")}


def test_sentences_that_state_a_withheld_number_are_caught():
    table = _grid({"A": [10, 3, 20], "B": [8, 9, 7]})
    table.hidden = disclosure.hidden_cells(table)
    disclosure.register(table)
    assert not disclosure.safe_sentence("There were 3 complaints from children.")
    assert not disclosure.safe_sentence("Of these, 9 were upheld.")
    assert disclosure.safe_sentence("Complaints rose by 13% from 118 in 2023/24 to 133 in 2024/25.")


def test_published_section_suppresses_tables_figures_and_sentences(tmp_path):
    from pipelines.config.profile import load_profile
    from pipelines.document.report import ReportData, Section, split_by_service
    from pipelines.measures import volumes
    from pipelines.rules.calendar import previous_years
    from tests import tiny

    profile = load_profile("demo")  # the default: counts 1 to 5 withheld
    data = ReportData(
        profile,
        "2024-25",
        previous_years("2024-25", 3),
        split_by_service(tiny.frames()),
        {"commentary": {}, "learning": []},
    )
    section = Section("volumes", data, "published", tmp_path)
    by_quarter = volumes.volumes_by_quarter(data.complaints, "2024-25")
    html = section.table(by_quarter)._repr_html_()
    csv = (tmp_path / "tables" / "volumes_by_quarter.csv").read_text()
    # Q1 2024-25: statutory stage 1 = 2 (T-006, T-007): withheld in the page and the CSV
    assert "[c]" in html and "Q1,0,[c]" in csv.replace('"', "")
    assert section.figure("q1", by_quarter, "Q1", "Statutory stage 1", "Q1 statutory stage 1") == 2
    assert section._figures[-1]["value"] == "[c]"  # recorded as published
    said = section.say("There were 2 statutory stage 1 complaints in the first quarter.")._repr_html_()
    assert " 2 " not in said and "not given because the numbers are small" in said


# ---- linked suppression: one decision per figure across the report -----------------------------


def _decisions_table(key: str, upheld: list[str], not_upheld: list[str]) -> Table:
    """Ombudsman decisions for one year: Upheld, Not upheld, Total, with the cases behind each."""
    data = pd.DataFrame(
        {"2024/25": [len(upheld), len(not_upheld), len(upheld) + len(not_upheld)]},
        index=["Upheld", "Not upheld", TOTAL],
    )
    refs = {
        "Upheld": {"2024/25": upheld},
        "Not upheld": {"2024/25": not_upheld},
        TOTAL: {"2024/25": sorted(upheld + not_upheld)},
    }
    return Table(key, key, data, refs=refs)


UPHELD = [f"L-{i:02d}" for i in range(1, 12)]  # 11 upheld: not small
NOT_UPHELD = ["L-20", "L-21", "L-22"]  # 3 not upheld: small


def test_a_figure_withheld_in_one_table_is_withheld_in_the_next_one_of_the_section():
    # Table A has the three rows: Not upheld (3) is small, so Upheld (11) goes as secondary suppression
    # (its Total would give it away). Table B shows only Upheld and the Total: nothing small in it, but
    # Upheld is the same figure (same 11 cases, same value) as in A, so it is withheld there too;
    # otherwise B's Upheld with A's Total (14) would give away the 3. B has no Total row of parts, so
    # nothing else in B needs to go.
    a = _decisions_table("a", UPHELD, NOT_UPHELD)
    assert disclosure.hidden_cells(a) == {("Upheld", "2024/25"), ("Not upheld", "2024/25")}
    b_data = pd.DataFrame({"Decisions": [11, 14]}, index=["Upheld", "All decisions"])
    b = Table(
        "b",
        "b",
        b_data,
        refs={"Upheld": {"Decisions": UPHELD}, "All decisions": {"Decisions": sorted(UPHELD + NOT_UPHELD)}},
    )
    assert disclosure.hidden_cells(b) == {("Upheld", "Decisions")}


def test_same_cases_with_a_different_value_are_a_different_figure():
    a = _decisions_table("a", UPHELD, NOT_UPHELD)
    disclosure.hidden_cells(a)
    # a percentage over the same cases is another number: not linked by this rule
    c = Table("c", "c", pd.DataFrame({"Decisions": [79]}, index=["Upheld"]), refs={"Upheld": {"Decisions": UPHELD}})
    assert disclosure.hidden_cells(c) == frozenset()


def test_linked_additions_across_sections_and_forced_cells():
    a = _decisions_table("a", UPHELD, NOT_UPHELD)
    a_hidden = disclosure.hidden_cells(a)
    disclosure.SEEN.clear()  # another section: another kernel
    b = Table("b", "b", pd.DataFrame({"Decisions": [11]}, index=["Upheld"]), refs={"Upheld": {"Decisions": UPHELD}})
    b_hidden = disclosure.hidden_cells(b)
    assert b_hidden == frozenset()  # on its own, 11 is not small
    records = [
        {
            "section": "ombudsman",
            "measure_key": "a",
            "hidden": sorted([r, c] for r, c in a_hidden),
            "fingerprints": disclosure.fingerprints(a),
        },
        {"section": "summary", "measure_key": "b", "hidden": [], "fingerprints": disclosure.fingerprints(b)},
    ]
    additions = disclosure.linked_additions(records)
    assert additions == {"summary": {"b": [["Upheld", "Decisions"]]}}
    # the run reruns the summary section with that decision in force
    disclosure.SEEN.clear()
    disclosure.FORCED.update({"b": {("Upheld", "Decisions")}})
    assert disclosure.hidden_cells(b) == {("Upheld", "Decisions")}
    # settled: every figure now has one decision
    records[1]["hidden"] = [["Upheld", "Decisions"]]
    assert disclosure.linked_additions(records) == {}
    assert disclosure.merge_decisions({"summary": {"b": [["Upheld", "Decisions"]]}}, additions) == {
        "summary": {"b": [["Upheld", "Decisions"]]}
    }


def test_fingerprints_hold_no_references():
    prints = disclosure.fingerprints(_decisions_table("a", UPHELD, NOT_UPHELD))
    assert set(prints) == {"Upheld\t2024/25", "Not upheld\t2024/25", "Total\t2024/25"}
    assert not any("L-" in p for p in prints.values())
