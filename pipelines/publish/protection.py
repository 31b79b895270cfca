"""Protection proved for the whole report at once, as statistical offices' cell-suppression tools do
(tau-Argus), but on the report's own case references so that no relation between tables is missed.

Every number the report prints counts a set of cases (disclosure.cell_numbers). Cases that stand
behind exactly the same printed numbers form one group; every printed number is then a sum of group
sizes, which an attacker who knows how the tables relate can write down. For each withheld number,
two linear programmes (scipy's HiGHS) give the least and the most it could be given everything
printed: whole numbers where the optimum is whole (nearly always, for tables) or the system is small
enough for branch and bound, otherwise the relaxation's bound rounded inwards, as tau-Argus's audit
reports it. A withheld number is protected when that range is at least `protection` wide. Until every
one is, more cells are withheld (secondary suppression), the smallest first, each only if it widens
the range of a number still exposed.

Secondary cells come only from the tables the policy protects (those with a primary cell): the tables
it publishes in full (volumes by stage, timeliness, outcomes) stay whole, apart from a printed copy of
a withheld figure (the same cases). Where those full tables alone pin a number more narrowly than
`protection`, however much else were withheld, its protection is the widest range they leave, and
the audit page says so. The search works on the linear relaxation (fast); every range is then proved
on whole numbers, and the search goes on from there if that proof narrows one."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

MILP_SECONDS = 2.0  # branch and bound only on small systems: larger ones use the relaxation's bound
MILP_GROUPS = 60
FRACTIONAL: list = []  # numbers whose whole-number optimum was not found in time (see _optimum)
Cell = tuple  # (table, row, column): one printed cell
Number = tuple  # (table, row, column, part): one number a cell prints ("", "part" or "whole")


@dataclass
class System:
    """The report as equations: groups of cases and which numbers each group counts in."""

    numbers: dict  # Number -> {"value", "withheld", "primary", "sections", "atoms": set}
    sizes: np.ndarray  # cases in each group
    withheld: set = field(default_factory=set)  # printed cells withheld
    binding: dict = field(default_factory=dict)  # Number -> printed numbers binding at its least or most
    widest: dict = field(default_factory=dict)  # Number -> widest range the tables published in full allow

    @classmethod
    def from_records(cls, records: list[dict]) -> System:
        numbers: dict = {}
        members: dict = defaultdict(set)  # case token -> numbers it counts in
        for record in records:
            key = (record["table"], record["row"], record["column"], record["part"])
            entry = numbers.setdefault(key, {"value": record["value"], "withheld": False, "primary": False})
            entry["withheld"] |= record["withheld"]
            entry["primary"] |= record.get("primary", False)
            entry.setdefault("sections", set()).add(record["section"])
            for case in record["cases"]:
                members[case].add(key)
        groups: dict = defaultdict(int)
        for signature in members.values():
            groups[frozenset(signature)] += 1
        for entry in numbers.values():
            entry["atoms"] = set()
        sizes = []
        for i, (signature, size) in enumerate(sorted(groups.items(), key=lambda g: sorted(g[0]))):
            sizes.append(size)
            for key in signature:
                numbers[key]["atoms"].add(i)
        system = cls(numbers, np.array(sizes, dtype=float))
        system.withheld = {key[:3] for key, entry in numbers.items() if entry["withheld"]}
        return system

    def is_withheld(self, number: Number) -> bool:
        return number[:3] in self.withheld

    def range_of(self, number: Number, extra: list | None = None, exact: bool = True) -> tuple[float, float]:
        """The least and most `number` can be, given every printed number (and `extra` constraints
        (atoms, upper bound), e.g. a band "fewer than 6"); on whole numbers if `exact`, else the linear
        relaxation's bounds rounded inwards (never narrower than the whole-number range)."""
        atoms = sorted(self.numbers[number]["atoms"])
        if not atoms:
            return (0.0, 0.0)
        rows_list, reach = self._tied(number)  # only the groups tied to it through printed equations matter
        index = {a: i for i, a in enumerate(reach)}
        data, ri, ci = [], [], []
        for r, n in enumerate(rows_list):
            for a in self.numbers[n]["atoms"]:
                data.append(1.0)
                ri.append(r)
                ci.append(index[a])
        a_eq = csr_matrix((data, (ri, ci)), shape=(len(rows_list), len(index))) if rows_list else None
        b_eq = np.array([self.numbers[n]["value"] for n in rows_list], dtype=float) if rows_list else None
        a_ub, b_ub = None, None
        if extra:
            d, r2, c2, bounds = [], [], [], []
            for r, (band_atoms, upper) in enumerate(extra):
                for a in band_atoms:
                    if a in index:
                        d.append(1.0)
                        r2.append(r)
                        c2.append(index[a])
                bounds.append(upper)
            a_ub, b_ub = csr_matrix((d, (r2, c2)), shape=(len(extra), len(index))), np.array(bounds, dtype=float)
        objective = np.zeros(len(index))
        objective[[index[a] for a in atoms]] = 1.0
        out, binding = [], set()
        for sign in (1.0, -1.0):
            bound, marginals = _optimum(sign * objective, a_ub, b_ub, a_eq, b_eq, number, exact)
            out.append(math.inf if bound is None else round(sign * bound))
            binding |= (
                {rows_list[i] for i in np.flatnonzero(np.abs(marginals) > 1e-9)} if marginals is not None else set()
            )
        self.binding[number] = binding
        return (out[0], out[1])

    def exposed(self, protection: int, numbers=None, exact: bool = True, capped: bool = True) -> dict:
        """Withheld numbers whose range is narrower than their protection (`protection`, or if `capped`
        the widest the tables published in full allow, when that is less), with their ranges."""
        out = {}
        for n in sorted(numbers if numbers is not None else self.numbers):
            # a withheld zero counts no case: no equation says anything about it
            if self.is_withheld(n) and self.numbers[n]["atoms"]:
                low, high = self.range_of(n, exact=exact)
                if high - low < (self.required(n, protection) if capped else protection):
                    out[n] = (low, high)
        return out

    def protected_tables(self) -> set:
        """The tables the policy protects: those with a primary (small) cell."""
        return {n[0] for n, entry in self.numbers.items() if entry["primary"]}

    def eligible(self) -> set:
        """Printed cells secondary suppression may withhold: those of a protected table counting some
        case, all of whose printed copies are in protected tables too."""
        key = frozenset(self.withheld)  # worked out again whenever the withheld cells change
        if getattr(self, "_eligible_for", None) != key:
            tables = self.protected_tables()
            cells = {n[:3] for n, e in self.numbers.items() if n[0] in tables and e["value"] > 0} - self.withheld
            self._eligible = {c for c in cells if all(copy[0] in tables for copy in self.same_figure(c))}
            self._eligible_for = key
        return self._eligible

    def required(self, number: Number, protection: int) -> float:
        """`protection`, or less where the tables published in full pin `number` more narrowly whatever
        else is withheld (withholding only widens ranges, so that is the widest it can be)."""
        if number not in self.widest:
            everything = System(self.numbers, self.sizes, self.withheld | self.eligible())
            self.widest[number] = everything.range_of(number)
        low, high = self.widest[number]
        return min(protection, high - low)

    def same_figure(self, cell: Cell) -> set:
        """The printed cell and every other printed cell counting exactly the same cases (the same figure
        in another table): withholding one of them alone would change nothing."""

        def signature(c):
            return tuple(sorted(tuple(sorted(self.numbers[n]["atoms"])) for n in self.numbers if n[:3] == c))

        if not hasattr(self, "_signatures") or self._signatures_for != len(self.numbers):
            self._signatures = defaultdict(set)
            for c in {n[:3] for n in self.numbers}:
                self._signatures[signature(c)].add(c)
            self._signatures_for = len(self.numbers)
        return {c for c in self._signatures[signature(cell)] if c not in self.withheld}

    def withhold_same_figures(self) -> dict:
        """Withhold every printed copy of a withheld figure (the same cases in another table)."""
        added: dict = {}
        for cell in sorted(self.withheld):
            copies = self.same_figure(cell)
            self.withheld |= copies
            added.update(dict.fromkeys(sorted(copies), "secondary"))
        if added:
            self.widest.clear()  # a copy outside the protected tables widens what they allow
        return added

    def candidates(self, number: Number) -> list[Cell]:
        """Cells to try withholding for `number`, cheapest first: those counting some of its cases and
        those binding its range (nonzero shadow price)."""
        atoms, eligible = self.numbers[number]["atoms"], self.eligible()
        direct = {}
        for n, entry in self.numbers.items():
            if n[:3] in eligible and entry["atoms"] & atoms:
                direct[n[:3]] = max(direct.get(n[:3], 0), entry["value"])
        for cell in self.neighbours(number):
            direct.setdefault(cell, max(self.numbers[n]["value"] for n in self.numbers if n[:3] == cell))
        return sorted(direct, key=lambda c: (direct[c], c)) or self.neighbours(number, binding_only=False)

    def neighbours(self, number: Number, binding_only: bool = True) -> list[Cell]:
        """Printed cells in the equations that bound `number` (by default those binding at its least
        or most, by their shadow prices), smallest value first (the least lost)."""
        cells, eligible = {}, self.eligible()
        if binding_only and number not in self.binding:
            self.range_of(number, exact=False)
        for n in self.binding[number] if binding_only else self._tied(number)[0]:
            if n[:3] in eligible:
                cells[n[:3]] = max(cells.get(n[:3], 0), self.numbers[n]["value"])
        return sorted(cells, key=lambda c: (cells[c], c))

    def _tied(self, number: Number) -> tuple[list, list]:
        """(printed numbers, groups) tied to `number` through printed equations."""
        atoms = self.numbers[number]["atoms"]
        by_atom = defaultdict(list)
        for n, entry in self.numbers.items():
            if not self.is_withheld(n):
                for a in entry["atoms"]:
                    by_atom[a].append(n)
        reach, frontier, rows = set(atoms), list(atoms), set()
        while frontier:
            a = frontier.pop()
            for n in by_atom[a]:
                if n not in rows:
                    rows.add(n)
                    for b in self.numbers[n]["atoms"] - reach:
                        reach.add(b)
                        frontier.append(b)
        return sorted(rows), sorted(reach)


