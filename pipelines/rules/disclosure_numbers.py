"""What the whole-report disclosure check (publish/protection.py) reads of a table: every number it
prints or withholds, with opaque tokens of the cases it counts and where it stands in the table's
layout (which totals it adds into), so that the check can write down the relations a reader of the
published tables knows: a total is the sum of its parts, and the same population counted in two
tables gives the same sum. Empty cells are included: a reader does not know that a withheld cell is
empty, so it must take part in its table's sums like any other."""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from pipelines.rules.disclosure import TOTAL, _count_columns, _ratio_cells, protected, small
from pipelines.rules.numbers import RATIO_CELL

_STAGED = re.compile(r"^(.*) \(stage (\w+)\)$")  # 'C-1 (stage 2)': one stage of a complaint


def token(ref: str) -> str:
    """A reference as an opaque token: the check needs identity, not the reference. One stage of a
    complaint keeps its stage ('<complaint token>/2'), so that a table counting each complaint once
    (at its first or its final stage) can be matched with another counting the same complaints."""
    staged = _STAGED.match(ref)
    if staged:
        return f"{_hash(staged.group(1))}/{staged.group(2)}"
    return _hash(ref)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cell_numbers(table) -> list[dict]:
    """Every count a table publishes or withholds: one entry per count cell, two for an 'n% (x/y)'
    cell (its y, "whole", and its x, "part"), each with the tokens of the cases it counts (none for an
    empty cell), whether it is withheld, whether it is a primary (a small count of a protected table),
    and its layout: `grid` ("total" for a Total row or column or a declared sum, else "part"),
    `sums_into` (the cells of its table it adds into, as [row, column]) and `within` (numbers that
    contain its cases, as [row, column, part]: on time within responded). Cells without references (money, rates, averages) are left out."""
    if not table.refs:
        return []
    out = []
    data, refs = table.data, table.refs
    hidden = table.hidden or frozenset()
    in_protected = protected(table)
    ratios = _ratio_cells(table)
    counts = set(_count_columns(table))
    for r in data.index:
        for c in data.columns:
            value = data.loc[r, c]
            traced = refs.get(str(r), {}).get(str(c))
            match = RATIO_CELL.match(value) if isinstance(value, str) else None
            withheld = (r, c) in hidden
            layout = _layout(table, r, c)
            if match:
                cases = traced or []
                whole = [x.rsplit(": ", 1)[0] for x in cases]
                part = [x.rsplit(": ", 1)[0] for x in cases if x.endswith(": on time")]
                if len(whole) != int(match.group(3)) or len(part) != int(match.group(2)):
                    continue  # not counted from these references: not a count of cases
                primary = withheld and in_protected and (r, c) in ratios
                out.append(_number(r, c, "whole", whole, withheld, primary, in_protected, layout))
                within = {**layout, "within": [[str(r), str(c), "whole"]]}  # the on-time cases are among the responses
                late = bool(withheld and in_protected and small(len(whole) - len(part)))
                out.append(_number(r, c, "part", part, withheld, primary, in_protected, {**within, "rest_small": late}))
            elif c in counts and pd.api.types.is_number(value) and not pd.isna(value):
                cases = traced if traced is not None else ([] if value == 0 else None)
                if cases is None or len(set(cases)) != value:
                    continue
                primary = withheld and in_protected and small(value)
                rest = [data.loc[r, whole] - value for part, whole in table.complements if part == c and whole in data]
                layout["rest_small"] = bool(withheld and in_protected and any(small(x) for x in rest))
                out.append(_number(r, c, "", cases, withheld, primary, in_protected, layout))
    return out


def _layout(table, row, column) -> dict:
    """Where a cell stands: whether it is a total, the totals it adds into, and the cells that
    contain its cases (a complement's part within its whole)."""
    rows, columns = set(table.data.index), set(table.data.columns)
    total_columns = {TOTAL} | set(table.sums)
    part_row, part_column = row != TOTAL, column not in total_columns
    into = []
    if part_row and TOTAL in rows:
        into.append([TOTAL, str(column)])
    if part_column and TOTAL in columns:
        into.append([str(row), TOTAL])
    into += [[str(row), str(total)] for total, members in table.sums.items() if column in members]
    within = [[str(row), str(whole), ""] for part, whole in table.complements if part == column and whole in columns]
    return {"grid": "part" if part_row and part_column else "total", "sums_into": into, "within": within}


def _number(row, column, part, refs, withheld, primary, in_protected, layout) -> dict:
    return {
        "row": str(row),
        "column": str(column),
        "part": part,
        "value": len(set(refs)),
        "withheld": bool(withheld),
        "primary": bool(primary),
        "protected": bool(in_protected),
        "cases": sorted({token(x) for x in refs}),
        **layout,
    }
