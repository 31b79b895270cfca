"""The report declared item by item (pipelines/document/items.py, catalogue.py, writers.py, showing.py):
mistakes in a declaration reported with the file, the line and the allowed values; built-in items taken
by key and changed; section parameters; the built-in report itself declared in the same vocabulary;
per-table years, which cases, tables shown only where the data has them, protection that follows the
measure under a key of the report's own; and the words (headlines of shown tables only, responses at
every stage called responses, no sentence opening with a numeral). Expected values are worked by hand
from the tiny dataset (tests/tiny.py) in the comments."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
import yaml

from pipelines import ROOT
from pipelines.config.located import read_located
from pipelines.config.profile import EXTRA_PROFILES, PROFILE_DIR, load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.document import catalogue, stories
from pipelines.document.declaration import DEFAULT_DECLARATION, load_declaration, parse_declaration
from pipelines.document.loading import ReportData, split_by_service
from pipelines.measures.base import TOTAL, Table, covered_years
from tests import tiny


def declare(tmp_path, text: str, profile="demo"):
    path = tmp_path / "x.report.yaml"
    path.write_text(text, encoding="utf-8")
    return parse_declaration(read_located(path), load_profile(profile))


def items_of(tmp_path, show: str, key="volumes", parameters: str = ""):
    text = f"sections:\n  - key: {key}\n    title: T\n{parameters}    show:\n{show}"
    return declare(tmp_path, text).section(key).items


# --- mistakes: file, line, allowed values ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "show", "line", "words"),
    [
        # lines: 1 sections:, 2 - key:, 3 title:, 4 show:, 5 the first item, 6 the second
        ("volumes", "      - {measure: volume_by_year, key: v}\n", 5, ["unknown measure 'volume_by_year'", "volumes_by_year"]),
        ("outcomes", "      - {item: outcome_groups_statutory, procedure: statutery}\n", 5,
         ["procedure unknown code(s) ['statutery']", "allowed: statutory, corporate, adult, joint"]),
        ("volumes", "      - volumes_by_year\n      - {item: escalation, sentences: volume_sentences}\n", 6,
         ["not a built-in writer for measure escalation", "use one of: escalation_sentence", ".md"]),
        ("volumes", "      - {item: volumes_by_year, chart: pie}\n", 5,
         ["show.0.chart:", "chart must be one of clustered, horizontal or none"]),
        ("volumes", "      - {item: volumes_by_year, active_title: service_title}\n", 5,
         ["show.0.active_title", "active_title for measure volumes_by_year: one of volume_title"]),
        ("volumes", "      - {measure: volumes_by_year, key: v, cases: {where: {colour: [red]}}}\n", 5,
         ["cases.where.colour", "no field 'colour'", "service_area"]),
        ("volumes", "      - {measure: volumes_by_year, key: v, cases: {where: {procedure: [statutery]}}}\n", 5,
         ["unknown procedure ['statutery']", "allowed: statutory, corporate"]),
        ("volumes", "      - {item: volumes_by_year, years: 30}\n", 5, ["whole number 1 to 20"]),
        ("volumes", "      - {item: volumes_by_quarter, years: 2}\n", 5, ["unknown key 'years' for measure volumes_by_quarter"]),
        ("volumes", "      - volumes_by_yaer\n", 5, ["no built-in item 'volumes_by_yaer'", "volumes_by_year"]),
        ("cases", "      - {measure: excluded_on_time, key: x}\n", 5, ["measure excluded_on_time needs exclude_outcomes"]),
        ("complaints_to_lgsco", "      - lgsco_by_year\n", 5, ["built-in sections ombudsman, reviews", "measure: instead"]),
        ("volumes", "      - {sentences: volume_sentences}\n", 5, ["not a built-in writer without a table", "introduction"]),
        ("volumes", "      - {block: quotes, title: Q}\n", 5, ["unknown key 'title'", "allowed: block, heading"]),
        ("volumes", "      - {refer_to: volumes_by_year}\n", 5, ["refer_to needs says:"]),
    ],
)  # fmt: skip
def test_item_mistakes_name_the_file_the_line_and_the_allowed_values(tmp_path, key, show, line, words):
    with pytest.raises(ConfigError) as caught:
        items_of(tmp_path, show, key)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'x.report.yaml'}:{line}:"), message
    for word in words:
        assert word in message, message


def test_a_section_parameter_no_item_takes_and_a_key_used_twice_are_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"x\.report\.yaml:5: sections\.0\.parameters\.case_types: no item of this"):
        items_of(tmp_path, "      - volumes_by_year\n", parameters="    parameters:\n      case_types: []\n")
    text = (
        "sections:\n  - {key: volumes, title: A, show: [volumes_by_year]}\n"
        "  - key: more\n    title: B\n    show:\n      - volumes_by_year\n"  # line 6: the second one
    )
    with pytest.raises(ConfigError, match=r"x\.report\.yaml:6: table key 'volumes_by_year' is used twice"):
        declare(tmp_path, text)


# --- built-in items taken by key, changed, and section parameters ------------------------------------------


def test_a_built_in_item_taken_by_key_with_its_years_changed_and_its_sentences_dropped(tmp_path):
    [item] = items_of(tmp_path, "      - {item: volumes_by_year, years: 5, sentences: none}\n")
    assert item.kind == "table" and item.line == 5
    assert item.spec["measure"] == "volumes_by_year" and item.spec["years"] == 5
    assert "sentences" not in item.spec  # dropped
    assert (item.spec["chart"], item.spec["active_title"]) == ("clustered", "volume_title")  # kept as built in
    [own] = items_of(tmp_path, "      - {item: volumes_by_year, sentences: volumes.md}\n")
    assert own.spec["sentences"] == "volumes.md" and own.text_files() == ["volumes.md"]


def test_section_parameters_go_to_the_items_that_take_them(tmp_path):
    items = items_of(
        tmp_path,
        "      - cases_by_year\n      - {item: cases_on_time_by_quarter, exclude_outcomes: [withdrawn]}\n"
        "      - cases_on_time_by_division\n",
        key="cases",
        parameters="    parameters:\n      exclude_outcomes: [case_review]\n",
    )
    by_key = {i.key: i.spec for i in items}
    assert "exclude_outcomes" not in by_key["cases_by_year"]  # cases_by_year takes no such parameter
    assert by_key["cases_on_time_by_quarter"]["exclude_outcomes"] == ["withdrawn"]  # the item's own wins
    assert by_key["cases_on_time_by_division"]["exclude_outcomes"] == ["case_review"]


# --- the built-in report is itself declared ---------------------------------------------------------------


def test_every_chart_kind_is_a_chart_function():
    from pipelines.document import charts, items

    assert all(callable(getattr(charts, function, None)) for function in items.CHART_KINDS.values())


def test_the_built_in_report_declares_every_item_in_the_same_vocabulary():
    raw = yaml.safe_load(DEFAULT_DECLARATION.read_text())
    declaration = load_declaration(load_profile("demo"))
    volumes = declaration.section("volumes")
    # the demo profile lists volumes; its items are those of config/reports/default.yaml, in that order
    written = next(s for s in raw["sections"] if s["key"] == "volumes")["show"]
    assert [i.key for i in volumes.items] == [entry["key"] for entry in written]
    for section in raw["sections"]:
        assert section["show"], section["key"]  # no section is code: each lists its items
        for entry in section["show"]:
            if "measure" in entry:
                assert entry["measure"] in catalogue.entries(), entry


def test_an_authority_that_declares_its_own_gets_exactly_its_own():
    """Lewisham's report file lists its tables: no built-in table or sentence it did not ask for."""
    raw = yaml.safe_load((ROOT / "config/authorities/lewisham.report.yaml").read_text())
    listed = []
    for section in raw["sections"]:
        for entry in section.get("show", []):
            listed.append(entry if isinstance(entry, str) else entry.get("key", entry.get("item")))
    declaration = load_declaration(load_profile("lewisham"))
    shown = [i for s in declaration.sections for i in s.items]
    assert [i.key for i in shown] == listed
    assert {"outcome_groups_statutory", "themes", "compliments_by_service", "upheld_by_service"}.isdisjoint(listed)
    # no built-in sentence or chart: the council's words are its own
    assert not [i.key for i in shown if i.spec.get("sentences") or i.spec.get("chart")]


