"""Tables for publication: numbered, captioned with period and basis, GSS symbols with their key,
header cells with scope; every value escaped. CSV copies are safe to open in Excel."""

from __future__ import annotations

import html

import pandas as pd

from pipelines.config.vocabulary import taxonomy
from pipelines.measures.base import TOTAL, Table
from pipelines.rules.numbers import NOT_APPLICABLE, NOT_AVAILABLE, fmt_count, fmt_money, fmt_pct

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def display_value(table: Table, column, value) -> str:
    if isinstance(value, str):
        return value
    if column in table.money_columns:
        return fmt_money(None if pd.isna(value) else value / 100)
    if column in table.percent_columns:
        return fmt_pct(None if value is None or pd.isna(value) else int(value))
    if value is None or pd.isna(value):
        return NOT_APPLICABLE
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return fmt_count(value)


def display_frame(table: Table) -> pd.DataFrame:
    return pd.DataFrame(
        {c: [display_value(table, c, v) for v in table.data[c]] for c in table.data.columns}, index=table.data.index
    )


def symbols_used(frame: pd.DataFrame) -> list[str]:
    text = " ".join(frame.astype(str).to_numpy().ravel())
    return [s for s in taxonomy()["symbols"] if s in text]


def to_html(table: Table, number: str, anchor: str | None = None, label: str | None = None) -> str:
    """`label`: the caption's number as declared ("Table 1a", "Table 3.2"); default "Table <number>"."""
    shown = display_frame(table)
    e = html.escape
    head = "".join(f'<th scope="col">{e(str(c))}</th>' for c in shown.columns)
    body = []
    for row_label, row in shown.iterrows():
        cls = ' class="total"' if row_label == TOTAL else ""
        cells = "".join(f"<td>{e(v)}</td>" for v in row)
        body.append(f'<tr{cls}><th scope="row">{e(str(row_label))}</th>{cells}</tr>')
    notes = [e(n) for n in table.notes]
    notes += [f"{e(s)} {e(taxonomy()['symbols'][s])}" for s in symbols_used(shown)]
    foot = "".join(f'<p class="table-note">{n}</p>' for n in notes)
    anchor = e(anchor or table.key)
    label = f"Table {number}" if label is None else label
    prefix = f"{label}: " if label else ""
    # A focusable, labelled region, so that keyboard users can scroll a wide table (WCAG 2.1.1).
    return (
        f'<div class="table-wrap" id="table-{anchor}" tabindex="0" role="region" aria-labelledby="caption-{anchor}">'
        f'<table class="data"><caption id="caption-{anchor}">{e(prefix)}{e(table.caption())}</caption>'
        f'<thead><tr><td class="corner"></td>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{foot}</div>'
    )


def csv_safe(value):
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv_frame(table: Table) -> pd.DataFrame:
    """Published values for the CSV copy: numbers stay numbers, money in pounds, [z] where undefined."""
    out = pd.DataFrame(index=[csv_safe(str(i)) for i in table.data.index])
    for column in table.data.columns:
        values = []
        for v in table.data[column]:
            if isinstance(v, str):
                values.append(csv_safe(v))
            elif (v is None or pd.isna(v)) and column in table.money_columns:
                values.append(NOT_AVAILABLE)  # as the page shows it: a cost not recorded
            elif v is None or pd.isna(v):
                values.append(NOT_APPLICABLE)
            elif column in table.money_columns:
                values.append(f"{v / 100:.2f}")
            elif isinstance(v, float) and v.is_integer():
                values.append(int(v))
            else:
                values.append(v)
        out[csv_safe(str(column))] = values
    out.index.name = ""
    return out
