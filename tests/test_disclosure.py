"""Small-number suppression: primary and secondary, percentages, ratio cells, sentences, and the
published section output."""
from __future__ import annotations

import random

import pandas as pd
import pytest

from pipelines import disclosure
from pipelines.measures.base import TOTAL, Table


@pytest.fixture(autouse=True)
def threshold_five():
    disclosure.POLICY["threshold"] = 5
    disclosure.WITHHELD.clear()
    yield
    disclosure.POLICY["threshold"] = 0
    disclosure.WITHHELD.clear()


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
    assert disclosure.hidden_cells(table) == {("r0", "A"), ("r0", "B"), ("r1", "A"), ("r1", "B"),
                                              ("r0", "Share (%)"), ("r1", "Share (%)")}
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
        for c in data.columns:                                   # each column against its Total row
            parts = [(r, c) for r in data.index if r != TOTAL]
            if (TOTAL, c) not in hidden:
                assert sum(p in hidden for p in parts) != 1, (data, hidden)
        for r in data.index:                                     # each row against its Total column
            parts = [(r, c) for c in data.columns if c != TOTAL]
            if (r, TOTAL) not in hidden:
                assert sum(p in hidden for p in parts) != 1, (data, hidden)
        assert all(data.loc[cell] == 0 or cell in hidden for cell in
                   [(r, c) for r in data.index for c in data.columns if 1 <= data.loc[r, c] <= 5])


def test_on_time_cells_built_on_small_numbers_are_suppressed():
    data = pd.DataFrame({"Stage 1": ["50% (1/2)", "63% (75/120)", "[z] (0/0)", "97% (116/120)"]},
                        index=["Q1", "Q2", "Q3", "Q4"])
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
    from pipelines.calendar import previous_years
    from pipelines.config import load_profile
    from pipelines.measures import volumes
    from pipelines.report import ReportData, Section, split_by_service
    from tests import tiny

    profile = load_profile("demo")                        # the default: counts 1 to 5 withheld
    data = ReportData(profile, "2024-25", previous_years("2024-25", 3), split_by_service(tiny.frames()),
                      {"commentary": {}, "learning": []})
    section = Section("volumes", data, "published", tmp_path)
    by_quarter = volumes.volumes_by_quarter(data.complaints, "2024-25")
    html = section.table(by_quarter)._repr_html_()
    csv = (tmp_path / "tables" / "volumes_by_quarter.csv").read_text()
    # Q1 2024-25: statutory stage 1 = 2 (T-006, T-007): withheld in the page and the CSV
    assert "[c]" in html and "Q1,0,[c]" in csv.replace('"', "")
    assert section.figure("q1", by_quarter, "Q1", "Statutory stage 1", "Q1 statutory stage 1") == 2
    assert section._figures[-1]["value"] == "[c]"                      # recorded as published
    said = section.say("There were 2 statutory stage 1 complaints in the first quarter.")._repr_html_()
    assert " 2 " not in said and "not given because the numbers are small" in said