# --- computing items on the tiny dataset ------------------------------------------------------------------


@pytest.fixture
def data():
    frames = tiny.frames("2024-25")
    profile = load_profile("demo")
    years = covered_years(frames["complaints"], "2024-25", 3)
    return ReportData(profile, "2024-25", years, split_by_service(frames), {"commentary": {}, "learning": []}, {})


def test_each_table_has_its_own_years_and_never_a_year_its_export_does_not_cover(tmp_path, data):
    def table(years):
        [item] = items_of(tmp_path, f"      - {{item: volumes_by_year, years: {years}}}\n")
        return catalogue.compute(item.spec, data).data

    # Statutory stage 1 received in 2023-24 (Apr 2023 - Mar 2024): T-001, T-002, T-005, T-017, T-018 = 5;
    # in 2024-25: T-006, T-007, T-009, T-011, T-012, T-013, T-015 = 7; (7 - 5) / 5 = 40%.
    assert list(table(1).columns) == ["2024/25"] and table(1).loc["Statutory stage 1", "2024/25"] == 7
    two = table(2)
    assert two.loc["Statutory stage 1"].tolist() == [5, 7, 40]
    # Five years asked for, but the export's first complaint is from 2023-24: two years shown, not zeros
    assert list(table(5).columns) == ["2023/24", "2024/25", "Change (%)"]


