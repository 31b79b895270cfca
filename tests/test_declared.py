"""The declared report (pipelines/document/declaration.py, placeholders.py, text_sections.py): the
loader and its errors (file, line, allowed values), numbering styles, named figures in the authority's
own sentences, rise/fall wording, withheld figures, and a hand-typed number that contradicts a
computed figure. Expected values are worked by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.config.located import read_located
from pipelines.config.profile import load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.document.declaration import FigureDecl, load_declaration, parse_declaration
from pipelines.document.placeholders import SentenceError, Value, check_typed_numbers, fill, value_from_cell
from pipelines.document.text_sections import figure_values, render_text, render_year_texts
from pipelines.publish.checks import CsvTable, check_figures


def declare(tmp_path, text: str, profile="demo"):
    path = tmp_path / "x.report.yaml"
    path.write_text(text, encoding="utf-8")
    return parse_declaration(read_located(path), load_profile(profile))


# --- the loader ---------------------------------------------------------------------------------


def test_an_authority_that_declares_nothing_gets_the_built_in_sections_in_its_profile_order():
    declaration = load_declaration(load_profile("demo"))
    # config/authorities/demo.yaml lists these eleven, in this order.
    assert [s.key for s in declaration.sections] == [
        "summary", "volumes", "timeliness", "outcomes", "compliments", "ombudsman",
        "learning", "costs", "enquiries", "foi", "appendix",
    ]  # fmt: skip
    assert declaration.section("learning").title == "Learning and improvement: you said, we did"
    assert declaration.section_label(3) == "3."
    assert declaration.item_label("tables", 3, 2) == "Table 3.2"  # today's numbering
    assert declaration.item_label("charts", 3, 2) == ""  # charts are not numbered by default


def test_numbering_styles(tmp_path):
    d = declare(
        tmp_path,
        'numbering: {sections: "Section {n}", tables: "Table {section}{letter}", charts: "Graph {n}"}\n'
        "sections:\n  - {key: volumes, title: Received, show: [volumes_by_year]}\n",
    )
    assert d.section_label(2) == "Section 2"
    # The 1st, 2nd and 27th tables of section 3: a, b, then past z comes aa.
    assert [d.item_label("tables", 3, n) for n in (1, 2, 27)] == ["Table 3a", "Table 3b", "Table 3aa"]
    assert d.item_label("charts", 3, 5) == "Graph 5"


V = "show: [volumes_by_year]"  # a section that shows one built-in table


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            f"sections:\n  - {{key: volumes, title: A, {V}}}\nsection_order: [a]\n",
            3,
            ["unknown key", "allowed: figures, numbering, sections"],
        ),
        (
            f"sections:\n  - key: volumes\n    title: A\n    {V}\n    colour: red\n",
            5,
            ["unknown key 'colour'", "allowed:", "own", "parameters", "show"],
        ),
        (
            f"sections:\n  - {{key: volumes, title: A, {V}}}\n  - {{key: volumes, title: B, {V}}}\n",
            3,
            ["declared twice"],
        ),
        # a section shows items, a text file or its own notebook; the built-in section's items are named
        ("sections:\n  - {key: volumes, title: A}\n", 2, ["show:", "text:", "own: true", "volumes_by_quarter"]),
        (
            "sections:\n  - {key: purpose, title: Purpose, text: ../../etc/passwd.md}\n",
            2,
            ["file name ending .md (no folders)"],
        ),
        ("sections:\n  - {key: mine, title: Mine, own: true}\n", 2, ["no mine.ipynb in", "demo/notebooks"]),
        (
            f'numbering:\n  tables: "Table {{page}}"\nsections:\n  - {{key: volumes, title: A, {V}}}\n',
            2,
            ["{page}"[1:-1], "allowed fields"],
        ),
        (
            f"sections:\n  - {{key: volumes, title: A, {V}, years: {{from: 2024}}}}\n",
            2,
            ["year must look like 2024-25"],
        ),
        (
            f"sections:\n  - {{key: volumes, title: A, {V}}}\nfigures:\n  n: {{table: volumes_by_year, row: Total}}\n",
            4,
            ["needs column"],
        ),
        (f"sections:\n  - {{key: volumes, {V}}}\n", 2, ["needs a title"]),
    ],
)
def test_mistakes_are_reported_with_file_line_and_allowed_values(tmp_path, text, line, words):
    with pytest.raises(ConfigError) as caught:
        declare(tmp_path, text)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'x.report.yaml'}:{line}:"), message
    for word in words:
        assert word in message, message


def test_a_profile_section_the_built_in_report_does_not_have_is_refused(tmp_path, monkeypatch):
    import yaml

    from pipelines.config.profile import EXTRA_PROFILES, PROFILE_DIR

    raw = yaml.safe_load((PROFILE_DIR / "demo.yaml").read_text())
    raw["sections"] = ["summary", "purpose"]
    (tmp_path / "odd.yaml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv(EXTRA_PROFILES, str(tmp_path))
    # the profile schema refuses it with the line of the entry (config/reports/default.yaml's sections)
    with pytest.raises(ConfigError, match=r"odd.yaml, line \d+: sections\[1\]: unknown section 'purpose'"):
        load_declaration(load_profile("odd"))


# --- figures and placeholders ---------------------------------------------------------------------

VALUES = {
    "cases": Value("528", Decimal(528), "count"),
    "cases_last_year": Value("368", Decimal(368), "count"),
    "on_time": Value("62%", Decimal(62), "percent"),
    "on_time_last_year": Value("62%", Decimal(62), "percent"),
    "small": Value("[c]", None, "count"),
}


def test_placeholders_take_the_figure_and_wording_that_follows_the_numbers():
    text = (
        "New cases {cases|rose_fell:cases_last_year} to {cases}, from {cases_last_year}: "
        "{cases|increase_decrease:cases_last_year} of {cases|change:cases_last_year} "
        "({cases|difference:cases_last_year} more). On time: {on_time|rose_fell:on_time_last_year}, "
        "{cases_last_year|higher_lower:cases}."
    )
    # 528 > 368: rose, an increase; (528 - 368) / 368 = 43.48% -> 43%; 528 - 368 = 160.
    # 62% and 62%: stayed the same. 368 < 528: lower.
    assert fill(text, VALUES, "foreword.md") == (
        "New cases rose to 528, from 368: an increase of 43% (160 more). On time: stayed the same, lower."
    )


def test_an_unknown_figure_or_wording_names_the_file_and_line():
    with pytest.raises(SentenceError, match=r"^foreword\.md:3: no figure 'case'; named figures: cases, "):
        fill("Intro.\n\nWe received {case} cases.", VALUES, "foreword.md")
    with pytest.raises(SentenceError, match=r"^foreword\.md:1: .*wording one of rose_fell"):
        fill("{cases|went:cases_last_year}", VALUES, "foreword.md")


def test_cells_as_the_csv_copy_has_them():
    assert value_from_cell("1234", "count") == Value("1,234", Decimal(1234), "count", "1234")
    assert value_from_cell("1200.50", "money").text == "£1,201"  # half away from zero
    assert value_from_cell("35% (7/20)", "count") == Value("35%", Decimal(35), "percent", "35% (7/20)")
    assert value_from_cell("[c]", "count").withheld


FIGURES = {
    "cases": FigureDecl("cases", "t", "Total", "this year", ("new cases",)),
    "cases_last_year": FigureDecl("cases_last_year", "t", "Total", "last year", ("new cases",)),
    "on_time": FigureDecl("on_time", "t", "On time", "this year", ("on time",)),
}


def test_a_hand_typed_number_that_contradicts_a_computed_figure_is_caught_with_its_line():
    text = (
        "# Foreword\n\n"
        "This year 538 new cases were received.\n"  # line 3: 538 is neither 528 nor 368
        "New cases rose to {cases} from 368.\n"  # 368 is last year's figure: right
        "In 2024/25 we answered 62% on time, within 10 working days.\n"  # 62% is right; years skipped
        "New cases: 5 of them by email.\n"  # line 6: "5" sits 0 words after "new cases:" -> caught
    )
    problems = check_typed_numbers(text, FIGURES, VALUES, "foreword.md")
    assert len(problems) == 2, problems
    assert problems[0].startswith("foreword.md:3: 538 is typed by hand beside “new cases”")
    assert "{cases} is 528; {cases_last_year} is 368" in problems[0]
    assert problems[1].startswith("foreword.md:6: 5 is typed by hand")


def test_numbers_of_another_kind_or_far_from_the_words_are_not_taken_for_the_figure():
    text = (
        "New cases took 20% longer to close.\n"  # a percentage beside a count figure: another quantity
        "Stage 1 of new cases.\n"  # a number before the words, but it is part of a name, not a count
        "New cases were received over the year from many families and young people, 12 in all.\n"  # > 4 words
    )
    # "Stage 1 of new cases": 1 is 2 words before "new cases" and is a count -> this one IS a slip by
    # the rule (the rule cannot know "Stage 1" is a name); the authority writes "{cases}" or rewords.
    problems = check_typed_numbers(text, FIGURES, VALUES, "x.md")
    assert [p.split(":")[1] for p in problems] == ["2"]


def test_a_sentence_stating_a_withheld_figure_is_replaced_by_the_note():
    decl = type("D", (), {"figures": {}})()
    html = render_text("We had {small} complaints about X. Other text stays.\n", "x.md", decl, VALUES, "NOTE.")
    assert "[c]" not in html and "Other text stays. NOTE." in html


def test_markdown_is_rendered_and_typed_html_is_escaped():
    decl = type("D", (), {"figures": {}})()
    html = render_text("## Purpose\n\nThe **report** <script>x</script>\n\n- one\n", "x.md", decl, VALUES, "")
    assert "<h2>Purpose</h2>" in html and "<strong>report</strong>" in html and "<li>one</li>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_text_sections_read_figures_from_the_published_tables_and_record_them_for_the_checks(tmp_path):
    d = declare(
        tmp_path,
        "sections:\n  - {key: purpose, title: Purpose, text: purpose.md}\n  - {key: volumes, title: Received, show: [volumes_by_year]}\n"
        "figures:\n"
        "  cases: {table: volumes_by_year, row: Total, column: this year, says: new cases}\n"
        "  cases_last_year: {table: volumes_by_year, row: Total, column: last year}\n",
    )
    tables = {
        "volumes_by_year": CsvTable(
            "volumes_by_year", ["2023/24", "2024/25"], {"Total": {"2023/24": "368", "2024/25": "528"}}
        )
    }
    records = [{"key": "volumes_by_year", "basis": "received", "percent_columns": [], "money_columns": []}]
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "purpose.md").write_text("New cases {cases|rose_fell:cases_last_year} to {cases}.\n")
    texts = render_year_texts(load_profile("demo"), "2024-25", d, raw, tables, records)
    number, body, figures, item_texts = texts["purpose"]
    assert number == 1 and "<h1>1. Purpose</h1>" in body and "New cases rose to 528." in body and item_texts == {}
    assert [f["id"] for f in figures] == ["purpose.cases", "purpose.cases_last_year"]
    assert check_figures(figures, tables) == []  # each figure equals the cell it cites
    (raw / "purpose.md").write_text("New cases rose to 582.\n")
    with pytest.raises(SentenceError, match=r"purpose\.md:1: 582 is typed by hand"):
        render_year_texts(load_profile("demo"), "2024-25", d, raw, tables, records)


def test_a_figure_naming_a_row_the_table_lacks_is_an_error_naming_the_declaration_line(tmp_path):
    d = declare(
        tmp_path,
        "sections:\n  - {key: volumes, title: Received, show: [volumes_by_year]}\nfigures:\n  cases: {table: t, row: Totl, column: this year}\n",
    )
    tables = {"t": CsvTable("t", ["2024/25"], {"Total": {"2024/25": "1"}})}
    with pytest.raises(ConfigError, match=r"x\.report\.yaml:4: figures\.cases: table t has no row 'Totl'; rows: Total"):
        figure_values(d, tables, [], "2024-25")


# --- the catalogue: rates, multi-valued themes, context ---------------------------------------------


def _cases(rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=["case_ref", "year_received", "themes"])


THEMED = _cases(
    [
        ("A", "2024-25", "delay; communication"),
        ("B", "2024-25", "delay"),
        ("C", "2024-25", "communication"),
        ("D", "2024-25", "finance"),
        ("E", "2024-25", None),
        ("F", "2023-24", "delay"),
    ]
)


def test_themes_count_once_per_theme_and_once_per_declared_group():
    from pipelines.measures.declared import themes_table

    table = themes_table(
        THEMED, ["2023-24", "2024-25"], "t", "Themes", ["delay", "communication", "finance"],
        {"Delay or communication": ["delay", "communication"]},
    )  # fmt: skip
    data = table.data
    # 2024-25: delay A, B = 2; communication A, C = 2; finance D = 1; "delay or communication" A, B, C = 3
    # (A once, not twice); complaints A-E = 5; shares of 5: 40, 40, 20, 60, 100. 2023-24: F only.
    assert data["2024/25"].to_dict() == {
        "Delay": 2, "Communication": 2, "Finance": 1, "Delay or communication": 3, "Complaints (each counted once)": 5,
    }  # fmt: skip
    assert list(data["2024/25 share (%)"]) == [40, 40, 20, 60, 100]
    assert list(data["2023/24"]) == [1, 0, 0, 1, 1]


def test_rates_per_100_per_1000_and_as_a_percentage():
    import pandas as pd

    from pipelines.measures.declared import rate_table

    numerator = _cases([("A", "2024-25", ""), ("B", "2024-25", ""), ("C", "2024-25", ""), ("D", "2023-24", "")])
    context = pd.DataFrame(
        {
            "financial_year": ["2023-24", "2024-25"],
            "measure": ["referrals"] * 2,
            "value": [400, 250],
            "source": ["DfE"] * 2,
        }
    )
    years = ["2023-24", "2024-25"]

    def rate(per):
        t = rate_table(numerator, None, years, "r", "R", "Stage 1", "Referrals", per, "received", "referrals", context)
        return t.data

    # 2024-25: 3 over 250 referrals = 1.2 per 100, 12.0 per 1,000, 1.2% -> 1%.
    # 2023-24: 1 over 400 = 0.25 per 100 -> 0.3 (half away from zero), 2.5 per 1,000, 0.25% -> 0%.
    assert rate("100")["Per 100"].tolist() == [0.3, 1.2]
    assert rate("1000")["Per 1,000"].tolist() == [2.5, 12.0]
    assert rate("percent")["%"].tolist() == [0, 1]
    assert rate("100")["Referrals"].tolist() == [400, 250]
    # Any count over any count: 3 stage 1 complaints over 4 concluded = 75%; none the year before -> [z].
    concluded = _cases([("A", "2024-25", ""), ("B", "2024-25", ""), ("C", "2024-25", ""), ("E", "2024-25", "")])
    t = rate_table(numerator, concluded, years, "r", "R", "Upheld", "Concluded", "percent", "received")
    assert t.data["%"].tolist()[1] == 75 and t.data["Concluded"].tolist() == [0, 4]
    assert t.data["%"].isna().tolist()[0]


def test_the_context_table_puts_two_sources_side_by_side_with_the_change():
    import pandas as pd

    from pipelines.measures.declared import context_table

    context = pd.DataFrame(
        {
            "financial_year": ["2023-24", "2024-25", "2024-25", "2023-24"],
            "measure": ["referrals"] * 4,
            "value": [400, 250, 262, 410],
            "source": ["DfE", "DfE", "Council", "Council"],
        }
    )
    t = context_table(context, ["2023-24", "2024-25"], ["referrals"], "c", "Demand")
    # DfE: (250 - 400) / 400 = -37.5% -> -38% (half away from zero); council: (262 - 410) / 410 = -36.1% -> -36%.
    assert t.data.loc["Referrals to children's social care (DfE)"].tolist() == [400, 250, -38]
    assert t.data.loc["Referrals to children's social care (Council)"].tolist() == [410, 262, -36]


@pytest.mark.parametrize(
    ("show", "words"),
    [
        (
            "[{measure: ratio, key: r, title: R}]",
            ["show.0.measure", "unknown measure 'ratio'", "count", "volumes_by_year"],
        ),
        (
            "[{measure: rate, key: r, title: R, numerator: {where: {stage: [1]}}, denominator: {context: referals}, per: 100}]",
            ["show.0.denominator.context", "referrals, children_in_need"],
        ),
        (
            "[{measure: rate, key: r, title: R, numerator: {source: complaints}, denominator: {context: referrals}, per: 50}]",
            ["per must be 1000, 100 or percent"],
        ),
        (
            '[{measure: themes, key: t, title: T, cases: {source: complaints}, groups: {"Delay or talk": [delay, talking]}}]',
            ["show.0.groups.Delay or talk", "not themes: ['talking']"],
        ),
        ("[{measure: context, key: c, title: C, measures: [referrals], years: 0}]", ["whole number 1 to 20"]),
    ],
)
def test_catalogue_mistakes_name_the_line_and_the_allowed_values(tmp_path, show, words):
    with pytest.raises(ConfigError) as caught:
        declare(tmp_path, f"sections:\n  - key: volumes\n    title: A\n    show: {show}\n")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'x.report.yaml'}:4:"), message
    for word in words:
        assert word in message, message


# --- the docs teach what the loader accepts ------------------------------------------------------------

DOCS = __import__("pipelines").ROOT / "docs" / "adding-an-authority.md"


def test_every_yaml_example_of_a_report_file_in_the_docs_is_accepted(tmp_path):
    import re

    examples = [
        block
        for block in re.findall(r"```yaml\n(.*?)```", DOCS.read_text(), re.S)
        if re.search(r"^sections:", block, re.M)
    ]
    assert len(examples) >= 2
    for block in examples:
        d = declare(tmp_path, block)
        assert d.sections


def test_every_key_of_the_vocabulary_is_documented():
    from pipelines.document import catalogue, catalogue_base, declaration, items, sections, writers

    text = DOCS.read_text()
    keys = declaration.TOP_KEYS | sections.SECTION_KEYS | declaration.NUMBERING_KEYS | declaration.FIGURE_KEYS
    keys |= (
        catalogue_base.CASES_KEYS
        | catalogue_base.TABLE_KEYS
        | set(items.KINDS)
        | items.CHART_KEYS
        | set(items.CHART_KINDS)
    )
    for entry in catalogue.entries().values():  # every measure, its parameters and its own keys
        keys |= {entry.name} | set(entry.params)
        if entry.name != "count":  # count takes a breakdown's keys: pipelines/measures/breakdowns.py lists them
            keys |= set(entry.allowed)
    keys |= set(writers.WRITERS) | set(writers.TITLES) | set(writers.BLOCKS)
    keys |= {k for _, block_keys in writers.BLOCKS.values() for k in block_keys}
    missing = sorted(k for k in keys if f"`{k}`" not in text)
    assert not missing, missing


def test_the_audit_edition_names_the_measure_behind_a_declared_table_with_its_file_and_line():
    import inspect

    from pipelines.document.catalogue import measure_function
    from pipelines.measures import declared

    function = measure_function({"measure": "rate"})
    assert function is declared.rate_table.__wrapped__
    assert inspect.getsourcefile(function).endswith("pipelines/measures/declared.py")
