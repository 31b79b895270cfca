"""Exports as case-management systems produce them, read (CSV, or a sheet of an XLSX workbook) and
mapped onto the canonical tables as the profile's `source` section says (pipelines/inputs/source_config.py;
docs/adding-an-authority.md):

    source:
      complaints:
        file: Complaints.xlsx          # .csv or .xlsx, in data/raw/<authority>/<year>/
        sheet: Cases                   # workbooks only
        columns: {case_ref: Case Reference, date_received: Date Received, ...}   # canonical <- export
        labels:                        # per canonical column: export label -> canonical code
          outcome: {"Partly Upheld": partly_upheld, ...}
        separators: {themes: ","}      # list columns not separated by ";"

The export is read (its header found, a wide export unpivoted) by export_shapes. Headers and labels
match whatever their case and spacing; dates are read by export_dates. Nothing
else is guessed: a label with no mapping, a missing column or an unreadable date is a Problem, and
all of them are reported together (SourceMappingError) before anything is written."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines import ROOT
from pipelines.config.profile import Profile, profile_path
from pipelines.config.vocabulary import codes, tables
from pipelines.config.vocabulary import label as code_label
from pipelines.inputs.export_dates import ACCEPTED, ambiguous_mask, iso_dates, month_first_only, shows_day_first
from pipelines.inputs.export_shapes import Export, read_export
from pipelines.inputs.files import InputFileError, RawTable, normalise
from pipelines.inputs.source_config import TableSource, norm, vocabulary

EXAMPLE_ROWS = 5


@dataclass
class Problem:
    """One reason an export cannot be mapped; `text` is what the analyst reads."""

    text: str


class SourceMappingError(InputFileError):
    """Exports that do not match the profile's source mapping; lists every problem at once."""

    def __init__(self, profile_key: str, folder: Path, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            f"The exports in {shown(folder)} do not match the source mapping in {profile_file(profile_key)}: "
            f"nothing was written and earlier outputs are unchanged. {len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''} to fix (in the profile, or in the export):\n\n"
            + "\n\n".join(f"- {p.text}" for p in problems)
        )


