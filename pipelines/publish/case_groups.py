"""The insider's reading of the report, shown beside the reader's on the audit page: what someone who
knew which cases lie in which cells (the case references) could infer, but not the withheld values.

Cases that stand behind exactly the same printed numbers form one group; every printed number is then
a sum of group sizes, each a whole number >= 0. This knows more than any reader of the published
tables: a group exists only where some case has that exact combination of cells, so it knows which
intersections no table prints are empty (that no parent complained about a service), and a cell with
no cases has no group at all. In a small report that pins nearly everything, which is why it is not
the publication gate (publish/linked_tables.py is): it says how much an insider could still infer."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

EXACT_GROUPS = 60  # branch and bound only on small systems; larger ones give the relaxation's bound


class CaseGroups:
    def __init__(self, records: list[dict], withheld: set):
        """`withheld`: the printed cells withheld, (table, row, column)."""
        self.values: dict = {}
        self.atoms: dict = defaultdict(set)  # number -> the groups it counts
        members: dict = defaultdict(set)  # case token -> numbers it counts in
        for record in records:
            key = (record["table"], record["row"], record["column"], record["part"])
            self.values[key] = record["value"]
            for case in record["cases"]:
                members[case].add(key)
        groups: dict = defaultdict(int)
        for signature in members.values():
            groups[frozenset(signature)] += 1
        for i, signature in enumerate(sorted(groups, key=sorted)):
            for key in signature:
                self.atoms[key].add(i)
        self.by_atom = defaultdict(list)  # group -> the printed numbers counting it
        for n, found in self.atoms.items():
            if n[:3] not in withheld:
                for a in found:
                    self.by_atom[a].append(n)

    def range_of(self, numbers: dict) -> tuple[float, float]:
        """The least and most a sum of numbers ({number: coefficient}: a number, or a whole less its
        part) can be, given every printed number as a sum of groups."""
        atoms = set()
        for number, coefficient in numbers.items():  # a part's groups all lie within its whole's
            atoms = atoms | self.atoms.get(number, set()) if coefficient > 0 else atoms - self.atoms.get(number, set())
        if not atoms:
            return (0, 0)  # no case: no group, known to be empty
        rows, reach = self._tied(atoms)
        index = {a: i for i, a in enumerate(reach)}
        cells = [(r, index[a]) for r, n in enumerate(rows) for a in self.atoms[n]]
        a_eq = csr_matrix(([1.0] * len(cells), tuple(zip(*cells))), shape=(len(rows), len(index))) if rows else None
        b_eq = np.array([self.values[n] for n in rows], dtype=float) if rows else None
        objective = np.zeros(len(index))
        objective[[index[a] for a in atoms]] = 1.0
        out = []
        for sign in (1.0, -1.0):
            kwargs = {"A_eq": a_eq, "b_eq": b_eq, "bounds": (0, None), "method": "highs"}
            result = linprog(sign * objective, **kwargs)
            if result.status == 3:
                out.append(math.inf)
                continue
            bound = sign * result.fun  # the relaxation's bound, rounded inwards, unless branch and bound finds it
            if not np.allclose(result.x, np.round(result.x), atol=1e-7) and len(index) <= EXACT_GROUPS:
                whole = linprog(
                    sign * objective, **kwargs, integrality=np.ones(len(index)), options={"time_limit": 2.0}
                )
                bound = sign * whole.fun if whole.status == 0 else bound
            out.append(math.ceil(bound - 1e-7) if sign > 0 else math.floor(bound + 1e-7))
        return (out[0], out[1])

    def _tied(self, atoms: set) -> tuple[list, list]:
        """(printed numbers, groups) tied to these groups through printed numbers."""
        reach, frontier, rows = set(atoms), list(atoms), set()
        while frontier:
            for n in self.by_atom[frontier.pop()]:
                if n not in rows:
                    rows.add(n)
                    for b in self.atoms[n] - reach:
                        reach.add(b)
                        frontier.append(b)
        return sorted(rows), sorted(reach)
