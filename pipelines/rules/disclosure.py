"""Small-number suppression for the published edition, under the profile's policy
(rules/disclosure_policy.py): in a table that can identify a person, counts from 1 to the threshold are
shown as [c], with the table's own secondary suppression so that a total and the cells beside it cannot
reveal them; a percentage built on a withheld count is withheld too. Relations between tables are
checked for the whole report at once by publish/protection.py, whose decisions come back here as
FORCED cells. The audit edition is never suppressed."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from pipelines.rules.disclosure_policy import is_protected
from pipelines.rules.numbers import RATIO_CELL, SUPPRESSED

TOTAL = "Total"
POLICY: dict = {"threshold": 0}  # set by report.Section for each edition (Profile.disclosure)
# Cells the whole-report protection decided to withhold: table key -> {(row, column)} as text.
FORCED: dict = {}


def threshold() -> int:
    return POLICY["threshold"]


def small(n) -> bool:
    """A count that would be suppressed (1 to the threshold; 0 is never disclosive)."""
    return n is not None and not pd.isna(n) and 1 <= n <= threshold()


def _percent_columns(table) -> list:
    return [c for c in table.data.columns if c in table.percent_columns or "%" in str(c) or str(c).startswith("Per ")]


def _count_columns(table) -> list:
    rates = set(_percent_columns(table))
    return [
        c
        for c in table.data.columns
        if c not in rates
        and c not in table.money_columns
        and c not in getattr(table, "value_columns", ())
        and pd.api.types.is_numeric_dtype(table.data[c])
    ]


def protected(table) -> bool:
    """Whether a table is protected: by its key, or by the key its measure gives it (a table a report
    declares under a key of its own is protected as its measure's table is), or by its rows' field."""
    derivation = table.derivation or {}
    spec = derivation.get("arguments", {}).get("spec") or {}
    rows = spec.get("rows") if isinstance(spec, dict) else None
    keys = [table.key] + ([derivation["measure_table"]] if derivation.get("measure_table") else [])
    published = POLICY.get("publish", frozenset())
    if any(k in published or k.removeprefix("adult_") in published for k in keys):
        return False
    return any(is_protected(POLICY, key, rows) for key in keys)


def hidden_cells(table) -> frozenset:
    """(row, column) cells to withhold: in a protected table the small counts and the cells that would
    give them away within the table; in any table the cells the whole-report check decided on."""
    if threshold() <= 0:
        return frozenset()
    data = table.data
    forced = FORCED.get(table.key, ())
    hidden = {(r, c) for r in data.index for c in data.columns if (str(r), str(c)) in forced}
    if protected(table):
        hidden |= {(r, c) for r in data.index for c in _count_columns(table) if small(data.loc[r, c])}
        hidden |= _ratio_cells(table)
        # late = responded - on time is a count too: withholding the part leaves it as uncertain as the
        # part (the whole alone says nothing; the whole-report check sees any other table that might)
        for part, whole in table.complements:
            for r in data.index:
                if part in data and whole in data and small(data.loc[r, whole] - data.loc[r, part]):
                    hidden.add((r, part))
        hidden = _within_table(table, hidden)
    return frozenset(hidden | _rates_of(table, hidden))


def _within_table(table, hidden: set) -> set:
    """Secondary suppression inside one table: no total shown beside exactly one withheld part."""
    data, counts = table.data, _count_columns(table)
    rows = [r for r in data.index if r != TOTAL]
    parts = [c for c in counts if c != TOTAL]
    groups = []  # (parts, their total)
    if TOTAL in data.index:
        groups += [([(r, c) for r in rows], (TOTAL, c)) for c in counts]
    if TOTAL in counts:
        groups += [([(r, c) for c in parts], (r, TOTAL)) for r in data.index]
    for total, members in table.sums.items():
        groups += [([(r, c) for c in members], (r, total)) for r in data.index]
    hidden = set(hidden)
    changed = True
    while changed:
        changed = False
        for cells, total in groups:
            known = [cell for cell in cells if cell not in hidden]
            if total in hidden or len(cells) - len(known) != 1:
                continue
            others = sorted((c for c in known if data.loc[c] > 0), key=lambda c: (data.loc[c], str(c)))
            hidden.add(others[0] if others else total)
            changed = True
    ratio_columns = {c for r, c in hidden if isinstance(data.loc[r, c], str)}
    if TOTAL in data.index:  # a withheld 'n% (x/y)' cell beside a Total row would be its difference
        hidden |= {(TOTAL, c) for c in ratio_columns if any((r, c) in hidden for r in rows)}
    return hidden


def _rates_of(table, hidden: set) -> set:
    """Percentages and rates built on a withheld count. A rate column belongs to the count columns that
    share its leading words ('2024/25 %' to '2024/25 On time' and '2024/25 Responded', 'Late (%)' to
    'Late'), or to every count of its row when none do; a share whose parts are all shown stays."""
    out = set()
    counts = _count_columns(table)
    for column in _percent_columns(table):
        stem = re.sub(r"\s*\(?%\)?$", "", str(column)).strip()
        parts = [c for c in counts if stem and str(c).startswith(stem)] or counts
        out |= {(r, column) for r in table.data.index if any((r, c) in hidden for c in parts)}
    for r in [r for r in table.data.index if "%" in str(r)]:  # a row of percentages under the counts
        out |= {(r, c) for c in table.data.columns if any((x, c) in hidden for x in table.data.index if x != r)}
    return out


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


# ---- sentences: withheld only when they state a withheld figure ------------------------------------
# A sentence function reads its figures through note() (stories._row, Section.figure); sentence() then
# gives the text the withheld cells it was built from. Matching numbers is never used: "stage 1",
# "regulation 13(3)" or "31 March" say nothing about a withheld 1, 3 or 31.

_READ: list = []  # withheld (table, row, column) read since the last sentence


class Stated(str):
    """A sentence, with the withheld cells it states (empty: nothing withheld)."""

    withheld: tuple = ()


def note(table, row, column) -> None:
    """A sentence function read this cell; remembered if the published edition withholds it."""
    if (row, column) in (table.hidden or ()):
        _READ.append((table.key, str(row), str(column)))


def sentence(text: str) -> Stated:
    """The text, marked with the withheld cells read since the last sentence (which are then forgotten)."""
    out = Stated(text)
    out.withheld = tuple(dict.fromkeys(_READ))
    _READ.clear()
    return out


def states_figures(func):
    """For a function building one sentence (or a list of them): what it reads belongs to its own
    sentences only; list items not already marked share what was read for them."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        _READ.clear()
        result = func(*args, **kwargs)
        if isinstance(result, str) and not isinstance(result, Stated):
            return sentence(result)
        if isinstance(result, list):
            pending = tuple(dict.fromkeys(_READ))
            _READ.clear()
            marked = []
            for item in result:
                if isinstance(item, str) and not isinstance(item, Stated):
                    item = Stated(item)
                    item.withheld = pending
                marked.append(item)
            return marked
        return result

    return wrapper


def withholds(text) -> bool:
    """Whether a sentence states a withheld figure."""
    return threshold() > 0 and bool(getattr(text, "withheld", ()))


WITHHELD_TEXT = "Some figures in this section are not given because the numbers are small enough to identify people."


def band(value: int) -> str:
    """The banded phrase a withheld small count may be given as, where the band itself is safe."""
    return f"fewer than {threshold() + 1}"


BANDS: dict = {}  # table key -> {(row, column): True} where the whole-report check found the band safe


def band_safe(table, row, column) -> bool:
    return bool(BANDS.get(table.key, {}).get((str(row), str(column))))
