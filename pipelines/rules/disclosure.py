"""Small-number suppression for the published edition: counts from 1 to the profile's threshold
(5 unless the profile says otherwise) are shown as [c], with secondary suppression so that a total
and the cells beside it cannot reveal them; percentages of suppressed counts are suppressed too.
The audit edition is never suppressed."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import replace

import pandas as pd

from pipelines.rules.numbers import RATIO_CELL, SUPPRESSED

TOTAL = "Total"
POLICY = {"threshold": 0}  # set by report.Section for each edition
# Cells withheld because the same figure is withheld in another table of the report (linked
# suppression): table key -> {(row, column)} as text. Set by report.Section from the run's decisions.
FORCED: dict = {}
SEEN: set = set()  # digests of figures already withheld by this section's tables


def threshold() -> int:
    return POLICY["threshold"]


def small(n) -> bool:
    """A count that would be suppressed (1 to the threshold; 0 is never disclosive)."""
    return n is not None and not pd.isna(n) and 1 <= n <= threshold()


def _count_columns(table) -> list:
    return [
        c
        for c in table.data.columns
        if c not in table.percent_columns
        and c not in table.money_columns
        and c not in getattr(table, "value_columns", ())
        and "%" not in str(c)
        and not str(c).startswith("Per ")
        and pd.api.types.is_numeric_dtype(table.data[c])
    ]


def hidden_cells(table) -> frozenset:
    """(row, column) cells to suppress: primary, then secondary until no total gives one away."""
    if threshold() <= 0:
        return frozenset()
    data, counts = table.data, _count_columns(table)
    hidden = {(r, c) for r in data.index for c in counts if small(data.loc[r, c])}
    forced = FORCED.get(table.key, ())
    hidden |= {(r, c) for r in data.index for c in data.columns if (str(r), str(c)) in forced}
    prints = {tuple(cell.split("\t")): digest for cell, digest in fingerprints(table).items()}
    hidden |= {(r, c) for r in data.index for c in data.columns if prints.get((str(r), str(c))) in SEEN}
    hidden |= _ratio_cells(table)
    # (part, whole) pairs: a small difference (late = responded - on time) is itself a small count
    for part, whole in table.complements:
        for r in data.index:
            if part in data and whole in data and small(data.loc[r, whole] - data.loc[r, part]):
                hidden |= {(r, part), (r, whole)}
    rows = [r for r in data.index if r != TOTAL]
    parts = [c for c in counts if c != TOTAL]
    groups = []  # (parts, their total)
    if TOTAL in data.index:
        groups += [([(r, c) for r in rows], (TOTAL, c)) for c in counts]
    if TOTAL in counts:
        groups += [([(r, c) for c in parts], (r, TOTAL)) for r in data.index]
    for total, members in table.sums.items():  # other totals the table declares
        groups += [([(r, c) for c in members], (r, total)) for r in data.index]
    for part, whole in table.complements:  # a hidden part with its whole shown
        groups += [([(r, part)], (r, whole)) for r in data.index]
    changed = True
    while changed:
        changed = False
        for cells, total in groups:
            known = [cell for cell in cells if cell not in hidden]
            if total in hidden or len(cells) - len(known) != 1:
                continue
            # one part hidden and the total shown would give it away: hide the smallest other part too
            others = sorted(
                (cell for cell in known if data.loc[cell] > 0), key=lambda cell: (data.loc[cell], str(cell))
            )
            hidden.add(others[0] if others else total)
            changed = True
    # a hidden on-time cell beside a Total row would be its difference: hide that column's total too
    ratio_columns = {c for _, c in _ratio_cells(table)} | {c for r, c in hidden if isinstance(data.loc[r, c], str)}
    if TOTAL in data.index:
        hidden |= {(TOTAL, c) for c in ratio_columns if any((r, c) in hidden for r in rows)}
    # percentages and rates ("Per 1,000") in a row with a hidden count would give it away
    percent_columns = [
        c for c in data.columns if c in table.percent_columns or "%" in str(c) or str(c).startswith("Per ")
    ]
    for r in {r for r, _ in hidden}:
        hidden |= {(r, c) for c in percent_columns}
    percent_rows = [r for r in data.index if "%" in str(r)]
    if percent_rows and hidden:
        hidden |= {(r, c) for r in percent_rows for c in data.columns}
    SEEN.update(prints[(str(r), str(c))] for r, c in hidden if (str(r), str(c)) in prints)
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


# ---- linked suppression: the same figure gets the same decision in every table ----------------


def fingerprints(table) -> dict:
    """'row\tcolumn' -> a digest of the case references behind the cell and its value, for cells
    that count at least one case. Two cells with the same fingerprint are the same figure. Only the
    digest leaves the kernel: the published edition never holds the references themselves."""
    out = {}
    for r, cells in (table.refs or {}).items():
        for c, refs in cells.items():
            if refs and r in table.data.index.astype(str) and c in table.data.columns.astype(str):
                value = table.data.loc[_label(table.data.index, r), _label(table.data.columns, c)]
                digest = hashlib.sha256("\n".join(sorted(refs)).encode()).hexdigest()[:24]
                out[f"{r}\t{c}"] = f"{digest}:{value}"
    return out


def _label(labels, text: str):
    return next(x for x in labels if str(x) == text)


def linked_additions(records: list[dict]) -> dict:
    """Cells to withhold because the same figure is withheld in another table: {section: {table
    key: [[row, column], ...]}}. Empty when every figure has one decision across the report."""
    figures = defaultdict(list)  # fingerprint -> [(record, cell, hidden?)]
    for record in records:
        hidden = {f"{r}\t{c}" for r, c in record.get("hidden", [])}
        for cell, fingerprint in record.get("fingerprints", {}).items():
            figures[fingerprint].append((record, cell, cell in hidden))
    out: dict = {}
    for cells in figures.values():
        if any(h for *_, h in cells) and not all(h for *_, h in cells):
            for record, cell, h in cells:
                if not h:
                    out.setdefault(record["section"], {}).setdefault(record["measure_key"], []).append(cell.split("\t"))
    return out


def merge_decisions(old: dict, new: dict) -> dict:
    merged = {s: {k: [list(c) for c in cells] for k, cells in tables.items()} for s, tables in old.items()}
    for section, tables in new.items():
        for key, cells in tables.items():
            known = merged.setdefault(section, {}).setdefault(key, [])
            known += [c for c in cells if c not in known]
            known.sort()
    return merged


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
