"""The attacker's view of a rendered demo report: every published table (the CSV copies) with the
relations an insider knows (the audit edition's case references behind every cell, which give every
total and every overlap between tables). From the published numbers alone, a linear programme gives
the range each [c] cell could take; none may be pinned down (narrower than the policy's protection)."""

from __future__ import annotations

import csv
import json
import re

import pytest

from pipelines.publish.protection import System
from pipelines.rules.disclosure import WITHHELD_TEXT
from pipelines.rules.numbers import RATIO_CELL

pytestmark = pytest.mark.slow
PROTECTION = 5  # config/authorities/demo.yaml: disclosure.protection


@pytest.fixture(scope="module")
def demo(shared_render):
    return {edition: shared_render("demo", "2024-25", edition).folder for edition in ("published", "audit")}


def attacker_system(published, audit) -> System:
    """Equations from the published numbers and the audit references, nothing from the run's own check."""
    records = []
    for refs_file in sorted((audit / "tables").glob("*.refs.json")):
        name = refs_file.name.removesuffix(".refs.json")
        path = published / "tables" / f"{name}.csv"
        if not path.exists():
            continue
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        shown = {(r[0], c): v for r in rows[1:] for c, v in zip(rows[0][1:], r[1:])}
        for row, cells in json.loads(refs_file.read_text()).items():
            for column, refs in cells.items():
                text = shown.get((row, column))
                if text is None:
                    continue
                withheld = text == "[c]"
                ratio = RATIO_CELL.match(text) if not withheld else None
                is_ratio = any(": on time" in x or ": late" in x for x in refs)
                if is_ratio:
                    whole = [x.rsplit(": ", 1)[0] for x in refs]
                    part = [x.rsplit(": ", 1)[0] for x in refs if x.endswith(": on time")]
                    for label, cases, group in (("whole", whole, 3), ("part", part, 2)):
                        value = len(cases) if withheld else int(ratio.group(group))
                        records.append(_record(name, row, column, label, cases, value, withheld))
                elif withheld or re.fullmatch(r"\d+", text or ""):
                    value = len(set(refs)) if withheld else int(text)
                    if withheld or value == len(set(refs)):
                        records.append(_record(name, row, column, "", refs, value, withheld))
    return System.from_records(records)


def _record(table, row, column, part, cases, value, withheld):
    # a withheld cell's value is not used by the programme (it is what the attacker is after)
    return {
        "section": "",
        "table": table,
        "row": row,
        "column": column,
        "part": part,
        "value": value,
        "withheld": withheld,
        "primary": False,
        "cases": sorted(set(cases)),
    }


def test_no_withheld_cell_of_the_demo_report_can_be_pinned_down(demo):
    system = attacker_system(demo["published"], demo["audit"])
    withheld = [n for n in system.numbers if system.is_withheld(n) and system.numbers[n]["atoms"]]
    assert withheld, "nothing is withheld: the check below would prove nothing"
    assert len(system.numbers) > 500  # every table of the report is in the equations
    exposed = system.exposed(PROTECTION, capped=False)  # the policy's own interval, nothing limited
    assert not exposed, exposed


def test_the_summary_keeps_its_meaning(demo):
    pages = {p.name: p.read_text(encoding="utf-8") for p in demo["published"].glob("[0-9][0-9]_*.html")}
    summary = pages["01_summary.html"]
    assert "regulation 13(3)" in summary and "It has three stages" in summary  # introduction, procedure
    assert summary.count("Statutory stage 1 complaints") >= 1 and "Ombudsman made" in summary
    report = "".join(pages.values())
    assert report.count("To protect the people who complained") == 1  # the policy, once, in the introduction
    assert all(page.count(WITHHELD_TEXT) <= 1 for page in pages.values())
    audit = (demo["audit"] / "disclosure.html").read_text()
    assert "Disclosure report" in audit