def shown(path: Path) -> str:
    """A path as messages show it: relative to the project when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def profile_file(key: str) -> str:
    path = profile_path(key)
    return shown(path) if path else f"config/authorities/{key}.yaml"


# ---- mapping onto the canonical table ---------------------------------------------------------


def _rows(export: Export, index) -> str:
    numbers = [str(export.line(i)) for i in list(index)[:EXAMPLE_ROWS]]
    more = ", ..." if len(index) > EXAMPLE_ROWS else ""
    return f"{export.row_word}{'s' if len(index) != 1 else ''} {', '.join(numbers)}{more}"


def _count(n: int) -> str:
    return f"{n} row{'s' if n != 1 else ''}"


def _yaml_scalar(text: str) -> str:
    """A code as it can be pasted into the profile: plain when YAML reads it back unchanged."""
    import yaml

    if text.isdigit() or (text == text.strip() and "#" not in text and yaml.safe_load(f"k: {text}") == {"k": text}):
        return text
    return json.dumps(text, ensure_ascii=False)


def _header_list(export: Export) -> str:
    return ", ".join(json.dumps(c, ensure_ascii=False) for c in export.frame.columns)


def _locate(export: Export, source: TableSource, column: str, profile_key: str) -> tuple[str | None, Problem | None]:
    """The export header a canonical column is read from (None: not supplied)."""
    headers = {}
    for header in export.frame.columns:
        headers.setdefault(norm(header), []).append(header)
    wanted = source.columns.get(column, column)
    found = headers.get(norm(wanted), [])
    if len(found) > 1:
        return None, Problem(
            f"{export.where}: the column {wanted!r} appears {len(found)} times; rename one in the export"
        )
    if found:
        return found[0], None
    if column in source.columns:
        return None, Problem(
            f"{export.where}: there is no column {json.dumps(wanted, ensure_ascii=False)} (the profile reads "
            f"{column} from it under source > {source.table} > columns). The file's columns are: {_header_list(export)}"
        )
    if tables()[source.table]["columns"][column].get("required"):
        return None, Problem(
            f"{export.where}: nothing supplies {column} ({tables()[source.table]['columns'][column]['description']}), "
            f"which is required. Say which column holds it in {profile_file(profile_key)} under "
            f'source > {source.table} > columns:\n        {column}: "<the export\'s column>"\n'
            f"  The file's columns are: {_header_list(export)}"
        )
    return None, None


def _unmapped_problem(export, source, column, header, missing: dict, allowed, profile_key) -> Problem:
    """Every label with no mapping, how many rows carry it, and the YAML lines to add."""
    lines = [
        f"{export.where}, column {json.dumps(header, ensure_ascii=False)} (read as {column}): "
        f"{len(missing)} label{'s have' if len(missing) != 1 else ' has'} no mapping:"
    ]
    width = max(len(json.dumps(label, ensure_ascii=False)) for label in missing)
    for label, index in missing.items():
        lines.append(
            f"    {json.dumps(label, ensure_ascii=False):<{width}}  {_count(len(index))} ({_rows(export, index)})"
        )
    by_label = {}
    for code in dict.fromkeys(allowed.values()):
        by_label.setdefault(norm(code.replace("_", " ")), code)
    col = tables()[source.table]["columns"][column]
    if col.get("values"):
        for code in codes(col["values"]):
            by_label.setdefault(norm(code_label(col["values"], code)), str(code))
    choices = ", ".join(_yaml_scalar(c) for c in dict.fromkeys(allowed.values()))
    lines.append(
        f"  To map them, add under source > {source.table} > labels > {column} in {profile_file(profile_key)} "
        f"(the value after each colon must be one of: {choices}):"
    )
    for label in missing:
        code = by_label.get(norm(label), "CODE")
        lines.append(
            f"        {json.dumps(label, ensure_ascii=False)}: {_yaml_scalar(code) if code != 'CODE' else code}"
        )
    return Problem("\n".join(lines))


def _map_labels(values: pd.Series, labels: dict, allowed: dict, separator: str | None):
    """Codes for a coded column (each item of a list column), and {label: rows} of the labels with no
    mapping (spellings differing only in case or spacing are one label: one line of YAML maps them all).
    Each distinct cell is mapped once."""

    def one(label: str):
        key = norm(label)
        if key in labels:
            return labels[key], None
        if key in allowed:
            return allowed[key], None
        return None, (key, label)

    mapped = {}  # distinct cell -> (code text or NA, [(norm(label), label) with no mapping])
    for value in values.dropna().unique():
        text = _as_text(value)
        items = [text] if separator is None else [i.strip() for i in text.split(separator) if i.strip()]
        results = [one(item) for item in items]
        kept = [code for code, _ in results if code is not None]
        mapped[value] = (";".join(dict.fromkeys(kept)) or pd.NA, [bad for _, bad in results if bad])
    out = values.map({v: code for v, (code, _) in mapped.items()}).astype("string")
    missing: dict = {}  # norm(label) -> (label as first seen, rows)
    for value, (_, bad) in mapped.items():
        if bad:
            rows = values.index[values == value]
            for key, label in bad:
                missing.setdefault(key, (label, set()))[1].update(rows)
    return out, {label: sorted(rows) for label, rows in missing.values()}


def _as_text(value) -> str:
    """A cell as contract text: whole numbers stored as 1.0 in a workbook are written 1."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _money(value) -> str:
    """Pounds as the contract writes them: no £ sign or thousands separators."""
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)  # a workbook number cell
    text = f"{value:.2f}" if numeric else _as_text(value)
    return text.replace("£", "").replace(",", "").strip()