def test_which_cases_a_table_counts(tmp_path, data):
    show = (
        "      - {item: volumes_by_year, key: child_protection, cases: {where: {service_area: [Child protection]}}}\n"
    )
    [item] = items_of(tmp_path, show)
    table = catalogue.compute(item.spec, data)
    # Child protection: T-002 S1 (Oct 2023) and S2 (Nov 2023); T-009 S1 (Dec 2024), T-015 S1 (Nov 2024);
    # T-018 S1 (Dec 2023)
    assert table.key == "child_protection"
    assert table.data.loc["Statutory stage 1", ["2023/24", "2024/25"]].tolist() == [2, 2]
    assert table.data.loc["Statutory stage 2", ["2023/24", "2024/25"]].tolist() == [1, 0]


def test_facts_are_shown_only_where_the_data_records_them(tmp_path, data):
    def computed(item_key, d):
        [item] = items_of(tmp_path, f"      - {item_key}\n")
        return catalogue.compute(item.spec, d)

    # tiny.py has no stage2_offered_late column (false for every row) and no Ombudsman routes: not shown
    assert computed("stage2_offered_late", data) is None and computed("ombudsman_routes", data) is None
    # T-007 S3 has a panel date (10 Sep 2024): requested (received 1 Aug 2024) and held in 2024-25
    panels = computed("panels_held", data)
    assert panels.data.loc[["Review panels requested", "Review panels held"], "2024/25"].tolist() == [1, 1]
    # Mark T-007's stage 2 (received 10 Jun 2024) as offered because stage 1 was late: now shown.
    complaints = data.frames["complaints"].copy()
    complaints["stage2_offered_late"] = (complaints["case_ref"] == "T-007") & (complaints["stage"] == 2)
    marked = ReportData(data.profile, data.year, data.years, {**data.frames, "complaints": complaints})
    offered = computed("stage2_offered_late", marked)
    # stage 2 received in 2024-25: T-007 (Jun 2024) and T-014 (Oct 2024) = 2, of which 1 offered late
    assert offered.data["2024/25"].tolist() == [2, 1]


def test_protection_follows_the_measure_under_a_key_of_the_reports_own(tmp_path, data):
    """complainants (who complained) is protected by default; declared as `who_complained` it still is."""
    from pipelines.rules import disclosure

    before = dict(disclosure.POLICY)
    disclosure.POLICY.update({"threshold": 5, "protection": 5, "protect": frozenset(), "publish": frozenset()})
    try:
        [own] = items_of(tmp_path, "      - {item: complainants, key: who_complained}\n")
        [built_in] = items_of(tmp_path, "      - complainants\n")
        renamed, original = catalogue.compute(own.spec, data), catalogue.compute(built_in.spec, data)
    finally:
        disclosure.POLICY.clear()
        disclosure.POLICY.update(before)
    # 2024-25 first stages (0 or 1) received: 11 complaints, every group 1 to 5 of them: all withheld
    assert original.hidden and renamed.hidden == original.hidden
    assert renamed.derivation["measure_table"] == "complainants"


# --- the words ---------------------------------------------------------------------------------------------


def test_responses_at_every_stage_are_called_responses():
    def late(responses, overdue, extended):
        data = pd.DataFrame(
            {"Responses": [responses], "Late": [overdue], "Extension agreed": [extended]}, index=[TOTAL]
        )
        return stories.late_sentence(Table("extensions_and_late", "T", data))

    # 7 of 20 late: 35%; 3 extensions, among responses at any stage (not "complaints")
    assert (
        late(20, 7, 3)
        == "Of 20 responses at all stages, 35% missed the timescale; an extension was agreed for 3 of them."
    )
    assert late(20, 7, 0) == "Of 20 responses at all stages, 35% missed the timescale; no extension was agreed for any."
    assert late(1, 0, 1) == "The one response was on time; an extension had been agreed for it."


