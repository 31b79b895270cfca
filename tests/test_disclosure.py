"""Small-number suppression: primary and secondary, percentages, ratio cells, sentences, and the
published section output."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from pipelines.config.profile import load_profile
from pipelines.measures.base import TOTAL, Table
from pipelines.rules import disclosure

DEMO_RAW = load_profile("demo").raw


@pytest.fixture(autouse=True)
def threshold_five():
    """Threshold 5, and the hand-made tables ("grid", "t") protected as tables about people are."""
    disclosure.POLICY.clear()
    disclosure.POLICY.update(threshold=5, protection=5, protect=frozenset({"grid", "t"}), publish=frozenset())
    yield
    disclosure.POLICY.clear()
    disclosure.POLICY["threshold"] = 0
    disclosure.FORCED.clear()
    disclosure.BANDS.clear()


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


def test_default_policy_publishes_volumes_by_stage_and_protects_who_complained(tmp_path):
    from pipelines.config.profile import load_profile
    from pipelines.document.report import ReportData, Section, split_by_service
    from pipelines.measures import volumes
    from pipelines.rules.calendar import previous_years
    from tests import tiny

    profile = load_profile("demo")  # the default policy, threshold 5
    data = ReportData(
        profile,
        "2024-25",
        previous_years("2024-25", 3),
        split_by_service(tiny.frames()),
        {"commentary": {}, "learning": []},
    )
    section = Section("volumes", data, "published", tmp_path)
    by_quarter = volumes.volumes_by_quarter(data.complaints, "2024-25")
    section.table(by_quarter)
    csv = (tmp_path / "tables" / "volumes_by_quarter.csv").read_text()
    # Q1 2024-25: statutory stage 1 = 2 (T-006, T-007): a count by stage identifies nobody: published
    assert "[c]" not in csv and by_quarter.hidden == frozenset()
    assert section.figure("q1", by_quarter, "Q1", "Statutory stage 1", "Q1 statutory stage 1") == 2
    assert section._figures[-1]["value"] == 2
    who = volumes.complainants(data.complaints, "2024-25")
    section.table(who)
    assert who.hidden  # who complained is protected: its small counts are withheld
    assert all(
        who.data.loc[r, c] == 0 or (r, c) in who.hidden
        for r in who.data.index
        for c in ("Complaints", "With an advocate")
        if 1 <= who.data.loc[r, c] <= 5
    )
    # the numbers the whole-report check reads carry opaque tokens, never references
    numbers = (tmp_path / "numbers-volumes.jsonl").read_text()
    assert "T-0" not in numbers and '"withheld": true' in numbers


def _policy(**changes) -> dict:
    """The demo profile with `changes` through the profile schema, as Profile.disclosure gives it."""
    from pathlib import Path

    from pipelines.config.profile import disclosure_policy
    from pipelines.config.schema import check_profile

    raw = {k: v for k, v in DEMO_RAW.items() if k not in ("disclosure", "suppression")}
    return disclosure_policy(check_profile({**raw, **changes}, None, Path("config/authorities/x.yaml")))


def test_policy_keys_defaults_and_errors():
    from pipelines.config.vocabulary import ConfigError
    from pipelines.rules.disclosure_policy import is_protected, policy_sentence

    assert _policy() == {"threshold": 5, "protection": 5, "protect": frozenset(), "publish": frozenset()}
    assert _policy(suppression={"threshold": 3})["threshold"] == 3  # the older key still works
    assert _policy(disclosure={"threshold": 3})["protection"] == 3  # the protection interval defaults to it
    policy = _policy(disclosure={"threshold": 5, "protect": ["on_time_by_division"], "publish": ["complainants"]})
    assert is_protected(policy, "on_time_by_division") and is_protected(policy, "complainant_types")
    assert not is_protected(policy, "complainants") and not is_protected(policy, "volumes_by_year")
    assert is_protected(policy, "adult_complainant_types")  # the adult section's copy of a person table
    assert is_protected(policy, "my_breakdown", rows_field="ethnicity")  # a profile breakdown by a person field
    assert not is_protected(_policy(disclosure={"threshold": 0}), "complainants")  # 0: off
    assert policy_sentence(policy).count(".") == 1 and "1 to 5" in policy_sentence(policy)
    for bad, words in (
        ({"disclosure": {"threshold": -1}}, "disclosure.threshold: .*greater than or equal to 0"),
        ({"disclosure": {"threshold": "five"}}, "disclosure.threshold: expected a whole number"),
        ({"disclosure": {"treshold": 5}}, "disclosure.treshold"),
        ({"disclosure": {"protect": "complainants"}}, "disclosure.protect: expected a list"),
        ({"disclosure": {"protect": ["a"], "publish": ["a"]}}, "table a is in both"),
        ({"disclosure": {"threshold": 5}, "suppression": {"threshold": 5}}, "not both"),
    ):
        with pytest.raises(ConfigError, match=r"config/authorities/x.yaml, line \d+: .*" + words):
            _policy(**bad)


def test_a_share_over_printed_parts_is_published():
    # '2023/24 %' is built on 2023/24's On time and Responded (both printed: 7 of 13, 6 late); 2024/25's
    # Responded of 2 is small, so 2024/25's counts and percentage go, but 2023/24's 54% stays.
    data = pd.DataFrame(
        {
            "2023/24 On time": [7],
            "2023/24 Responded": [13],
            "2023/24 %": [54],
            "2024/25 On time": [1],
            "2024/25 Responded": [2],
            "2024/25 %": [50],
        },
        index=["Corporate stage 2"],
    )
    table = Table("t", "t", data, percent_columns=("2023/24 %", "2024/25 %"))
    assert disclosure.hidden_cells(table) == {
        ("Corporate stage 2", "2024/25 On time"),
        ("Corporate stage 2", "2024/25 Responded"),
        ("Corporate stage 2", "2024/25 %"),
    }


def test_a_sentence_is_withheld_by_the_figure_it_states_not_by_a_matching_number():
    table = Table("grid", "A grid", pd.DataFrame({"Complaints": [1, 40]}, index=["Stage 1", "Stage 2"]))
    table.hidden = frozenset({("Stage 1", "Complaints")})  # the 1 is withheld

    @disclosure.states_figures
    def about_stage_2(t):
        disclosure.note(t, "Stage 2", "Complaints")
        return f"There were {t.data.loc['Stage 2', 'Complaints']} stage 2 complaints, reviewed under regulation 13(3) by 31 March."

    @disclosure.states_figures
    def about_stage_1(t):
        disclosure.note(t, "Stage 1", "Complaints")
        return f"There was {t.data.loc['Stage 1', 'Complaints']} stage 1 complaint."

    kept = about_stage_2(table)  # says "stage 1"? no: "stage 2", "13(3)", "31", and 40: none withheld
    assert not disclosure.withholds(kept)
    assert not disclosure.withholds(disclosure.sentence("Stage 1 is local resolution; 1 of 2 stages."))
    assert disclosure.withholds(about_stage_1(table))  # states the withheld 1


def test_section_leaves_out_withheld_sentences_with_one_note_a_section(tmp_path):
    from pipelines.config.profile import load_profile
    from pipelines.document.report import ReportData, Section
    from tests import tiny

    data = ReportData(load_profile("demo"), "2024-25", ["2024-25"], tiny.frames(), {"commentary": {}, "learning": []})
    section = Section("volumes", data, "published", tmp_path)
    table = Table("grid", "A grid", pd.DataFrame({"Complaints": [1, 40]}, index=["Stage 1", "Stage 2"]))
    table.hidden = frozenset({("Stage 1", "Complaints")})
    disclosure.note(table, "Stage 1", "Complaints")
    withheld = disclosure.sentence("There was 1 complaint.")
    plain = "Stage 1 is local resolution."
    first = section.say(withheld, plain)._repr_html_()
    second = section.say(plain, withheld)._repr_html_()
    assert "There was 1" not in first + second and plain in first and plain in second
    assert (first + second).count(disclosure.WITHHELD_TEXT) == 1
    audit = Section("volumes", data, "audit", tmp_path)
    assert "There was 1 complaint." in audit.say(withheld)._repr_html_()  # the audit edition shows all


def test_banded_headline_only_where_the_band_is_safe():
    from pipelines.document import stories

    table = Table("grid", "A grid", pd.DataFrame({"2024/25": [3, 40]}, index=["Statutory stage 1", "Total"]))
    table.hidden = frozenset({("Statutory stage 1", "2024/25")})
    disclosure.note(table, "Statutory stage 1", "2024/25")
    text = disclosure.sentence("3 statutory stage 1 complaints were received in 2024/25.")
    lead = "Statutory stage 1 complaints received in 2024/25: "
    assert (
        stories.summary._banded(text, table, "Statutory stage 1", "2024/25", lead) is text
    )  # band not known safe: dropped
    disclosure.BANDS["grid"] = {("Statutory stage 1", "2024/25"): True}
    banded = stories.summary._banded(text, table, "Statutory stage 1", "2024/25", lead)
    assert banded == "Statutory stage 1 complaints received in 2024/25: fewer than 6." and not disclosure.withholds(
        banded
    )


def test_a_small_complement_withholds_the_part_and_leaves_the_whole():
    # 12 complaints, 10 with an advocate: the 2 without are a count too, and small. Withholding the 10
    # leaves the 2 as uncertain as the 10 (0 to 12); the 12 can stay (whole - part is not printed).
    data = pd.DataFrame({"Complaints": [12, 40], "With an advocate": [10, 20]}, index=["Child", "Parent"])
    table = Table("t", "t", data, complements=(("With an advocate", "Complaints"),))
    assert disclosure.hidden_cells(table) == {("Child", "With an advocate")}
