"""The vocabulary a report file gained to declare Lancashire's two publications, made general: a report file
per year, text sections that place their own tables (`{table: key}`), tables a publication does not print
(`printed: false`), counts checked when the file is read (every key a `count` takes, rows of their own),
timescales stated from the profile, rates over any context measure and DfE's figures beside the
authority's own. Expected values are worked by hand in the comments."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from pipelines.config.profile import EXTRA_PROFILES, PROFILE_DIR, load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.document.declaration import declaration_path, load_declaration
from pipelines.document.items import Item
from pipelines.document.placeholders import SentenceError, Value, fill, value_from_cell
from pipelines.document.sections import SectionDecl
from pipelines.document.text_sections import page_body, placed_tables, render_text
from tests.test_declared import declare

DEMO = load_profile("demo")

# --- one report file per year ------------------------------------------------------------------------


def _profiles(tmp_path, monkeypatch, sections: bool, files: dict) -> None:
    raw = yaml.safe_load((PROFILE_DIR / "demo.yaml").read_text())
    if not sections:
        raw.pop("sections")
    (tmp_path / "odd.yaml").write_text(yaml.safe_dump(raw))
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    monkeypatch.setenv(EXTRA_PROFILES, str(tmp_path))


def test_a_year_with_a_report_file_of_its_own_uses_it_and_every_other_year_the_plain_one(tmp_path, monkeypatch):
    _profiles(
        tmp_path,
        monkeypatch,
        sections=False,
        files={
            "odd.report.yaml": "sections:\n  - {key: purpose, title: Purpose, text: purpose.md}\n",
            "odd.2021-22.report.yaml": "sections:\n  - {key: background, number: 'i.', title: Background, text: b.md}\n",
        },
    )
    profile = load_profile("odd")
    assert [s.key for s in load_declaration(profile, "2021-22").sections] == ["background"]
    assert [s.key for s in load_declaration(profile, "2024-25").sections] == ["purpose"]
    assert [s.key for s in load_declaration(profile).sections] == ["purpose"]
    assert declaration_path(profile, "2021-22").name == "odd.2021-22.report.yaml"
    assert declaration_path(profile, "2022-23").name == "odd.report.yaml"


def test_a_year_of_its_own_beside_the_profiles_sections(tmp_path, monkeypatch):
    _profiles(
        tmp_path,
        monkeypatch,
        sections=True,
        files={"odd.2021-22.report.yaml": "sections:\n  - {key: purpose, title: Purpose, text: purpose.md}\n"},
    )
    profile = load_profile("odd")
    assert [s.key for s in load_declaration(profile, "2021-22").sections] == ["purpose"]
    assert load_declaration(profile, "2024-25").sections[0].key == "summary"  # the built-in report
    (tmp_path / "odd.report.yaml").write_text("sections:\n  - {key: purpose, title: Purpose, text: purpose.md}\n")
    with pytest.raises(ConfigError, match="remove `sections:` from the profile"):
        load_declaration(profile, "2024-25")  # two lists of the same years' sections could disagree


# --- what a report file may say, checked when it is read ---------------------------------------------

COUNT = "{measure: count, key: a, title: A, "


@pytest.mark.parametrize(
    ("show", "words"),
    [
        (COUNT + "rows: stage, source: letters}", ["show.0.source", "source must be one of complaints"]),
        (COUNT + "rows: cost_type, source: costs, count: amount}", ["count: amount adds up", "one of amount"]),
        (COUNT + "rows: stage, basis: decided}", ["basis for complaints must be one of received, closed"]),
        (COUNT + "rows: decision, source: ombudsman, basis: closed}", ["received, decided"]),
        (COUNT + "rows: colour}", ["rows is the field down the side", "complainant_group", "timeliness"]),
        (COUNT + "rows: stage, where: {colour: [red]}}", ["show.0.where.colour", "complaints has no field"]),
        (  # every coded field's values are checked against its taxonomy list, the Ombudsman's decisions too
            COUNT + "rows: decision, source: ombudsman, basis: decided, where: {decision: [partly_upheld]}}",
            ["show.0.where.decision", "unknown decision ['partly_upheld']", "allowed: upheld, not_upheld"],
        ),
        (
            COUNT + "rows: stage, chart: true}",
            ["chart must be one of clustered, horizontal, stacked, line or none", "write clustered"],
        ),
        (COUNT + "rows: stage, chart: pie}", ["show.0.chart", "chart must be one of clustered, horizontal, stacked"]),
        (COUNT + "rows: stage, chart_number: G1}", ["show.0.chart_number", "chart_number goes with a chart"]),
        (COUNT + "rows: stage, printed: false, chart: line}", ["show.0.chart", "not printed (printed: false)"]),
        (COUNT + "rows: stage, share: 7}", ["share is the decimals of this year's shares: 0 to 3"]),
        (COUNT + "rows: stage, printed: maybe}", ["printed is true or false"]),
        (COUNT + "rows: [{label: A}], order: [1]}", ["order goes with rows: <field>"]),
        (COUNT + "rows: [{label: A, colour: red}]}", ["show.0.rows.0.colour", "allowed: basis, count, exclude"]),
        (COUNT + "rows: [{label: A}, {label: A}]}", ["the label 'A' is used twice"]),
        (
            COUNT + "rows: [{label: A, source: compliments, count: complaints}]}",
            ["compliments is counted by rows (count: rows)"],
        ),
        (
            "{measure: rate, key: r, title: R, numerator: {source: complaints}, denominator: {context: Referrals}, per: 100}",
            ["show.0.denominator.context", "lower-case", "single_assessments"],
        ),
        (
            "{measure: rate, key: r, title: R, numerator: {source: complaints}, denominator: {source: complaints}, per: 100, chart: line}",
            ["show.0.chart", "unknown key 'chart' for measure rate"],  # a row per year: no year columns to draw
        ),
    ],
)
def test_a_table_that_cannot_be_made_is_refused_with_the_line_and_what_is_allowed(tmp_path, show, words):
    with pytest.raises(ConfigError) as caught:
        declare(tmp_path, f"sections:\n  - key: demand\n    title: A\n    show: [{show}]\n")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'x.report.yaml'}:4:"), message
    for word in words:
        assert word in message, message


def test_a_section_of_a_built_in_sections_key_shows_exactly_the_items_it_lists(tmp_path):
    # one mechanism: a section named like a built-in one is no different from any other
    d = declare(tmp_path, f"sections:\n  - key: volumes\n    title: A\n    show: [{COUNT}rows: stage}}]\n")
    assert [(i.kind, i.key) for i in d.section("volumes").items] == [("table", "a")]


def test_a_catalogue_tables_own_numbers_number_it(tmp_path):
    d = declare(
        tmp_path,
        "sections:\n  - key: demand\n    title: A\n    show:\n"
        f"      - {COUNT}rows: stage, number: 'Table 9', chart: line, chart_number: 'Graph 7'}}\n",
    )
    # so that a number of ours never repeats one the authority gives itself
    assert d.declared_labels("tables") == {"Table 9"} and d.declared_labels("charts") == {"Graph 7"}


def test_a_pointer_to_a_table_not_printed_is_refused(tmp_path):
    text = (
        f"sections:\n  - key: a\n    title: A\n    show:\n      - {COUNT}rows: stage, printed: false}}\n"
        "  - key: b\n    title: B\n    show:\n      - {refer_to: a, says: gives the stages}\n"
    )
    with pytest.raises(ConfigError, match=r"x\.report\.yaml:9: refer_to: table 'a' is declared printed: false"):
        declare(tmp_path, text)
    assert declare(tmp_path, text.replace("printed: false", "printed: true")).section("b").items[0].kind == "refer"


# --- the profile's timescales stated in the authority's sentences -----------------------------------------


def _timescales(tmp_path, figures: str, profile: str = "demo"):
    return declare(tmp_path, "sections:\n  - {key: purpose, title: P, text: p.md}\nfigures:\n" + figures, profile)


def test_a_timescale_figure_states_the_rule_in_force(tmp_path):
    from pipelines.document.named_figures import figure_records, figure_values

    d = _timescales(
        tmp_path,
        "  stage1_days: {timescale: {procedure: corporate, stage: 1}, says: working days}\n"
        "  from_april_2026: {timescale: {procedure: corporate, stage: 1}, in_force_on: 2026-04-01}\n",
    )
    # demo.yaml: corporate stage 1 is 20 working days, 15 for complaints received from 1 April 2026.
    values = figure_values(d, {}, [], "2024-25", DEMO)
    assert (values["stage1_days"].text, values["from_april_2026"].text) == ("20", "15")
    assert figure_values(d, {}, [], "2026-27", DEMO)["stage1_days"].text == "15"  # in force on 1 April 2026
    text = "Stage 1 complaints are answered within {stage1_days} working days, {from_april_2026} from April 2026.\n"
    assert "within 20 working days, 15 from April 2026." in render_text(text, "p.md", d, values, "")
    with pytest.raises(SentenceError, match=r"p\.md:1: 25 is typed by hand beside “working days”"):
        render_text("We answer within 25 working days.\n", "p.md", d, values, "")
    # a rule of the profile, not a figure of the data: nothing to check against a table cell
    assert figure_records(d, values, {"stage1_days"}, "purpose", "2024-25", []) == []
    lancashire = _timescales(tmp_path, "  months: {timescale: {procedure: adult, stage: 1}}\n", "lancashire")
    months = figure_values(lancashire, {}, [], "2021-22", load_profile("lancashire"))["months"]
    assert months.text == "6"  # lancashire.yaml: adult social care, six months


@pytest.mark.parametrize(
    ("figure", "words"),
    [
        ("{timescale: {procedure: statutory, stage: 9}}", ["has no timescale for that", "statutory: 0, 1, 2, 3"]),
        ("{timescale: {procedure: statutory}}", ["expected {procedure: statutory, stage: 1}"]),
        (
            "{timescale: {procedure: statutory, stage: 1}, table: t}",
            ["a table cell (table, row, column) or a timescale"],
        ),
        ("{timescale: {procedure: statutory, stage: 1}, in_force_on: April 2026}", ["YYYY-MM-DD"]),
    ],
)
def test_a_timescale_figure_the_profile_cannot_give_is_refused(tmp_path, figure, words):
    with pytest.raises(ConfigError) as caught:
        _timescales(tmp_path, f"  days: {figure}\n")
    assert str(caught.value).startswith(f"{tmp_path / 'x.report.yaml'}:4:"), caught.value
    for word in words:
        assert word in str(caught.value)


# --- text and tables together ----------------------------------------------------------------------------


def _section(*keys, printed=()):
    items = tuple(Item("table", {"key": k, "printed": k not in printed}, DECLARED_IN, n) for n, k in enumerate(keys))
    return SectionDecl("s", "S", text="s.md", items=items)


DECLARED_IN = PROFILE_DIR / "s.report.yaml"  # where the items would be declared (never read)


def test_the_text_places_each_table_where_it_says_and_the_rest_follow():
    decl = SimpleNamespace(figures={})
    text = "One.\n\n{table: a}\n\nTwo.\n"
    html = render_text(text, "s.md", decl, {}, "")
    assert "<!--place-table:a-->" in html and "table" not in html.replace("place-table", "")
    notebook = (
        '<div><p class="kicker">K</p><h1>2.2 S</h1></div>'
        "<div><!--declared-table:a-->A!<!--/declared-table:a--><!--declared-table:b-->B!<!--/declared-table:b--></div>"
    )
    body = page_body(_section("a", "b"), notebook, f'<div class="text-section">{html}</div>')
    # the heading, the text with table a between its paragraphs, then table b (not placed) after it
    order = [body.index(part) for part in ("<h1>2.2 S</h1>", "One.", "A!", "Two.", "B!")]
    assert order == sorted(order) and body.count("A!") == 1


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("One.\n\n{table: zz}\n", 3, ["places a table section s does not show", "its tables: a, b"]),
        ("{table: a}\n\n{table: a}\n", 3, ["table a is placed twice"]),
        ("{table: b}\n\n{table: a}\n", 1, ["is placed where show: has a", "numbered in the order"]),
    ],
)
def test_a_table_placed_wrongly_is_refused_with_its_line(text, line, words):
    with pytest.raises(ConfigError) as caught:
        placed_tables(text, "s.md", _section("a", "b"))
    assert str(caught.value).startswith(f"s.md:{line}:"), caught.value
    for word in words:
        assert word in str(caught.value)


def test_a_table_not_printed_may_sit_anywhere_in_the_order():
    assert placed_tables("{table: b}\n\n{table: a}\n", "s.md", _section("a", "b", printed={"a"})) == ["b", "a"]


def test_only_a_sections_own_text_places_tables():
    after = SectionDecl("s", "S", after_tables="s.md", items=_section("a").items)
    with pytest.raises(ConfigError, match=r"^s\.md:3: \{table: a\}: only a section's own text \(text:\) places"):
        placed_tables("One.\n\n{table: a}\n", "s.md", after)


# --- wording, decimals and section labels ---------------------------------------------------------------


def test_increased_decreased_follows_the_numbers_and_a_share_keeps_its_decimals():
    values = {"a": Value("206", Decimal(206), "count"), "b": Value("171", Decimal(171), "count")}
    assert fill("{a|increased_decreased:b} / {b|increased_decreased:a} / {a|increased_decreased:a}", values, "x") == (
        "increased / decreased / did not change"
    )
    # csc_complainants 2024/25: 24 of 327 = 7.339% -> 7.3 to one decimal (share: 1); stated as 7.3%, not 7%
    assert value_from_cell("7.3", "percent").text == "7.3%" and value_from_cell("56", "percent").text == "56%"


def test_a_section_is_listed_as_its_publication_numbers_it():
    from pipelines.publish.pages import SectionPage

    assert SectionPage("a", "2.1", "Summary", "a.html").label == "2.1 Summary"  # as Lancashire prints it
    assert SectionPage("a", "1.", "Summary", "a.html").label == "1. Summary"  # the built-in style "{n}."
    assert SectionPage("a", "Appendix 1:", "Compliment examples", "a.html").label == "Appendix 1: Compliment examples"
    assert SectionPage("a", "", "Introduction", "a.html").label == "Introduction"


# --- context measures: DfE's beside the authority's own ---------------------------------------------------

C1 = "DfE Children in need 2025, c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
CONTEXT = pd.DataFrame(
    {
        "financial_year": ["2023-24", "2024-25", "2023-24", "2024-25", "2024-25"],
        "measure": ["referrals", "referrals", "council_referrals", "council_referrals", "single_assessments"],
        "value": [6419, 7948, 6612, 8100, 5600],
        "source": [C1, C1, "Council system", "Council system", "Council system"],
        "label": [None, None, "Referrals recorded by the council", "Referrals recorded by the council", None],
    }
)


def test_the_context_table_puts_dfes_figures_beside_the_authoritys_own():
    from pipelines.measures.declared import context_table

    t = context_table(CONTEXT, ["2023-24", "2024-25"], ["referrals", "council_referrals"], "c", "Demand")
    # DfE (Lancashire's published 6,419 and 7,948): (7948 - 6419) / 6419 = 23.82% -> 24.
    # The council's own: (8100 - 6612) / 6612 = 22.505% -> 23 (half away from zero).
    assert t.data.loc["Referrals to children's social care (DfE)"].tolist() == [6419, 7948, 24]
    assert t.data.loc["Referrals recorded by the council"].tolist() == [6612, 8100, 23]
    assert t.notes == [f"Sources: Council system; {C1}"]
    alone = context_table(CONTEXT, ["2023-24", "2024-25"], ["referrals"], "c", "Demand")
    assert list(alone.data.index) == ["Referrals to children's social care"]  # no need to say whose
    assert alone.notes == [f"Sources: {C1}"]


def test_a_rate_over_the_authoritys_own_measure_takes_its_label():
    from pipelines.measures.declared import context_label, rate_table

    assert context_label(CONTEXT, "council_referrals") == "Referrals recorded by the council"
    assert context_label(CONTEXT, "referrals") == "Referrals to children's social care"  # the taxonomy's
    assert context_label(CONTEXT, "single_assessments") == "Single assessments"  # no label: its name
    numerator = pd.DataFrame({"case_ref": list("ABCDEFG"), "year_received": ["2024-25"] * 7})
    t = rate_table(
        numerator, None, ["2024-25"], "r", "R", "Stage 1", "Single assessments", "1000", "received",
        "single_assessments", CONTEXT,
    )  # fmt: skip
    # 7 over 5,600 single assessments = 1.25 per 1,000 -> 1.3 (half away from zero)
    assert t.data.loc["2024/25"].tolist() == [7, 5600, 1.3]


def test_a_context_measure_with_no_figure_stops_the_table_naming_its_line():
    from pipelines.document.report import Section

    spec = {"measure": "context", "key": "c", "title": "C", "measures": ["referals"], "years": 2}
    item = Item("table", spec, PROFILE_DIR / "x.report.yaml", 9)
    complaints = pd.DataFrame({"year_received": ["2023-24", "2024-25"]})
    data = SimpleNamespace(frames={"context": CONTEXT, "complaints": complaints}, profile=DEMO, year="2024-25")
    section = SimpleNamespace(_computed={}, data=data)  # what Section.computed_item reads
    with pytest.raises(ConfigError) as caught:
        Section.computed_item(section, item)
    assert str(caught.value).startswith(
        f"{PROFILE_DIR / 'x.report.yaml'}:9: table c: no figure for the context measure 'referals' in 2023/24, 2024/25"
    )
    assert "council_referrals, referrals, single_assessments" in str(caught.value)


def test_the_authoritys_own_context_figures_stand_beside_dfes(tmp_path):
    from pipelines.inputs.files import InputFileError
    from pipelines.inputs.ingest import read_raw
    from tests import tiny

    folder = tiny.write_raw(tmp_path / "lancashire" / "2024-25")  # lancashire.yaml: context: dfe
    # tiny's context.csv gives referrals (lines 2, 3) and children in need (line 4): DfE's measures
    with pytest.raises(
        InputFileError, match=r"context.csv, line\(s\) 2, 3, 4: measures children_in_need, referrals are"
    ):
        read_raw(load_profile("lancashire"), "2024-25", tmp_path)
    (folder / "context.csv").write_text(
        "financial_year,measure,value,source,label\n"
        "2024-25,single_assessments,5600,Council system,Single assessments completed\n"
    )
    context = read_raw(load_profile("lancashire"), "2024-25", tmp_path)["context"]
    frame = context.frame
    assert frame.iloc[0]["measure"] == "single_assessments" and context.line(0) == 2  # its line in the file
    dfe = frame[(frame["measure"] == "referrals") & (frame["financial_year"] == "2024-25")]
    assert dfe["value"].tolist() == ["7948"]  # DfE's figure for Lancashire (tests/test_dfe.py)
    assert context.path == folder / "context.csv" and len(context.files) == 5  # the file and DfE's four


# --- a table not printed, and a count about people ------------------------------------------------------


def test_a_table_not_printed_is_kept_checked_and_recorded_but_not_shown(tmp_path):
    from pipelines.document.report import ReportData, Section, split_by_service
    from pipelines.measures import volumes
    from pipelines.publish.workbook import table_order
    from pipelines.rules import disclosure
    from pipelines.rules.calendar import previous_years
    from tests import tiny

    data = ReportData(DEMO, "2024-25", previous_years("2024-25", 3), split_by_service(tiny.frames()), {})
    policy = dict(disclosure.POLICY)  # a Section sets the report's policy for the kernel it runs in
    try:
        section = Section("volumes", data, "published", tmp_path)
        markup = section.table(volumes.volumes_by_quarter(data.complaints, "2024-25"), printed=False).markup
        assert markup == ""
        assert (tmp_path / "tables" / "volumes_by_quarter.csv").is_file()
        record = section._table_records[-1]
        assert (record["number"], record["printed"]) == ("", False)
        shown = section.table(volumes.volumes_by_year(data.complaints, ["2023-24", "2024-25"], "received")).markup
        assert "Table 2.1:" in shown  # the first printed table takes the first number
        order = [r["key"] for r in table_order(section._table_records, ["volumes"])]
        assert order == ["volumes_by_quarter", "volumes_by_year"]
    finally:
        disclosure.POLICY.clear()
        disclosure.POLICY.update(policy)


def test_rows_of_their_own_chosen_by_a_person_field_are_protected():
    from pipelines.rules import disclosure

    def table(rows, where=None):
        spec = {"rows": rows, **({"where": where} if where else {})}
        return SimpleNamespace(key="mine", derivation={"arguments": {"spec": spec}})

    before = dict(disclosure.POLICY)
    disclosure.POLICY.update({"threshold": 5, "protect": frozenset(), "publish": frozenset()})
    try:
        assert disclosure.protected(
            table([{"label": "Children", "where": {"complainant_type": ["child_young_person"]}}])
        )
        assert disclosure.protected(table([{"label": "A"}], where={"advocate": [True]}))  # the table's where
        assert not disclosure.protected(table([{"label": "Statutory", "where": {"procedure": ["statutory"]}}]))
        assert disclosure.protected(table("complainant_group")) and not disclosure.protected(table("stage"))
    finally:
        disclosure.POLICY.clear()
        disclosure.POLICY.update(before)


# --- the report's own title, and the timescales its words give --------------------------------------------


def test_a_report_file_gives_the_reports_own_title(tmp_path):
    text = "sections:\n  - {key: purpose, title: P, text: p.md}\n"
    titled = declare(tmp_path, 'title: "Complaints and Customer Feedback"\n' + text)
    assert titled.titled(DEMO).report_title == "Complaints and Customer Feedback"
    assert declare(tmp_path, text).titled(DEMO) is DEMO  # no title: the profile's report_title
    with pytest.raises(ConfigError, match=r"x\.report\.yaml:1: title: expected the report's title"):
        declare(tmp_path, 'title: ""\n' + text)


def test_the_timescales_sentences_give_the_adult_procedures_only_where_the_report_counts_adults(tmp_path):
    from pipelines.measures.timeliness import timescales_text

    combined = load_profile("demo_combined")
    words = "sections:\n  - key: about\n    title: A\n    show:\n      - {sentences: timescales}\n"
    adults = "      - {measure: count, key: asc, title: ASC, source: adult_complaints, rows: stage}\n"
    children = "      - {measure: count, key: cyp, title: CYP, rows: stage}\n"
    from pipelines.document.writers import WRITERS, Writing

    def written(text):  # the built-in writer `timescales`, as the declared report's section calls it
        section = SimpleNamespace(declaration=declare(tmp_path, text, "demo_combined"))
        return WRITERS["timescales"].write(Writing(SimpleNamespace(profile=combined, year="2024-25"), section, []))

    # demo_combined.yaml: adult stage 0 10 working days; stage 1 20, extendable to 130
    with_adults = timescales_text(combined, "2024-25", True)
    assert written(words + adults) == with_adults and written(words + children) != with_adults
    assert "Adult social care stage 0: 10 working days" in with_adults
    assert "Adult social care stage 1: 20 working days, extendable to 130" in with_adults
    without = timescales_text(combined, "2024-25", False)
    assert not any(line.startswith("Adult") for line in without)
    assert without == [line for line in with_adults if not line.startswith("Adult")]
