"""Reading a measure's table in tests: {row: [cells]}, with missing cells as None and whole numbers as int,
so that expected values are written as plain Python."""

from __future__ import annotations

import pandas as pd


def plain(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return int(value) if not isinstance(value, str) and float(value).is_integer() else value


def cells(table) -> dict:
    """{row: [cells]} in the table's own row and column order."""
    return {r: [plain(v) for v in table.data.loc[r]] for r in table.data.index}
