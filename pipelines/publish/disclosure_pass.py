"""The run's disclosure step, between rendering the sections and publishing them: read every number the
sections printed or withheld (numbers-<section>.jsonl, written by report.Section), decide once for the
whole report what else to withhold (publish/protection.py), keep the decisions beside the processed
tables (so that JupyterLab shows the same), and after the sections concerned have been rendered again
with them, prove that every withheld small count is protected (or stop, naming it: DisclosureError)."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.publish.checks import OutputCheckError
from pipelines.publish.linked_tables import LinkedTables
from pipelines.publish.protection import Unprotectable, protect, report, required

LIMITED = " (the widest range the tables published in full allow, whatever else is withheld)"
FILE = "disclosure.json"  # in data/processed/<authority>/<year>/ (report.DISCLOSURE_FILE)


class DisclosureError(OutputCheckError):
    """A withheld number could still be worked out from what the report prints; nothing was published."""


def load_numbers(folder: Path) -> list[dict]:
    out = []
    for path in sorted(folder.glob("numbers-*.jsonl")):
        out += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return out


def decide(folder: Path, processed: Path, policy: dict) -> list[str]:
    """Decide the secondary suppression for the whole report and write the decisions; returns the
    sections to render again (those printing a cell newly withheld). Raises DisclosureError, writing
    nothing, when a small count cannot be protected."""
    numbers = load_numbers(folder)
    if policy["threshold"] <= 0 or not numbers:
        return []
    try:
        model, added, need = protect(numbers, policy["protection"])
    except Unprotectable as exc:
        raise DisclosureError(_pinned(exc.pinned)) from None
    forced: dict = {}
    for table, row, column in sorted(model.withheld):
        forced.setdefault(table, []).append([row, column])
    cells = report(model, numbers, need, policy["protection"], policy["threshold"])
    bands: dict = {}
    for cell in cells:
        if cell["reason"] == "primary" and cell["band_safe"]:
            bands.setdefault(cell["table"], []).append([cell["row"], cell["column"]])
    decisions = {"policy": _plain(policy), "forced": forced, "bands": bands, "withheld": cells}
    (processed / FILE).write_text(json.dumps(decisions, indent=1, sort_keys=True) + "\n")
    banded = {  # sections whose headline states a withheld count that may now be given as a band
        json.loads(path.read_text())["section"]
        for path in folder.glob("records-*.json")
        if any(f["value"] == "[c]" and f["table"] in bands for f in json.loads(path.read_text())["figures"])
    }
    return sorted({n["section"] for n in numbers if (n["table"], n["row"], n["column"]) in added} | banded)


def prove(folder: Path, processed: Path, policy: dict) -> list[dict]:
    """After the rerun: every withheld number's range from what the report now prints; raises
    DisclosureError naming any small count whose range is narrower than its protection."""
    numbers = load_numbers(folder)
    if policy["threshold"] <= 0 or not numbers:
        return []
    model = LinkedTables.from_records(numbers)
    try:
        need = required(model, policy["protection"])
    except Unprotectable as exc:
        raise DisclosureError(_pinned(exc.pinned)) from None
    cells = report(model, numbers, need, policy["protection"], policy["threshold"])
    exposed = [c for c in cells if not c["protected"]]
    if exposed:
        raise DisclosureError(
            [
                f"table {c['table']}, {c['row']} / {c['column']}: a withheld small count could be worked out from "
                f"the published figures (it must lie in {c['range']}, narrower than disclosure.protection)"
                for c in exposed
            ]
        )
    path = processed / FILE
    decisions = json.loads(path.read_text()) if path.exists() else {"policy": _plain(policy), "forced": {}, "bands": {}}
    decisions["withheld"] = cells
    path.write_text(json.dumps(decisions, indent=1, sort_keys=True) + "\n")
    return cells


def _pinned(pinned: dict) -> list[str]:
    """What the analyst reads when a small count cannot be protected: the cell, the tables that pin it,
    and what to do."""
    return [
        f"table {table}, {row} / {column}: this small count would still be exactly determined by figures the "
        f"report publishes in full ({', '.join(tables) or 'its own table'}), however many other cells were "
        f"withheld. Add {'those tables' if len(tables) > 1 else 'that table'} to disclosure.protect in the "
        "profile (their small counts are then withheld too), or merge the small categories"
        for (table, row, column, _), tables in sorted(pinned.items())
    ]


def _plain(policy: dict) -> dict:
    return {k: sorted(v) if isinstance(v, (set, frozenset)) else v for k, v in policy.items() if k != "prefix"}


def write_audit_page(folder: Path, decisions_path: Path, title: str) -> None:
    """The audit edition's disclosure report (disclosure.html): every cell the published edition
    withholds, why, the range a reader of the published tables could infer for it, and the range an
    insider who knew which cases lie in which cells could."""
    import html

    e = html.escape
    if not decisions_path.exists():
        body = "<p>The published edition has not been rendered yet, so there are no disclosure decisions to show.</p>"
    else:
        decisions = json.loads(decisions_path.read_text())
        policy = decisions.get("policy", {})
        rows = "".join(
            f"<tr><td>{e(c['table'])}</td><td>{e(c['row'])}</td><td>{e(_column(c))}</td>"
            f"<td>{e(c['reason'])}</td><td>{_range(c['range'])}{LIMITED if c.get('limited_by_published') else ''}</td>"
            f"<td>{_range(c.get('insider_range', c['range']))}</td><td>{'yes' if c['band_safe'] else 'no'}</td></tr>"
            for c in decisions.get("withheld", [])
        )
        body = (
            f"<p>Policy: counts from 1 to {policy.get('threshold')} in protected tables are withheld (primary); "
            f"each must stay uncertain over a range at least {policy.get('protection')} wide for a reader who knows "
            "every figure the published edition prints and every relation between them that follows from how the "
            "tables are defined (totals, and the same cases counted in two tables). Further cells of the protected "
            "tables, and printed copies of a withheld figure, are withheld (secondary) until every primary is; where "
            "the tables published in full bound one more tightly, its range is as wide as they allow, and the table "
            "says so.</p><p>The insider's range is stricter and not the test the report must pass: it is what "
            "someone who also knew which cases lie in which cells (but not the withheld values) could infer. In "
            "a small report it is often exact.</p>"
            '<table class="data"><thead><tr><th scope="col">Table</th><th scope="col">Row</th><th scope="col">Column</th>'
            '<th scope="col">Why</th><th scope="col">What a reader could infer</th>'
            '<th scope="col">What an insider could infer</th>'
            f'<th scope="col">"Fewer than" band safe</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    (folder / "disclosure.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}: disclosure</title></head>'
        f"<body><h1>Disclosure report: {e(title)}</h1>{body}</body></html>\n",
        encoding="utf-8",
    )


def _column(cell: dict) -> str:
    """The column, and which of its numbers: of an 'n% (x/y)' cell its responses, those on time or those
    late; of a complement ('Complaints less With an advocate') the difference itself."""
    part = cell["part"]
    if " less " in part:
        return part
    return cell["column"] + {"": "", "whole": " (responses)", "part": " (on time)", "late": " (late)"}.get(
        part, f" ({part})"
    )


def _range(bounds: list) -> str:
    low, high = bounds
    return f"{low} to {'no limit' if high is None else high}"
