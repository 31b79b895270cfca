"""The timescales in force at the start of the year, as a table read from the profile (never typed
by hand): working days per procedure and stage or kind of request, the extended limit, and the
stage 3 milestones."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import label, stage_words, taxonomy
from pipelines.measures.base import Table, measure
from pipelines.rules.calendar import fy_bounds, fy_text

COLUMNS = {
    "days": "Working days",
    "extended": "Extended to",
    "panel": "Panel within",
    "findings": "Findings within",
    "response": "Response within",
}


def _name(procedure: str, key) -> str:
    if procedure in taxonomy()["procedures"]:
        return f"{taxonomy()['procedures'][procedure]['short']} {stage_words(key)}"
    if procedure == "enquiries":
        return label("enquiry_types", key)
    if procedure == "foi":
        return f"FOI: {label('foi_types', key)}"
    return f"{procedure} {key}"


@measure
def timescales_table(timescales: dict, year: str) -> Table:
    first = fy_bounds(year)[0].date()
    rows = {}
    for procedure, keys in timescales.items():
        for key, rules in keys.items():
            rule = ([r for r in rules if r["from"] <= first][-1:] or rules[:1])[0]
            rows[_name(procedure, key)] = {column: rule.get(field) for field, column in COLUMNS.items()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(COLUMNS.values()))
    table = table.dropna(axis=1, how="all").astype("object").where(table.notna(), None)
    return Table("timescales", "Timescales (working days)", table, None, fy_text(year))
