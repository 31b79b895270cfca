"""pipelines.rules.disclosure where `make mutate` showed no test looked: a late count given away by on
time and responded, the sums a table declares, on-time cells beside a Total row, a row of rates under the
counts, the cells the whole-report check forces, the numbers that check reads (with their case tokens),
sentences built as lists, and the banded phrase. Threshold 5 throughout (a count of 1 to 5 is small);
every hidden set is worked by hand in the comments, in the order the rules apply.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from pipelines.measures.base import TOTAL, Table
from pipelines.rules import disclosure
from pipelines.rules.disclosure_numbers import cell_numbers, token


@pytest.fixture(autouse=True)
def threshold_five():
    """Threshold 5, the table "t" protected (as a table about people is); everything restored after."""
    disclosure.POLICY.clear()
    disclosure.POLICY.update(threshold=5, protection=5, protect=frozenset({"t"}), publish=frozenset())
    yield
    disclosure.POLICY.clear()
    disclosure.POLICY["threshold"] = 0
    disclosure.FORCED.clear()
    disclosure.BANDS.clear()
    disclosure._READ.clear()


def test_what_counts_as_small():
    assert [disclosure.small(n) for n in (None, float("nan"), pd.NA, 0, 1, 5, 6, -1)] == [
        False,
        False,
        False,
        False,  # 0 says nothing about anyone
        True,
        True,
        False,
        False,
    ]
    disclosure.POLICY["threshold"] = 2
    assert [disclosure.small(n) for n in (2, 3)] == [True, False]


def test_a_late_count_given_away_by_on_time_and_responded():
    # Stage 1: 10 on time of 12 -> 2 late, small: the on-time count goes (late = responded - on time is
    # then as uncertain as it; the responded alone says nothing). Column On time then shows its Total (30)
    # beside one withheld part: the smallest other part that is not 0 goes, stage 2's 20. Each percentage
    # built on a withheld count goes (stage 1's and stage 2's); the Total row stays.
    data = pd.DataFrame(
        {"2024/25 On time": [10, 20, 30], "2024/25 Responded": [12, 30, 42], "2024/25 %": [83, 67, 71]},
        index=["Stage 1", "Stage 2", TOTAL],
    )
    table = Table(
        "t", "T", data, percent_columns=("2024/25 %",), complements=(("2024/25 On time", "2024/25 Responded"),)
    )
    assert disclosure.hidden_cells(table) == {
        ("Stage 1", "2024/25 On time"),
        ("Stage 2", "2024/25 On time"),
        ("Stage 1", "2024/25 %"),
        ("Stage 2", "2024/25 %"),
    }
    # Published in full (not protected): nothing is withheld.
    assert disclosure.hidden_cells(Table("open", "T", data, complements=table.complements)) == frozenset()


def test_the_sums_a_table_declares():
    # Responses = Within timescale + Late. A's Late (3) is small. Column Late then hides one part beside
    # its Total: B's Late (8) goes. Row A then shows Responses beside one hidden part: A's Within (9)
    # goes; row B likewise: B's Within (12). Late (%) is built on Late: A's and B's go.
    data = pd.DataFrame(
        {"Responses": [12, 20, 32], "Within timescale": [9, 12, 21], "Late": [3, 8, 11], "Late (%)": [25, 40, 34]},
        index=["A", "B", TOTAL],
    )
    table = Table("t", "T", data, percent_columns=("Late (%)",), sums={"Responses": ["Within timescale", "Late"]})
    assert disclosure.hidden_cells(table) == {
        ("A", "Late"),
        ("B", "Late"),
        ("A", "Within timescale"),
        ("B", "Within timescale"),
        ("A", "Late (%)"),
        ("B", "Late (%)"),
    }


def test_a_total_column_and_a_total_row():
    # r0: A 4 (small) and its row total 4 (small too). Column A then hides one part beside its Total
    # row: r1's A (9) goes; the Total column hides r0's 4 beside the overall 20: r1's total (16) goes.
    # Rows r0 and r1 now have their totals withheld; column B shows everything (0 and 7).
    data = pd.DataFrame({"A": [4, 9, 13], "B": [0, 7, 7], TOTAL: [4, 16, 20]}, index=["r0", "r1", TOTAL])
    assert disclosure.hidden_cells(Table("t", "T", data)) == {("r0", "A"), ("r0", TOTAL), ("r1", "A"), ("r1", TOTAL)}


def test_a_small_on_time_count_or_late_count_withholds_the_on_time_count_only():
    # A: 3 on time (small) of 40: the 3 goes; 40 responded stays (37 late is not printed here, and the
    # responded alone gives no part away). B: 30 of 31 leaves 1 late (small): its on-time count goes and
    # the late 1 is then unknown. No Total row or column: nothing else goes.
    data = pd.DataFrame({"On time": [3, 30], "Responded": [40, 31]}, index=["A", "B"])
    table = Table("t", "T", data, complements=(("On time", "Responded"),))
    assert disclosure.hidden_cells(table) == {("A", "On time"), ("B", "On time")}


def test_on_time_cells_beside_a_total_row():
    # Q1's 1 of 2 is small; the Total row's 76 of 122 less Q2's 75 of 120 would give it back, so the
    # Total row's cell goes too. 0 of 7 (7 late) and [z] say nothing small; 0 of 4 leaves 4 late: small.
    data = pd.DataFrame(
        {
            "Stage 1": ["50% (1/2)", "63% (75/120)", "62% (76/122)"],
            "Stage 2": ["0% (0/7)", "[z] (0/0)", "0% (0/7)"],
            "Stage 3": ["[z] (0/0)", "0% (0/4)", "0% (0/4)"],
        },
        index=["Q1", "Q2", TOTAL],
    )
    assert disclosure.hidden_cells(Table("t", "T", data)) == {
        ("Q1", "Stage 1"),
        (TOTAL, "Stage 1"),
        ("Q2", "Stage 3"),
        (TOTAL, "Stage 3"),
    }


def test_a_row_of_rates_under_the_counts():
    # Upheld (3) is small; the rate row below is built on the counts above it, so its cell goes too.
    data = pd.DataFrame({"Value": [40, 3, 8]}, index=["Decisions", "Upheld", "Uphold rate (%)"])
    assert disclosure.hidden_cells(Table("t", "T", data)) == {("Upheld", "Value"), ("Uphold rate (%)", "Value")}


def test_cells_the_whole_report_check_forces():
    # A table published in full still withholds what the whole-report check decided (as text keys, under
    # the table's own key), and the rates built on it.
    data = pd.DataFrame({"2024": [9, 12], "2024 %": [43, 57]}, index=["A", "B"])
    table = Table("open", "T", data, percent_columns=("2024 %",))
    disclosure.FORCED["open"] = {("A", "2024")}
    assert disclosure.hidden_cells(table) == {("A", "2024"), ("A", "2024 %")}
    disclosure.FORCED["open"] = {("B", "2024")}
    assert disclosure.hidden_cells(table) == {("B", "2024"), ("B", "2024 %")}
    disclosure.FORCED["open"] = {("A", "2024")}
    disclosure.FORCED["other"] = {("B", "2024")}  # another table's decisions are not this table's
    assert disclosure.hidden_cells(table) == {("A", "2024"), ("A", "2024 %")}
    disclosure.POLICY["threshold"] = 0  # disclosure control off: nothing at all
    assert disclosure.hidden_cells(table) == frozenset()


def test_a_breakdown_by_a_person_field_is_protected():
    data = pd.DataFrame({"2024/25": [2, 30]}, index=["White", "Other"])
    by_ethnicity = Table("by_who", "T", data, derivation={"arguments": {"spec": {"rows": "ethnicity"}}})
    by_stage = Table("by_stage", "T", data, derivation={"arguments": {"spec": {"rows": "stage"}}})
    assert disclosure.protected(by_ethnicity) and not disclosure.protected(by_stage)
    # no Total in the table to give the 2 away from the 30 beside it: the 2 alone goes
    assert disclosure.hidden_cells(by_ethnicity) == {("White", "2024/25")}
    assert disclosure.hidden_cells(by_stage) == frozenset()


def test_apply_writes_the_symbol_and_leaves_a_table_with_nothing_hidden_alone():
    data = pd.DataFrame({"n": [3, 40]}, index=["a", "b"])
    shown = disclosure.apply(Table("t", "T", data))
    assert list(shown.data["n"]) == ["[c]", 40] and list(data["n"]) == [3, 40]  # the original is unchanged
    unprotected = Table("open", "T", data)
    assert disclosure.apply(unprotected) is unprotected
    given = Table("open", "T", data, hidden=frozenset({("b", "n")}))  # decisions already taken are used
    assert list(disclosure.apply(given).data["n"]) == [3, "[c]"]


def _token(ref: str) -> str:
    return hashlib.sha256(ref.encode()).hexdigest()[:16]


def test_the_numbers_the_whole_report_check_reads():
    # n: a (3, withheld, small: primary), b (7, shown); c's 250 is money-like (one reference, not 250
    # cases: left out). On time: "50% (1/2)" -> the whole (R1, R2) and the part on time (R1), whose rest
    # (1 late) is small; the empty "[z] (0/0)" cells are read as 0 of 0 with no cases (a reader does not
    # know a withheld cell is empty). The row "gone" is not in the table: not read.
    data = pd.DataFrame({"n": [3, 7, 250], "On time": ["50% (1/2)", "[z] (0/0)", "[z] (0/0)"]}, index=["a", "b", "c"])
    refs = {
        "a": {"n": ["R1", "R2", "R3"], "On time": ["R1: on time", "R2: late"]},
        "b": {"n": [f"S{i}" for i in range(7)]},
        "c": {"n": ["M1"]},
        "gone": {"n": ["X"]},
    }
    table = Table("t", "T", data, refs=refs, hidden=frozenset({("a", "n"), ("a", "On time")}))
    numbers = cell_numbers(table)
    assert [(x["row"], x["column"], x["part"], x["value"], x["withheld"], x["primary"]) for x in numbers] == [
        ("a", "n", "", 3, True, True),
        ("a", "On time", "whole", 2, True, True),
        ("a", "On time", "part", 1, True, True),
        ("b", "n", "", 7, False, False),
        ("b", "On time", "whole", 0, False, False),
        ("b", "On time", "part", 0, False, False),
        ("c", "On time", "whole", 0, False, False),
        ("c", "On time", "part", 0, False, False),
    ]
    assert numbers[0]["cases"] == sorted(_token(r) for r in ("R1", "R2", "R3"))
    # No Total row or column, no declared sum: every cell is a part adding into nothing.
    assert numbers[1] == {
        "row": "a",
        "column": "On time",
        "part": "whole",
        "value": 2,
        "withheld": True,
        "primary": True,
        "protected": True,
        "cases": sorted(_token(r) for r in ("R1", "R2")),
        "grid": "part",
        "sums_into": [],
        "within": [],
    }
    assert numbers[2] == {
        **numbers[1],
        "part": "part",
        "value": 1,
        "cases": [_token("R1")],
        "within": [["a", "On time", "whole"]],  # the on-time cases are among the responses
        "rest_small": True,  # 2 - 1 = 1 late
    }
    assert numbers[3]["rest_small"] is False and numbers[5]["rest_small"] is False and numbers[5]["cases"] == []
    # In a table published in full a withheld cell was forced by the whole-report check: never primary.
    open_numbers = cell_numbers(Table("open", "T", data, refs=refs, hidden=table.hidden))
    assert [x["primary"] for x in open_numbers] == [False] * 8
    assert [x["protected"] for x in open_numbers] == [False] * 8
    assert [x["withheld"] for x in open_numbers] == [True, True, True] + [False] * 5
    assert cell_numbers(Table("t", "T", data)) == []  # nothing traced: nothing to read


def test_where_each_number_stands_in_its_table():
    # On time + Late = Responded (a declared sum), on time within responded (a complement), a Total row.
    # A: 1 of 2 on time, 1 late; B: 2 of 3, 1 late; Total: 3 of 5, 2 late. A's and B's on time are
    # withheld (A's 1 is small; both leave 1 late).
    data = pd.DataFrame({"On time": [1, 2, 3], "Late": [1, 1, 2], "Responded": [2, 3, 5]}, index=["A", "B", TOTAL])
    refs = {
        "A": {"On time": ["C-1 (stage 1)"], "Late": ["C-2 (stage 1)"], "Responded": ["C-1 (stage 1)", "C-2 (stage 1)"]},
        "B": {"On time": ["C-3 (stage 2)", "C-4"], "Late": ["C-5"], "Responded": ["C-3 (stage 2)", "C-4", "C-5"]},
        TOTAL: {
            "On time": ["C-1 (stage 1)", "C-3 (stage 2)", "C-4"],
            "Late": ["C-2 (stage 1)", "C-5"],
            "Responded": ["C-1 (stage 1)", "C-2 (stage 1)", "C-3 (stage 2)", "C-4", "C-5"],
        },
    }
    table = Table(
        "t",
        "T",
        data,
        refs=refs,
        sums={"Responded": ["On time", "Late"]},
        complements=(("On time", "Responded"),),
        hidden=frozenset({("A", "On time"), ("B", "On time")}),
    )
    got = {(x["row"], x["column"]): x for x in cell_numbers(table)}
    assert list(got) == [(r, c) for r in ("A", "B", TOTAL) for c in ("On time", "Late", "Responded")]
    layout = {k: (x["grid"], x["sums_into"], x["within"], x["rest_small"]) for k, x in got.items()}
    assert layout == {
        # a part of its column's Total and of its row's declared sum; within its row's responded
        ("A", "On time"): ("part", [[TOTAL, "On time"], ["A", "Responded"]], [["A", "Responded", ""]], True),
        ("A", "Late"): ("part", [[TOTAL, "Late"], ["A", "Responded"]], [], False),
        ("A", "Responded"): ("total", [[TOTAL, "Responded"]], [], False),  # a declared sum is a total
        ("B", "On time"): ("part", [[TOTAL, "On time"], ["B", "Responded"]], [["B", "Responded", ""]], True),
        ("B", "Late"): ("part", [[TOTAL, "Late"], ["B", "Responded"]], [], False),
        ("B", "Responded"): ("total", [[TOTAL, "Responded"]], [], False),
        (TOTAL, "On time"): ("total", [[TOTAL, "Responded"]], [[TOTAL, "Responded", ""]], False),  # shown
        (TOTAL, "Late"): ("total", [[TOTAL, "Responded"]], [], False),
        (TOTAL, "Responded"): ("total", [], [], False),
    }
    # One stage of a complaint is its complaint's token and the stage, so that tables counting each
    # complaint once can be matched; a reference without a stage is its own token.
    assert got[("B", "On time")]["cases"] == sorted([f"{_token('C-3')}/2", _token("C-4")])
    assert token("C-1 (stage 1)") == f"{_token('C-1')}/1" and token("TE-2") == _token("TE-2")
    assert token("C-1 (stage one)") == f"{_token('C-1')}/one" and token("C-1 stage 1") == _token("C-1 stage 1")
    assert [got[k]["primary"] for k in [("A", "On time"), ("B", "On time")]] == [True, True]  # 1 and 2: small
    assert not any(x["primary"] or x["withheld"] for k, x in got.items() if k[1] != "On time" or k[0] == TOTAL)


def test_a_total_column_and_the_cells_that_are_not_read():
    # X: 2 + 1 = 3; Y: 0 + 3 = 3. Y's 0 has no references (a count of none) and is read with no cases;
    # Y's b names Q1 twice: 2 cases for a printed 3, so it is not a count of these cases and is left out.
    data = pd.DataFrame({"a": [2, 0], "b": [1, 3], TOTAL: [3, 3]}, index=["X", "Y"])
    refs = {
        "X": {"a": ["P1", "P2"], "b": ["P3"], TOTAL: ["P1", "P2", "P3"]},
        "Y": {"b": ["Q1", "Q1", "Q2"], TOTAL: ["Q1", "Q2", "Q3"]},
    }
    got = cell_numbers(Table("open", "T", data, refs=refs))
    assert [(x["row"], x["column"], x["value"], x["grid"], x["sums_into"]) for x in got] == [
        ("X", "a", 2, "part", [["X", TOTAL]]),
        ("X", "b", 1, "part", [["X", TOTAL]]),
        ("X", TOTAL, 3, "total", []),
        ("Y", "a", 0, "part", [["Y", TOTAL]]),
        ("Y", TOTAL, 3, "total", []),
    ]
    assert got[3]["cases"] == [] and got[4]["cases"] == sorted(_token(q) for q in ("Q1", "Q2", "Q3"))


def test_sentences_built_as_a_list_share_what_was_read_for_them():
    table = Table("t", "T", pd.DataFrame({"n": [3, 40]}, index=["a", "b"]), hidden=frozenset({("a", "n")}))

    @disclosure.states_figures
    def two_sentences(t):
        disclosure.note(t, "b", "n")  # shown: not remembered
        own = disclosure.sentence("About b.")  # marked with nothing withheld
        disclosure.note(t, "a", "n")
        return [own, "About a and b.", 7]

    own, both, other = two_sentences(table)
    assert not disclosure.withholds(own)
    assert disclosure.withholds(both) and both.withheld == (("t", "a", "n"),)
    assert other == 7
    disclosure.note(table, "a", "n")  # read before the next sentence function starts: forgotten by it

    @disclosure.states_figures
    def nothing_withheld(t):
        return "About b."

    assert not disclosure.withholds(nothing_withheld(table))

    @disclosure.states_figures
    def not_text(t):
        disclosure.note(t, "a", "n")
        return {"figure": 3}

    assert not_text(table) == {"figure": 3}
    disclosure.POLICY["threshold"] = 0  # with disclosure control off, no sentence withholds anything
    assert not disclosure.withholds(both)


def test_the_banded_phrase_and_where_it_is_safe():
    assert disclosure.band(3) == "fewer than 6"
    disclosure.POLICY["threshold"] = 10
    assert disclosure.band(3) == "fewer than 11"
    table = Table("t", "T", pd.DataFrame({"n": [3]}, index=["a"]))
    assert not disclosure.band_safe(table, "a", "n")
    disclosure.BANDS["t"] = {("a", "n"): True}
    assert disclosure.band_safe(table, "a", "n") and not disclosure.band_safe(table, "b", "n")


def test_rates_per_1000_and_columns_that_are_not_counts():
    # "Per 1,000" is a rate built on the counts of its row: 3 complaints (small) take their rate (12.5,
    # not itself small) with them. Money (4 pence) and averages (3 days) are not counts: never withheld.
    data = pd.DataFrame(
        {
            "Complaints": [3, 40],
            "Referrals": [240, 4000],
            "Per 1,000": [12.5, 10.0],
            "Cost": [4, 900],
            "Average": [3, 9],
        },
        index=["2023/24", "2024/25"],
    )
    table = Table("t", "T", data, money_columns=("Cost",), value_columns=("Average",))
    assert disclosure.hidden_cells(table) == {("2023/24", "Complaints"), ("2023/24", "Per 1,000")}


def test_which_part_is_withheld_beside_a_total():
    # Column A: c's 3 is small; of the other parts the smallest that is not 0 goes (a 0 hides nothing):
    # b and a are both 7, and the tie goes to the row that sorts first by name, a.
    data = pd.DataFrame({"A": [3, 0, 7, 7, 17]}, index=["c", "z", "b", "a", TOTAL])
    assert disclosure.hidden_cells(Table("t", "T", data)) == {("c", "A"), ("a", "A")}


def test_each_rate_column_and_a_rate_row_with_their_own_counts():
    # 2024/25 Upheld (3) is small. "Change (%)" shares no leading words with a count column, so it
    # follows every count of its row: Upheld's goes. The rate row goes where a count above it went.
    data = pd.DataFrame(
        {"2023/24": [40, 9, 23], "2024/25": [38, 3, 8], "Change (%)": [-5, -67, -65]},
        index=["Decisions", "Upheld", "Rate (%)"],
    )
    assert disclosure.hidden_cells(Table("t", "T", data)) == {
        ("Upheld", "2024/25"),
        ("Upheld", "Change (%)"),
        ("Rate (%)", "2024/25"),
    }
    # Two percentage columns, each with its own counts: A's 2 takes "A %", B's 4 takes "B %".
    two = pd.DataFrame({"A": [2, 30], "A %": [7, 93], "B": [40, 4], "B %": [91, 9]}, index=["x", "y"])
    assert disclosure.hidden_cells(Table("t", "T", two)) == {("x", "A"), ("x", "A %"), ("y", "B"), ("y", "B %")}


def test_an_on_time_cell_with_a_small_part_only():
    # 1 of 20 on time: 19 late and 20 in all are not small, but the 1 is.
    data = pd.DataFrame({"Stage 1": ["5% (1/20)", "95% (19/20)", "70% (14/20)"]}, index=["Q1", "Q2", "Q3"])
    assert disclosure.hidden_cells(Table("t", "T", data)) == {("Q1", "Stage 1"), ("Q2", "Stage 1")}  # 1 late


def test_a_protected_table_keeps_the_forced_cells_beside_its_small_ones():
    data = pd.DataFrame({"n": [3, 40, 50]}, index=["a", "b", "c"])
    disclosure.FORCED["t"] = {("c", "n")}
    assert disclosure.hidden_cells(Table("t", "T", data)) == {("a", "n"), ("c", "n")}


def test_a_threshold_of_one_still_withholds():
    disclosure.POLICY["threshold"] = 1
    text = disclosure.Stated("There was 1 complaint.")
    text.withheld = (("t", "a", "n"),)
    assert disclosure.withholds(text) and disclosure.small(1) and not disclosure.small(2)


def test_a_table_declared_under_its_own_key_is_protected_as_its_measure_table_is():
    # "who" is a report's own key for the measure table "complainants", protected by default (a table
    # about who complained): so is "who", unless the profile publishes it, under either key; an adult
    # section's "adult_who" is published by the same entry "who".
    data = pd.DataFrame({"n": [3, 40]}, index=["a", "b"])
    declared = {"measure_table": "complainants", "arguments": {"spec": "a name, not a breakdown"}}
    assert disclosure.protected(Table("who", "T", data, derivation=declared))
    assert not disclosure.protected(Table("who", "T", data, derivation={"arguments": {}}))  # no measure behind
    assert disclosure.hidden_cells(Table("who", "T", data, derivation=declared)) == {("a", "n")}
    for published in ({"who"}, {"complainants"}):
        disclosure.POLICY["publish"] = frozenset(published)
        assert not disclosure.protected(Table("who", "T", data, derivation=declared)), published
        assert not disclosure.protected(Table("adult_who", "T", data, derivation=declared)), published
    disclosure.POLICY["publish"] = frozenset({"other"})
    assert disclosure.protected(Table("adult_who", "T", data, derivation=declared))


def test_a_threshold_of_one_withholds_the_ones_and_what_gives_them_away():
    # Threshold 1: A's 1 goes; the Total (41) beside it would give it back from B's 40: B's 40 goes too.
    disclosure.POLICY["threshold"] = 1
    data = pd.DataFrame({"n": [1, 40, 41]}, index=["A", "B", TOTAL])
    assert disclosure.hidden_cells(Table("t", "T", data)) == {("A", "n"), ("B", "n")}


def test_the_smallest_other_part_goes_whatever_the_rows_are_called():
    # c's 3 is small; of a (9) and b (7) the smaller, b, goes beside the Total (19), although a sorts first.
    data = pd.DataFrame({"A": [9, 7, 3, 19]}, index=["a", "b", "c", TOTAL])
    assert disclosure.hidden_cells(Table("t", "T", data)) == {("c", "A"), ("b", "A")}


def test_the_total_of_an_on_time_column_goes_when_every_cell_above_it_went():
    # Q1 1 of 2 (small part), Q2 0 of 3 (3 late, small): both go; the Total row's 1 of 5 would then
    # still say how many of the five were on time in the two quarters together: it goes too.
    data = pd.DataFrame({"Stage 1": ["50% (1/2)", "0% (0/3)", "20% (1/5)"]}, index=["Q1", "Q2", TOTAL])
    assert disclosure.hidden_cells(Table("t", "T", data)) == {("Q1", "Stage 1"), ("Q2", "Stage 1"), (TOTAL, "Stage 1")}


def test_which_on_time_cells_the_check_reads_and_when_their_late_part_is_small():
    # Threshold 5. A reference may itself hold ': ' ('FOI: 12'); only the last ': ' marks on time/late.
    # b's "50% (1/2)" names two responses but both on time: not counted from these references, left out,
    # and the row's next cell is still read. Late part (rest) small only where the cell is withheld in a
    # protected table: c 5 of 8 (3 late: small, although 5 + 8 is not); d 10 of 20 withheld (10 late:
    # not small); e 3 of 4 shown (1 late, but shown: nothing to keep uncertain).
    data = pd.DataFrame(
        {
            "On time": ["50% (1/2)", "50% (1/2)", "62% (5/8)", "50% (10/20)", "75% (3/4)"],
            "n": [1, 1, 1, 1, 1],
        },
        index=["a", "b", "c", "d", "e"],
    )
    late, on_time = ": late", ": on time"
    refs = {
        "a": {"On time": ["FOI: 12" + on_time, "FOI: 13" + late], "n": ["FOI: 12"]},
        "b": {"On time": ["B1" + on_time, "B2" + on_time], "n": ["B1"]},
        "c": {"On time": [f"C{i}" + (on_time if i < 5 else late) for i in range(8)], "n": ["C0"]},
        "d": {"On time": [f"D{i}" + (on_time if i < 10 else late) for i in range(20)], "n": ["D0"]},
        "e": {"On time": [f"E{i}" + (on_time if i < 3 else late) for i in range(4)], "n": ["E0"]},
    }
    hidden = frozenset({("c", "On time"), ("d", "On time")})
    got = cell_numbers(Table("t", "T", data, refs=refs, hidden=hidden))
    read = [(x["row"], x["column"], x["part"]) for x in got]
    assert read[:3] == [("a", "On time", "whole"), ("a", "On time", "part"), ("a", "n", "")]
    assert ("b", "On time", "whole") not in read and ("b", "n", "") in read
    assert got[0]["cases"] == sorted(_token(r) for r in ("FOI: 12", "FOI: 13")) and got[1]["cases"] == [
        _token("FOI: 12")
    ]
    parts = {x["row"]: x["rest_small"] for x in got if x["part"] == "part"}
    assert parts == {"a": False, "c": True, "d": False, "e": False}
    assert all(x["protected"] for x in got)


def test_the_rest_of_a_withheld_count_is_read_from_its_own_whole_only():
    # On time within Responded. A: 10 on time of 12 withheld: 2 late, small. B: late 1 withheld (its own
    # small count), Responded 2: Late is no complement's part, so it has no rest to be small.
    data = pd.DataFrame({"On time": [10, 1], "Late": [2, 1], "Responded": [12, 2]}, index=["A", "B"])
    refs = {
        "A": {
            "On time": [f"A{i}" for i in range(10)],
            "Late": ["A10", "A11"],
            "Responded": [f"A{i}" for i in range(12)],
        },
        "B": {"On time": ["B0"], "Late": ["B1"], "Responded": ["B0", "B1"]},
    }
    hidden = frozenset({("A", "On time"), ("B", "Late")})
    table = Table("t", "T", data, refs=refs, hidden=hidden, complements=(("On time", "Responded"),))
    got = {(x["row"], x["column"]): x["rest_small"] for x in cell_numbers(table)}
    assert got[("A", "On time")] is True and got[("B", "Late")] is False and got[("A", "Late")] is False


def test_the_total_of_an_on_time_column_goes_with_the_cells_above_it_even_when_it_is_not_small():
    # Threshold 5. Q1 3 of 6 and Q2 3 of 6: each on-time part (3) is small, so both go. The Total row's
    # 6 of 12 is not small (part 6, late 6, whole 12, all above 5), yet a withheld cell beside a Total
    # row would be read as the Total less the cells shown: the rule takes the Total with them.
    data = pd.DataFrame({"Stage 1": ["50% (3/6)", "50% (3/6)", "50% (6/12)"]}, index=["Q1", "Q2", TOTAL])
    assert disclosure.hidden_cells(Table("t", "T", data)) == {("Q1", "Stage 1"), ("Q2", "Stage 1"), (TOTAL, "Stage 1")}
