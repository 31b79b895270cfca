"""The whole-report disclosure check (publish/protection.py), on systems worked out by hand: every
printed number is a sum of groups of cases; a withheld number's range comes from integer programmes."""

from __future__ import annotations

from pipelines.publish.protection import System, protect, report


def _number(table, row, column, cases, withheld, primary=False, part="", section="s"):
    return {
        "section": section,
        "table": table,
        "row": row,
        "column": column,
        "part": part,
        "value": len(cases),
        "withheld": withheld,
        "primary": primary,
        "cases": sorted(cases),
    }


CHILD = [f"c{i}" for i in range(3)]  # 3 complaints from children
PARENT = [f"p{i}" for i in range(40)]  # 40 from parents


def _pair():
    """Table A (who complained) withholds Child 3 (primary) and Parent 40 (its secondary: the Total 43
    would give the 3 away); table B, elsewhere in the report, prints Parent 40 for the same cases."""
    return [
        _number("a", "Child", "n", CHILD, True, primary=True),
        _number("a", "Parent", "n", PARENT, True),
        _number("a", "Total", "n", CHILD + PARENT, False),
        _number("b", "Parent", "n", PARENT, False, section="t"),
    ]


def test_a_table_pair_whose_difference_reveals_a_cell():
    system = System.from_records(_pair())
    # groups: the 3 children's cases (in a.Child, a.Total) and the 40 parents' (a.Parent, a.Total, b.Parent)
    assert sorted(system.sizes) == [3, 40]
    # a.Total = x_child + x_parent = 43 and b.Parent = x_parent = 40, so x_child = 3 exactly
    assert system.range_of(("a", "Child", "n", "")) == (3, 3)
    protected, added = protect(_pair(), protection=5)
    # the printed numbers tied to a.Child are a.Total (43) and b.Parent (40): the smaller goes first and
    # is enough: x_child + x_parent = 43 leaves x_child anywhere from 0 to 43
    assert added == {("b", "Parent", "n"): "secondary"}
    assert protected.range_of(("a", "Child", "n", "")) == (0, 43)
    cells = {(c["table"], c["row"]): c for c in report(protected, protection=5, threshold=5)}
    assert cells[("a", "Child")]["reason"] == "primary" and cells[("b", "Parent")]["reason"] == "secondary"
    assert all(c["protected"] for c in cells.values())
    assert cells[("b", "Parent")]["sections"] == ["t"]  # the section to render again


def test_banded_headline_is_safe_only_when_the_band_leaves_the_range_wide_enough():
    protected, _ = protect(_pair(), protection=5)
    # "fewer than 6" adds x_child <= 5: the range 0..43 becomes 0..5, five wide: safe at protection 5
    child = next(c for c in report(protected, 5, 5) if c["row"] == "Child")
    assert child["band_safe"] and child["range"] == [0, 43]
    # at protection 6 the band would narrow it to 0..5, too little, though the cell itself is protected
    child = next(c for c in report(protected, 6, 5) if c["row"] == "Child")
    assert child["protected"] and not child["band_safe"]


def test_the_issue_recovery_of_a_division_from_the_stage_total():
    """Table 3.1 printed statutory stage 1 as 77 on time of 123; Table 11.3 printed Children's Social
    Care 74 of 116 and withheld Quality and Commissioning: 123 - 116 = 7 responses, 77 - 74 = 3 on time."""
    csc_on, csc_late = [f"k{i}" for i in range(74)], [f"l{i}" for i in range(42)]
    qc_on, qc_late = ["q1", "q2", "q3"], ["q4", "q5", "q6", "q7"]
    records = [
        _number("by_stage", "Statutory stage 1", "On time", csc_on + qc_on, False),
        _number("by_stage", "Statutory stage 1", "Responded", csc_on + csc_late + qc_on + qc_late, False),
        _number("by_division", "CSC", "Stage 1", csc_on + csc_late, False, part="whole"),
        _number("by_division", "CSC", "Stage 1", csc_on, False, part="part"),
        _number("by_division", "QC", "Stage 1", qc_on + qc_late, True, True, part="whole"),
        _number("by_division", "QC", "Stage 1", qc_on, True, True, part="part"),
    ]
    system = System.from_records(records)
    assert system.range_of(("by_division", "QC", "Stage 1", "whole")) == (7, 7)
    assert system.range_of(("by_division", "QC", "Stage 1", "part")) == (3, 3)
    protected, added = protect(records, protection=5)
    # Secondary cells come only from the protected table (by_division: it has the primary cells); the
    # stage table is published in full. QC's on time (3) is bound by On time = CSC_on + QC_on = 77 and
    # CSC's cell; CSC's is the only one it may withhold, and enough: On time = 77 then leaves QC's on
    # time anywhere from 0 to 77, and Responded = 123 leaves its responses from 0 to 123 (CSC's late
    # cases take the rest: 123 - 77 = 46 at most besides QC's).
    assert added == {("by_division", "CSC", "Stage 1"): "secondary"}
    assert protected.range_of(("by_division", "QC", "Stage 1", "part")) == (0, 77)
    assert protected.range_of(("by_division", "QC", "Stage 1", "whole")) == (0, 123)
    assert not protected.exposed(5)


