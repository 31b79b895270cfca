"""A reader attacking a rendered report: the equations a reader of the published tables can write
down, built here from the published CSV files and the audit edition's case references alone, not from
the run's own records or its model (publish/linked_tables.py), which it checks.

The reader knows every printed number (a withheld one is an unknown whole number >= 0) and every
relation that follows from how the tables are defined, which the references reveal: a Total row or
column is the sum of the cells beside it, a cell that is the sum of others in its row (Responses =
Within timescale + Late), on time within responded; and across tables, rows, columns or their sums
counting the same cases (or the same complaints) have equal sums, cell by cell where one nests in the
other. The reader does not know which cells are empty, nor what no table prints."""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np
from scipy.optimize import linprog

from pipelines.rules.disclosure_policy import is_protected
from pipelines.rules.numbers import RATIO_CELL


def numbers(published: Path, audit: Path, policy: dict) -> dict:
    """(table, row, column, kind) -> {"printed": value or None, "true": count, "refs": set,
    "primary": bool}; kind "" for a count, "all"/"on time" for the two counts of an 'n% (x/y)' cell."""
    out = {}
    for refs_file in sorted((audit / "tables").glob("*.refs.json")):
        table = refs_file.name.removesuffix(".refs.json")
        path = published / "tables" / f"{table}.csv"
        if not path.exists():
            continue
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        refs = json.loads(refs_file.read_text())
        traced_columns = {c for cells in refs.values() for c in cells}
        # a column of 'n% (x/y)' cells: a withheld one there is a withheld pair of counts
        ratios = {c for line in rows[1:] for c, text in zip(rows[0][1:], line[1:]) if RATIO_CELL.match(text)}
        for line in rows[1:]:
            for column, text in zip(rows[0][1:], line[1:]):
                cell = refs.get(line[0], {}).get(column)
                if cell is None and not (text in ("0", "[z] (0/0)", "[c]") and column in traced_columns):
                    continue  # not a count of cases (a rate, money), or not traced
                protected = is_protected(policy, table)
                _add(out, table, line[0], column, text, cell or [], protected, policy["threshold"], column in ratios)
    return out


def _add(out, table, row, column, text, refs, protected, threshold, ratio_column):
    withheld = text == "[c]"
    if ratio_column or any(": on time" in r or ": late" in r for r in refs):
        everything = {r.rsplit(": ", 1)[0] for r in refs}
        on_time = {r.rsplit(": ", 1)[0] for r in refs if r.endswith(": on time")}
        ratio = RATIO_CELL.match(text)
        small = protected and any(
            1 <= n <= threshold for n in (len(on_time), len(everything) - len(on_time), len(everything))
        )
        for kind, members, group in (("all", everything, 3), ("on time", on_time, 2)):
            printed = None if withheld else int(ratio.group(group))
            out[(table, row, column, kind)] = _entry(printed, members, withheld and small)
    elif withheld or text.isdigit():
        members = set(refs)
        if withheld or int(text) == len(members):
            small = protected and 1 <= len(members) <= threshold
            out[(table, row, column, "")] = _entry(None if withheld else int(text), members, withheld and small)


def _entry(printed, refs, primary):
    return {"printed": printed, "true": len(refs), "refs": frozenset(refs), "primary": primary}


def relations(cells: dict) -> list[tuple[dict, str]]:
    """(coefficients, "==" or "<=") meaning sum(coefficient * number) == 0 or <= 0."""
    out, lines = [], []
    tables = defaultdict(dict)
    for key in cells:
        tables[(key[0], key[3])][key[1:3]] = key
    for (table, kind), grid in tables.items():
        rows, columns = sorted({r for r, _ in grid}), sorted({c for _, c in grid})
        parts_r, parts_c = [r for r in rows if r != "Total"], [c for c in columns if c != "Total"]
        for total, members in [(("Total", c), [(r, c) for r in parts_r]) for c in columns if ("Total", c) in grid] + [
            ((r, "Total"), [(r, c) for c in parts_c]) for r in rows if (r, "Total") in grid
        ]:
            members = [grid[m] for m in members if m in grid]
            if _partition(cells[grid[total]]["refs"], [cells[m]["refs"] for m in members]):
                out.append(({grid[total]: 1, **{m: -1 for m in members}}, "=="))
        for r in parts_r:  # a cell that is the sum of others in its row (a declared sum)
            row = [grid[(r, c)] for c in parts_c if (r, c) in grid and cells[grid[(r, c)]]["refs"]]
            for t in row:
                inside = [m for m in row if m != t and cells[m]["refs"] < cells[t]["refs"]]
                for k in range(2, min(len(inside), 4) + 1):
                    for combo in combinations(inside, k):
                        if _partition(cells[t]["refs"], [cells[m]["refs"] for m in combo]):
                            out.append(({t: 1, **{m: -1 for m in combo}}, "=="))
        for x, y in combinations(parts_c, 2):  # a column within another in every row (with an advocate)
            for inner, outer in ((x, y), (y, x)):
                pairs = [
                    (grid[(r, inner)], grid[(r, outer)]) for r in rows if (r, inner) in grid and (r, outer) in grid
                ]
                if pairs and any(cells[a]["refs"] for a, _ in pairs):
                    if all(cells[a]["refs"] <= cells[b]["refs"] for a, b in pairs):
                        out += [({a: 1, b: -1}, "<=") for a, b in pairs]
        # lines: (family, [(label, item)]), an item a tuple of numbers; the family says which lines are
        # alike (every column of a table), so that a mapping of cells found in one holds in all of them
        for r in parts_r:
            lines.append(((table, kind, "row"), [(c, (grid[(r, c)],)) for c in parts_c if (r, c) in grid]))
        for c in parts_c:
            lines.append(((table, kind, "column"), [(r, (grid[(r, c)],)) for r in parts_r if (r, c) in grid]))
        sums = [(c, tuple(grid[(r, c)] for r in parts_r if (r, c) in grid)) for c in parts_c]
        lines.append(((table, kind, "column sums"), [(c, item) for c, item in sums if item]))
        sums = [(r, tuple(grid[(r, c)] for c in parts_c if (r, c) in grid)) for r in parts_r]
        lines.append(((table, kind, "row sums"), [(r, item) for r, item in sums if item]))
    for key in cells:
        if key[3] == "on time":
            out.append(({key: 1, (*key[:3], "all"): -1}, "<="))
    return out + _across(cells, lines)


