"""The report as a reader of the published tables sees it: linked tables, as statistical offices'
cell-suppression tools (tau-Argus) treat tables that share cells. The unknowns are the printed cells
(each a whole number >= 0; a printed one is known), tied by the relations that follow from how the
tables are defined, which the cases behind each cell (disclosure_numbers.cell_numbers) let us find
without knowing the definitions:

- within a table: a total is the sum of its parts (a Total row or column, a declared sum), and a
  part lies within its whole (on time within responded);
- across tables: two lines of cells (a row, a column, or a table's row or column totals) that count
  the same cases count the same population broken down two ways, so their sums are equal; where every
  cell of one line lies within one cell of the other (months within quarters, types within groups, a
  cell printed in two tables), each coarse cell is the sum of the fine cells within it.

Cells without cases take part like any other: a reader does not know that a withheld cell is empty.
What the cases say about intersections that no table prints (that no parent complained about a
service, say) is never used: that is microdata no reader has. Relations found in the data by
coincidence (two lines that happen to count the same few cases) are kept: they can only make the
reader stronger, never weaker, so the check errs on the safe side."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

Number = tuple  # (table, row, column, part): one number a cell prints ("", "part" or "whole")
Cell = tuple  # (table, row, column)


@dataclass(frozen=True)
class Relation:
    """sum(coefficient * number) == 0 (or <= 0 when not `equal`), and why a reader knows it."""

    terms: tuple  # ((Number, coefficient), ...)
    equal: bool
    why: str


@dataclass
class Line:
    """Cells of one table side by side, each item a sum of its numbers, counting disjoint cases."""

    table: str
    name: str
    items: list  # [tuple of Numbers]
    cases: list  # the cases of each item (frozensets)

    @property
    def population(self) -> frozenset:
        return frozenset().union(*self.cases)


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
        model.relations = sorted(set(model._layout() + model._across_tables()), key=lambda r: (r.why, r.terms))
        model._index()
        return model

    def is_withheld(self, number: Number) -> bool:
        return number[:3] in self.withheld

    def primaries(self) -> list[Number]:
        return sorted(n for n, e in self.numbers.items() if e["primary"] and self.is_withheld(n))

    # ---- relations ------------------------------------------------------------------------------

    def _layout(self) -> list[Relation]:
        """A total is the sum of its parts, a part lies within its whole: checked on the cases."""
        parts = defaultdict(list)
        out = []
        for n, entry in self.numbers.items():
            for row, column in entry.get("sums_into", ()):
                parts[(n[0], row, column, n[3])].append(n)
            for row, column, part in entry.get("within", ()):
                whole = (n[0], row, column, part)
                if whole in self.numbers and entry["cases"] <= self.numbers[whole]["cases"]:
                    out.append(Relation(((n, 1), (whole, -1)), False, f"{n[0]}: a part within its whole"))
        for total, members in parts.items():
            if total in self.numbers and _partition(
                self.numbers[total]["cases"], [self.numbers[m]["cases"] for m in members]
            ):
                terms = ((total, 1),) + tuple((m, -1) for m in sorted(members))
                out.append(Relation(terms, True, f"{total[0]}: {total[1]} / {total[2]} is the sum of its parts"))
        return out

    def lines(self) -> list[Line]:
        """Every row and column of parts of every table (by kind of number), and each table's row and
        column totals as lines of their own (sums of the parts, printed as a Total or not)."""
        grids = defaultdict(list)
        for n, entry in self.numbers.items():
            if entry.get("grid", "part") == "part":
                grids[(n[0], n[3])].append(n)
        out = []
        for (table, kind), members in sorted(grids.items()):
            rows, columns = defaultdict(list), defaultdict(list)
            for n in sorted(members):
                rows[n[1]].append(n)
                columns[n[2]].append(n)
            for name, group in (("row", rows), ("column", columns)):
                for label, cells in group.items():
                    out.append(self._line(table, f"{name} {label}{_kind(kind)}", [(n,) for n in cells]))
            out.append(self._line(table, f"column totals{_kind(kind)}", [tuple(c) for c in columns.values()]))
            out.append(self._line(table, f"row totals{_kind(kind)}", [tuple(r) for r in rows.values()]))
        return [line for line in out if line is not None]

    def _line(self, table, name, items) -> Line | None:
        cases = [frozenset().union(*(self.numbers[n]["cases"] for n in item)) for item in items]
        inner = all(_partition(c, [self.numbers[n]["cases"] for n in item]) for c, item in zip(cases, items))
        line = Line(table, name, items, cases)
        return line if inner and line.population and _partition(line.population, cases) else None

    def _across_tables(self) -> list[Relation]:
        """Lines of different tables counting the same cases (or the same complaints, one counted at its
        first stage and the other at its final stage): equal sums, and the finer line's cells within
        the coarser's."""
        by_population = defaultdict(list)
        for line in self.lines():
            by_population[("cases", line.population)].append(line)
            complaints = _complaints(line.population)
            if complaints is not None:
                by_population[("complaints", complaints)].append(line)
        out = []
        for (kind, _), lines in by_population.items():
            by_complaint = kind == "complaints"
            for i, a in enumerate(lines):
                for b in lines[i + 1 :]:
                    if a.table == b.table or max(_nonempty(a), _nonempty(b)) < 2:
                        continue  # one cell against one cell: the same cases by coincidence, as like as not
                    if by_complaint and (a.population == b.population or not (_stages(a) > 1 or _stages(b) > 1)):
                        continue  # the same references (found above), or stages of one kind each
                    out += _same_population(a, b, by_complaint)
        return out

    def _index(self) -> None:
        self.by_number = defaultdict(list)
        for i, relation in enumerate(self.relations):
            for n, _ in relation.terms:
                self.by_number[n].append(i)

    # ---- ranges ---------------------------------------------------------------------------------

    def tied(self, number: Number) -> tuple[list[Number], list[int]]:
        """The withheld numbers and the relations tied to `number` through withheld numbers."""
        seen, relations, frontier = {number}, set(), [number]
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
        objective = np.zeros(len(index))
        objective[index[number]] = 1.0
        out, binding = [], set()
        for sign in (1.0, -1.0):
            bound, duals = _optimum(sign * objective, eq, ub, number)
            out.append(math.inf if bound is None else round(sign * bound))
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