def map_table(export: Export, source: TableSource, profile: Profile) -> tuple[pd.DataFrame, dict, list[Problem]]:
    """The export as the canonical table (text, contract columns), the header each column was read
    from, and what stopped it mapping."""
    problems, out, headers, dated = [], pd.DataFrame(index=export.frame.index), {}, {}
    for column, col in tables()[source.table]["columns"].items():
        header, problem = _locate(export, source, column, profile.key)
        if problem:
            problems.append(problem)
        if header is None:
            continue
        headers[column] = header
        values = export.frame[header]
        if col["type"] == "date":
            out[column], bad = iso_dates(values)
            dated[header] = values
            # Only month-first makes sense of some dates, and none needs day-first: the column is US order.
            refused = [] if shows_day_first(values) else month_first_only(values)
            if refused:
                problems.append(_month_first_problem(export, column, header, values, refused))
            elif bad.any():
                problems.append(_date_problem(export, column, header, values[bad]))
            continue
        allowed = vocabulary(source.table, column, profile)
        if allowed is not None:
            separator = source.separators.get(column, ";") if col["type"] == "list" else None
            out[column], missing = _map_labels(values, source.labels.get(column, {}), allowed, separator)
            if missing:
                problems.append(_unmapped_problem(export, source, column, header, missing, allowed, profile.key))
            continue
        convert = _money if col["type"] == "money" else _as_text
        text = values.map({v: convert(v) for v in values.dropna().unique()}).astype("string")
        if col["type"] == "list" and column in source.separators:
            separator = source.separators[column]
            text = text.map(
                lambda v, sep=separator: v if pd.isna(v) else ";".join(i.strip() for i in v.split(sep) if i.strip()),
                na_action="ignore",
            )
        out[column] = text.astype("string")
    note = None if problems else _unsettled_dates(export, dated)  # a refused export is fixed first
    if note:
        warnings.warn(note, AmbiguousDates, stacklevel=2)
        export.notes.append(note)
    return normalise(source.table, out), headers, problems


class AmbiguousDates(UserWarning):
    """No date in an export shows whether it is day-first: its day/month dates are read day-first
    and the rows where the other reading is a different date are listed to check."""


def _unsettled_dates(export: Export, dated: dict) -> str | None:
    """A warning when an export's numeric dates could all be read either way round (every day and
    month 12 or under), naming the rows whose date would differ."""
    if not dated or any(shows_day_first(v) for v in dated.values()):
        return None
    rows = sorted({i for v in dated.values() for i in v.index[ambiguous_mask(v)]})
    if not rows:
        return None
    return (
        f"{export.where}: every date in {', '.join(map(repr, dated))} has a day and month of 12 or under, so "
        f"nothing shows whether the export writes day or month first. They were read day-first (03/04/2024 is "
        f"3 April). Check {_count(len(rows))} whose date would differ read month-first: {_rows(export, rows)}"
    )


def _month_first_problem(export: Export, column: str, header: str, values: pd.Series, refused: list) -> Problem:
    ambiguous = values[ambiguous_mask(values)]
    example = f" and {json.dumps(str(ambiguous.iloc[0]))} would be misread" if len(ambiguous) else ""
    lines = [
        f"{export.where}, column {json.dumps(header, ensure_ascii=False)} (read as {column}): the dates are "
        f"month-first (US order): {json.dumps(str(refused[0]))} is a date only read month-first{example}. "
        "This reader reads day-first (03/04/2024 is 3 April), so the column is refused rather than half "
        "misread. Export the dates day-first or as YYYY-MM-DD. The values only month-first makes sense of:"
    ]
    bad = values[values.isin(refused)]
    for value, index in bad.groupby(bad.map(_as_text)).groups.items():
        lines.append(f"    {json.dumps(value, ensure_ascii=False)}  {_count(len(index))} ({_rows(export, index)})")
    return Problem("\n".join(lines))


def _date_problem(export: Export, column: str, header: str, bad: pd.Series) -> Problem:
    lines = [
        f"{export.where}, column {json.dumps(header, ensure_ascii=False)} (read as {column}): "
        f"{bad.nunique()} value{'s are' if bad.nunique() != 1 else ' is'} not a date this reader accepts "
        f"({ACCEPTED}; a month-first date is never assumed). Correct the export:"
    ]
    for value, index in bad.groupby(bad.map(_as_text)).groups.items():
        lines.append(f"    {json.dumps(value, ensure_ascii=False)}  {_count(len(index))} ({_rows(export, index)})")
    return Problem("\n".join(lines))


def read_mapped(
    folder: Path, source: TableSource, profile: Profile, workbooks: dict, required: bool
) -> tuple[RawTable | None, list[Problem]]:
    """One canonical table from its export; (None, []) when an optional export is absent."""
    try:
        export = read_export(folder, source, workbooks)
    except InputFileError as exc:
        return None, [Problem(str(exc))]
    if export is None:
        if not required:
            return None, []
        present = ", ".join(sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))) or "none"
        return None, [
            Problem(
                f"{source.file}: required export is missing (the profile reads "
                f"{source.table} from it under source > {source.table} > file). Files there: {present}"
            )
        ]
    frame, headers, problems = map_table(export, source, profile)
    raw = RawTable(source.table, export.path, frame, export.sheet, headers, lines=export.lines, notes=export.notes)
    return raw, problems