TRIES = 4  # cells tried, cheapest first, for one that protects a number on its own


def protect(records: list[dict], protection: int, max_tries: int = 5000, log=None) -> tuple[System, dict]:
    """Withhold more printed cells until every withheld number is protected. Returns the system (with
    its final withheld cells) and {cell: "secondary"} for the cells added."""
    system = System.from_records(records)
    added: dict = {}
    if protection <= 0:
        return system, added
    added.update(system.withhold_same_figures())  # no LP needed: a printed copy pins a withheld figure
    tries = [0, max_tries]
    for exact in (False, True):  # search on the relaxation, then prove on whole numbers and go on
        pending = system.exposed(protection, exact=exact)
        _search(system, pending, protection, exact, added, tries, log)
    return system, added


def _search(system: System, pending: dict, protection: int, exact: bool, added: dict, tries: list, log) -> None:
    while pending:
        number, (low, high) = next(iter(pending.items()))
        candidates = system.candidates(number)
        if not candidates:
            raise RuntimeError(f"disclosure check: nothing printed can be withheld to protect {number[:3]}")
        chosen = None
        for cell in candidates[:TRIES]:  # the cheapest cell that widens the range on its own
            tries[0] += 1
            if tries[0] > tries[1]:
                raise RuntimeError(f"disclosure check: no protection found for {number[:3]} in {tries[1]} tries")
            cells = system.same_figure(cell)
            system.withheld |= cells
            new_low, new_high = system.range_of(number, exact=exact)
            system.withheld -= cells
            if new_high - new_low > high - low:
                chosen = cells
                break
        # none does on its own (two routes pin it): withhold the cheapest binding one and look again
        chosen = chosen or system.same_figure(candidates[0])
        system.withheld |= chosen
        added.update(dict.fromkeys(sorted(chosen), "secondary"))
        added.update(system.withhold_same_figures())
        if log:
            log(f"{number} {low}-{high}: withholding {sorted(chosen)} ({len(pending)} pending, {tries[0]} tries)")
        # withholding more only widens ranges: only the pending numbers and the new ones need looking at
        new = [n for n in system.numbers if n[:3] in added]
        pending = system.exposed(protection, set(pending) | set(new), exact=exact)


