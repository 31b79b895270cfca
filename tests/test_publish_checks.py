"""The output checks that keep a report from contradicting itself between tables: one table shown
twice, and two figures for one thing with no reason given (the demo's FOI 271 vs 268, and '69% of
404 complaints' where stages 0 and 1 add to 408)."""

from __future__ import annotations

from pipelines.measures.foi import ANSWERED_ONLY
from pipelines.measures.volumes import ONCE_AT_FIRST_STAGE
from pipelines.publish.checks import CsvTable, check_distinct_tables, check_stated_bases

YEAR = "2024/25"


def _volumes():
    # The demo's Table 2.1, 2024/25 column: stage 0 and stage 1 received add to 31 + 120 + 46 + 211 = 408
    rows = {
        "Statutory stage 0": {YEAR: "31"},
        "Statutory stage 1": {YEAR: "120"},
        "Statutory stage 2": {YEAR: "21"},
        "Corporate stage 0": {YEAR: "46"},
        "Corporate stage 1": {YEAR: "211"},
        "Total": {YEAR: "429"},
    }
    return CsvTable("volumes_by_year", [YEAR], rows)


def _complainants(total: str):
    return CsvTable(
        "complainants", ["Complaints"], {"Parent or guardian": {"Complaints": "279"}, "Total": {"Complaints": total}}
    )


def _foi():
    # Received: 271 requests; answered by 31 March: 268 (71% = 191/268, rounded half up from 71.27)
    by_month = CsvTable("foi_by_month", ["Request"], {"April": {"Request": "24"}, "Total": {"Request": "271"}})
    on_time = CsvTable(
        "foi_on_time", ["Request"], {"Q1": {"Request": "70% (50/71)"}, "Total": {"Request": "71% (191/268)"}}
    )
    return {"foi_by_month": by_month, "foi_on_time": on_time}


def _record(key, number, caption):
    return {"key": key, "number": number, "caption": caption}


def test_a_narrower_count_without_its_basis_in_the_caption_stops_the_run():
    tables = {"volumes_by_year": _volumes(), "complainants": _complainants("404"), **_foi()}
    records = [
        _record("complainants", "Table 2.5", "Who complained, 2024/25, counted on cases received in the year"),
        _record(
            "foi_on_time", "Table 10.4", "Freedom of Information requests answered within 20 working days, 2024/25"
        ),
    ]
    problems = check_stated_bases(tables, records, YEAR)
    assert len(problems) == 2
    assert problems[0].startswith("Table 2.5 (complainants) counts 404 where volumes_by_year gives 408")
    assert problems[1].startswith("Table 10.4 (foi_on_time) counts 268 where foi_by_month gives 271")


def test_a_caption_that_states_the_basis_explains_the_difference():
    tables = {"volumes_by_year": _volumes(), "complainants": _complainants("404"), **_foi()}
    records = [
        _record("complainants", "Table 2.5", f"Who complained ({ONCE_AT_FIRST_STAGE}), 2024/25"),
        _record(
            "foi_on_time", "10.4", f"Freedom of Information requests answered within 20 working days ({ANSWERED_ONLY})"
        ),
    ]
    assert check_stated_bases(tables, records, YEAR) == []


def test_equal_counts_or_withheld_cells_need_no_explanation():
    records = [_record("complainants", "Table 2.5", "Who complained")]
    # 408 = 31 + 120 + 46 + 211: nothing escalated from stage 0 to stage 1
    assert (
        check_stated_bases({"volumes_by_year": _volumes(), "complainants": _complainants("408")}, records, YEAR) == []
    )
    assert (
        check_stated_bases({"volumes_by_year": _volumes(), "complainants": _complainants("[c]")}, records, YEAR) == []
    )


def test_one_table_shown_twice_is_caught():
    volumes = _volumes()
    copy = CsvTable("volumes_copy", volumes.columns, dict(volumes.rows))
    records = [_record("volumes_by_year", "Table 1.1", "x"), _record("volumes_by_year", "Table 2.1", "x")]
    problems = check_distinct_tables({"volumes_by_year": volumes, "volumes_copy": copy}, records)
    assert problems == [
        "table volumes_by_year is shown more than once: as Table 1.1 and Table 2.1",
        "tables volumes_by_year and volumes_copy are the same table (same rows, columns and figures)",
    ]
    assert check_distinct_tables({"volumes_by_year": volumes}, records[:1]) == []