def test_no_sentence_opens_with_a_numeral():
    one_year = Table("volumes_by_year", "T", pd.DataFrame({"2024/25": [34, 35]}, index=["Statutory stage 1", TOTAL]))
    assert stories.volume_sentences(one_year, "2024-25", "2024-25") == [
        "In 2024/25, 35 complaints were received at all stages."
    ]
    single = Table("volumes_by_year", "T", pd.DataFrame({"2024/25": [1, 1]}, index=["Statutory stage 1", TOTAL]))
    assert stories.volume_sentences(single, "2024-25", "2024-25") == [
        "In 2024/25, 1 complaint was received at all stages."
    ]
    by_month = Table("foi_by_month", "T", pd.DataFrame({"Request": [271], "Internal review": [5]}, index=[TOTAL]))
    on_time = Table("foi_on_time", "T", pd.DataFrame({"Request": ["71% (191/268)"]}, index=[TOTAL]))
    assert stories.foi_sentence(by_month, on_time) == (
        "The service received 271 Freedom of Information requests and 5 requests for an internal review. "
        "Of the requests, 71% (191/268) were answered within 20 working days."
    )


@pytest.fixture
def section_state():
    """report.Section sets the package's per-section switches (small-number policy, tracing, labels):
    put them back afterwards, so that no later test sees this one's."""
    from pipelines.config import vocabulary
    from pipelines.measures import base
    from pipelines.rules import disclosure

    saved = [(d, dict(d)) for d in (disclosure.POLICY, disclosure.FORCED, disclosure.BANDS, base.TRACE)]
    saved.append((vocabulary.LABEL_OVERRIDES, dict(vocabulary.LABEL_OVERRIDES)))
    yield
    for live, before in saved:
        live.clear()
        live.update(before)


def _profile_with(tmp_path, monkeypatch, name: str, sections: list[str]):
    raw = yaml.safe_load((PROFILE_DIR / "demo.yaml").read_text())
    raw["sections"] = sections
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv(EXTRA_PROFILES, str(tmp_path))
    return load_profile(name)


@pytest.fixture
def summary_and_volumes(tmp_path, monkeypatch, section_state):
    """A profile whose report has only the summary and volumes sections."""
    return _profile_with(tmp_path, monkeypatch, "two", ["summary", "volumes"])


def test_headlines_speak_only_of_the_tables_the_report_shows(tmp_path, data, summary_and_volumes):
    from pipelines.document.report import Section

    data = ReportData(summary_and_volumes, data.year, data.years, data.frames, data.narrative, {})
    section = Section("summary", data, "published", tmp_path / "out")
    [headlines] = [i for i in section.items() if i.spec.get("sentences") == "headlines"]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", section.show(headlines).markup)).split())
    # volumes_by_year: statutory stage 1 5 -> 7 (+40%); corporate stage 1: T-003 (Jan 2024) = 1 ->
    # T-008 (Jul 2024), T-014 (Sep 2024) = 2 (+100%). Statutory first stages received in 2024-25: T-006,
    # T-007, T-009, T-010 (stage 0), T-011, T-012, T-013, T-015 = 8 over 6,400 referrals = 1.25 -> 1.3
    # per 1,000 (half away from zero).
    assert text == (
        "Statutory stage 1 complaints increased by 40% from 5 in 2023/24 to 7 in 2024/25. "
        "Corporate stage 1 complaints increased by 100% from 1 in 2023/24 to 2 in 2024/25. "
        "There were 1.3 statutory complaints for every 1,000 referrals to children's social care in 2024/25."
    )  # and nothing about timeliness, outcomes, compliments, the Ombudsman or costs: not in this report
    # The summary's pointer: volumes shows volumes_by_year this year, so no second copy of the table here
    [pointer] = [i for i in section.items() if i.kind == "refer"]
    assert section.show(pointer).markup == (
        "<p>Section 2, Complaints received: volumes, stages and who complained, gives the complaints by "
        "procedure and stage, year by year.</p>"
    )


def test_the_summary_shows_the_table_itself_where_no_section_shows_it(tmp_path, monkeypatch, data, section_state):
    from pipelines.document.report import Section

    profile = _profile_with(tmp_path, monkeypatch, "alone", ["summary"])
    data = ReportData(profile, data.year, data.years, data.frames, data.narrative, {})
    section = Section("summary", data, "published", tmp_path / "out")
    [pointer] = [i for i in section.items() if i.kind == "refer"]
    markup = section.show(pointer).markup
    assert markup.startswith('<h2 id="Complaints-at-a-glance">Complaints at a glance</h2>')
    assert "Table 1.1: Complaints by procedure and stage" in markup  # the summary's first table
    assert (tmp_path / "out" / "tables" / "volumes_by_year.csv").is_file()
