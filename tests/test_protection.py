"""The whole-report disclosure check (publish/protection.py, publish/linked_tables.py) on reports
worked out by hand. The reader knows every printed number and the relations that follow from how the
tables are defined; the insider (publish/case_groups.py) also knows which cases lie in which cells."""

from __future__ import annotations

import json

import pytest

from pipelines.publish.case_groups import CaseGroups
from pipelines.publish.disclosure_pass import DisclosureError, decide
from pipelines.publish.linked_tables import LinkedTables
from pipelines.publish.protection import Unprotectable, protect, report


def _n(table, row, column, cases, withheld=False, primary=False, part="", into=(), within=(), protected=False):
    return {
        "section": f"s-{table}",
        "table": table,
        "row": row,
        "column": column,
        "part": part,
        "value": len(cases),
        "withheld": withheld,
        "primary": primary,
        "protected": protected,
        "cases": sorted(cases),
        "grid": "total" if "Total" in (row, column) or column == "Responses" else "part",
        "sums_into": [list(c) for c in into],
        "within": [list(c) for c in within],
    }


def _cases(prefix, n, stage=1):
    return [f"{prefix}{i}/{stage}" for i in range(n)]


def _ratio(table, row, column, on_time, late, withheld=False, primary=False, protected=True):
    """An 'n% (x/y)' cell: its responses ("whole") and those on time ("part", within the whole)."""
    return [
        _n(table, row, column, on_time + late, withheld, primary, "whole", protected=protected),
        {  # the late ones are a small count too where the cell is withheld as small
            **_n(
                table,
                row,
                column,
                on_time,
                withheld,
                primary,
                "part",
                within=[(row, column, "whole")],
                protected=protected,
            ),
            "rest_small": primary,
        },
    ]


def _timeliness(first_table: str) -> list[dict]:
    """Statutory stages 1 and 2 by division (protected, as `disclosure.protect: [on_time_by_division]`
    makes it), Quality and Commissioning withheld as small, and a stage table published in full:
    stage 1 is 74 of 116 on time for Children's Social Care (CSC), 0 of 0 for Education, 3 of 7 for QC;
    stage 2 is 8 of 19, 0 of 0 and 1 of 2."""
    s1 = {"csc": (_cases("a", 74), _cases("b", 42)), "qc": (_cases("q", 3), _cases("r", 4))}
    s2 = {"csc": (_cases("a", 8, 2), _cases("b", 11, 2)), "qc": (_cases("q", 1, 2), _cases("r", 1, 2))}
    division = []
    for column, stage in (("Stage 1", s1), ("Stage 2", s2)):
        division += _ratio("by_division", "CSC", column, *stage["csc"])
        division += _ratio("by_division", "Education", column, [], [])
        division += _ratio("by_division", "QC", column, *stage["qc"], withheld=True, primary=True)
    if first_table == "on_time_by_stage":  # Table 3.1: On time and Responded, stage by stage
        printed = []
        for row, stage in (("Statutory stage 1", s1), ("Statutory stage 2", s2)):
            on_time = stage["csc"][0] + stage["qc"][0]
            printed += [
                _n("by_stage", row, "On time", on_time, within=[(row, "Responded", "")]),
                _n("by_stage", row, "Responded", on_time + stage["csc"][1] + stage["qc"][1]),
            ]
        return division + printed
    printed = []  # Table 3.3: Responses (= Within timescale + Late), the stage 2 Responses withheld
    for row, stage in (("Statutory stage 1", s1), ("Statutory stage 2", s2)):
        within, late = stage["csc"][0] + stage["qc"][0], stage["csc"][1] + stage["qc"][1]
        printed += [
            _n("late", row, "Responses", within + late, withheld=row.endswith("2")),
            _n("late", row, "Within timescale", within, into=[(row, "Responses")]),
            _n("late", row, "Late", late, into=[(row, "Responses")]),
        ]
    return division + printed


QC1 = ("by_division", "QC", "Stage 1")
QC2 = ("by_division", "QC", "Stage 2")