def report(system: System, protection: int, threshold: int) -> list[dict]:
    """Every withheld number: why, and the range an attacker could infer (also with every primary cell
    banded as "fewer than threshold+1", to tell where such a band is itself safe)."""
    bands = [
        (entry["atoms"], threshold)
        for n, entry in system.numbers.items()
        if system.is_withheld(n) and entry["primary"] and entry["value"] <= threshold
    ]
    out = []
    for n in sorted(system.numbers):
        entry = system.numbers[n]
        if not system.is_withheld(n):
            continue
        low, high = system.range_of(n)
        band_low, band_high = system.range_of(n, bands) if bands else (low, high)
        needed = system.required(n, protection) if entry["atoms"] else protection
        out.append(
            {
                "table": n[0],
                "row": n[1],
                "column": n[2],
                "part": n[3],
                "reason": "primary" if entry["primary"] else "secondary",
                "sections": sorted(entry["sections"]),
                "range": [low, None if high == math.inf else high],
                "protected": high - low >= needed or not entry["atoms"],
                # a band is stated only where it leaves the policy's own interval, never a narrower limit
                "band_safe": band_high - band_low >= protection,
                # the tables published in full pin it more narrowly than the policy asks, whatever is withheld
                "limited_by_published": bool(entry["atoms"]) and needed < protection,
            }
        )
    return out


