"""Charts: alt text generated from the data, the GAF palette, at most four colours, identical bytes
for identical data."""

from __future__ import annotations

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
