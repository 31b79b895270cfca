"""What every family of sentences shares: reading a cell a sentence states (noted, so that the sentence
is withheld with it), active chart titles that never state a withheld figure, and the timescale words."""

from __future__ import annotations

from pipelines.config.vocabulary import taxonomy
from pipelines.measures.base import Table
from pipelines.rules import disclosure
from pipelines.rules.calendar import fy_bounds


def count_at(table: Table, row: str, column: str) -> int:
    return int(noted_cell(table, row, column)) if row in table.data.index else 0


def noted_cell(table: Table, row, column):
    """A cell a sentence states: noted, so that the sentence is withheld if the cell is."""
    disclosure.note(table, row, column)
    return table.data.loc[row, column]


def safe_title(title: str, table: Table) -> str:
    """An active chart title, unless it states a withheld figure: then the table's own."""
    return table.title if disclosure.withholds(title) else title


def limit_text(profile, procedure_short: str, stage: int, year: str) -> str:
    code = next(c for c, v in taxonomy()["procedures"].items() if v["short"].lower() == procedure_short)
    first = fy_bounds(year)[0].date()
    rules = [
        r for r in profile.timescales.get(code, {}).get(stage, []) if r["from"] <= first
    ] or profile.timescales.get(code, {}).get(stage, [{"days": "?"}])
    rule = rules[-1]
    if "months" in rule:
        return f"{rule['months']} months"
    return f"{rule['days']} working days" + (f", or {rule['extended']} when extended" if "extended" in rule else "")