def test_protection_zero_checks_nothing_and_a_withheld_zero_is_not_exposed():
    _, added = protect(_pair(), protection=0)
    assert added == {}
    records = [_number("a", "None", "n", [], True), _number("a", "Total", "n", CHILD, False)]
    assert not System.from_records(records).exposed(5)


def test_the_issue_recovery_of_stage_2_responses_from_within_and_late():
    """Table 3.3 withheld statutory stage 2 Responses but printed Within timescale 9 and Late 12; with
    Children's Social Care at 8 of 19 (Table 11.3), the withheld division was 1 of 2."""
    csc_on, csc_late = [f"k{i}" for i in range(8)], [f"l{i}" for i in range(11)]
    qc_on, qc_late = ["q1"], ["q2"]
    records = [
        _number("late", "Statutory stage 2", "Responses", csc_on + csc_late + qc_on + qc_late, True),
        _number("late", "Statutory stage 2", "Within timescale", csc_on + qc_on, False),
        _number("late", "Statutory stage 2", "Late", csc_late + qc_late, False),
        _number("by_division", "CSC", "Stage 2", csc_on + csc_late, False, part="whole"),
        _number("by_division", "CSC", "Stage 2", csc_on, False, part="part"),
        _number("by_division", "QC", "Stage 2", qc_on + qc_late, True, True, part="whole"),
        _number("by_division", "QC", "Stage 2", qc_on, True, True, part="part"),
    ]
    system = System.from_records(records)
    assert system.range_of(("late", "Statutory stage 2", "Responses", "")) == (21, 21)  # 9 + 12
    assert system.range_of(("by_division", "QC", "Stage 2", "whole")) == (2, 2)  # 21 - 19
    assert system.range_of(("by_division", "QC", "Stage 2", "part")) == (1, 1)  # 9 - 8
    protected, added = protect(records, protection=5)
    # CSC's cell goes (the only other cell of the protected table): Within 9 = CSC_on + QC_on leaves
    # QC's on time from 0 to 9; Within + Late = 21 leaves QC's responses from 0 to 21.
    assert added == {("by_division", "CSC", "Stage 2"): "secondary"} and not protected.exposed(5)
    cells = {(c["table"], c["part"]): c for c in report(protected, 5, 5)}
    assert cells[("by_division", "part")]["range"] == [0, 9]
    assert cells[("by_division", "whole")]["range"] == [0, 21]
    assert all(c["protected"] for c in cells.values())
    # the Responses cell is Within + Late, both in a table published in full: withholding it protects
    # nothing, whatever else were withheld, and the report says so rather than emptying that table
    responses = cells[("late", "")]
    assert responses["range"] == [21, 21] and responses["limited_by_published"]
    assert not any(c["limited_by_published"] for k, c in cells.items() if k[0] == "by_division")


def test_a_protected_cell_pinned_by_a_table_published_in_full_is_protected_as_far_as_it_can_be():
    """Who complained at stage 3: a child (1, withheld) and a parent (1); the stage table, published in
    full, prints stage 3 as 2. Withholding the parent's cell leaves the child's anywhere from 0 to 2; no
    further cell of the protected table can widen that, and the stage table stays whole."""
    child, parent = ["c1"], ["p1"]
    records = [
        _number("who", "Child", "Stage 3", child, True, primary=True),
        _number("who", "Parent", "Stage 3", parent, False),
        _number("volumes", "Stage 3", "2024/25", child + parent, False),
    ]
    protected, added = protect(records, protection=5)
    assert added == {("who", "Parent", "Stage 3"): "secondary"}
    cells = {c["row"]: c for c in report(protected, 5, 5)}
    assert cells["Child"]["range"] == [0, 2] and cells["Child"]["protected"]
    assert cells["Child"]["limited_by_published"]
    assert not cells["Child"]["band_safe"]  # "fewer than 6" is never stated for a count the policy cannot protect
    assert protected.exposed(5, capped=False)  # by the policy's own interval it is not: the audit page says so
