"""The relations between printed cells that a reader of the published tables knows, because they
follow from how the tables are defined, found from the cases behind each cell
(disclosure_numbers.cell_numbers) without knowing the definitions:

- within a table: a total is the sum of its parts (a Total row or column, a declared sum), and a
  part lies within its whole (on time within responded, with an advocate within complaints);
- across tables: two lines of cells (a row, a column, or a table's row or column totals) that count
  the same cases (or the same complaints, one at their first stage and one at their final stage) count
  the same population broken down two ways, so their sums are equal; where every cell of one line lies
  within one cell of the other, the same one in every such pair of lines of the two tables (months
  within quarters, types within groups, a cell printed in two tables), each coarse cell is the sum of
  the fine cells within it.

Cells without cases take part like any other: a reader does not know that a withheld cell is empty.
What the cases say about intersections that no table prints (that no parent complained about a
service, say) is never used: that is microdata no reader has, and with it a small report is pinned
whatever is withheld. So a coincidence of a few cases is not taken for a relation: one cell matched
with one cell of another table, or cells that lie within cells of another table in one line but not
the same way in the next. Coincidences that pass these tests are kept: they can only make the reader
stronger."""

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
    family: tuple  # (table, kind of number, "row", "column", "row totals" or "column totals")
    labels: list  # the label of each item: a column's (along a row), a row's (down a column)
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
        for name, group, across in (("row", rows, 2), ("column", columns, 1)):
            for label, cells in group.items():
                family, labels = (table, kind, name), [n[across] for n in cells]
                out.append(_line(numbers, f"{name} {label}{_kind(kind)}", family, labels, [(n,) for n in cells]))
        for name, group in (("column totals", columns), ("row totals", rows)):
            items = [tuple(cells) for cells in group.values()]
            out.append(_line(numbers, f"{name}{_kind(kind)}", (table, kind, name), list(group), items))
    return [line for line in out if line is not None]


def _line(numbers: dict, name, family, labels, items) -> Line | None:
    cases = [frozenset().union(*(numbers[n]["cases"] for n in item)) for item in items]
    inner = all(_partition(c, [numbers[n]["cases"] for n in item]) for c, item in zip(cases, items))
    line = Line(family[0], name, family, labels, items, cases)
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
    out, pairs = [], defaultdict(list)
    for (kind, _), same in by_population.items():
        by_complaint = kind == "complaints"
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                if a.table == b.table or max(_nonempty(a), _nonempty(b)) < 2:
                    continue  # one cell against one cell: the same cases by coincidence, as like as not
                if by_complaint and (a.population == b.population or not (_stages(a) > 1 or _stages(b) > 1)):
                    continue  # the same references (found above), or stages of one kind each
                a, b = sorted((a, b), key=lambda line: line.family)
                why = f"{a.table} ({a.name}) and {b.table} ({b.name}) count the same cases"
                everything = [(n, 1) for item in a.items for n in item] + [(n, -1) for item in b.items for n in item]
                out.append(Relation(_terms(everything), True, why))
                pairs[(a.family, b.family, by_complaint)].append((a, b))
    for (_, _, by_complaint), group in sorted(pairs.items()):
        out += _cell_by_cell(group, False, by_complaint) + _cell_by_cell(group, True, by_complaint)
    return [r for r in out if r.terms]


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


def _cell_by_cell(group: list, flip: bool, by_complaint: bool) -> list[Relation]:
    """Where the cells of one family of lines (the columns of a table by month, say) each lie within
    one cell of the matching line of another (by quarter), the same way in every line (a month is in
    the same quarter in every column): each coarse cell is the sum of the fine cells within it. A month
    with no cases in one column is in that quarter too; a fine cell whose home is never seen is taken
    as the zero it is, where the coarse line has empty cells too (the safe reading: a reader who knew
    the definitions would know where it lies, and so the empty coarse cells)."""
    oriented = [(b, a) if flip else (a, b) for a, b in group]  # (coarse, fine)
    home = _mapping(oriented, by_complaint)
    if home is None:
        return []
    out = []
    for coarse, fine in oriented:
        why = f"{coarse.table} ({coarse.name}) is the sum of the cells of {fine.table} ({fine.name}) within each cell"
        at = {label: i for i, label in enumerate(coarse.labels)}
        for i, item in enumerate(coarse.items):
            if coarse.cases[i]:
                inside = [
                    (n, -1)
                    for j, label in enumerate(fine.labels)
                    if at.get(home.get(label)) == i
                    for n in fine.items[j]
                ]
                out.append(Relation(_terms([(n, 1) for n in item] + inside), True, why))
        if not all(coarse.cases):
            unknown = [n for j, item in enumerate(fine.items) if fine.labels[j] not in home for n in item]
            out += [Relation(((n, 1),), True, f"{why}; where {n[1]} / {n[2]} lies is not known") for n in unknown]
    return out


def _mapping(oriented: list, by_complaint: bool) -> dict | None:
    """fine item label -> the coarse item label its cases lie within, the same in every pair of lines;
    None where some fine cell lies within no coarse cell, or two pairs disagree."""

    def cases(line, i):
        return frozenset(t.split("/")[0] for t in line.cases[i]) if by_complaint else line.cases[i]

    home: dict = {}
    for coarse, fine in oriented:
        for j, label in enumerate(fine.labels):
            if fine.cases[j]:
                inside = next(
                    (coarse.labels[i] for i in range(len(coarse.items)) if cases(fine, j) <= cases(coarse, i)), None
                )
                if inside is None or home.setdefault(label, inside) != inside:
                    return None
    return home


def _terms(pairs: list) -> tuple:
    """Terms with equal numbers merged and zero coefficients dropped, in a fixed order."""
    merged = defaultdict(int)
    for n, coefficient in pairs:
        merged[n] += coefficient
    return tuple(sorted((n, c) for n, c in merged.items() if c))
