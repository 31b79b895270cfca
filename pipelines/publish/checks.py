"""The run checks its own outputs before publishing anything: totals reconcile within and across
tables, headline figures equal the table cells they cite, percentages lie in 0-100, counts are
whole and non-negative, and 'n% (x/y)' cells add up. Any failure stops the publication."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pipelines.measures.foi import ANSWERED_ONLY
from pipelines.measures.volumes import ONCE_AT_FIRST_STAGE
from pipelines.rules.numbers import RATIO_CELL, percent

TOTAL = "Total"
# The same total must appear in each of these (table, row, column) places; '{year}' is the report year.
SAME_TOTALS = [
    [("volumes_by_year", TOTAL, "{year}"), ("volumes_by_quarter", TOTAL, TOTAL), ("volumes_by_month", TOTAL, TOTAL)],
    [("enquiries_by_year", TOTAL, "{year}"), ("enquiries_by_quarter", TOTAL, TOTAL)],
    [("compliments_by_year", TOTAL, "{year}"), ("compliments_by_service", TOTAL, "{year}")],
    [("foi_by_month", TOTAL, TOTAL), ("foi_by_year", "{year}", TOTAL)],
]


def _first_stages(row: str) -> bool:
    """A procedure-and-stage row of a first stage: stage 1, or stage 0 under whatever name the profile
    gives it (vocabulary.stage_words); the later stages keep their numbers."""
    return row != TOTAL and not row.endswith(("stage 2", "stage 3", "stage 4"))


# A table counting a narrower set than another table of the same year, with the words its caption
# must carry when the two differ: (narrow table, row, column), (wide table, which of its rows, column),
# the basis stated. Without them a reader sees two figures for one thing and no reason.
NARROWER = [
    (("complainants", TOTAL, "Complaints"), ("volumes_by_year", _first_stages, "{year}"), ONCE_AT_FIRST_STAGE),
    (("foi_on_time", TOTAL, "Request"), ("foi_by_month", lambda row: row == TOTAL, "Request"), ANSWERED_ONLY),
]


class OutputCheckError(Exception):
    """The outputs contradict themselves; nothing was published."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            "The report's own checks failed, so nothing was published and earlier outputs are "
            "unchanged:\n" + "\n".join(f"  - {p}" for p in problems)
        )


@dataclass
class CsvTable:
    key: str
    columns: list
    rows: dict  # row label -> {column: text}


