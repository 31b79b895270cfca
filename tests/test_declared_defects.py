"""Defects found when two unseen published reports were declared (issue 14): profile labels ignored in
breakdown tables and outcome groupings, and an outcome sentence that left out "No finding"."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.config import vocabulary
from pipelines.config.profile import load_profile
from pipelines.document.stories import outcome_sentence
from pipelines.measures.base import Table
from pipelines.measures.breakdowns import breakdown, source_frame
from pipelines.measures.outcomes import outcome_groups
from tests import tiny


@pytest.fixture
def own_words():
    """A profile's `labels:` as report.Section sets them for each section."""
    vocabulary.LABEL_OVERRIDES.update(
        {"procedures": {"statutory": "Children Act"}, "outcome_groups": {"not_upheld": "Not found"}}
    )
    yield
    vocabulary.LABEL_OVERRIDES.clear()


def test_profile_labels_are_used_in_breakdown_tables(own_words):
    frames = tiny.frames("2024-25")
    spec = {"key": "t", "title": "T", "count": "complaints", "rows": "procedure", "order": ["statutory", "corporate"]}
    table = breakdown(source_frame(frames, spec, load_profile("demo"), "2024-25"), spec, ["2023-24", "2024-25"])
    # tests/test_breakdowns.py counts them: statutory 6 and 8, corporate 1 and 3.
    assert table.data.loc["Children Act"].tolist() == [6, 8]
    assert "Statutory" not in table.data.index and "Corporate" in table.data.index


def test_profile_labels_are_used_in_outcome_groupings(own_words):
    complaints = tiny.frames("2024-25")["complaints"]
    groups = outcome_groups(complaints, ["2023-24", "2024-25"], "statutory", "closed")
    assert "Not found" in groups.data.index and "Not upheld" not in groups.data.index


def test_the_outcome_sentence_names_every_group_so_its_shares_add_up():
    data = pd.DataFrame(
        {"2024/25": [8, 6, 4, 2, 20]},
        index=[
            "Upheld or partly upheld",
            "Not upheld",
            "No finding",
            "Withdrawn, early resolution or signposted",
            "Total",
        ],
    )
    groups = Table("outcome_groups_statutory", "T", data)
    # 8/20 = 40%, 6/20 = 30%, 4/20 = 20%, 2/20 = 10%: 100% in all (the old sentence left out "No finding").
    assert outcome_sentence(groups, "2024-25", "statutory") == (
        "Of the 20 statutory complaints closed in 2024/25, 40% (8) were upheld or partly upheld, 30% (6) were "
        "not upheld, 20% (4) ended with no finding and 10% (2) were withdrawn, resolved early or signposted."
    )


def test_a_chart_labels_no_cases_as_z_not_as_0():
    from pipelines.document.charts import clustered_bars

    data = pd.DataFrame({"2023/24": [None, 4.0], "2024/25": [50.0, 3.0]}, index=["On time (%)", "Late"])
    chart = clustered_bars(Table("t", "T", data), ["2023/24", "2024/25"], "Title", "Number")
    # 2023/24 had no cases to take a percentage of: [z], with no bar, never "0".
    assert "On time (%): 2023/24 [z], 2024/25 50" in chart.alt
    svg = chart.data.decode()
    assert "[z]" in svg


def test_a_money_table_of_costs_is_not_captioned_as_cases_received():
    frames = tiny.frames("2024-25")
    spec = {"key": "c", "title": "Costs", "source": "costs", "count": "amount", "amount": "amount", "rows": "cost_type"}
    table = breakdown(source_frame(frames, spec, load_profile("demo"), "2024-25"), spec, ["2023-24", "2024-25"])
    assert "cases received" not in table.caption() and table.basis is None
    assert "Costs are counted in the year they were incurred." in table.notes


def test_the_introduction_speaks_only_of_sections_the_report_contains(tmp_path, monkeypatch):
    import types

    import yaml

    from pipelines.config.profile import EXTRA_PROFILES, PROFILE_DIR
    from pipelines.document.stories import introduction

    raw = yaml.safe_load((PROFILE_DIR / "demo.yaml").read_text())
    raw["sections"] = ["summary", "volumes", "ombudsman"]
    (tmp_path / "fewer.yaml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv(EXTRA_PROFILES, str(tmp_path))
    from pipelines.document.declaration import load_declaration

    def shown(profile):  # the sections the report has: the profile's, as the declaration reads them
        return [s.key for s in load_declaration(profile).sections_for("2024-25")]

    fewer = load_profile("fewer")
    text = introduction(types.SimpleNamespace(profile=fewer, year="2024-25"), shown(fewer))
    assert text.endswith(
        "also covers complaints handled under the council's corporate procedure and the Local Government and "
        "Social Care Ombudsman."
    )
    assert "compliments" not in text and "enquiries" not in text and "cost" not in text
    demo = load_profile("demo")
    everything = introduction(types.SimpleNamespace(profile=demo, year="2024-25"), shown(demo))
    assert (
        "enquiries, compliments, the Local Government and Social Care Ombudsman and the cost of complaints."
        in everything
    )


def test_a_financial_remedy_without_an_amount_is_stopped_by_validation(tmp_path):
    from pipelines.inputs.ingest import read_raw
    from pipelines.inputs.validate import DataValidationError, validate

    folder = tiny.write_raw(tmp_path / "tiny" / "2024-25")
    path = folder / "ombudsman.csv"
    # TL-005 (data row 5, line 6): remedies include a payment, and its amount is taken out.
    path.write_text(path.read_text().replace("service_improvement;payment,1200.50,", "service_improvement;payment,,"))
    with pytest.raises(DataValidationError) as caught:
        validate(read_raw(load_profile("tiny"), "2024-25", tmp_path))
    [failure] = caught.value.failures
    assert (failure.table, failure.column, failure.lines) == ("ombudsman", "payment_amount", [6])
    assert "must not be blank where remedies includes payment" in failure.rule
