"""Measures a declared report asks for by name (pipelines/document/catalogue.py): any count over any
denominator as a rate, multi-valued themes with declared groups, and the context (demand) table.
Each takes frames already chosen and filtered by the declaration (which cases, which basis), so the
statutory rules applied upstream (timescales, working days, bases) hold here too."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from pipelines.config.vocabulary import label
from pipelines.measures.base import Table, Trace, measure, period_text
from pipelines.rules.calendar import fy_text
from pipelines.rules.numbers import pct_change, percent, round_half_up

PER = {"1000": 1000, "100": 100, "percent": 100}


def _rate(n: int, base: int | None, per: str):
    """n per 1,000 or per 100 of base (one decimal), or n as a whole-number percentage of base."""
    if not base:
        return None
    if per == "percent":
        return percent(n, base)
    return float(round_half_up(Fraction(n * PER[per], base), 1))


def rate_column(per: str) -> str:
    return "%" if per == "percent" else f"Per {PER[per]:,}"


@measure
def rate_table(
    numerator: pd.DataFrame,
    denominator: pd.DataFrame | None,
    years: list[str],
    key: str,
    title: str,
    numerator_label: str,
    denominator_label: str,
    per: str = "1000",
    basis: str = "received",
    context_measure: str | None = None,
    context: pd.DataFrame | None = None,
) -> Table:
    """Each year: the numerator's rows in that year, the denominator (another count of rows, on the
    same basis, or a context figure for that year) and the rate per 1,000, per 100 or as a percentage."""
    rows, trace = {}, Trace()
    year_col = f"year_{basis}"
    for year in years:
        column = fy_text(year)
        n = len(trace.add(column, numerator_label, numerator[numerator[year_col] == year]))
        if context_measure is not None:
            found = context[(context["financial_year"] == year) & (context["measure"] == context_measure)]["value"]
            base = int(found.iloc[0]) if len(found) else None
        else:
            base = len(trace.add(column, denominator_label, denominator[denominator[year_col] == year]))
        rows[column] = {numerator_label: n, denominator_label: base, rate_column(per): _rate(n, base, per)}
    table = trace.attach(pd.DataFrame.from_dict(rows, orient="index"))
    return Table(
        key,
        title,
        table,
        basis,
        period_text(years),
        percent_columns=("%",) if per == "percent" else (),
    )


def theme_sets(frame: pd.DataFrame, field: str = "themes") -> pd.Series:
    """Each row's themes as a set ('delay; communication' -> {'delay', 'communication'})."""
    return frame[field].fillna("").astype(str).str.split(";").map(lambda items: {i.strip() for i in items if i.strip()})


@measure
def themes_table(
    frame: pd.DataFrame,
    years: list[str],
    key: str,
    title: str,
    themes: list[str],
    groups: dict,
    basis: str = "received",
    field: str = "themes",
    share: bool = True,
) -> Table:
    """A complaint with several themes counts once under each of them, and once under each declared
    group that holds any of them ("delay; communication" counts once in "Delay or communication").
    The last row counts complaints, each once; this year's shares are of that number."""
    sets = theme_sets(frame, field)
    year_col = f"year_{basis}"
    rows, trace = {}, Trace()
    members = [(t.capitalize(), {t}) for t in themes] + [(name, set(group)) for name, group in groups.items()]
    complaints_row = "Complaints (each counted once)"
    for row, wanted in members + [(complaints_row, None)]:
        rows[row] = {}
        for year in years:
            in_year = frame[year_col] == year
            chosen = in_year if wanted is None else in_year & sets.map(lambda found, w=wanted: bool(found & w))
            rows[row][fy_text(year)] = len(trace.add(row, fy_text(year), frame[chosen]))
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[fy_text(y) for y in years]).astype("int64")
    this = fy_text(years[-1])
    percent_columns = ()
    if share:
        whole = int(table.loc[complaints_row, this])
        table[f"{this} share (%)"] = [percent(int(v), whole) for v in table[this]]
        percent_columns = (f"{this} share (%)",)
    return Table(
        key,
        title,
        trace.attach(table),
        basis,
        period_text(years),
        notes=["A complaint can have several themes, so the themes add up to more than the complaints."],
        percent_columns=percent_columns,
    )


@measure
def context_table(context: pd.DataFrame, years: list[str], measures: list[str], key: str, title: str) -> Table:
    """Demand figures by year, with the change on the previous year; a measure given by two sources
    (DfE's statistics and the authority's own) is one row per source, side by side."""
    rows = {}
    for code in measures:
        found = context[context["measure"] == code]
        sources = sorted(found["source"].dropna().unique()) or [""]
        for source in sources:
            row = label("context_measures", code) + (f" ({source})" if len(sources) > 1 else "")
            mine = found[found["source"] == source] if source else found
            by_year = {y: mine[mine["financial_year"] == y]["value"] for y in years}
            rows[row] = {fy_text(y): (int(v.iloc[0]) if len(v) else None) for y, v in by_year.items()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[fy_text(y) for y in years])
    if len(years) > 1:
        this, last = fy_text(years[-1]), fy_text(years[-2])
        table["Change (%)"] = [
            pct_change(a, b) if pd.notna(a) and pd.notna(b) else None for a, b in zip(table[this], table[last])
        ]
    return Table(
        key,
        title,
        table.astype("object").where(table.notna(), None),
        None,
        period_text(years),
        notes=["Sources: " + "; ".join(sorted(set(context["source"].dropna())))] if len(context) else [],
        percent_columns=("Change (%)",) if len(years) > 1 else (),
    )
