"""tables.xlsx, following the Analysis Function's guidance on releasing statistics in spreadsheets
(through gptables, which implements it): a cover sheet, a contents sheet linking to every table, a
notes sheet for the symbols and the bases tables are counted on, then one table per sheet in report
order, named by its table number, its title in cell A1. Numbers are stored as numbers with a number
format (money in whole pounds, rounded as the report shows it); the symbols [c], [z] and [x] stay
text; text that a spreadsheet would run as a formula is never written as one; no cell is merged."""

from __future__ import annotations

import csv
import re
import warnings
from pathlib import Path

from pipelines.config.vocabulary import taxonomy
from pipelines.document.tables import csv_safe
from pipelines.publish import reproducible
from pipelines.rules.numbers import round_half_up

YEAR = re.compile(r"^\d{4}/\d{2}$")
MONTHS = {"April", "May", "June", "July", "August", "September", "October", "November", "December"}
MONTHS |= {"January", "February", "March", "Total"}
COUNT_FORMAT, RATE_FORMAT, MONEY_FORMAT = "#,##0", "#,##0.0", "£#,##0"


def table_order(records: list[dict], sections: list[str]) -> list[dict]:
    """Table records in the order the report prints them: by section, in the report's order, then as
    each section showed them (its records are kept in that order); one per table key."""
    place = {key: n for n, key in enumerate(sections)}
    indexed = sorted(enumerate(records), key=lambda item: (place.get(item[1].get("section"), len(place)), item[0]))
    seen, out = set(), []
    for _, r in indexed:
        if r["key"] not in seen:
            seen.add(r["key"])
            out.append(r)
    return out


def sheet_name(label: str, key: str) -> str:
    """The sheet of a table, named by its printed number ("Table 3.1" -> Table_3.1, "Table 1a" ->
    Table_1a), or by its key where it is printed without one; within Excel's 31 characters."""
    name = re.sub(r"[^\w.]+", "_", label).strip("_") or key
    return (name if name.lower().startswith("table") else f"Table_{name}")[:31]


def _row_heading(labels: list[str]) -> str:
    if labels and all(YEAR.match(v) or v == "Total" for v in labels):
        return "Year"
    if labels and all(v in MONTHS for v in labels):
        return "Month"
    return "Category"


def _value(text: str, money: bool):
    """A published CSV value as the workbook stores it: a number where it is one, otherwise text."""
    try:
        number = float(text)
    except ValueError:
        return csv_safe(text)
    if money:
        return round_half_up(text if "." in text else int(text))
    return int(number) if number.is_integer() else number


def read_frame(folder: Path, record: dict):
    import pandas as pd

    with open(folder / "tables" / f"{record['key']}.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    money = set(record.get("money_columns", []))
    data = {_row_heading([r[0] for r in body]): [csv_safe(r[0]) for r in body]}
    for n, column in enumerate(header[1:], 1):
        data[column] = [_value(r[n], column in money) for r in body]
    return pd.DataFrame(data)


def _has_cells(frame) -> bool:
    """Whether a table has any cell that is not blank (gptables refuses a table of blanks)."""
    return any(not (v is None or (isinstance(v, str) and not v.strip())) for v in frame.iloc[:, 1:].to_numpy().ravel())


def _formats(frame, record: dict) -> list[dict]:
    """Each column's number format: whole pounds, one decimal place for rates, else whole numbers."""
    money = set(record.get("money_columns", []))
    by_format: dict[str, list] = {}
    for column in frame.columns[1:]:
        fractional = any(isinstance(v, float) and not v.is_integer() for v in frame[column])
        kind = MONEY_FORMAT if column in money else RATE_FORMAT if fractional else COUNT_FORMAT
        by_format.setdefault(kind, []).append(column)
    return [{"column": {"columns": cols, "format": {"num_format": f}}} for f, cols in by_format.items()]


def symbols_in(frame) -> list[str]:
    text = " ".join(str(v) for v in frame.to_numpy().ravel())
    return [s for s in taxonomy()["symbols"] if s in text]


def note_ref(kind: str, value: str) -> str:
    """A gptables note reference ($$name$$), which it numbers [note 1], [note 2]... in order of use."""
    return "$$" + kind + "_" + re.sub(r"\W", "", value) + "$$"


def notes_frame(records: list[dict], symbols: list[str]):
    """One note per symbol the tables use and one per basis they are counted on."""
    import pandas as pd

    meanings = taxonomy()["symbols"]
    rows = [(note_ref("symbol", s).strip("$"), f"{s} means {meanings[s]}.") for s in symbols]
    for basis in sorted({r["basis"] for r in records if r.get("basis")}):
        rows.append(
            (
                note_ref("basis", basis).strip("$"),
                f"Counted on {taxonomy()['basis_labels'][basis]}: each case counts in the period its {basis} "
                "date falls in. Tables counted on different bases need not have the same totals.",
            )
        )
    return pd.DataFrame({"Note reference": [r[0] for r in rows], "Note text": [r[1] for r in rows]})


def write_workbook(
    folder: Path, title: str, records: list[dict], about: list[str], contact: list[str], sections: list[str]
) -> Path:
    """Write folder/tables.xlsx from the published CSV tables and their records."""
    import gptables as gpt

    ordered = [
        r  # a table the report does not print (figures its text states) has its CSV copy, not a sheet
        for r in table_order(records, sections)
        if (folder / "tables" / f"{r['key']}.csv").exists() and r.get("printed", True)
    ]
    sheets, all_used = {}, []
    for record in ordered:
        frame = read_frame(folder, record)
        if not _has_cells(frame):
            continue  # a table with no figure at all (gptables refuses one): it has nothing to release
        used = symbols_in(frame)
        all_used += [s for s in used if s not in all_used]
        subtitles = []  # the title already gives the period
        if record.get("basis"):
            basis = record["basis"]
            subtitles.append(f"Counted on {taxonomy()['basis_labels'][basis]} {note_ref('basis', basis)}")
        if used:
            subtitles.append("Symbols used: " + ", ".join(f"{s} {note_ref('symbol', s)}" for s in used))
        name = sheet_name(record["number"], record["key"])
        for n in range(2, len(ordered) + 2):  # a number the publication gives two tables: the second is _2
            if name not in sheets:
                break
            name = f"{sheet_name(record['number'], record['key'])[:28]}_{n}"
        sheets[name] = gpt.GPTable(
            table=frame,
            table_name=re.sub(r"\W", "_", name.lower()),
            title=": ".join(t for t in (record["number"], record["caption"]) if t),
            subtitles=[s for s in subtitles if s],
            index_columns={2: 0},
            additional_formatting=_formats(frame, record),
        )
    path = folder / "tables.xlsx"
    cover = gpt.Cover(
        title=title,
        intro=["This workbook holds every table of the report, one table per sheet, in the report's order."],
        about=about,
        contact=contact or None,
    )
    notes = notes_frame(ordered, [s for s in taxonomy()["symbols"] if s in all_used])
    with warnings.catch_warnings():  # a workbook with no symbols and no bases has no notes sheet
        warnings.filterwarnings("ignore", "No note text provided")
        gpt.write_workbook(
            filename=path,
            sheets=sheets,
            cover=cover,
            notes_table=notes if len(notes) else None,
            contentsheet_options={"additional_elements": ["subtitles"]},
            # Text stays text: never a formula, a link or a number guessed from text.
            workbook_options={"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
    return reproducible.rewrite(path)
