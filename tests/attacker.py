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
        for line in rows[1:]:
            for column, text in zip(rows[0][1:], line[1:]):
                cell = refs.get(line[0], {}).get(column)
                if cell is None and not (text in ("0", "[z] (0/0)") and column in traced_columns):
                    continue  # not a count of cases (a rate, money), or not traced
                _add(out, table, line[0], column, text, cell or [], is_protected(policy, table), policy["threshold"])
    return out


def _add(out, table, row, column, text, refs, protected, threshold):
    withheld = text == "[c]"
    staged = any(": on time" in r or ": late" in r for r in refs) or RATIO_CELL.match(text)
    if staged:
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
    for (table, _kind), grid in tables.items():
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
        table_lines = [[(grid[(r, c)],) for c in parts_c if (r, c) in grid] for r in parts_r]
        table_lines += [[(grid[(r, c)],) for r in parts_r if (r, c) in grid] for c in parts_c]
        table_lines.append([tuple(grid[(r, c)] for r in parts_r if (r, c) in grid) for c in parts_c])
        table_lines.append([tuple(grid[(r, c)] for c in parts_c if (r, c) in grid) for r in parts_r])
        lines += [(table, [item for item in line if item]) for line in table_lines]
    for key in cells:
        if key[3] == "on time":
            out.append(({key: 1, (*key[:3], "all"): -1}, "<="))
    return out + _across(cells, lines)


def _across(cells, lines):
    """Rows, columns and their sums in different tables counting the same cases (or complaints)."""
    out, seen = [], defaultdict(list)
    for table, items in lines:
        sets = [frozenset().union(*(cells[n]["refs"] for n in item)) for item in items]
        if not items or not _partition(frozenset().union(*sets), sets) or not any(sets):
            continue
        if not all(_partition(s, [cells[n]["refs"] for n in item]) for s, item in zip(sets, items)):
            continue
        whole = frozenset().union(*sets)
        seen[("cases", whole)].append((table, items, sets, False))
        complaints = {r.rsplit(" (stage", 1)[0] for r in whole}
        if all(" (stage" in r for r in whole) and len(complaints) == len(whole):
            seen[("complaints", frozenset(complaints))].append((table, items, sets, True))
    for group in seen.values():
        for (ta, ia, sa, by_complaint), (tb, ib, sb, _) in combinations(group, 2):
            if ta == tb or max(sum(map(bool, sa)), sum(map(bool, sb))) < 2:
                continue
            if by_complaint:
                stages = [len({r.rsplit(" (stage", 1)[1] for s in x for r in s}) for x in (sa, sb)]
                if frozenset().union(*sa) == frozenset().union(*sb) or max(stages) < 2:
                    continue
            key = (lambda s: frozenset(r.rsplit(" (stage", 1)[0] for r in s)) if by_complaint else (lambda s: s)
            coefficients = defaultdict(int)
            for item in ia:
                for n in item:
                    coefficients[n] += 1
            for item in ib:
                for n in item:
                    coefficients[n] -= 1
            out.append((dict(coefficients), "=="))
            for (ic, sc), (fi, sf) in (((ia, sa), (ib, sb)), ((ib, sb), (ia, sa))):
                home = {j: next((i for i, s in enumerate(sc) if key(f) <= key(s)), None) for j, f in enumerate(sf) if f}
                if None in home.values():
                    continue
                for i, item in enumerate(ic):
                    if sc[i]:
                        terms = defaultdict(int)
                        for n in item:
                            terms[n] += 1
                        for j, at in home.items():
                            if at == i:
                                for n in fi[j]:
                                    terms[n] -= 1
                        out.append((dict(terms), "=="))
                if not all(sc) and not all(sf):  # an empty fine cell could lie in any empty coarse one
                    out += [({n: 1}, "==") for j, item in enumerate(fi) if not sf[j] for n in item]
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