def test_the_issue_recovery_of_a_division_from_the_stage_table():
    """Table 3.1 printed statutory stage 1 as 77 on time of 123; Table 11.3 printed Children's Social
    Care 74 of 116 and Education 0 of 0, so Quality and Commissioning's [c] was 123 - 116 - 0 = 7
    responses, 77 - 74 - 0 = 3 on time."""
    records = _timeliness("on_time_by_stage")
    model = LinkedTables.from_records(records)
    # the stage table's On time column and the division table's columns, summed, count the same
    # cases: On time, stage 1 = CSC + Education + QC on time, stage by stage
    assert model.range_of((*QC1, "whole")) == (7, 7)
    assert model.range_of((*QC1, "part")) == (3, 3)
    assert model.range_of((*QC2, "whole")) == (2, 2) and model.range_of((*QC2, "part")) == (1, 1)  # 21 - 19, 9 - 8
    assert model.range_of((*QC1, "late")) == (4, 4) and model.range_of((*QC2, "late")) == (1, 1)  # 7 - 3, 2 - 1
    protected, added, need = protect(records, protection=5)
    # Secondary cells come only from the protected table. Education's 0 of 0 is the cheapest but not
    # enough (77 = 74 + E + QC leaves QC 0 to 3); CSC's cell is: 77 = CSC + 0 + QC leaves QC's on time
    # anywhere from 0 to 77 and 123 = CSC + 0 + QC its responses from 0 to 123; so for stage 2 (0 to 9
    # of 0 to 21). The stage table is published whole.
    assert added == {("by_division", "CSC", "Stage 1"): "secondary", ("by_division", "CSC", "Stage 2"): "secondary"}
    assert protected.range_of((*QC1, "part")) == (0, 77) and protected.range_of((*QC1, "whole")) == (0, 123)
    assert protected.range_of((*QC2, "part")) == (0, 9) and protected.range_of((*QC2, "whole")) == (0, 21)
    # QC's late ones, responses less on time: CSC's late ones, (123 - QC's) - (77 - QC's on time), are
    # not negative, so QC's are at most 123 - 77 = 46 (stage 2: 21 - 9 = 12)
    assert protected.range_of((*QC1, "late")) == (0, 46) and protected.range_of((*QC2, "late")) == (0, 12)
    assert set(need.values()) == {5}  # nothing published in full bounds them more tightly than the policy


def test_the_issue_recovery_of_stage_2_responses_from_within_and_late():
    """Table 3.3 withheld statutory stage 2 Responses but printed Within timescale 9 and Late 12: a
    total is the sum of its parts, so it was 21; with CSC at 8 of 19 the withheld division was 1 of 2."""
    records = _timeliness("extensions_and_late")
    model = LinkedTables.from_records(records)
    assert model.range_of(("late", "Statutory stage 2", "Responses", "")) == (21, 21)  # 9 + 12
    assert model.range_of((*QC2, "whole")) == (2, 2) and model.range_of((*QC2, "part")) == (1, 1)  # 21 - 19, 9 - 8
    protected, added, _ = protect(records, protection=5)
    # Within timescale 9 = CSC + 0 + QC on time; Responses 21 = CSC + 0 + QC responses
    assert protected.range_of((*QC2, "part")) == (0, 9) and protected.range_of((*QC2, "whole")) == (0, 21)
    cells = {(c["table"], c["row"], c["column"], c["part"]): c for c in report(protected, records, _, 5, 5)}
    # the Responses cell is not a small count: it needs no protection, and stays 21 to 21
    responses = cells[("late", "Statutory stage 2", "Responses", "")]
    assert responses["reason"] == "secondary" and responses["range"] == [21, 21]
    assert all(c["protected"] for c in cells.values())


def _who_and_parents(with_total_elsewhere: bool) -> list[dict]:
    """Who complained (protected): Child 3 (small), Parent 40, Total 43; a table published in full
    breaks the 40 parents' complaints down by stage (30 and 10); optionally another prints all 43
    complaints by stage (31 and 12)."""
    child, parent = _cases("c", 3), _cases("p", 40)
    out = [
        _n("who", "Child", "n", child, True, True, into=[("Total", "n")], protected=True),
        _n("who", "Parent", "n", parent, into=[("Total", "n")], protected=True),
        _n("who", "Total", "n", child + parent, protected=True),
        _n("parents", "Stage 1", "n", parent[:30]),
        _n("parents", "Stage 2", "n", parent[30:]),
    ]
    if with_total_elsewhere:
        out += [
            _n("stages", "Stage 1", "n", child[:1] + parent[:30]),
            _n("stages", "Stage 2", "n", child[1:] + parent[30:]),
        ]
    return out


