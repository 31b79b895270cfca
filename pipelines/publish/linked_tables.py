"""The report as a reader of the published tables sees it: linked tables, as statistical offices'
cell-suppression tools (tau-Argus) treat tables that share cells. The unknowns are the printed cells,
each a whole number >= 0 (a printed one is known), tied by the relations a reader knows
(publish/table_relations.py); integer linear programmes (HiGHS) give the least and the most any of
them, or a difference of two (late: responded less on time), could be."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from pipelines.publish.table_relations import across_tables, layout

Number = tuple  # (table, row, column, part): one number a cell prints ("", "part" or "whole")
Cell = tuple  # (table, row, column)


@dataclass
class LinkedTables:
    numbers: dict  # Number -> {"value", "withheld", "primary", "protected", "sections", "cases", layout}
    relations: list = field(default_factory=list)
    withheld: set = field(default_factory=set)  # printed cells withheld

    @classmethod
    def from_records(cls, records: list[dict]) -> LinkedTables:
        numbers: dict = {}
        for record in records:
            key = (record["table"], record["row"], record["column"], record["part"])
            entry = numbers.setdefault(key, {**record, "sections": set(), "cases": frozenset(record["cases"])})
            entry["withheld"] |= record["withheld"]
            entry["primary"] |= record.get("primary", False)
            entry["sections"].add(record["section"])
        model = cls(numbers)
        model.withheld = {n[:3] for n, e in numbers.items() if e["withheld"]}
        model.relations = sorted(set(layout(numbers) + across_tables(numbers)), key=lambda r: (r.why, r.terms))
        model._index()
        return model

    def is_withheld(self, number: Number) -> bool:
        return number[:3] in self.withheld

    def primaries(self) -> list[Number]:
        """The small counts to protect: withheld primary numbers, and the small counts no cell prints but
        two withheld ones give (late: responded less on time; without an advocate), as (table, row,
        column of the part, "<whole> less <part>")."""
        out = [n for n, e in self.numbers.items() if e["primary"] and self.is_withheld(n)]
        for n, entry in self.numbers.items():
            if entry.get("rest_small") and self.is_withheld(n):
                (row, column, part), *_ = entry["within"]
                out.append((n[0], n[1], n[2], "late" if n[3] == "part" else f"{column} less {n[2]}"))
        return sorted(out)

    def objective(self, target) -> dict:
        """A target as numbers: a number itself, or a whole less its part."""
        if target in self.numbers:
            return {target: 1}
        part = next(n for n in self.numbers if n[:3] == target[:3] and self.numbers[n].get("rest_small"))
        row, column, kind = self.numbers[part]["within"][0]
        return {(part[0], row, column, kind): 1, part: -1}

    # ---- relations ------------------------------------------------------------------------------

    def _index(self) -> None:
        self.by_number = defaultdict(list)
        for i, relation in enumerate(self.relations):
            for n, _ in relation.terms:
                self.by_number[n].append(i)

    # ---- ranges ---------------------------------------------------------------------------------

    def tied(self, target) -> tuple[list[Number], list[int]]:
        """The withheld numbers and the relations tied to a target through withheld numbers."""
        seen = {n for n in self.objective(target) if self.is_withheld(n)}
        relations, frontier = set(), list(seen)
        while frontier:
            for i in self.by_number.get(frontier.pop(), ()):
                if i not in relations:
                    relations.add(i)
                    for n, _ in self.relations[i].terms:
                        if n not in seen and self.is_withheld(n):
                            seen.add(n)
                            frontier.append(n)
        return sorted(seen), sorted(relations)

    def range_of(self, number: Number, extra: list | None = None) -> tuple[float, float]:
        """The least and most `number` can be, in whole numbers, given every printed number and every
        relation (and `extra` upper bounds [(number, bound)], e.g. a band "fewer than 6")."""
        low, high, _ = self.solve(number, extra)
        return low, high

    def solve(self, number: Number, extra: list | None = None) -> tuple[float, float, set]:
        """(least, most, the relations binding either), by integer linear programming (HiGHS)."""
        variables, rows = self.tied(number)
        index = {n: i for i, n in enumerate(variables)}
        eq, ub = _Rows(len(index)), _Rows(len(index))
        for i in rows:
            relation = self.relations[i]
            target = eq if relation.equal else ub
            constant = 0.0
            coefficients = {}
            for n, coefficient in relation.terms:
                if n in index:
                    coefficients[index[n]] = coefficients.get(index[n], 0) + coefficient
                else:
                    constant += coefficient * self.numbers[n]["value"]
            target.add(coefficients, -constant, i)
        for n, bound in extra or ():
            if n in index:
                ub.add({index[n]: 1}, bound, None)
        objective, offset = np.zeros(len(index)), 0
        for n, coefficient in self.objective(number).items():
            if n in index:
                objective[index[n]] = coefficient
            else:  # a printed whole, less a withheld part
                offset += coefficient * self.numbers[n]["value"]
        out, binding = [], set()
        for sign in (1.0, -1.0):
            bound, duals = _optimum(sign * objective, eq, ub, number)
            out.append(math.inf if bound is None else round(sign * bound) + offset)
            binding |= duals
        return out[0], out[1], binding


class _Rows:
    """Rows of a sparse constraint matrix, with the relation each came from."""

    def __init__(self, width: int):
        self.width, self.data, self.rows, self.columns, self.bounds, self.sources = width, [], [], [], [], []

    def add(self, coefficients: dict, bound: float, source) -> None:
        r = len(self.bounds)
        for column, value in coefficients.items():
            if value:
                self.data.append(float(value))
                self.rows.append(r)
                self.columns.append(column)
        self.bounds.append(float(bound))
        self.sources.append(source)

    def matrix(self):
        if not self.bounds:
            return None, None
        shape = (len(self.bounds), self.width)
        return csr_matrix((self.data, (self.rows, self.columns)), shape=shape), np.array(self.bounds)


def _optimum(objective, eq: _Rows, ub: _Rows, number) -> tuple[float | None, set]:
    """The least of objective @ x over whole x >= 0 meeting the rows (None: unbounded), and the
    relations with a nonzero shadow price there. The linear relaxation first: its optimum is nearly
    always whole for tables; otherwise HiGHS's branch and bound."""
    a_eq, b_eq = eq.matrix()
    a_ub, b_ub = ub.matrix()
    kwargs = {"A_ub": a_ub, "b_ub": b_ub, "A_eq": a_eq, "b_eq": b_eq, "bounds": (0, None), "method": "highs"}
    result = linprog(objective, **kwargs)
    if result.status == 3:
        return None, set()
    if result.status != 0:
        raise RuntimeError(f"disclosure check: the relations around {number} have no solution ({result.message})")
    duals = set()
    for rows, marginals in (
        (eq, result.eqlin.marginals if a_eq is not None else ()),
        (ub, result.ineqlin.marginals if a_ub is not None else ()),
    ):
        duals |= {rows.sources[i] for i in np.flatnonzero(np.abs(marginals) > 1e-9) if rows.sources[i] is not None}
    if np.allclose(result.x, np.round(result.x), atol=1e-7):
        return result.fun, duals
    whole = linprog(objective, **kwargs, integrality=np.ones(len(objective)))
    if whole.status != 0:
        raise RuntimeError(f"disclosure check: no whole-number solution around {number} ({whole.message})")
    return whole.fun, duals
