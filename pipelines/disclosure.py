"""Small-number suppression for the published edition: counts from 1 to the profile's threshold
(5 unless the profile says otherwise) are shown as [c], with secondary suppression so that a total
and the cells beside it cannot reveal them; percentages of suppressed counts are suppressed too.
The audit edition is never suppressed."""
from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from pipelines.numbers import RATIO_CELL, SUPPRESSED

TOTAL = "Total"
POLICY = {"threshold": 0}          # set by report.Section for each edition


def threshold() -> int:
    return POLICY["threshold"]


def small(n) -> bool:
    """A count that would be suppressed (1 to the threshold; 0 is never disclosive)."""
    return n is not None and not pd.isna(n) and 1 <= n <= threshold()


def _count_columns(table) -> list:
    return [c for c in table.data.columns if c not in table.percent_columns and c not in table.money_columns
            and "%" not in str(c) and not str(c).startswith("Per ")
            and pd.api.types.is_numeric_dtype(table.data[c])]


def hidden_cells(table) -> frozenset:
    """(row, column) cells to suppress: primary, then secondary until no total gives one away."""
    if threshold() <= 0:
        return frozenset()
    data, counts = table.data, _count_columns(table)
    hidden = {(r, c) for r in data.index for c in counts if small(data.loc[r, c])}
    hidden |= _ratio_cells(table)
    # (part, whole) pairs: a small difference (late = responded - on time) is itself a small count
    for part, whole in table.complements:
        for r in data.index:
            if part in data and whole in data and small(data.loc[r, whole] - data.loc[r, part]):
                hidden |= {(r, part), (r, whole)}
    rows = [r for r in data.index if r != TOTAL]
    parts = [c for c in counts if c != TOTAL]
    groups = []                                              # (parts, their total)
    if TOTAL in data.index:
        groups += [([(r, c) for r in rows], (TOTAL, c)) for c in counts]
    if TOTAL in counts:
        groups += [([(r, c) for c in parts], (r, TOTAL)) for r in data.index]
    for total, members in table.sums.items():               # other totals the table declares
        groups += [([(r, c) for c in members], (r, total)) for r in data.index]
    for part, whole in table.complements:                    # a hidden part with its whole shown
        groups += [([(r, part)], (r, whole)) for r in data.index]
    changed = True
    while changed:
        changed = False
        for cells, total in groups:
            known = [cell for cell in cells if cell not in hidden]
            if total in hidden or len(cells) - len(known) != 1:
                continue
            # one part hidden and the total shown would give it away: hide the smallest other part too
            others = sorted((cell for cell in known if data.loc[cell] > 0), key=lambda cell: (data.loc[cell], str(cell)))
            hidden.add(others[0] if others else total)
            changed = True
    # a hidden on-time cell beside a Total row would be its difference: hide that column's total too
    ratio_columns = {c for _, c in _ratio_cells(table)} | {c for r, c in hidden if isinstance(data.loc[r, c], str)}
    if TOTAL in data.index:
        hidden |= {(TOTAL, c) for c in ratio_columns if any((r, c) in hidden for r in rows)}
    # percentages in a row with a hidden count would give it away
    percent_columns = [c for c in data.columns if c in table.percent_columns or "%" in str(c)]
    for r in {r for r, _ in hidden}:
        hidden |= {(r, c) for c in percent_columns}
    percent_rows = [r for r in data.index if "%" in str(r)]
    if percent_rows and hidden:
        hidden |= {(r, c) for r in percent_rows for c in data.columns}
    return frozenset(hidden)


def _ratio_cells(table) -> set:
    out = set()
    for r in table.data.index:
        for c in table.data.columns:
            value = table.data.loc[r, c]
            match = RATIO_CELL.match(value) if isinstance(value, str) else None
            if match:
                part, whole = int(match.group(2)), int(match.group(3))
                if small(part) or small(whole - part) or small(whole):
                    out.add((r, c))
    return out


def apply(table):
    """The table as published: hidden cells replaced by [c]."""
    hidden = table.hidden if table.hidden is not None else hidden_cells(table)
    if not hidden:
        return table
    data = table.data.astype(object).copy()
    for r, c in hidden:
        data.loc[r, c] = SUPPRESSED
    return replace(table, data=data)


# Values withheld from the tables computed so far in this section (one kernel runs one section).
WITHHELD: set = set()
_NUMBER = re.compile(r"(?<![\d/])(\d{1,3}(?:,\d{3})*|\d+)(?:%)?(?![\d/])")


def register(table) -> None:
    """Remember the values a table withholds, so that no sentence can give them away."""
    for r, c in table.hidden or ():
        value = table.data.loc[r, c]
        if isinstance(value, str):
            WITHHELD.update(m.group(1) for m in _NUMBER.finditer(value))
        elif value is not None and not pd.isna(value):
            WITHHELD.add(f"{int(value):,}" if float(value).is_integer() else str(value))


def safe_sentence(sentence: str) -> bool:
    """False when a sentence states a number that a table withholds (years like 2024/25 aside)."""
    if threshold() <= 0 or not WITHHELD:
        return True
    return not any(m.group(1) in WITHHELD for m in _NUMBER.finditer(sentence))


WITHHELD_TEXT = "Some figures here are not given because the numbers are small enough to identify people."