def _optimum(objective, a_ub, b_ub, a_eq, b_eq, number, exact=True) -> tuple[float | None, np.ndarray | None]:
    """The least of objective @ x over whole x >= 0 meeting the equations (None: unbounded), and the
    equations' shadow prices. The linear relaxation first (fast); its vertex is nearly always whole
    for tables like these, and then it is the integer optimum; otherwise HiGHS's branch and bound."""
    result = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if result.status == 3:  # unbounded: nothing printed caps it
        return None, None
    if result.status != 0:
        raise RuntimeError(f"disclosure check: the equations for {number} have no solution ({result.message})")
    marginals = result.eqlin.marginals if a_eq is not None else None
    if not exact:
        return _inwards(result.fun, objective), marginals
    if np.allclose(result.x, np.round(result.x), atol=1e-7) or len(objective) > MILP_GROUPS:
        if not np.allclose(result.x, np.round(result.x), atol=1e-7):
            FRACTIONAL.append(number)
        return _inwards(result.fun, objective), marginals
    whole = linprog(
        objective,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=(0, None),
        method="highs",
        integrality=np.ones(len(objective)),
        options={"time_limit": MILP_SECONDS},
    )
    if whole.status == 0:
        return whole.fun, marginals
    # no whole-number optimum in time: the relaxation's bound, rounded inwards (what tau-Argus's audit
    # reports); the whole-number range can only be narrower, so this errs towards withholding less
    FRACTIONAL.append(number)
    return _inwards(result.fun, objective), marginals


def _inwards(bound: float, objective) -> float:
    """A relaxation's bound on a whole number, rounded towards the inside of the range."""
    return math.ceil(bound - 1e-7) if objective.sum() >= 0 else math.floor(bound + 1e-7)