def _partition(whole: frozenset, parts: list) -> bool:
    """The parts are disjoint and together make up the whole."""
    return sum(len(p) for p in parts) == len(whole) and frozenset().union(*parts) == whole


def _nonempty(line: Line) -> int:
    return sum(1 for c in line.cases if c)


def _kind(part: str) -> str:
    return {"": "", "whole": " (all)", "part": " (on time)"}[part]


def _complaints(population: frozenset) -> frozenset | None:
    """The complaints a line counts, where it counts stages of complaints and each complaint once."""
    staged = [t.split("/") for t in population if "/" in t]
    complaints = frozenset(c for c, _ in staged)
    return complaints if len(staged) == len(population) == len(complaints) else None


def _stages(line: Line) -> int:
    """How many different stages a line counts complaints at (more than one: it counts complaints)."""
    return len({t.split("/")[1] for t in line.population})


def _same_population(a: Line, b: Line, by_complaint: bool) -> list[Relation]:
    """The relations two lines counting the same cases give: equal sums, and where one line's cells
    each lie within a cell of the other, each coarse cell the sum of the fine cells within it."""
    why = f"{a.table} ({a.name}) and {b.table} ({b.name}) count the same cases"
    everything = [(n, 1) for item in a.items for n in item] + [(n, -1) for item in b.items for n in item]
    out = [Relation(_terms(everything), True, why)]
    for coarse, fine in ((a, b), (b, a)):
        homes = _homes(coarse, fine, by_complaint)
        if homes is None:
            continue
        for i, item in enumerate(coarse.items):
            if coarse.cases[i]:
                inside = [(n, -1) for j, home in homes.items() if home == i for n in fine.items[j]]
                out.append(Relation(_terms([(n, 1) for n in item] + inside), True, f"{why}, cell by cell"))
        if not all(coarse.cases) and not all(fine.cases):
            # which empty fine cell lies within which empty coarse cell the cases cannot tell; a reader
            # who knows the definitions could: the safe reading takes the empty fine cells as the zeros
            # they are (never a weaker reader than the real one)
            empty = [n for j, item in enumerate(fine.items) if not fine.cases[j] for n in item]
            out += [Relation(((n, 1),), True, f"{why}; which cell {n[1]} / {n[2]} lies in is unknown") for n in empty]
    return [r for r in out if r.terms]


def _homes(coarse: Line, fine: Line, by_complaint: bool) -> dict | None:
    """For each cell of `fine` with cases, the cell of `coarse` it lies within; None unless all do."""

    def cases(line, i):
        return frozenset(t.split("/")[0] for t in line.cases[i]) if by_complaint else line.cases[i]

    homes = {}
    for j in range(len(fine.items)):
        if fine.cases[j]:
            home = next((i for i in range(len(coarse.items)) if cases(fine, j) <= cases(coarse, i)), None)
            if home is None:
                return None
            homes[j] = home
    return homes


def _terms(pairs: list) -> tuple:
    """Terms with equal numbers merged and zero coefficients dropped, in a fixed order."""
    merged = defaultdict(int)
    for n, coefficient in pairs:
        merged[n] += coefficient
    return tuple(sorted((n, c) for n, c in merged.items() if c))
