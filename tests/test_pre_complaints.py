"""Pre-complaints: contacts a council handles before stage 1 and counts, times and reports like a
stage (Bradford's "Pre-complaints received / closed / % responded in time", Lancashire's "Stage 0 is the
early resolution of complaints"). They are stage 0 of the data contract under the authority's own name
(`labels: {stages: {0: Pre-complaint}}`), which heads their rows in every procedure-and-stage table.
Expected values are worked by hand from the tiny dataset (tests/tiny.py, whose docstring has the
working days of every row)."""

from __future__ import annotations

import pytest

from pipelines.config import vocabulary
from pipelines.config.profile import load_profile
from pipelines.document import stories
from pipelines.measures import ombudsman, stage_facts, timeliness, timescale_rules, volumes
from pipelines.publish.checks import CsvTable, check_stated_bases
from tests import tiny

TWO_YEARS = ["2023-24", "2024-25"]


@pytest.fixture
def labels():
    """set(mapping): the profile's `labels:` as report.Section sets them; put back afterwards."""
    before = dict(vocabulary.LABEL_OVERRIDES)

    def set_(mapping: dict) -> None:
        vocabulary.LABEL_OVERRIDES.clear()
        vocabulary.LABEL_OVERRIDES.update(mapping)

    yield set_
    set_(before)


def test_stage_0_rows_are_headed_by_the_authoritys_own_name(labels):
    labels({"stages": {0: "Pre-complaint"}})
    table = volumes.volumes_by_year(tiny.frames()["complaints"], TWO_YEARS).data
    # Stage 0 received: T-004 statutory (5 Feb 2024: 2023-24), T-010 statutory (7 Oct 2024), T-016
    # corporate (3 Mar 2025). The stage-1 rows keep their numbers.
    assert list(table.index) == [
        "Statutory pre-complaint",
        "Statutory stage 1",
        "Statutory stage 2",
        "Statutory stage 3",
        "Corporate pre-complaint",
        "Corporate stage 1",
        "Corporate stage 2",
        "Total",
    ]
    assert table.loc["Statutory pre-complaint", ["2023/24", "2024/25"]].tolist() == [1, 1]
    assert table.loc["Corporate pre-complaint", ["2023/24", "2024/25"]].tolist() == [0, 1]


def test_pre_complaints_are_received_closed_and_timed_like_a_stage(labels):
    labels({"stages": {0: "Pre-complaint"}})
    complaints = tiny.frames()["complaints"]
    both = stage_facts.received_and_closed_by_stage(complaints, TWO_YEARS).data
    # T-004: received 5 Feb, answered 12 Feb 2024 (both 2023-24); T-010: 7 and 14 Oct 2024 (2024-25).
    assert both.loc["Statutory pre-complaint"].tolist() == [1, 1, 1, 1]
    on_time = timeliness.on_time_by_stage(complaints, TWO_YEARS, "closed").data
    # T-010 answered on day 5 of its 10 (demo profile, statutory stage 0): on time; T-016 on day 2.
    assert on_time.loc["Statutory pre-complaint", ["2024/25 On time", "2024/25 Responded"]].tolist() == [1, 1]
    assert on_time.loc["Corporate pre-complaint", ["2024/25 On time", "2024/25 Responded"]].tolist() == [1, 1]
    days = stage_facts.working_days_by_stage(complaints, TWO_YEARS, "closed").data
    assert days.loc["Statutory pre-complaint", ["2024/25 Average", "2024/25 Median"]].tolist() == [5, 5]


def test_the_timescales_and_definitions_use_the_name_too(labels):
    labels({"stages": {0: "Pre-complaint"}})
    profile = load_profile("demo")  # statutory and corporate stage 0: 10 working days
    assert "Statutory pre-complaint: 10 working days" in timeliness.timescales_text(profile, "2024-25", adults=False)
    table = timescale_rules.timescales_table(profile.timescales, "2024-25").data
    assert table.loc["Corporate pre-complaint", "Working days"] == 10
    assert stories.definitions(type("D", (), {"profile": profile})())[0] == (
        "Pre-complaint (stage 0): a complaint or concern the council handles informally before stage 1."
    )


def test_the_ombudsman_stage_reached_follows_the_name_unless_labelled_itself(labels):
    frames = tiny.frames()
    frame = frames["ombudsman"].assign(stage_reached=[0] + [None] * (len(frames["ombudsman"]) - 1))
    labels({"stages": {0: "Pre-complaint"}})
    rows = ombudsman.ombudsman_routes(frame, TWO_YEARS).data.index
    assert "Stage reached: Pre-complaint (stage 0)" in rows
    labels({"stages": {0: "Pre-complaint"}, "council_stages": {0: "Informal contact"}})
    assert "Stage reached: Informal contact" in ombudsman.ombudsman_routes(frame, TWO_YEARS).data.index


def test_only_stage_0_is_renamed_in_headings_and_acronyms_keep_their_capitals(labels):
    labels({"stages": {0: "SEND informal", 1: "Local resolution"}})
    assert vocabulary.stage_words(0) == "SEND informal"
    # stage 1 is the statutory procedure's own: its heading keeps its number, which the built-in
    # sentences, headlines and checks find it by
    assert vocabulary.stage_words(1) == "stage 1"
    labels({})
    assert vocabulary.stage_words(0) == "stage 0"


def test_the_check_of_first_stages_finds_a_renamed_stage_0():
    # complainants counts each complaint once at its first stage: 31 + 120 + 46 + 211 = 408 first-stage
    # rows in the volumes table (the pre-complaint rows among them); 404 with no reason in its caption
    # stops the run, exactly as with rows headed "stage 0".
    year = "2024/25"
    rows = {
        "Statutory pre-complaint": {year: "31"},
        "Statutory stage 1": {year: "120"},
        "Statutory stage 2": {year: "21"},
        "Corporate pre-complaint": {year: "46"},
        "Corporate stage 1": {year: "211"},
        "Total": {year: "429"},
    }
    tables = {
        "volumes_by_year": CsvTable("volumes_by_year", [year], rows),
        "complainants": CsvTable("complainants", ["Complaints"], {"Total": {"Complaints": "404"}}),
    }
    records = [{"key": "complainants", "number": "Table 2.5", "caption": "Who complained"}]
    [problem] = check_stated_bases(tables, records, year)
    assert problem.startswith(
        "Table 2.5 (complainants) counts 404 where volumes_by_year gives 408 (31 + 120 + 46 + 211)"
    )