def _across(cells, lines):
    """Rows, columns and their sums in different tables counting the same cases (or complaints): equal
    sums; and cell by cell where every cell of one family of lines lies in a cell of the other, the
    same one in every line."""
    out, seen = [], defaultdict(list)
    for family, items in lines:
        sets = [frozenset().union(*(cells[n]["refs"] for n in item)) for _, item in items]
        whole = frozenset().union(*sets)
        if not whole or not _partition(whole, sets):
            continue
        if not all(_partition(s, [cells[n]["refs"] for n in item]) for s, (_, item) in zip(sets, items)):
            continue
        line = (family, [label for label, _ in items], [item for _, item in items], sets)
        seen[("cases", whole)].append(line)
        complaints = {r.rsplit(" (stage", 1)[0] for r in whole}
        if all(" (stage" in r for r in whole) and len(complaints) == len(whole):
            seen[("complaints", frozenset(complaints))].append(line)
    pairs = defaultdict(list)
    for (kind, _), group in seen.items():
        for a, b in combinations(group, 2):
            if a[0][0] == b[0][0] or max(sum(map(bool, a[3])), sum(map(bool, b[3]))) < 2:
                continue
            if kind == "complaints":
                stages = [len({r.rsplit(" (stage", 1)[1] for s in x[3] for r in s}) for x in (a, b)]
                if frozenset().union(*a[3]) == frozenset().union(*b[3]) or max(stages) < 2:
                    continue
            coefficients = defaultdict(int)
            for sign, line in ((1, a), (-1, b)):
                for item in line[2]:
                    for n in item:
                        coefficients[n] += sign
            out.append((dict(coefficients), "=="))
            pairs[(a[0], b[0], kind)].append((a, b))
    for (_, _, kind), group in pairs.items():
        for flip in (False, True):
            out += _nested([(b, a) if flip else (a, b) for a, b in group], kind == "complaints")
    return out


def _nested(oriented, by_complaint):
    def key(s):
        return frozenset(r.rsplit(" (stage", 1)[0] for r in s) if by_complaint else s

    home = {}
    for coarse, fine in oriented:
        for label, s in zip(fine[1], fine[3]):
            if s:
                inside = [c_label for c_label, c in zip(coarse[1], coarse[3]) if key(s) <= key(c)]
                if not inside or home.setdefault(label, inside[0]) != inside[0]:
                    return []
    out = []
    for coarse, fine in oriented:
        for c_label, item, s in zip(coarse[1], coarse[2], coarse[3]):
            if s:
                terms = defaultdict(int)
                for n in item:
                    terms[n] += 1
                for label, fine_item in zip(fine[1], fine[2]):
                    if home.get(label) == c_label:
                        for n in fine_item:
                            terms[n] -= 1
                out.append((dict(terms), "=="))
        if not all(coarse[3]):  # a fine cell whose place is never seen: the zero it is
            out += [({n: 1}, "==") for label, item in zip(fine[1], fine[2]) if label not in home for n in item]
    return out


def _partition(whole, parts) -> bool:
    return sum(len(p) for p in parts) == len(whole) and frozenset().union(*parts) == whole


def ranges(cells: dict, found: list) -> dict:
    """Every withheld primary's least and most value given the printed numbers and the relations."""
    unknown = sorted(k for k, c in cells.items() if c["printed"] is None)
    index = {k: i for i, k in enumerate(unknown)}
    rows = {"==": ([], []), "<=": ([], [])}
    for coefficients, sense in found:
        row, constant = np.zeros(len(index)), 0.0
        for n, c in coefficients.items():
            if n in index:
                row[index[n]] += c
            else:
                constant += c * cells[n]["printed"]
        if row.any():
            rows[sense][0].append(row)
            rows[sense][1].append(-constant)
    out = {}
    for n in (k for k in unknown if cells[k]["primary"]):
        objective = np.zeros(len(index))
        objective[index[n]] = 1
        bounds = []
        problem = {
            "A_eq": np.array(rows["=="][0]) if rows["=="][0] else None,
            "b_eq": rows["=="][1] or None,
            "A_ub": np.array(rows["<="][0]) if rows["<="][0] else None,
            "b_ub": rows["<="][1] or None,
            "method": "highs",
        }
        for sign in (1, -1):
            if linprog(sign * objective, **problem).status == 3:  # unbounded even without whole numbers
                bounds.append(math.inf)
                continue
            result = linprog(sign * objective, **problem, integrality=np.ones(len(index)))
            assert result.status == 0, result.message  # the true values are always a solution
            bounds.append(round(sign * result.fun))
        out[n] = tuple(bounds)
    return out
