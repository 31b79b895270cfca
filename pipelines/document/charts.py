"""Charts like the published graphs: clustered bars comparing years, stacked bars of what each year
was made of, lines of trends, horizontal bars by service, and the compliments word cloud. Government Analysis Function colours, active
titles, labelled axes, direct value labels, alt text generated from the data, and byte-identical
SVG output for the same data."""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from pipelines.document.catalogue_base import CHART_KINDS  # noqa: E402
from pipelines.measures.base import TOTAL, Table  # noqa: E402
from pipelines.rules.numbers import NOT_APPLICABLE, SUPPRESSED, fmt_money  # noqa: E402

# Government Analysis Function categorical palette, in order; two-series charts use blue and orange.
GAF = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
TWO = ["#12436D", "#F46A25"]
MAX_SERIES = 4

# svg.fonttype none: text stays text (selectable, and WeasyPrint draws the PDF about 3x faster than
# from one path per glyph); the hash salt keeps the SVG bytes identical from run to run.
sns.set_theme(
    style="whitegrid",
    font="DejaVu Sans",
    rc={
        "svg.hashsalt": "complaints-report",
        "svg.fonttype": "none",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titleweight": "bold",
        "axes.titlesize": 12,
        "axes.titlelocation": "left",
        "font.size": 10,
        "grid.color": "#d9d9d9",
    },
)


@dataclass
class Chart:
    key: str
    title: str  # active title: says what the chart shows
    alt: str  # alt text generated from the data
    table_key: str  # the table behind it
    media_type: str
    data: bytes
    tall: bool = False  # taller than wide (many categories down the side): printed up to a page high

    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


THOUSANDS = matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:,.0f}")


def _category_labels(ax, labels: list[str]) -> None:
    """Wrap long category names onto several lines; slant them only when there are many."""
    many = len(labels) > 5
    ax.set_xticks(
        range(len(labels)),
        [textwrap.fill(str(label), 14 if not many else 22) for label in labels],
        rotation=30 if many else 0,
        ha="right" if many else "center",
    )


def palette(n: int) -> list[str]:
    if n > MAX_SERIES:
        raise ValueError(f"at most {MAX_SERIES} colours in one chart, asked for {n}")
    return TWO if n == 2 else GAF[:n]


