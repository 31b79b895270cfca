"""Measures of volumes, compliments, enquiries and timeliness that no fast test ran before `make mutate`
pointed at them, and how every measure records its derivation. Every figure is counted by hand from the
rows of tests/tiny.py (its docstring and tests/test_measures.py list which rows fall in which year,
quarter and stage); each table's caption (title, period and basis, as published) is checked too.
Short names: S0/S1/S2/S3 = stage, stat/corp = statutory/corporate, CSC/E&I/Q&C = the demo divisions
Children's Social Care, Education and Inclusion, Quality and Commissioning.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from pipelines.config.profile import load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.measures import costs, feedback, outcomes, timeliness, volumes
from pipelines.rules import disclosure
from tests import tiny
from tests.cells import cells

DEMO = load_profile("demo")
YEARS = ["2023-24", "2024-25"]
Z = "[z] (0/0)"
TYPES = [
    "Statutory stage 0",
    "Statutory stage 1",
    "Statutory stage 2",
    "Statutory stage 3",
    "Corporate stage 0",
    "Corporate stage 1",
    "Corporate stage 2",
]
MONTHS = ["April", "May", "June", "July", "August", "September", "October", "November", "December"]
MONTHS += ["January", "February", "March"]
RECEIVED, CLOSED = "counted on cases received in the year", "counted on cases closed (responded to) in the year"


@pytest.fixture(scope=tiny.scope)
def f():
    return tiny.frames("2024-25")


# --- volumes ---------------------------------------------------------------------------------------


def test_volumes_by_month_received_and_closed(f):
    # Received 2024-25: April T-006 S1, May T-007 S1, June T-007 S2, July T-008 corp S1, August T-007 S3,
    # September T-014 corp S1, October T-010 S0 and T-014 corp S2, November T-015, December T-009,
    # January T-011, February T-012, March T-013 S1 and T-016 corp S0.
    table = volumes.volumes_by_month(f["complaints"], "2024-25")
    assert list(table.data.columns) == TYPES + ["Total"]
    expected = {
        "April": [0, 1, 0, 0, 0, 0, 0, 1],
        "May": [0, 1, 0, 0, 0, 0, 0, 1],
        "June": [0, 0, 1, 0, 0, 0, 0, 1],
        "July": [0, 0, 0, 0, 0, 1, 0, 1],
        "August": [0, 0, 0, 1, 0, 0, 0, 1],
        "September": [0, 0, 0, 0, 0, 1, 0, 1],
        "October": [1, 0, 0, 0, 0, 0, 1, 2],
        "November": [0, 1, 0, 0, 0, 0, 0, 1],
        "December": [0, 1, 0, 0, 0, 0, 0, 1],
        "January": [0, 1, 0, 0, 0, 0, 0, 1],
        "February": [0, 1, 0, 0, 0, 0, 0, 1],
        "March": [0, 1, 0, 0, 1, 0, 0, 2],
        "Total": [1, 7, 1, 1, 1, 2, 1, 14],
    }
    assert cells(table) == expected
    assert table.caption() == f"Complaints by month, 2024/25, {RECEIVED}"
    # Closed 2024-25: April T-005, T-006; May T-007 S1; July T-007 S2, T-008 corp; September T-014 corp S1;
    # October T-007 S3, T-010 S0; November T-014 corp S2, T-015; January T-009; February T-011; March T-016.
    closed = cells(volumes.volumes_by_month(f["complaints"], "2024-25", basis="closed"))
    assert [closed[m][-1] for m in MONTHS] == [2, 1, 0, 2, 0, 1, 2, 2, 0, 1, 1, 1]
    assert closed["October"] == [1, 0, 0, 1, 0, 0, 0, 2] and closed["Total"][-1] == 13


def test_volumes_by_service_area(f):
    # Stage 1 received, 2023-24 | 2024-25: Child protection T-002, T-018 | T-009, T-015; Children in care
    # T-001 | T-006, T-013; Adoption - | T-012; Leaving care - | T-011; SEND - | T-007; School transport
    # T-003 | T-014; Payments - | T-008; Social work practice T-017 | -; Disabled children T-005 | -.
    # Largest this year first, ties and zeros in the profile's order; the Total row last.
    table = volumes.volumes_by_service(f["complaints"], YEARS, DEMO.service_areas)
    assert cells(table) == {
        "Child protection": [2, 2],
        "Children in care": [1, 2],
        "Adoption": [0, 1],
        "Leaving care": [0, 1],
        "SEND and inclusion": [0, 1],
        "School transport": [1, 1],
        "Payments and finance": [0, 1],
        "Social work practice": [1, 0],
        "Fostering": [0, 0],
        "Disabled children": [1, 0],
        "Total": [6, 9],
    }
    assert table.key == "volumes_by_service"
    assert table.caption() == f"Stage 1 complaints by service area, 2023/24 to 2024/25, {RECEIVED}"
    # Corporate only: School transport T-003 | T-014, Payments - | T-008.
    corporate = volumes.volumes_by_service(f["complaints"], YEARS, DEMO.service_areas, procedure="corporate")
    assert (corporate.key, corporate.title) == (
        "volumes_by_service_corporate",
        "Stage 1 corporate complaints by service area",
    )
    assert list(cells(corporate).items())[:2] == [("School transport", [1, 1]), ("Payments and finance", [0, 1])]
    assert cells(corporate)["Total"] == [1, 2]
    # Stage 2: T-002 (Child protection, 2023-24), T-007 (SEND), T-014 (School transport) in 2024-25.
    two = volumes.volumes_by_service(f["complaints"], YEARS, DEMO.service_areas, stage=2)
    assert two.title == "Stage 2 complaints by service area"
    assert list(cells(two).items())[:3] == [
        ("SEND and inclusion", [0, 1]),
        ("School transport", [0, 1]),
        ("Social work practice", [0, 0]),
    ]
    assert cells(two)["Child protection"] == [1, 0] and cells(two)["Total"] == [1, 2]
    # Three years (nothing received in 2022-23): still largest in the last year first, the order above.
    three = volumes.volumes_by_service(f["complaints"], ["2022-23", *YEARS], DEMO.service_areas)
    assert list(cells(three)) == list(cells(table)) and cells(three)["Total"] == [0, 6, 9]
    # A procedure is named by its label before any '(...)': "Adult social care (2009 regulations)".
    adult = volumes.volumes_by_service(f["complaints"], YEARS, DEMO.service_areas, procedure="adult")
    assert adult.title == "Stage 1 adult social care complaints by service area"


def test_volumes_by_division(f):
    # Received 2024-25. CSC: T-010 S0; T-006, 009, 011, 012, 013, 015 S1. E&I: T-007 S1, S2, S3; T-014 corp
    # S1, S2. Q&C: T-016 corp S0, T-008 corp S1.
    table = volumes.volumes_by_division(f["complaints"], "2024-25", DEMO.divisions)
    assert cells(table) == {
        "Children's Social Care": [1, 6, 0, 0, 0, 0, 0, 7],
        "Education and Inclusion": [0, 1, 1, 1, 0, 1, 1, 5],
        "Quality and Commissioning": [0, 0, 0, 0, 1, 1, 0, 2],
        "Total": [1, 7, 1, 1, 1, 2, 1, 14],
    }
    assert table.caption() == f"Complaints by division, 2024/25, {RECEIVED}"
    assert table.key == "volumes_by_division"  # the name a profile's disclosure protect/publish lists use


def test_who_complained_is_protected_by_its_key(f, monkeypatch):
    # complainant_types is a table about people (disclosure_policy.PERSON_TABLES): protected by default.
    # Threshold 5: the 3 children who complained about statutory stage 1 (T-006, T-011, T-013) are withheld.
    monkeypatch.setitem(disclosure.POLICY, "threshold", 5)
    table = volumes.complainant_types(f["complaints"], "2024-25")
    assert table.key == "complainant_types" and disclosure.protected(table)
    assert ("Child or young person", "Statutory") in table.hidden


def test_complainant_types_each_complaint_once(f):
    # First stages (0 or 1) received 2024-25, statutory | corporate: child T-006, T-011, T-013 | -;
    # parent T-007, T-009 | T-014; other family T-010; foster carer T-015; special guardian T-012;
    # professional - | T-016; member of the public - | T-008.
    table = volumes.complainant_types(f["complaints"], "2024-25")
    assert list(table.data.columns) == ["Statutory", "Corporate", "Total"]
    assert cells(table) == {
        "Child or young person": [3, 0, 3],
        "Parent or guardian": [2, 1, 3],
        "Other family member": [1, 0, 1],
        "Foster carer": [1, 0, 1],
        "Special guardian": [1, 0, 1],
        "Professional": [0, 1, 1],
        "Member of the public": [0, 1, 1],
        "Anonymous": [0, 0, 0],
        "Total": [8, 3, 11],
    }
    assert table.caption() == (
        "Complainants by type and procedure (each complaint once, at its first stage: one escalated from "
        f"stage 0 to stage 1 counts once), 2024/25, {RECEIVED}"
    )


def test_a_complaint_escalated_from_stage_0_to_1_counts_once_as_its_first_stage(f):
    # T-010 (other family member, no advocate) gets a stage 1 after its stage 0, with an advocate by then:
    # it is still one complaint, counted as its stage 0 was (no advocate). 2024-25 then: 11 complaints,
    # 4 with an advocate (T-006, T-011, T-012, T-013), as without the extra stage.
    c = f["complaints"]
    stage0 = c[(c["case_ref"] == "T-010") & (c["stage"] == 0)]
    escalated = pd.concat([stage0.assign(stage=1, advocate=True), c], ignore_index=True)  # the later stage first
    assert cells(volumes.complainants(escalated, "2024-25"))["Total"] == [11, 4, 100]
    assert cells(volumes.complainants(escalated, "2024-25"))["Other"] == [5, 1, 45]  # 5/11 = 45.5% -> 45
    first = volumes.new_complaints(escalated[escalated["case_ref"] == "T-010"])
    assert list(first["stage"]) == [0] and not bool(first["advocate"].iloc[0])


def test_rate_per_context_on_the_closed_basis_and_a_figure_of_the_councils_own(f):
    # Statutory first stages closed 2024-25: T-005 (S1), T-006, T-007, T-009, T-010 (S0), T-011, T-015 = 7;
    # 2023-24: T-001, T-002, T-004 (S0), T-017, T-018 = 5. Per 1,000 of 6,400 referrals: 7000/6400 =
    # 1.09375 -> 1.1; per 100 of 4,000: 500/4000 = 0.125 -> 0.1.
    table = volumes.rate_per_context(f["complaints"], f["context"], YEARS, per=1000, basis="closed")
    assert cells(table)["2024/25"] == [7, 6400, 1.1]
    per_100 = volumes.rate_per_context(f["complaints"], f["context"], YEARS, per=100, basis="closed")
    assert list(per_100.data.columns)[-1] == "Per 100" and cells(per_100)["2023/24"] == [5, 4000, 0.1]
    assert table.key == "rate_per_referrals"
    assert table.caption() == (
        f"Statutory complaints per 1,000 referrals to children's social care, 2023/24 to 2024/25, {CLOSED}"
    )
    own = pd.DataFrame(
        {"financial_year": ["2024-25"], "measure": ["foster_homes"], "value": [50], "source": ["Council"]}
    )
    assert volumes.context_label(own, "foster_homes") == "Foster homes"  # no label given: from its name
    assert volumes.context_label(own.assign(label="Approved foster homes"), "foster_homes") == "Approved foster homes"
    # 8 statutory first stages received 2024-25 per 1,000 of 50: 160.0
    assert cells(volumes.rate_per_context(f["complaints"], own, ["2024-25"], measure="foster_homes"))["2024/25"] == [
        8,
        50,
        160,
    ]


# --- compliments and enquiries ----------------------------------------------------------------------


def test_compliments_by_service_area(f):
    # 2023-24: TC-001 Children in care, TC-002 SEND; 2024-25: TC-003 Fostering, TC-004 Social work practice,
    # TC-005 School transport, TC-006 Adoption. Largest this year first, ties in the profile's order.
    table = feedback.compliments_by_service(f["compliments"], YEARS, DEMO.service_areas)
    assert list(cells(table).items())[:4] == [
        ("Social work practice", [0, 1]),
        ("Fostering", [0, 1]),
        ("Adoption", [0, 1]),
        ("School transport", [0, 1]),
    ]
    assert cells(table)["Children in care"] == [1, 0] and cells(table)["SEND and inclusion"] == [1, 0]
    assert list(table.data.index)[-1] == "Total" and cells(table)["Total"] == [2, 4]
    assert table.caption() == "Compliments by service area, 2023/24 to 2024/25"


def test_what_compliments_praised(f):
    # 2024-25: TC-003 support; communication, TC-004 listening, TC-005 reliability, TC-006 support.
    # Most frequent first, ties alphabetical.
    table = feedback.compliment_themes(f["compliments"], "2024-25")
    assert cells(table) == {"Support": [2], "Communication": [1], "Listening": [1], "Reliability": [1]}
    assert table.notes == ["A compliment can praise several things."]
    assert table.caption() == "What compliments praised, 2024/25"


COMPLIMENTS = """\
compliment_ref,date_received,service_area,division,themes,text,approved_for_publication,staff_names,recorded_as_compliment
K-1,2024-06-01,Fostering,Children's Social Care,support,Later words about fostering.,true,,true
K-2,2024-05-01,Fostering,Children's Social Care,support,Earlier words about fostering.,true,,true
K-3,2024-04-01,Adoption,Children's Social Care,support,Feedback that was not recorded.,true,,false
K-4,2024-07-01,Adoption,Children's Social Care,support,Recorded adoption thanks.,true,,true
K-5,2024-08-01,Leaving care,Children's Social Care,support,Earlier words about fostering.,true,,true
K-6,2024-09-01,Leaving care,Children's Social Care,support,Not approved for quoting.,false,,true
K-7,2024-10-01,Leaving care,Children's Social Care,support,,true,,true
"""


def test_compliments_chosen_for_quotation():
    from pipelines.inputs.ingest import typed
    from pipelines.rules.derive import derive_dated

    frame = derive_dated(typed("compliments", tiny.text_frame("compliments", COMPLIMENTS)), "date_received")
    frame = frame.assign(year_received="2024-25")
    # Approved with a text: K-1..K-5. The same text twice is quoted once (K-5 repeats K-2). One per service
    # area, services in order; in a service the recorded compliments before other feedback, then the earliest.
    picked = feedback.compliment_examples(frame, "2024-25")
    assert picked == [
        {"service_area": "Adoption", "text": "Recorded adoption thanks."},  # K-4 recorded, before K-3
        {"service_area": "Fostering", "text": "Earlier words about fostering."},  # K-2 before K-1
    ]
    assert feedback.compliment_examples(frame, "2024-25", limit=1) == picked[:1]
    every = feedback.compliment_examples(frame, "2024-25", mode="all")
    assert [p["text"] for p in every] == [
        "Recorded adoption thanks.",
        "Feedback that was not recorded.",
        "Earlier words about fostering.",
        "Later words about fostering.",
    ]
    # Feedback not recorded as a compliment is quoted but never counted: 6 of the 7 are counted.
    assert len(feedback.recorded(frame)) == 6


def test_compliment_words_leave_out_short_and_common_words(f):
    # Approved 2024-25: TC-003 "Our supervising social worker was brilliant.", TC-004 "The team listened
    # to our daughter.", TC-006 "We could not have done it without the adoption team." Words of three
    # letters or more, lower case, without our/was/the/have: team twice, the others once, alphabetical.
    assert feedback.compliment_words(f["compliments"], "2024-25") == {
        "adoption": 1,
        "brilliant": 1,
        "could": 1,
        "daughter": 1,
        "done": 1,
        "listened": 1,
        "not": 1,
        "social": 1,
        "supervising": 1,
        "team": 2,
        "without": 1,
        "worker": 1,
    }


def test_every_common_word_is_left_out_of_the_word_cloud(f):
    # A compliment made of nothing but the common words the cloud leaves out gives no word at all; one
    # word that is not common ("kindness") is kept.
    common = (
        "and for our with that they were was you your his her him she have has had what said would always "
        "very during every from them this their thank the did made making sure everyone helped"
    )
    c = f["compliments"]
    one = c[c["compliment_ref"] == "TC-003"].assign(text=f"Thank {common} kindness", compliment_ref="TC-900")
    assert feedback.compliment_words(one, "2024-25") == {"kindness": 1}


def test_enquiries_by_quarter(f):
    # Received 2024-25: Q1 TE-002 councillor (Apr), TE-003 MP (Jun); Q2 TE-004 general (Aug); Q3 TE-005 chief
    # executive (Dec); Q4 TE-006 general (Mar).
    table = feedback.enquiries_by_quarter(f["enquiries"], "2024-25")
    assert list(table.data.columns) == [
        "MP enquiry",
        "Member (councillor) enquiry",
        "Mayor enquiry",
        "Chief Executive enquiry",
        "General enquiry",
        "Total",
    ]
    assert cells(table) == {
        "Q1": [1, 1, 0, 0, 0, 2],
        "Q2": [0, 0, 0, 0, 1, 1],
        "Q3": [0, 0, 0, 1, 0, 1],
        "Q4": [0, 0, 0, 0, 1, 1],
        "Total": [1, 1, 0, 1, 2, 5],
    }
    assert table.caption() == f"Enquiries by quarter, 2024/25, {RECEIVED}"


def test_compliment_quotes_setting():
    assert feedback.quote_mode(DEMO) == "one_per_service_area"  # the default
    assert feedback.quote_mode(replace(DEMO, raw={"compliment_quotes": "all"})) == "all"
    with pytest.raises(
        ConfigError, match=r"demo: compliment_quotes must be one of one_per_service_area, all, got 'some'"
    ):
        feedback.quote_mode(replace(DEMO, raw={"compliment_quotes": "some"}))


# --- timeliness ------------------------------------------------------------------------------------


def test_on_time_by_division(f):
    # Closed 2024-25. CSC: T-010 S0 ok; S1 T-005 ok, T-006 late, T-009 ok, T-011 late, T-015 ok -> 3/5.
    # E&I: T-007 S1 ok, S2 late, S3 late; corp T-014 S1 ok, S2 ok. Q&C: corp T-016 S0 ok, T-008 S1 ok.
    table = timeliness.on_time_by_division(f["complaints"], "2024-25", DEMO.divisions)
    assert list(table.data.columns) == TYPES
    assert cells(table) == {
        "Children's Social Care": ["100% (1/1)", "60% (3/5)", Z, Z, Z, Z, Z],
        "Education and Inclusion": [Z, "100% (1/1)", "0% (0/1)", "0% (0/1)", Z, "100% (1/1)", "100% (1/1)"],
        "Quality and Commissioning": [Z, Z, Z, Z, "100% (1/1)", "100% (1/1)", Z],
    }
    assert table.caption() == f"Responses within timescale by division, 2024/25, {CLOSED}"
    # its key is the name a profile protects it by (`disclosure: protect: [on_time_by_division]`, the
    # example in docs/adding-an-authority.md) and its published file's name
    assert table.key == "on_time_by_division"


def test_on_time_by_quarter_of_receipt(f):
    # Answered, received 2024-25 by quarter of receipt: Q1 T-006 late, T-007 S1 ok; T-007 S2 late.
    table = timeliness.on_time_by_quarter(f["complaints"], "2024-25", basis="received")
    assert cells(table)["Q1"][1:3] == ["50% (1/2)", "0% (0/1)"]
    assert table.basis == "received"


def test_timescale_sentences_from_the_profile():
    # demo, 2024-25: each rule in force on 1 April 2024; corporate stage 1 changes on 1 April 2026, after
    # the year (so "changes"); enquiries and FOI are not complaint procedures and have their own sections.
    assert timeliness.timescales_text(DEMO, "2024-25", adults=False) == [
        "Statutory stage 0: 10 working days",
        "Statutory stage 1: 10 working days, extendable to 20",
        "Statutory stage 2: 25 working days, extendable to 65",
        "Statutory stage 3: 50 working days (panel within 30 working days of the request, findings within 5 "
        "of the panel, response within 15 of the findings)",
        "Corporate stage 0: 10 working days",
        "Corporate stage 1: 20 working days, extendable to 30; changes to 15 working days, extendable to 25 "
        "for cases received from 1 April 2026",
        "Corporate stage 2: 20 working days",
    ]
    # 2026-27: the 2026 rule is in force from the first day of the year; nothing changes after it.
    assert (
        timeliness.timescales_text(DEMO, "2026-27", adults=False)[5]
        == "Corporate stage 1: 15 working days, extendable to 25"
    )
    # A change during the year "changed"; a timescale in months.
    timescales = {
        "statutory": {1: [{"from": date(2000, 4, 1), "days": 10}, {"from": date(2024, 10, 1), "days": 15}]},
        "adult": {1: [{"from": date(2000, 4, 1), "months": 6}]},
    }
    combined = load_profile("demo_combined")
    assert timeliness.timescales_text(replace(combined, timescales=timescales), "2024-25", adults=True) == [
        "Statutory stage 1: 10 working days; changed to 15 working days for cases received from 1 October 2024",
        "Adult social care stage 1: 6 months",
    ]
    # Where the report counts no adult complaints (the caller reads the declared report), the adults'
    # timescales are not stated.
    without = replace(
        combined, timescales=timescales, sections=[s for s in combined.sections if s != "adult_social_care"]
    )
    assert timeliness.timescales_text(without, "2024-25", adults=False) == [
        "Statutory stage 1: 10 working days; changed to 15 working days for cases received from 1 October 2024"
    ]


def test_timescale_sentences_past_the_procedures_they_leave_out_and_on_the_years_last_day():
    # In the profile's order: enquiries (a section of their own) and adult social care (no section that
    # year) are left out, and the procedures after them are still stated. Statutory stage 1 has three
    # rules in force before 1 April 2024 (10 days from 2000, 12 from 2010, 15 from 2020): the last, 15,
    # is the one in force. Corporate stage 1 changes on 31 March 2025, the last day of 2024-25: a change
    # during the year, "changed".
    timescales = {
        "enquiries": {"general": [{"from": date(2000, 4, 1), "days": 20}]},
        "adult": {1: [{"from": date(2000, 4, 1), "months": 6}]},
        "statutory": {
            1: [
                {"from": date(2000, 4, 1), "days": 10},
                {"from": date(2010, 4, 1), "days": 12},
                {"from": date(2020, 4, 1), "days": 15},
            ]
        },
        "corporate": {1: [{"from": date(2000, 4, 1), "days": 20}, {"from": date(2025, 3, 31), "days": 15}]},
    }
    combined = load_profile("demo_combined")
    without_adults = replace(
        combined, timescales=timescales, sections=[s for s in combined.sections if s != "adult_social_care"]
    )
    assert timeliness.timescales_text(without_adults, "2024-25", adults=False) == [
        "Statutory stage 1: 15 working days",
        "Corporate stage 1: 20 working days; changed to 15 working days for cases received from 31 March 2025",
    ]


# --- how a table records its derivation (the manifest's `derivation`) -----------------------------------


def test_each_table_records_its_function_arguments_and_source_rows(f):
    # 22 complaint rows: 8 received in 2023-24, 14 in 2024-25 (so 22 in the two years, 14 in one);
    # closed: 7 in 2023-24, 13 in 2024-25 -> 20. Costs incurred: 2 in 2023-24, 4 in 2024-25 (TK-007 is
    # 2022-23). Context rows have no year of receipt: all 3 are counted.
    by_year = volumes.volumes_by_year(f["complaints"], YEARS)
    assert by_year.derivation == {
        "function": "volumes.volumes_by_year",
        "arguments": {"years": YEARS, "basis": "received"},
        "source_rows": 22,
    }
    assert volumes.volumes_by_quarter(f["complaints"], "2024-25").derivation["source_rows"] == 14
    on_time = timeliness.on_time_by_stage(f["complaints"], YEARS)
    assert on_time.derivation["source_rows"] == 20 and on_time.derivation["arguments"]["basis"] == "closed"
    assert costs.costs_by_year(f["costs"], YEARS).derivation["source_rows"] == 6
    rate = volumes.rate_per_context(f["complaints"], f["context"], ["2024-25"])
    assert rate.derivation["arguments"] == {
        "years": ["2024-25"],
        "measure": "referrals",
        "per": 1000,
        "basis": "received",
    }
    assert rate.derivation["source_rows"] == 14
    themes = outcomes.themes(f["complaints"], "2024-25")
    assert themes.derivation["function"] == "outcomes.themes"
    assert themes.data.attrs == {}  # the references behind cells are taken off the data
