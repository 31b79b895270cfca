"""The relations between printed cells that a reader of the published tables knows, because they
follow from how the tables are defined, found from the cases behind each cell
(disclosure_numbers.cell_numbers) without knowing the definitions:

- within a table: a total is the sum of its parts (a Total row or column, a declared sum), and a
  part lies within its whole (on time within responded, with an advocate within complaints);
- across tables: two lines of cells (a row, a column, or a table's row or column totals) that count
  the same cases (or the same complaints, one at their first stage and one at their final stage) count
  the same population broken down two ways, so their sums are equal; where every cell of one line lies
  within one cell of the other (months within quarters, types within groups, a cell printed in two
  tables), each coarse cell is the sum of the fine cells within it.

Cells without cases take part like any other: a reader does not know that a withheld cell is empty.
What the cases say about intersections that no table prints (that no parent complained about a
service, say) is never used: that is microdata no reader has. One cell matched with one cell of
another table is never taken for a relation (a few cases can coincide by chance); other coincidences
are kept: they can only make the reader stronger, so the check errs on the safe side."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


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


def layout(numbers: dict) -> list[Relation]:
    """A total is the sum of its parts, a part lies within its whole: checked on the cases."""
    parts = defaultdict(list)
    out = []
    for n, entry in numbers.items():
        for row, column in entry.get("sums_into", ()):
            parts[(n[0], row, column, n[3])].append(n)
        for row, column, part in entry.get("within", ()):
            whole = (n[0], row, column, part)
            if whole in numbers and entry["cases"] <= numbers[whole]["cases"]:
                out.append(Relation(((n, 1), (whole, -1)), False, f"{n[0]}: a part within its whole"))
    for total, members in parts.items():
        if total in numbers and _partition(numbers[total]["cases"], [numbers[m]["cases"] for m in members]):
            terms = ((total, 1),) + tuple((m, -1) for m in sorted(members))
            out.append(Relation(terms, True, f"{total[0]}: {total[1]} / {total[2]} is the sum of its parts"))
    return out


def lines(numbers: dict) -> list[Line]:
    """Every row and column of parts of every table (by kind of number), and each table's row and
    column totals as lines of their own (sums of the parts, printed as a Total or not)."""
    grids = defaultdict(list)
    for n, entry in numbers.items():
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
                out.append(_line(numbers, table, f"{name} {label}{_kind(kind)}", [(n,) for n in cells]))
        out.append(_line(numbers, table, f"column totals{_kind(kind)}", [tuple(c) for c in columns.values()]))
        out.append(_line(numbers, table, f"row totals{_kind(kind)}", [tuple(r) for r in rows.values()]))
    return [line for line in out if line is not None]


def _line(numbers: dict, table, name, items) -> Line | None:
    cases = [frozenset().union(*(numbers[n]["cases"] for n in item)) for item in items]
    inner = all(_partition(c, [numbers[n]["cases"] for n in item]) for c, item in zip(cases, items))
    line = Line(table, name, items, cases)
    return line if inner and line.population and _partition(line.population, cases) else None


def across_tables(numbers: dict) -> list[Relation]:
    """Lines of different tables counting the same cases (or the same complaints, one counted at its
    first stage and the other at its final stage): equal sums, and the finer line's cells within
    the coarser's."""
    by_population = defaultdict(list)
    for line in lines(numbers):
        by_population[("cases", line.population)].append(line)
        complaints = _complaints(line.population)
        if complaints is not None:
            by_population[("complaints", complaints)].append(line)
    out = []
    for (kind, _), same in by_population.items():
        by_complaint = kind == "complaints"
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                if a.table == b.table or max(_nonempty(a), _nonempty(b)) < 2:
                    continue  # one cell against one cell: the same cases by coincidence, as like as not
                if by_complaint and (a.population == b.population or not (_stages(a) > 1 or _stages(b) > 1)):
                    continue  # the same references (found above), or stages of one kind each
                out += _same_population(a, b, by_complaint)
    return out


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