def _svg(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return buffer.getvalue()


def _value_text(frame: pd.DataFrame, row, column, hidden: frozenset) -> str:
    """A bar's label: [c] withheld, [z] no cases to count (not a bar of 0), else the count (or pounds,
    for a money table: its values are drawn in pounds)."""
    value = frame.loc[row, column]
    if (row, column) in hidden:
        return SUPPRESSED
    if pd.isna(value):
        return NOT_APPLICABLE
    return fmt_money(value) if frame.attrs.get("money") else f"{value:,.0f}"  # money: pounds, half up


def _series_text(frame: pd.DataFrame, hidden=frozenset()) -> str:
    parts = []
    for row, values in frame.iterrows():
        parts.append(f"{row}: " + ", ".join(f"{c} {_value_text(frame, row, c, hidden)}" for c in values.index))
    return "; ".join(parts)


def _shown(table: Table, columns: list[str], drop_total: bool) -> tuple[pd.DataFrame, frozenset]:
    """The values to draw: suppressed cells are drawn as nothing and labelled [c]."""
    frame = table.data[columns].copy()
    if drop_total:
        frame = frame.drop(index=TOTAL, errors="ignore")
    hidden = frozenset(cell for cell in (table.hidden or ()) if cell[0] in frame.index and cell[1] in columns)
    for row, column in hidden:
        frame.loc[row, column] = 0
    # [z] (nothing to count) stays missing: no bar is drawn and it is labelled [z], never 0.
    shown = frame.apply(pd.to_numeric, errors="coerce").astype(float)
    money = bool(columns) and all(c in table.money_columns for c in columns)
    if money:  # money is kept in pence; a chart shows pounds
        shown = shown / 100
    shown.attrs["money"] = money
    return shown, hidden


def _label_bars(ax, frame: pd.DataFrame, hidden: frozenset) -> None:
    for container, column in zip(ax.containers, frame.columns):
        labels = [_value_text(frame, row, column, hidden) for row in frame.index]
        ax.bar_label(container, labels=labels, padding=2, fontsize=8)


def _long(frame: pd.DataFrame, row_name: str) -> pd.DataFrame:
    return frame.rename_axis(row_name).reset_index().melt(id_vars=row_name, var_name="series", value_name="value")


def clustered_bars(
    table: Table, columns: list[str], title: str, ylabel: str, key: str | None = None, drop_total: bool = True
) -> Chart:
    """Categories along the x axis, one bar per column (usually a year) in each cluster."""
    frame, hidden = _shown(table, columns, drop_total)
    long = _long(frame.fillna(0), "category")  # a [z] bar has no height; its label says [z]
    width = max(6.5, 1.1 * len(frame) + 2)
    fig, ax = plt.subplots(figsize=(min(width, 10), 4.2))
    sns.barplot(
        data=long,
        x="category",
        y="value",
        hue="series",
        palette=palette(len(columns)),
        ax=ax,
        saturation=1,
        errorbar=None,
    )
    _label_bars(ax, frame, hidden)
    ax.set(title=title, xlabel="", ylabel=ylabel)
    ax.legend(title="", frameon=False, ncols=len(columns), loc="upper right")
    _category_labels(ax, list(frame.index))
    ax.yaxis.set_major_formatter(THOUSANDS)
    ax.margins(y=0.15)
    alt = f"Bar chart. {title}. {ylabel} by {', '.join(columns)}: {_series_text(frame, hidden)}."
    return Chart(key or f"{table.key}_chart", title, alt, table.key, "image/svg+xml", _svg(fig))


def horizontal_bars(
    table: Table, columns: list[str], title: str, xlabel: str, key: str | None = None, drop_total: bool = True
) -> Chart:
    """One row per category (service area...), bars for each column (year), largest at the top."""
    frame, hidden = _shown(table, columns, drop_total)
    long = _long(frame.fillna(0), "category")  # a [z] bar has no height; its label says [z]
    height = max(2.5, 0.22 * len(frame) * max(1, len(columns)) + 1.2)  # about a line of text per bar
    fig, ax = plt.subplots(figsize=(7.5, height))
    sns.barplot(
        data=long,
        y="category",
        x="value",
        hue="series",
        palette=palette(len(columns)),
        ax=ax,
        saturation=1,
        errorbar=None,
        orient="h",
    )
    _label_bars(ax, frame, hidden)
    ax.set(title=title, ylabel="", xlabel=xlabel)
    ax.legend(title="", frameon=False, loc="lower right")
    ax.xaxis.set_major_formatter(THOUSANDS)
    ax.margins(x=0.12)
    alt = f"Horizontal bar chart. {title}. {xlabel}: {_series_text(frame, hidden)}."
    return Chart(key or f"{table.key}_chart", title, alt, table.key, "image/svg+xml", _svg(fig), height > 6)


def stacked_bars(
    table: Table, columns: list[str], title: str, ylabel: str, key: str | None = None, drop_total: bool = True
) -> Chart:
    """One bar per column (usually a year), made of the table's rows stacked in order: what each year's
    whole was made of. One colour per row (at most four), each part labelled with its value."""
    frame, hidden = _shown(table, columns, drop_total)
    palette(len(frame))  # at most four parts
    fig, ax = plt.subplots(figsize=(min(max(5.0, 1.4 * len(columns) + 3), 10), 4.6))
    bottom = pd.Series(0.0, index=columns)
    for colour, (row, values) in zip(palette(len(frame)), frame.iterrows()):
        heights = values.fillna(0)  # a [z] part has no height; the table and alt text say [z]
        bars = ax.bar(columns, heights, bottom=bottom, color=colour, label=str(row), edgecolor="white")
        labels = [_value_text(frame, row, c, hidden) if heights[c] or (row, c) in hidden else "" for c in columns]
        ax.bar_label(bars, labels=labels, label_type="center", fontsize=8, color="white")
        bottom += heights
    ax.set(title=title, xlabel="", ylabel=ylabel)
    ax.legend(title="", frameon=False, loc="upper left", bbox_to_anchor=(1, 1), reverse=True)
    ax.yaxis.set_major_formatter(THOUSANDS)
    ax.margins(y=0.1)
    alt = f"Stacked bar chart. {title}. {ylabel} in {', '.join(columns)}, made up of: {_series_text(frame, hidden)}."
    return Chart(key or f"{table.key}_chart", title, alt, table.key, "image/svg+xml", _svg(fig))


LINE_STYLES = ["-", "--", ":", "-."]
MARKERS = ["o", "s", "^", "D"]


def line_chart(
    table: Table, columns: list[str], title: str, ylabel: str, key: str | None = None, drop_total: bool = True
) -> Chart:
    """Each row's trend over the columns (years): one line per row (at most four), each in its own
    colour, dash and marker (named in the legend under the chart), so that colour is not the only thing
    that tells them apart. Each point is labelled, the highest of a year above its point and the others
    below, so that lines that meet keep their labels apart. A [z] year is a gap, never a point at 0."""
    frame, hidden = _shown(table, columns, drop_total)
    colours = palette(len(frame))
    fig, ax = plt.subplots(figsize=(7.5, 4.4))
    positions = list(range(len(columns)))
    highest = frame.max(axis=0)
    for n, (row, values) in enumerate(frame.iterrows()):
        ax.plot(
            positions, values.to_numpy(), color=colours[n], linestyle=LINE_STYLES[n], marker=MARKERS[n], label=str(row)
        )
        for x, column in zip(positions, columns):
            if pd.isna(values[column]) and (row, column) not in hidden:
                continue  # [z]: nothing drawn, nothing labelled (the table and the alt text say [z])
            top = pd.isna(values[column]) or values[column] >= highest[column]
            ax.annotate(
                _value_text(frame, row, column, hidden),
                (x, 0 if pd.isna(values[column]) else values[column]),
                textcoords="offset points",
                xytext=(0, 6 if top else -7),
                ha="center",
                va="bottom" if top else "top",
                fontsize=8,
                color=colours[n],
            )
    ax.set_xticks(positions, columns)
    ax.set(title=title, xlabel="", ylabel=ylabel)
    top = highest.max()
    ax.set_ylim(0, top * 1.18 if pd.notna(top) and top > 0 else 1)  # room for the highest point's label
    ax.margins(x=0.08)
    ax.legend(title="", frameon=False, loc="upper left", bbox_to_anchor=(0, -0.1), ncols=len(frame))
    ax.yaxis.set_major_formatter(THOUSANDS)
    alt = f"Line chart. {title}. {ylabel} in {', '.join(columns)}: {_series_text(frame, hidden)}."
    return Chart(key or f"{table.key}_chart", title, alt, table.key, "image/svg+xml", _svg(fig))


# More categories than this do not fit along the axis: clustered bars are then drawn across, the
# categories down the side (Lancashire's 27 adult social care services, 2021/22 Graph 7).
MAX_CATEGORIES_ACROSS = 8


def draw(kind: str, table: Table, columns: list[str], title: str, ylabel: str) -> Chart:
    """The chart of an item (`chart:`, one of catalogue_base.CHART_KINDS, each a function of this module):
    clustered bars (categories along the axis, a bar per year; across the page for more than eight
    categories), horizontal bars, stacked bars (a bar per year, made of the rows) or lines (a line per
    row over the years)."""
    if kind not in CHART_KINDS:
        raise ValueError(f"chart must be one of {', '.join(CHART_KINDS)}, got {kind!r}")
    chart = globals()[CHART_KINDS[kind]]
    if kind == "clustered" and len(table.data.index.drop(TOTAL, errors="ignore")) > MAX_CATEGORIES_ACROSS:
        chart = horizontal_bars
    return chart(table, columns, title, ylabel)


def word_cloud(words: dict[str, int], title: str, table_key: str, key: str = "compliment_words") -> Chart | None:
    """The compliments word cloud (PNG; the same words always give the same picture)."""
    if not words:
        return None
    from wordcloud import WordCloud

    cloud = WordCloud(
        width=900,
        height=420,
        background_color="white",
        random_state=7,
        prefer_horizontal=1.0,
        color_func=lambda *args, **kwargs: GAF[0],
        max_words=60,
        collocations=False,
    ).generate_from_frequencies(words)
    buffer = io.BytesIO()
    cloud.to_image().save(buffer, format="PNG", optimize=False)
    top = sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
    alt = f"Word cloud. {title}. The most frequent words are " + ", ".join(f"{w} ({n})" for w, n in top) + "."
    return Chart(key, title, alt, table_key, "image/png", buffer.getvalue())
