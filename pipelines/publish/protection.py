"""Protection proved for the whole report at once, as statistical offices' cell-suppression tools do
(tau-Argus): against a reader who knows every printed number and every relation between printed
cells that follows from how the tables are defined (publish/linked_tables.py).

Only the primary cells (the small counts of the protected tables) need protection: for each, two
integer linear programmes give the least and the most it could be, and it is protected when that
range is at least `protection` wide. Until every primary is, more cells are withheld (secondary
suppression), the cheapest first, each only if it widens the range of a primary still exposed.
Secondary cells come from the protected tables, zeros included (a reader does not know a withheld
cell is empty), and from printed copies of a withheld figure (the same figure in another table):
the tables the policy publishes in full (volumes by stage, timeliness, outcomes) otherwise stay whole.
Where those tables bound a primary more tightly than `protection` whatever else is withheld (a stage
total of 2 bounds every cell in it to 0..2), its protection is the widest range they allow, and the
audit page says so; where they pin it exactly, the run stops (`Unprotectable`)."""

from __future__ import annotations

from pipelines.publish.case_groups import CaseGroups
from pipelines.publish.linked_tables import LinkedTables

TRIES = 4  # cells tried, cheapest first, for one that widens a range on its own


class Unprotectable(Exception):
    """Primaries that the tables published in full pin exactly, whatever else is withheld."""

    def __init__(self, pinned: dict):
        self.pinned = pinned  # Number -> the tables of the relations that pin it
        super().__init__(f"{len(pinned)} withheld figures cannot be protected")


def eligible(model: LinkedTables) -> set:
    """Printed cells that secondary suppression may withhold: every cell of a protected table, and
    every printed copy of a withheld cell (a relation saying the two are equal)."""
    cells = {n[:3] for n, entry in model.numbers.items() if entry.get("protected")}
    for relation in model.relations:
        if relation.equal and len(relation.terms) == 2 and sorted(c for _, c in relation.terms) == [-1, 1]:
            a, b = (n[:3] for n, _ in relation.terms)
            if model.is_withheld((*a, "")) != model.is_withheld((*b, "")):
                cells |= {a, b}
    return cells - model.withheld


def required(model: LinkedTables, protection: int) -> dict:
    """Each primary's protection: `protection`, or the widest range the tables published in full allow
    (everything eligible withheld: withholding only widens ranges) where that is narrower. Raises
    Unprotectable naming the primaries that would still be pinned exactly."""
    everything = LinkedTables(model.numbers, model.relations, set(model.withheld))
    everything.by_number = model.by_number
    while more := eligible(everything):  # copies of newly withheld cells become eligible in turn
        everything.withheld |= more
    out, pinned = {}, {}
    for number in model.primaries():
        low, high, binding = everything.solve(number)
        if high - low == 0:
            pinned[number] = sorted({n[0] for i in binding for n, _ in model.relations[i].terms} - {number[0]})
        out[number] = min(protection, high - low)
    if pinned:
        raise Unprotectable(pinned)
    return out


def protect(records: list[dict], protection: int, log=None) -> tuple[LinkedTables, dict, dict]:
    """Withhold more printed cells until every primary is protected. Returns the model (with its final
    withheld cells), {cell: "secondary"} for the cells added, and each primary's protection."""
    model = LinkedTables.from_records(records)
    added: dict = {}
    if protection <= 0:
        return model, added, {}
    need = required(model, protection)
    pending = _exposed(model, need, need)
    while pending:
        number, (low, high) = next(iter(pending.items()))
        candidates = _candidates(model, number)
        chosen, gained = None, 0
        for cell in candidates[:TRIES]:  # the cheapest that protects it on its own, else the one widening most
            model.withheld.add(cell)
            new_low, new_high = model.range_of(number)
            model.withheld.discard(cell)
            if new_high - new_low >= need[number]:
                chosen = cell
                break
            if new_high - new_low - (high - low) > gained:
                chosen, gained = cell, new_high - new_low - (high - low)
        # none widens it on its own (two routes pin it): withhold the cheapest and look again
        chosen = chosen or candidates[0]
        model.withheld.add(chosen)
        added[chosen] = "secondary"
        if log:
            log(f"{number} {low}-{high}: withholding {chosen} ({len(pending)} pending)")
        pending = _exposed(model, need, pending)  # withholding only widens ranges
    return model, added, need


def _exposed(model: LinkedTables, need: dict, numbers) -> dict:
    out = {}
    for number in sorted(numbers):
        low, high = model.range_of(number)
        if high - low < need[number]:
            out[number] = (low, high)
    return out


def _candidates(model: LinkedTables, number) -> list:
    """Eligible cells in the relations tied to `number`, those binding its range first, then the
    smallest value (the least lost)."""
    _, relations = model.tied(number)
    _, _, binding = model.solve(number)
    allowed = eligible(model)
    cells = {}
    for i in relations:
        for n, _ in model.relations[i].terms:
            if n[:3] in allowed:
                rank = (i not in binding, model.numbers[n]["value"])
                cells[n[:3]] = min(cells.get(n[:3], rank), rank)
    if not cells:
        raise Unprotectable({number: sorted({n[0] for i in relations for n, _ in model.relations[i].terms})})
    return sorted(cells, key=lambda c: (cells[c], c))


def report(model: LinkedTables, records: list[dict], need: dict, protection: int, threshold: int) -> list[dict]:
    """Every withheld number: why, the range a reader could infer (also with every primary banded as
    "fewer than threshold+1", to tell where such a band is itself safe) and an insider's."""
    insider = CaseGroups(records, model.withheld)
    primaries = set(model.primaries())
    bands = [(n, threshold) for n in sorted(primaries) if n in model.numbers and model.numbers[n]["value"] <= threshold]
    out = []
    for n in sorted({n for n in model.numbers if model.is_withheld(n)} | primaries):
        entry = model.numbers[min(model.objective(n), key=model.objective(n).get)]  # a late count: its part's
        low, high = model.range_of(n)
        band_low, band_high = model.range_of(n, bands) if n in primaries else (low, high)
        inside = insider.range_of(model.objective(n))
        out.append(
            {
                "table": n[0],
                "row": n[1],
                "column": n[2],
                "part": n[3],
                "reason": "primary" if n in primaries else "secondary",
                "sections": sorted(entry["sections"]),
                "range": _plain(low, high),
                "insider_range": _plain(*inside),
                "protected": n not in primaries or high - low >= need.get(n, protection),
                "band_safe": n in primaries and band_high - band_low >= protection,  # never narrower than the policy
                "limited_by_published": n in primaries and need.get(n, protection) < protection,
            }
        )
    return out


def _plain(low, high) -> list:
    return [int(low), None if high == float("inf") else int(high)]
