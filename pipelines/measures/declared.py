"""Measures a declared report asks for by name (pipelines/document/catalogue.py): any count over any
denominator as a rate, multi-valued themes with declared groups, and the context (demand) table.
Each takes frames already chosen and filtered by the declaration (which cases, which basis), so the
statutory rules applied upstream (timescales, working days, bases) hold here too."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from pipelines.config.vocabulary import taxonomy
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


def context_label(context: pd.DataFrame, measure: str) -> str:
    """How a context measure is printed: the label its figures carry (context.csv's `label` column),
    else the taxonomy's label of one of DfE's measures, else its name with spaces."""
    given = context.loc[context["measure"] == measure, "label"].dropna() if "label" in context else []
    if len(given):
        return str(given.iloc[0])
    known = taxonomy()["context_measures"]
    return known[measure] if measure in known else measure.replace("_", " ").capitalize()


def from_dfe(source) -> bool:
    """Whether a context figure's source is one of DfE's publications (pipelines/inputs/dfe.py)."""
    from pipelines.inputs.dfe import SOURCES

    return isinstance(source, str) and source.startswith(tuple(s.publication for s in SOURCES.values()))


@measure
def context_table(context: pd.DataFrame, years: list[str], measures: list[str], key: str, title: str) -> Table:
    """Demand figures by year, with the change on the previous year: DfE's statistics and the
    authority's own figures (context.csv) side by side, one row each, in the order declared. Where a
    table shows both, DfE's rows say so ("(DfE)"); the authority's own rows carry their own label."""
    rows, origins = {}, {}
    for code in measures:
        found = context[context["measure"] == code]
        sources = sorted(found["source"].dropna().unique()) or [""]
        for source in sources:
            mine = found[found["source"] == source] if source else found
            row = context_label(context, code) + (f" ({source})" if len(sources) > 1 else "")
            by_year = {y: mine[mine["financial_year"] == y]["value"] for y in years}
            rows[row] = {fy_text(y): (int(v.iloc[0]) if len(v) else None) for y, v in by_year.items()}
            origins[row] = from_dfe(source)
    if len(set(origins.values())) > 1:  # DfE's figures beside the authority's own: say whose each is
        rows = {(f"{row} (DfE)" if origins[row] else row): cells for row, cells in rows.items()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[fy_text(y) for y in years])
    if len(years) > 1:
        this, last = fy_text(years[-1]), fy_text(years[-2])
        table["Change (%)"] = [
            pct_change(a, b) if pd.notna(a) and pd.notna(b) else None for a, b in zip(table[this], table[last])
        ]
    shown = context[context["measure"].isin(measures) & context["financial_year"].isin(years)]
    return Table(
        key,
        title,
        table.astype("object").where(table.notna(), None),
        None,
        period_text(years),
        notes=["Sources: " + "; ".join(sorted(set(shown["source"].dropna())))] if len(shown) else [],
        percent_columns=("Change (%)",) if len(years) > 1 else (),
    )
