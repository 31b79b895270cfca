"""Charts: alt text generated from the data, the GAF palette, at most four colours, identical bytes
for identical data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipelines.document.charts import GAF, TWO, clustered_bars, horizontal_bars, palette, word_cloud
from pipelines.measures.base import Table


def _table():
    data = pd.DataFrame({"2023/24": [118, 171], "2024/25": [99, 206]}, index=["Statutory stage 1", "Corporate stage 1"])
    data.loc["Total"] = data.sum()
    return Table("volumes_by_year", "Complaints by procedure and stage", data, "received", "2023/24 to 2024/25")


def test_alt_text_carries_every_value_and_leaves_out_the_total():
    chart = clustered_bars(
        _table(), ["2023/24", "2024/25"], "Statutory complaints fell by 16% in 2024/25", "Complaints"
    )
    assert chart.alt == (
        "Bar chart. Statutory complaints fell by 16% in 2024/25. Complaints by 2023/24, 2024/25: "
        "Statutory stage 1: 2023/24 118, 2024/25 99; Corporate stage 1: 2023/24 171, 2024/25 206."
    )
    assert chart.table_key == "volumes_by_year" and chart.media_type == "image/svg+xml"


def test_two_series_use_dark_blue_and_orange_and_appear_in_the_svg():
    chart = clustered_bars(_table(), ["2023/24", "2024/25"], "Title", "Complaints")
    svg = chart.data.decode()
    assert palette(2) == TWO == ["#12436D", "#F46A25"]
    assert "#12436d" in svg.lower() and "#f46a25" in svg.lower()
    assert 'href="http' not in svg and "url(http" not in svg  # nothing fetched (namespaces are names)


def test_charts_are_byte_identical_for_the_same_data():
    a = clustered_bars(_table(), ["2023/24", "2024/25"], "Title", "Complaints")
    b = clustered_bars(_table(), ["2023/24", "2024/25"], "Title", "Complaints")
    assert a.data == b.data
    h1 = horizontal_bars(_table(), ["2023/24", "2024/25"], "Title", "Complaints")
    h2 = horizontal_bars(_table(), ["2023/24", "2024/25"], "Title", "Complaints")
    assert h1.data == h2.data and h1.alt.startswith("Horizontal bar chart. Title.")


def test_at_most_four_colours():
    assert palette(4) == GAF[:4]
    with pytest.raises(ValueError, match="at most 4 colours"):
        palette(5)


def test_word_cloud_alt_lists_the_most_frequent_words_and_is_deterministic():
    words = {"kind": 5, "helpful": 7, "listened": 3, "team": 7}
    a, b = (
        word_cloud(words, "Words used most", "compliment_themes"),
        word_cloud(words, "Words used most", "compliment_themes"),
    )
    assert (
        a.alt
        == "Word cloud. Words used most. The most frequent words are helpful (7), team (7), kind (5), listened (3)."
    )
    assert a.data == b.data and a.data.startswith(b"\x89PNG")
    assert word_cloud({}, "Words", "t") is None


# --- chart kinds a declared table may ask for (chart: clustered | stacked | line | none) ---------------


def _with_gap():
    """Lancashire 2021/22 Graph 1 CYP (CYP-stat 289, 252, 226, 188; CYP-non stat 142, 139, 229, 197), with
    2019/20 of the second row made [z] (nothing to count) to see how a chart shows it."""
    years = ["2018/19", "2019/20", "2020/21", "2021/22"]
    data = pd.DataFrame({y: [s, n] for y, s, n in zip(years, [289, 252, 226, 188], [142, None, 229, 197])})
    data.index = ["CYP statutory", "CYP non-statutory"]
    return Table("cyp_year_on_year", "CYP Year on Year trajectory", data, "received", "2018/19 to 2021/22"), years


def test_a_line_chart_draws_a_line_per_row_and_leaves_a_gap_for_z():
    from pipelines.document.charts import draw

    table, years = _with_gap()
    chart = draw("line", table, years, "CYP Year on Year trajectory", "Complaints")
    assert chart.alt == (
        "Line chart. CYP Year on Year trajectory. Complaints in 2018/19, 2019/20, 2020/21, 2021/22: "
        "CYP statutory: 2018/19 289, 2019/20 252, 2020/21 226, 2021/22 188; "
        "CYP non-statutory: 2018/19 142, 2019/20 [z], 2020/21 229, 2021/22 197."
    )
    svg = chart.data.decode()
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    # every value is labelled at its point; the [z] year has no point and no label (never a point at 0)
    assert {"289", "252", "226", "188", "142", "229", "197"} <= set(labels) and "[z]" not in labels
    # 4 + 3 points drawn as markers, and one marker per line in the legend: 9 marker uses
    assert svg.count("<use ") == 4 + 3 + 2
    assert "#12436d" in svg.lower() and "#f46a25" in svg.lower()  # two series: dark blue and orange
    assert draw("line", table, years, "CYP Year on Year trajectory", "Complaints").data == chart.data


def test_a_stacked_chart_draws_a_bar_per_year_made_of_the_rows():
    from pipelines.document.charts import draw

    data = pd.DataFrame({"2023/24": [207, 556], "2024/25": [941, 582]}, index=["Formal", "Informal"])
    data.loc["Total"] = data.sum()  # the Total row is not a part of the whole
    table = Table("send_complaints", "SEND complaints", data, "received", "2023/24 to 2024/25")
    chart = draw("stacked", table, ["2023/24", "2024/25"], "SEND complaints", "Complaints")
    assert chart.alt == (
        "Stacked bar chart. SEND complaints. Complaints in 2023/24, 2024/25, made up of: "
        "Formal: 2023/24 207, 2024/25 941; Informal: 2023/24 556, 2024/25 582."
    )
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", chart.data.decode())
    assert {"207", "941", "556", "582"} <= set(labels) and "763" not in labels  # 207 + 556: no total drawn
    table, years = _with_gap()
    gap = draw("stacked", table, years, "T", "Complaints")
    assert "[z]" in gap.alt and "[z]" not in re.findall(r"<text[^>]*>([^<]*)</text>", gap.data.decode())


def test_chart_kinds_and_their_limits():
    from pipelines.document.charts import draw
    from pipelines.document.items import CHART_KINDS

    assert set(CHART_KINDS) == {"clustered", "horizontal", "stacked", "line"}  # `chart: none`: no chart at all
    table, years = _with_gap()
    with pytest.raises(ValueError, match="chart must be one of clustered, horizontal, stacked, line, got 'pie'"):
        draw("pie", table, years, "T", "U")
    many = pd.DataFrame({"2024/25": [1, 2, 3, 4, 5]}, index=list("ABCDE"))
    with pytest.raises(ValueError, match="at most 4 colours"):  # one colour per row: five rows are too many
        draw("line", Table("t", "T", many, None, "2024/25"), ["2024/25"], "T", "U")


def test_a_money_chart_is_drawn_in_pounds():
    # costs are kept in pence: £12,006.65 is 1200665, labelled £12,007 (whole pounds); £2,500.50 is 250050,
    # labelled £2,501: half away from zero (Python's format would give the even £2,500)
    data = pd.DataFrame({"2024/25": [1200665, 250050]}, index=["Investigating officers", "Independent persons"])
    table = Table("costs", "Costs", data, None, "2024/25", money_columns=("2024/25",))
    chart = clustered_bars(table, ["2024/25"], "Costs", "Pounds")
    assert "2024/25 £12,007" in chart.alt and "2024/25 £2,501" in chart.alt
    assert {"£12,007", "£2,501"} <= set(re.findall(r"<text[^>]*>([^<]*)</text>", chart.data.decode()))


def test_a_clustered_chart_of_many_categories_is_drawn_across_the_page():
    from pipelines.document.charts import MAX_CATEGORIES_ACROSS, draw

    # nine services: too many to name along the axis, so the bars run across with the names down the side
    data = pd.DataFrame({"2020/21": range(9), "2021/22": range(9, 18)}, index=[f"Service {n}" for n in range(9)])
    data.loc["Total"] = data.sum()
    table = Table("by_service", "By service", data, "received", "2020/21 to 2021/22")
    assert MAX_CATEGORIES_ACROSS == 8
    assert draw("clustered", table, ["2020/21", "2021/22"], "By service", "Complaints").alt.startswith(
        "Horizontal bar chart. By service."
    )
    eight = Table("by_service", "By service", data.iloc[1:], "received", "")  # eight services and the Total
    assert draw("clustered", eight, ["2020/21", "2021/22"], "By service", "Complaints").alt.startswith("Bar chart.")