def read_tables(folder: Path) -> dict[str, CsvTable]:
    out = {}
    for path in sorted((folder / "tables").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = [c for c in reader.fieldnames if c != ""]
            rows = {r[""]: {c: r[c] for c in columns} for r in reader}
        out[path.stem] = CsvTable(path.stem, columns, rows)
    return out


def _number(text: str):
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


def _is_percent(column: str) -> bool:
    return "%" in column


def check_table(table: CsvTable, record: dict | None = None) -> list[str]:
    """One table: percentages in 0-100, counts whole and non-negative, ratios that add up, and a
    Total row and column equal to the sum of their parts. `record` says which columns hold money."""
    problems = []
    where = f"table {table.key}"
    money = set((record or {}).get("money_columns", []))
    for row, cells in table.rows.items():
        for column, text in cells.items():
            value = _number(text)
            if _is_percent(column):
                if value is not None and "Change" not in column and not 0 <= value <= 100:
                    problems.append(f"{where}, {row} / {column}: percentage {text} is outside 0-100")
            elif value is not None and value < 0 and not column.startswith("Difference"):
                problems.append(f"{where}, {row} / {column}: {text} is negative")
            elif (
                value is not None
                and column not in money
                and not column.startswith("Per ")
                and value != value.to_integral_value()
            ):
                problems.append(f"{where}, {row} / {column}: count {text} is not a whole number")
            match = RATIO_CELL.match(text or "")
            if match:
                shown, part, whole = match.group(1), int(match.group(2)), int(match.group(3))
                expected = "[z]" if whole == 0 else f"{percent(part, whole)}%"
                if part > whole or shown != expected:
                    problems.append(f"{where}, {row} / {column}: '{text}' does not add up (expected {expected})")
    additive = [
        c
        for c in table.columns
        if not _is_percent(c) and all(_number(cells.get(c)) is not None for cells in table.rows.values())
    ]
    if TOTAL in table.rows:
        for column in additive:
            parts = sum(_number(cells[column]) for r, cells in table.rows.items() if r != TOTAL)
            if parts != _number(table.rows[TOTAL][column]):
                problems.append(
                    f"{where}: the Total row's {column} is {table.rows[TOTAL][column]} but its parts add up to {parts}"
                )
    if TOTAL in table.columns:
        before = [c for c in table.columns[: table.columns.index(TOTAL)] if not _is_percent(c)]
        for row, cells in table.rows.items():
            values = [_number(cells[c]) for c in before]
            if not before or any(v is None for v in values) or _number(cells[TOTAL]) is None:
                continue  # a suppressed [c] cell: nothing to add up
            if _number(cells[TOTAL]) != sum(values):
                problems.append(f"{where}, row {row}: Total {cells[TOTAL]} is not the sum of {', '.join(before)}")
    return problems


def check_figures(figures: list[dict], tables: dict[str, CsvTable]) -> list[str]:
    problems = []
    for figure in figures:
        table = tables.get(figure.get("table"))
        if table is None:
            problems.append(f"figure {figure['id']} cites table {figure.get('table')}, which was not published")
            continue
        cell = table.rows.get(figure["row"], {}).get(figure["column"])
        shown = (
            "[z]" if figure["value"] is None else _cell_text(figure["value"], figure["column"], table, figure["row"])
        )
        if cell != shown:
            problems.append(
                f"figure {figure['id']} ({figure['label']}) is {shown} but table {table.key} shows {cell} "
                f"at {figure['row']} / {figure['column']}"
            )
    return problems


def _cell_text(value, column, table, row) -> str:
    cell = table.rows.get(row, {}).get(column, "")
    if "." in str(cell) and isinstance(value, int):  # money columns: pence in figures, pounds in CSV
        return f"{value / 100:.2f}"
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def check_same_totals(tables: dict[str, CsvTable], year_label: str) -> list[str]:
    problems = []
    for places in SAME_TOTALS:
        found = []
        for key, row, column in places:
            row, column = row.format(year=year_label), column.format(year=year_label)
            if key in tables and row in tables[key].rows and column in tables[key].rows[row]:
                found.append((f"{key} [{row} / {column}]", tables[key].rows[row][column]))
        if len({v for _, v in found}) > 1:
            problems.append("totals disagree: " + ", ".join(f"{w} = {v}" for w, v in found))
    return problems


def check_distinct_tables(tables: dict[str, CsvTable], table_records: list[dict]) -> list[str]:
    """A report shows each table once: the same table under two numbers (or two tables with the
    same rows, columns and figures) is one table too many."""
    problems, numbers = [], {}
    for record in table_records:
        numbers.setdefault(record["key"], []).append(record["number"])
    for key, shown in sorted(numbers.items()):
        if len(shown) > 1:
            problems.append(f"table {key} is shown more than once: as {' and '.join(shown)}")
    # Two tables with the same rows, columns and figures are one table twice, unless they are captioned
    # as different things (two measures whose figures happen to coincide, as a year's themes and its
    # upheld themes can when every complaint was upheld).
    captions = {r["key"]: r.get("caption") for r in table_records}
    seen = {}
    for key, table in sorted(tables.items()):
        content = (tuple(table.columns), tuple((r, tuple(c.values())) for r, c in table.rows.items()))
        earlier = seen.get(content)
        if (
            earlier is not None
            and None in (captions.get(earlier), captions.get(key))
            or (earlier is not None and captions.get(earlier) == captions.get(key))
        ):
            problems.append(f"tables {earlier} and {key} are the same table (same rows, columns and figures)")
        seen.setdefault(content, key)
    return problems


def _count(text: str | None):
    """A count, or the whole of an 'n% (x/y)' cell; None for [c] and anything else."""
    match = RATIO_CELL.match(text or "")
    return Decimal(match.group(3)) if match else _number(text)


def check_stated_bases(tables: dict[str, CsvTable], table_records: list[dict], year_label: str) -> list[str]:
    """Where a narrower table's figure differs from the wider one's, its caption must say why."""
    problems, records = [], {r["key"]: r for r in table_records}
    for (key, row, column), (wide_key, rows, wide_column), basis in NARROWER:
        wide_column = wide_column.format(year=year_label)
        if key not in tables or wide_key not in tables or key not in records:
            continue
        narrow = _count(tables[key].rows.get(row, {}).get(column))
        parts = [c.get(wide_column) for r, c in tables[wide_key].rows.items() if rows(r)]
        counts = [_count(p) for p in parts]
        if narrow is None or not counts or None in counts or narrow == sum(counts):
            continue
        if basis not in records[key]["caption"]:
            problems.append(
                f"{records[key]['number'] or 'The table'} ({key}) counts {narrow} where {wide_key} gives {sum(counts)} "
                f"({' + '.join(parts)}), and its caption does not say why: it should state '{basis}'"
            )
    return problems


def check_outputs(folder: Path, year_label: str, table_records: list[dict], figures: list[dict]) -> None:
    """Raise OutputCheckError listing every problem found in a rendered (staging) folder."""
    tables = read_tables(folder)
    records = {r["key"]: r for r in table_records}
    problems = [p for t in tables.values() for p in check_table(t, records.get(t.key))]
    problems += check_figures(figures, tables) + check_same_totals(tables, year_label)
    problems += check_distinct_tables(tables, table_records) + check_stated_bases(tables, table_records, year_label)
    if problems:
        raise OutputCheckError(problems)


def load_records(folder: Path) -> tuple[list[dict], list[dict]]:
    """(tables, figures) recorded by the section notebooks."""
    tables, figures = [], []
    for path in sorted(folder.glob("records-*.json")):
        records = json.loads(path.read_text())
        tables += records["tables"]
        figures += records["figures"]
    return tables, figures
