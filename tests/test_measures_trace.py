"""The audit trail adds up, and every table says what it is. In the audit edition each count cell carries
the references of the cases behind it (tables/<table>.refs.json), and the published edition's
whole-report disclosure check reads the same references (rules.disclosure_numbers.cell_numbers): a count is
used there only when it has exactly as many distinct cases as its value. So for every measure, on the
tiny dataset: each traced cell is a cell of the table, a count cell has exactly `value` distinct
references, an on-time cell 'p% (x/y)' has y references of which x are marked on time, and every count
cell of a table counted from cases is traced. And each table's caption, notes and column roles (the
published labels) are as the report prints them.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipelines.config.profile import load_profile
from pipelines.inputs.ingest import typed
from pipelines.measures import (
    base,
    cases,
    costs,
    feedback,
    foi,
    lgsco_cases,
    ombudsman,
    outcomes,
    stage_facts,
    stage_requests,
    timeliness,
    volumes,
)
from pipelines.rules.derive import derive_requests
from tests import tiny

DEMO = load_profile("demo")
YEARS = ["2023-24", "2024-25"]
Y = "2024-25"
RATIO = re.compile(r"^(?:\[z\]|\d+%) \((\d+)/(\d+)\)$")
FOI = """\
foi_ref,request_type,date_received,date_responded,division
F-01,request,2024-04-02,2024-04-30,Children's Social Care
F-02,request,2024-06-03,2024-07-02,Children's Social Care
F-03,internal_review,2024-10-07,2024-11-01,Children's Social Care
F-06,request,2023-06-05,2023-06-30,Children's Social Care
"""


@pytest.fixture(scope=tiny.scope)
def f():
    frames = tiny.frames(Y)
    requests = typed("foi", pd.read_csv(pd.io.common.StringIO(FOI), dtype="string"))
    frames["foi"] = derive_requests(requests, DEMO, tiny.year_end(Y), "foi", "request_type")
    return frames


def traced_tables(f) -> dict:
    """Every measure counted from cases, on the tiny dataset, built with tracing on."""
    c, e, o = f["complaints"], f["enquiries"], f["ombudsman"]
    kinds = cases.default_case_types()
    tables = [
        volumes.volumes_by_year(c, YEARS),
        volumes.volumes_by_quarter(c, Y),
        volumes.volumes_by_month(c, Y, basis="closed"),
        volumes.volumes_by_service(c, YEARS, DEMO.service_areas),
        volumes.volumes_by_division(c, Y, DEMO.divisions),
        volumes.complainants(c, Y),
        volumes.complainant_types(c, Y),
        volumes.escalation(c, YEARS),
        timeliness.on_time_by_stage(c, YEARS),
        timeliness.on_time_by_quarter(c, Y),
        timeliness.on_time_by_division(c, Y, DEMO.divisions),
        timeliness.extensions_and_late(c, Y),
        timeliness.open_at_year_end(c, Y),
        outcomes.outcomes_by_stage(c, Y, stages=(1, 2)),
        outcomes.outcome_groups(c, YEARS),
        outcomes.upheld_by_service(c, Y, DEMO.service_areas),
        outcomes.themes(c, Y, upheld_only=True),
        feedback.compliments_by_year(f["compliments"], YEARS, DEMO.divisions),
        feedback.compliments_by_service(f["compliments"], YEARS, DEMO.service_areas),
        feedback.compliment_themes(f["compliments"], Y),
        feedback.enquiries_by_year(e, YEARS),
        feedback.enquiries_by_quarter(e, Y),
        feedback.enquiries_on_time(e, Y),
        ombudsman.lgsco_by_year(o, YEARS),
        ombudsman.lgsco_decisions(o, Y),
        ombudsman.lgsco_groups(o, YEARS),
        ombudsman.uphold_rates(o, Y),
        ombudsman.remedies(o, Y),
        lgsco_cases.lgsco_received_by_service(o, Y),
        foi.foi_by_month(f["foi"], Y),
        foi.foi_by_year(f["foi"], YEARS),
        foi.foi_on_time(f["foi"], Y),
        foi.foi_on_time_by_year(f["foi"], YEARS),
        cases.cases_by_year(c, e, YEARS, kinds),
        cases.cases_by_quarter(c, e, Y, kinds),
        cases.cases_change(c, e, YEARS, kinds),
        cases.cases_on_time_by_quarter(c, e, Y, kinds),
        cases.cases_on_time_by_division(c, e, Y, kinds, DEMO.divisions),
        cases.excluded_on_time(c, Y, ("not_upheld", "withdrawn")),
        cases.theme_by_division_quarter(c, Y, "delay", DEMO.divisions),
        stage_requests.stage_requests_by_year(c, YEARS),
        stage_requests.stage_status_by_division(c, Y, DEMO.divisions),
        stage_requests.stage_outcomes(c, Y, stage=1, basis="closed"),
        stage_requests.stage_requests_total(c, YEARS, stage=2),
        stage_requests.escalation_overall(c, YEARS),
        stage_requests.advocacy_by_stage(c, e, Y),
        stage_facts.received_and_closed_by_stage(c, YEARS),
        stage_facts.stage2_offered_late(c, YEARS),
        stage_facts.panels_held(c, YEARS),
        stage_facts.working_days_by_stage(c, YEARS),
        costs.costs_by_year(f["costs"], YEARS),
    ]
    return {t.key: t for t in tables}


def count_columns(table) -> list:
    """Columns of counts, as the Table documents its column roles: numeric, not a percentage, rate,
    money or value column."""
    rates = set(table.percent_columns) | set(table.money_columns) | set(table.value_columns)
    return [
        c
        for c in table.data.columns
        if c not in rates
        and "%" not in str(c)
        and not str(c).startswith("Per ")
        and pd.api.types.is_numeric_dtype(table.data[c])
    ]


@pytest.fixture(scope=tiny.scope)
def traced(f):
    base.TRACE["on"] = True
    try:
        return traced_tables(f)
    finally:
        base.TRACE["on"] = False


# Rows that sum money in a table of counts: traced to the cases paid, not as many as the pence.
SUMS_OF_MONEY = {("lgsco_remedies", "Payments (total, pence)")}


def test_every_traced_cell_adds_up(traced):
    for key, table in traced.items():
        assert table.refs, f"{key}: nothing traced"
        rows, columns = {str(r): r for r in table.data.index}, {str(c): c for c in table.data.columns}
        for r, cells in table.refs.items():
            assert r in rows, f"{key}: traced row {r!r} is not in the table"
            for c, refs in cells.items():
                assert c in columns, f"{key}: traced column {c!r} is not in the table"
                value = table.data.loc[rows[r], columns[c]]
                match = RATIO.match(value) if isinstance(value, str) else None
                if match:
                    part, whole = int(match.group(1)), int(match.group(2))
                    assert len(refs) == whole, (key, r, c, value, refs)
                    assert sum(x.endswith(": on time") for x in refs) == part, (key, r, c, value, refs)
                    assert all(x.endswith((": on time", ": late")) for x in refs), (key, r, c, refs)
                elif columns[c] in count_columns(table) and (key, r) not in SUMS_OF_MONEY:
                    assert len(set(refs)) == len(refs) == int(value), (key, r, c, value, refs)


def test_every_count_cell_of_a_table_of_cases_is_traced(traced):
    # Tables that hold figures other than counts of cases in count-like columns are left out: the
    # context figure beside a rate, working days, costs in pence, remedies' payments and the uphold rates.
    not_only_cases = {"costs_by_year", "lgsco_remedies", "lgsco_uphold", "working_days_by_stage"}
    for key, table in traced.items():
        if key in not_only_cases:
            continue
        for r in table.data.index:  # a count of none has no cases behind it to name
            for c in count_columns(table):
                traced_cell = str(c) in table.refs.get(str(r), {})
                assert traced_cell or table.data.loc[r, c] == 0, f"{key}: [{r} / {c}] is not traced"
        for r in table.data.index:  # and every on-time cell
            for c in table.data.columns:
                if isinstance(table.data.loc[r, c], str) and RATIO.match(table.data.loc[r, c]):
                    assert str(c) in table.refs.get(str(r), {}), f"{key}: [{r} / {c}] is not traced"


def test_traced_references_name_the_cases(traced):
    # Hand-picked cells, counted from tests/tiny.py. Costs: TK-003 (investigating officer) in 2024-25.
    assert traced["costs_by_year"].refs["Independent investigating officers"]["2024/25"] == ["TK-003"]
    assert traced["costs_by_year"].refs["Total"]["2023/24"] == ["TK-001", "TK-002"]
    # Complaints open at 31 Mar 2025: T-012 overdue, T-013 in progress.
    assert traced["open_at_year_end"].refs["Statutory stage 1"] == {
        "Open": ["T-012 (stage 1)", "T-013 (stage 1)"],
        "In progress": ["T-013 (stage 1)"],
        "Overdue": ["T-012 (stage 1)"],
    }
    # Extensions: T-007 S1 (closed 29 May 2024) is the one extended response.
    assert traced["extensions_and_late"].refs["Total"]["Extension agreed"] == ["T-007 (stage 1)"]
    # Upheld by service, Child protection: T-009 upheld, T-015 no finding, both decided.
    assert traced["upheld_by_service"].refs["Child protection"] == {
        "Decided": ["T-009 (stage 1)", "T-015 (stage 1)"],
        "Upheld or partly upheld": ["T-009 (stage 1)"],
    }
    # Remedies decided 2024-25: late TL-005; payments TL-002, TL-005.
    remedies = traced["lgsco_remedies"].refs
    assert remedies["Remedies late or overdue"]["Value"] == ["TL-005"]
    assert remedies["Payments (total, pence)"]["Value"] == ["TL-002", "TL-005"]
    assert remedies["Service improvement"]["Value"] == ["TL-005"]
    # Working days, statutory stage 1 closed 2023-24: T-001, T-002, T-017, T-018.
    days = traced["working_days_by_stage"].refs["Statutory stage 1"]
    assert (
        days["2023/24 Average"]
        == days["2023/24 Responses"]
        == [
            "T-001 (stage 1)",
            "T-002 (stage 1)",
            "T-017 (stage 1)",
            "T-018 (stage 1)",
        ]
    )
    # Uphold rates 2024-25: TL-002 was already upheld by the council.
    assert traced["lgsco_uphold"].refs["Already upheld by the council"]["Value"] == ["TL-002"]


CAPTIONS = {
    # key: (caption, notes, percent columns, money columns)
    "volumes_by_year": (
        "Complaints by procedure and stage, 2023/24 to 2024/25, counted on cases received in the year",
        [],
        ("Change (%)",),
        (),
    ),
    "volumes_by_quarter": ("Complaints by quarter, 2024/25, counted on cases received in the year", [], (), ()),
    "complainants": (
        "Who complained (each complaint once, at its first stage: one escalated from stage 0 to stage 1 counts "
        "once), 2024/25, counted on cases received in the year",
        [],
        ("Share (%)",),
        (),
    ),
    "escalation": (
        "Escalation from stage 1 to stage 2, 2023/24 to 2024/25, counted on cases received in the year",
        [],
        ("Escalation rate (%)",),
        (),
    ),
    "on_time_by_stage": (
        "Responses within timescale by procedure and stage, 2023/24 to 2024/25, counted on cases closed "
        "(responded to) in the year",
        [],
        ("2023/24 %", "2024/25 %"),
        (),
    ),
    "on_time_by_quarter": (
        "Responses within timescale by quarter, 2024/25, counted on cases closed (responded to) in the year",
        [],
        (),
        (),
    ),
    "extensions_and_late": (
        "Extensions and late responses, 2024/25, counted on cases closed (responded to) in the year",
        [],
        ("Late (%)",),
        (),
    ),
    "open_at_year_end": ("Complaints open at the year end, at 31 March 2025", [], (), ()),
    "outcomes_stage_1_2": (
        "Outcomes of stage 1 and 2 complaints, 2024/25, counted on cases closed (responded to) in the year",
        [],
        ("Share (%)",),
        (),
    ),
    "outcome_groups_statutory": (
        "Final outcome of statutory complaints, 2023/24 to 2024/25, counted on cases closed (responded to) in the year",
        [],
        ("2024/25 (%)",),
        (),
    ),
    "upheld_by_service": (
        "Stage 1 upheld rate by service area, 2024/25, counted on cases closed (responded to) in the year",
        [
            "Decided: upheld, partly upheld, not upheld or no finding (withdrawn, signposted and early resolution "
            "are not decisions on the merits)."
        ],
        ("Upheld rate (%)",),
        (),
    ),
    "themes_upheld": (
        "Themes of upheld or partly upheld stage 1 complaints, 2024/25, counted on cases closed (responded to) in the year",
        ["A complaint can have several themes, so the counts add up to more than the 4 complaints."],
        ("Share of complaints (%)",),
        (),
    ),
    "compliments_by_year": ("Compliments by division, 2023/24 to 2024/25", [], ("Change (%)",), ()),
    "enquiries_by_year": (
        "Enquiries by type, 2023/24 to 2024/25, counted on cases received in the year",
        [],
        ("Change (%)",),
        (),
    ),
    "enquiries_on_time": (
        "Enquiries answered within timescale by quarter, 2024/25, counted on cases closed (responded to) in the year",
        [],
        (),
        (),
    ),
    "lgsco_by_year": ("Ombudsman enquiries and decisions, 2023/24 to 2024/25", [], (), ()),
    "lgsco_uphold": (
        "Ombudsman uphold rates, 2024/25",
        [
            "Rates are shares of all decisions. The actual uphold rate leaves out complaints the council had "
            "already upheld before the Ombudsman's decision."
        ],
        (),
        (),
    ),
    "lgsco_remedies": ("Ombudsman remedies and payments, 2024/25", [], (), ()),
    "costs_by_year": ("Costs of complaints, 2023/24 to 2024/25", [], (), ("2023/24", "2024/25")),
    "stage2_requests_by_year": (
        "Stage 2 requests received, 2023/24 to 2024/25, counted on cases received in the year",
        ["Withdrawn / Suspended: requests withdrawn or suspended, not counted among the requests received."],
        ("Change (%)",),
        (),
    ),
    "stage2_status_by_division": (
        "Stage 2 requests received and completed, by division, 2024/25, counted on cases received in the year",
        ["Status at 31 March 2025."],
        (),
        (),
    ),
    "stage2_requests_total": (
        "Stage 2 requests received, 2023/24 to 2024/25, counted on cases received in the year",
        [],
        (),
        (),
    ),
    "escalation_overall": (
        "Stage 1 complaints escalated to stage 2, 2023/24 to 2024/25, counted on cases received in the year",
        [],
        ("Escalated (%)",),
        (),
    ),
    "advocacy_by_stage": (
        "Complaints and enquiries made with the support of an advocate, 2024/25, counted on cases received in the year",
        [],
        (),
        (),
    ),
    "compliment_themes": ("What compliments praised, 2024/25", ["A compliment can praise several things."], (), ()),
}


def test_each_table_says_what_it_is(traced):
    for key, (caption, notes, percent, money) in CAPTIONS.items():
        table = traced[key]
        assert (table.caption(), table.notes, table.percent_columns, table.money_columns) == (
            caption,
            notes,
            percent,
            money,
        ), key


def test_the_uphold_rate_note_follows_its_denominator(f):
    table = ombudsman.uphold_rates(f["ombudsman"], Y, denominator="investigated")
    assert table.notes[0].startswith("Rates are shares of complaints investigated in detail.")


def test_which_sums_and_complements_each_table_declares(traced):
    assert traced["extensions_and_late"].sums == {"Responses": ["Within timescale", "Late"]}
    assert traced["extensions_and_late"].complements == (("Extension agreed", "Responses"),)
    assert traced["open_at_year_end"].sums == {"Open": ["In progress", "Overdue"]}
    assert traced["on_time_by_stage"].complements == (
        ("2023/24 On time", "2023/24 Responded"),
        ("2024/25 On time", "2024/25 Responded"),
    )
    assert traced["working_days_by_stage"].value_columns == (
        "2023/24 Average",
        "2023/24 Median",
        "2024/25 Average",
        "2024/25 Median",
    )


def test_the_disclosure_check_reads_every_count_with_its_cases(traced):
    # rules.disclosure_numbers.cell_numbers turns traced cells into the equations of the whole-report
    # check. It keeps a cell only when its references name exactly as many cases as the cell prints, so a
    # cell whose trail does not add up silently drops out of the check: every count cell of every table
    # must be read (one number, or two for 'n% (x/y)': the y responses and the x on time), each with the
    # figure printed in the table. (A row of rates under the counts, 'Uphold rate (%)', and a sum of money
    # are not counts.)
    # FOI requests by year: 2023-24 F-06 on time (1 of 1); 2024-25 F-01 on time, F-02 late (1 of 2).
    from pipelines.rules import disclosure
    from pipelines.rules.disclosure_numbers import cell_numbers

    for key, table in traced.items():
        numbers = cell_numbers(table)
        counts = set(disclosure._count_columns(table))
        expected = []
        for r in [r for r in table.data.index if "%" not in str(r) and (key, r) not in SUMS_OF_MONEY]:
            for c in table.data.columns:
                value = table.data.loc[r, c]
                ratio = RATIO.match(value) if isinstance(value, str) else None
                if ratio:
                    expected += [(str(r), str(c), "whole", int(ratio[2])), (str(r), str(c), "part", int(ratio[1]))]
                elif c in counts and not pd.isna(value):
                    expected.append((str(r), str(c), "", int(value)))
        read = [
            (n["row"], n["column"], n["part"], n["value"]) for n in numbers if "%" not in n["row"]
        ]  # a 0% is read as 0 cases
        assert read == expected, key
    foi_numbers = cell_numbers(traced["foi_on_time_by_year"])
    assert [(n["row"], n["part"], n["value"]) for n in foi_numbers] == [
        ("2023/24", "whole", 1),
        ("2023/24", "part", 1),
        ("2024/25", "whole", 2),
        ("2024/25", "part", 1),
    ]
    # Enquiries answered on time, read by their published column names: 5 kinds x (4 quarters + Total),
    # each a whole and a part.
    assert len(cell_numbers(traced["enquiries_on_time"])) == 5 * 5 * 2
    # The Total column of FOI requests by year is read too: 2023/24 Total = 1 (F-06).
    totals = [n for n in cell_numbers(traced["foi_by_year"]) if n["column"] == "Total"]
    assert sorted((n["row"], n["value"]) for n in totals) == [("2023/24", 1), ("2024/25", 3)]  # F-01..F-03