def test_a_table_pair_whose_difference_reveals_a_cell():
    records = _who_and_parents(with_total_elsewhere=False)
    model = LinkedTables.from_records(records)
    # the parents' table counts the same 40 cases as who's Parent row: Parent = 30 + 10; Total 43 =
    # Child + Parent, so Child = 43 - 40 = 3
    assert model.range_of(("who", "Child", "n", "")) == (3, 3)
    protected, added, _ = protect(records, protection=5)
    # withholding Parent (40, cheaper) changes nothing: 30 + 10 still gives it; the Total does: Child +
    # Parent = Total, nothing else bounding the Total, leaves Child anywhere from 0 up
    assert added == {("who", "Total", "n"): "secondary"}
    assert protected.range_of(("who", "Child", "n", "")) == (0, float("inf"))


def test_a_small_count_the_tables_published_in_full_pin_stops_the_run(tmp_path):
    records = _who_and_parents(with_total_elsewhere=True)
    # the stages table counts the same 43 cases as who's column: Child + Parent = 31 + 12, and Parent
    # = 30 + 10 from the parents' table: Child = 3 whatever who withholds
    with pytest.raises(Unprotectable) as caught:
        protect(records, protection=5)
    assert caught.value.pinned == {("who", "Child", "n", ""): ["parents", "stages"]}
    (tmp_path / "numbers-s.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    policy = {"threshold": 5, "protection": 5}
    with pytest.raises(DisclosureError) as error:
        decide(tmp_path, tmp_path, policy)
    message = str(error.value)
    assert "nothing was published" in message and "table who, Child / n" in message
    assert "(parents, stages)" in message and "disclosure.protect" in message
    assert "3" not in message.split("table who")[1]  # the message never states the value
    assert not (tmp_path / "disclosure.json").exists()  # no decisions written


def _who_by_stage(zero_withheld: bool) -> list[dict]:
    """Who complained by stage (protected), no totals of its own: Child 3 at stage 1 (small) and none
    at stage 2; Parent 40 and 10. Published in full: complaints by stage (43, 10) and by who (3, 50)."""
    c1, p1, p2 = _cases("c", 3), _cases("p", 40), _cases("q", 10, 2)
    return [
        _n("who_stage", "Child", "Stage 1", c1, True, True, protected=True),
        _n("who_stage", "Child", "Stage 2", [], zero_withheld, protected=True),
        _n("who_stage", "Parent", "Stage 1", p1, zero_withheld, protected=True),
        _n("who_stage", "Parent", "Stage 2", p2, zero_withheld, protected=True),
        _n("stages", "Stage 1", "n", c1 + p1),
        _n("stages", "Stage 2", "n", p2),
        _n("who", "Child", "n", c1),
        _n("who", "Parent", "n", p1 + p2),
    ]


def test_a_withheld_zero_is_unknown_to_a_reader_but_known_to_an_insider():
    records = _who_by_stage(zero_withheld=True)
    model = LinkedTables.from_records(records)
    # the reader: C1 + P1 = 43, C2 + P2 = 10 (by stage), C1 + C2 = 3, P1 + P2 = 50 (by who); one of the
    # four is implied by the others, so C2 = t is free: C1 = 3 - t >= 0, P2 = 10 - t >= 0: t from 0 to 3
    assert model.range_of(("who_stage", "Child", "Stage 2", "")) == (0, 3)
    assert model.range_of(("who_stage", "Child", "Stage 1", "")) == (0, 3)
    # the insider knows the 0 counts no case, so Child at stage 1 is the whole child row: 3
    insider = CaseGroups(records, model.withheld)
    assert insider.range_of({("who_stage", "Child", "Stage 2", ""): 1}) == (0, 0)
    assert insider.range_of({("who_stage", "Child", "Stage 1", ""): 1}) == (3, 3)


def test_protection_withholds_a_zero_and_is_as_wide_as_the_tables_in_full_allow():
    records = _who_by_stage(zero_withheld=False)
    protected, added, need = protect(records, protection=5)
    # any two of the three other cells leave C1 pinned (e.g. C2 printed as 0: C1 = 3 - 0), so all three
    # go, the 0 among them; then C1 is 0 to 3, as wide as 'Child 3' (published in full) allows
    assert set(added) == {
        ("who_stage", r, c) for r, c in (("Child", "Stage 2"), ("Parent", "Stage 1"), ("Parent", "Stage 2"))
    }
    assert need == {("who_stage", "Child", "Stage 1", ""): 3}
    cells = {c["row"] + "/" + c["column"]: c for c in report(protected, records, need, 5, 5)}
    child = cells["Child/Stage 1"]
    assert child["range"] == [0, 3] and child["protected"] and child["limited_by_published"]
    assert child["insider_range"] == [3, 3]
    assert not child["band_safe"]  # "fewer than 6" is never stated for a count the policy cannot protect


def test_an_empty_intersection_no_table_prints_is_used_by_the_insider_only():
    """Who complained (Child 3 and Parent 40 withheld, Total 43 printed) and the service complained
    about (Education 2, Social care 41, published): two of the children's complaints were about
    Education, one about Social care, and no parent complained about Education."""
    child = ["c0/1", "c1/1", "c2/1"]
    parent = _cases("p", 40)
    records = [
        _n("who", "Child", "n", child, True, True, into=[("Total", "n")], protected=True),
        _n("who", "Parent", "n", parent, True, into=[("Total", "n")], protected=True),
        _n("who", "Total", "n", child + parent, protected=True),
        _n("service", "Education", "n", child[:2]),
        _n("service", "Social care", "n", child[2:] + parent),
    ]
    model = LinkedTables.from_records(records)
    # the reader: Child + Parent = 43 = Education + Social care; nothing ties Child to Education
    assert model.range_of(("who", "Child", "n", "")) == (0, 43)
    # the insider knows no parent complained about Education: the 2 Education cases are children's
    insider = CaseGroups(records, model.withheld)
    assert insider.range_of({("who", "Child", "n", ""): 1}) == (2, 43)


def test_complaints_counted_at_their_first_and_final_stage_are_the_same_complaints():
    """Who complained, each complaint once at its first stage (protected: Child 2, Parent 5), and
    outcomes by who, each complaint once at its final stage (published): one child's and two parents'
    complaints went on to stage 2, so the two tables' references differ, but not their complaints."""
    first = {"Child": ["c0/1", "c1/1"], "Parent": [f"p{i}/1" for i in range(5)]}
    final = {"Child": ["c0/2", "c1/1"], "Parent": ["p0/2", "p1/2"] + [f"p{i}/1" for i in range(2, 5)]}
    records = [
        _n("who", "Child", "n", first["Child"], True, True, into=[("Total", "n")], protected=True),
        _n("who", "Parent", "n", first["Parent"], True, into=[("Total", "n")], protected=True),
        _n("who", "Total", "n", first["Child"] + first["Parent"], protected=True),
        _n("final", "Child", "Upheld", final["Child"]),
        _n("final", "Parent", "Upheld", final["Parent"]),
    ]
    model = LinkedTables.from_records(records)
    assert any("count the same cases" in r.why for r in model.relations)
    assert model.range_of(("who", "Child", "n", "")) == (2, 2)  # the same complaints: Child = 2 printed
    # one stage each, at different stages, is never taken for the same complaints
    stage_1, stage_2 = ["c0/1", "c1/1"], ["c0/2", "c1/2"]
    other = [_n("a", "x", "n", stage_1[:1]), _n("a", "y", "n", stage_1[1:]), _n("b", "x", "n", stage_2)]
    assert not LinkedTables.from_records(other).relations


def test_banded_headline_is_safe_only_when_the_band_leaves_the_range_wide_enough():
    records = [
        _n("who", "Child", "n", _cases("c", 3), True, True, into=[("Total", "n")], protected=True),
        _n("who", "Parent", "n", _cases("p", 40), True, into=[("Total", "n")], protected=True),
        _n("who", "Total", "n", _cases("c", 3) + _cases("p", 40), protected=True),
    ]
    model, _, need = protect(records, protection=5)
    # Child + Parent = 43: Child 0 to 43; "fewer than 6" adds Child <= 5: 0 to 5, five wide
    child = next(c for c in report(model, records, need, 5, 5) if c["row"] == "Child")
    assert child["range"] == [0, 43] and child["band_safe"]
    # at protection 6 the band would narrow it to 0..5, too little, though the cell itself is protected
    model, _, need = protect(records, protection=6)
    child = next(c for c in report(model, records, need, 6, 5) if c["row"] == "Child")
    assert child["protected"] and not child["band_safe"]


def test_protection_zero_adds_nothing():
    _, added, need = protect(_who_and_parents(with_total_elsewhere=False), protection=0)
    assert added == {} and need == {}


def test_months_within_quarters_the_same_way_in_every_column_are_a_relation():
    """Complaints by month (protected; April 2 at stage 1, small) and by quarter (published): April and
    May are in Q1, July in Q2, at stage 1 and at stage 2 alike, so each quarter is the sum of its
    months, April's empty stage 2 cell included."""
    cells = {
        ("months", "April", "s1"): ["a1/1", "a2/1"],
        ("months", "May", "s1"): ["m1/1", "m2/1", "m3/1"],
        ("months", "July", "s1"): [f"j{i}/1" for i in range(4)],
        ("months", "April", "s2"): [],
        ("months", "May", "s2"): [f"n{i}/2" for i in range(4)],
        ("months", "July", "s2"): ["k1/2"],
    }
    records = [
        _n(*key, cases, withheld=key[1:] == ("April", "s1"), primary=key[1:] == ("April", "s1"), protected=True)
        for key, cases in cells.items()
    ]
    quarters = {
        ("Q1", "s1"): ("April", "May"),
        ("Q2", "s1"): ("July",),
        ("Q1", "s2"): ("April", "May"),
        ("Q2", "s2"): ("July",),
    }
    for (quarter, stage), months in quarters.items():
        records.append(_n("quarters", quarter, stage, [c for m in months for c in cells[("months", m, stage)]]))
    model = LinkedTables.from_records(records)
    april = ("months", "April", "s1", "")
    assert model.range_of(april) == (2, 2)  # Q1 at stage 1, 5, less May's 3
    protected, added, _ = protect(records, protection=5)
    # May's 3 is the cheapest cell that widens it: April + May = 5 leaves April 0 to 5
    assert added == {("months", "May", "s1"): "secondary"} and protected.range_of(april) == (0, 5)
    # April's empty stage 2 cell is in Q1 too: Q1 at stage 2 (4) = April + May (4)
    assert any(
        dict(r.terms)
        == {("quarters", "Q1", "s2", ""): 1, ("months", "April", "s2", ""): -1, ("months", "May", "s2", ""): -1}
        for r in model.relations
    )


def test_cells_lying_within_the_one_cell_with_cases_by_coincidence_are_no_relation():
    """Responses by division (protected) and by quarter (published). At stage 3 only Children's Social
    Care (CSC) had any, 2 (small), so both quarters' stage 3 responses lie within CSC's cell; at stage
    1 the quarters mix divisions, so quarters do not lie within divisions: a coincidence."""
    csc1, qc1, csc3 = [f"c{i}/1" for i in range(5)], ["q0/1", "q1/1", "q2/1"], ["c0/3", "c1/3"]
    records = [
        _n("division", "CSC", "s1", csc1, protected=True),
        _n("division", "QC", "s1", qc1, True, True, protected=True),
        _n("division", "CSC", "s3", csc3, True, True, protected=True),
        _n("division", "QC", "s3", [], True, protected=True),  # a withheld 0
        _n("quarter", "Q1", "s1", csc1[:3] + qc1[:1]),
        _n("quarter", "Q2", "s1", csc1[3:] + qc1[1:]),
        _n("quarter", "Q1", "s3", csc3[:1]),
        _n("quarter", "Q2", "s3", csc3[1:]),
    ]
    model = LinkedTables.from_records(records)
    # the reader: CSC + QC = Q1 + Q2 at each stage (2 at stage 3), QC's 0 unknown: CSC's 2 is 0 to 2
    assert model.range_of(("division", "CSC", "s3", "")) == (0, 2)
    # (stage by stage, divisions summed equal quarters summed; never CSC alone = Q1 + Q2 at stage 3)
    csc_alone = {("division", "CSC", "s3", ""): 1, ("quarter", "Q1", "s3", ""): -1, ("quarter", "Q2", "s3", ""): -1}
    assert all(dict(r.terms) != csc_alone for r in model.relations)


def test_cells_lying_within_cells_differently_in_each_column_are_no_relation():
    """Responses by division (protected) and quarter (published): at stage 1 Q1's all lie within CSC's
    cell and Q2's within QC's, at stage 3 the other way round. Quarters are not made of divisions."""
    csc1, qc1 = [f"c{i}/1" for i in range(6)], [f"q{i}/1" for i in range(7)]
    records = [
        _n("division", "CSC", "s1", csc1, protected=True),
        _n("division", "QC", "s1", qc1, protected=True),
        _n("division", "CSC", "s3", ["x/3"], True, True, protected=True),
        _n("division", "QC", "s3", ["y/3"], True, True, protected=True),
        _n("quarter", "Q1", "s1", csc1),
        _n("quarter", "Q2", "s1", qc1),
        _n("quarter", "Q1", "s3", ["y/3"]),
        _n("quarter", "Q2", "s3", ["x/3"]),
    ]
    model = LinkedTables.from_records(records)
    # CSC + QC = Q1 + Q2 = 2 at stage 3, and nothing more: each 0 to 2
    assert model.range_of(("division", "CSC", "s3", "")) == (0, 2)
