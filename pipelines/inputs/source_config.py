"""The `source` section of an authority profile: for each canonical table, the export it comes
from (file, sheet), its column map, label maps and list separators, checked against the contract
and the profile's own lists before any export is read (mistakes are ConfigErrors)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipelines.config.profile import Profile
from pipelines.config.vocabulary import ConfigError, codes, tables

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# What true/false columns accept without a label mapping.
BOOLEANS = {"true": "true", "false": "false", "yes": "true", "no": "false", "y": "true", "n": "false"}


def norm(text) -> str:
    """The form headers and labels are matched in: spacing and case do not matter."""
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class TableSource:
    """Where one canonical table comes from, as the profile declares it."""

    table: str
    file: str
    sheet: str | None
    columns: dict  # canonical column -> export header
    labels: dict  # canonical column -> {norm(export label): canonical text, or None for blank}
    separators: dict  # canonical list column -> separator in the export
    header_row: int | None = None  # 1-based row of the headers; None: found below any title rows
    wide: dict | None = None  # {stages, header, columns}: stage columns repeated per stage
    folder: str = "year"  # "authority": the file is in data/raw/<authority>/ and holds every year


def vocabulary(table: str, column: str, profile: Profile) -> dict | None:
    """What a coded column accepts without a label mapping, as {norm(value): canonical text};
    None for a free-text column."""
    col = tables()[table]["columns"][column]
    if col.get("values"):
        return {norm(c): str(c) for c in codes(col["values"])}
    if col["type"] == "bool":
        return dict(BOOLEANS)
    lists = {
        "service_area": profile.service_areas + list(profile.raw.get("adult_service_areas", [])),
        "division": profile.divisions,
        "themes": profile.raw.get("compliment_themes" if table == "compliments" else "themes", []),
    }
    allowed = lists.get(column)
    return {norm(v): str(v) for v in allowed} if allowed else None


def _target_text(target) -> str | None:
    if target is None:
        return None
    if isinstance(target, bool):
        return "true" if target else "false"
    return str(target)


def _parse_labels(table: str, column: str, mapping, profile: Profile, where: str) -> dict:
    if not isinstance(mapping, dict):
        raise ConfigError(f'{where}: expected export labels mapped to codes, like "Partly Upheld": partly_upheld')
    allowed = vocabulary(table, column, profile)
    if allowed is None:
        raise ConfigError(f"{where}: {column} is free text, so it takes no label mapping")
    targets = set(allowed.values())
    out = {}
    for label, target in mapping.items():
        text = _target_text(target)
        if text is not None and text not in targets:
            raise ConfigError(
                f"{where}: {json.dumps(str(label))} maps to {target!r}, which is not one of "
                f"{', '.join(sorted(targets))}"
            )
        if norm(label) in out and out[norm(label)] != text:
            raise ConfigError(f"{where}: {json.dumps(str(label))} is mapped twice, to different codes")
        out[norm(label)] = text
    return out


SETTINGS = ("file", "sheet", "columns", "labels", "separators", "header_row", "wide", "folder")
FOLDERS = ("year", "authority")


def _parse_header_row(value, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{where}.header_row: the line (or sheet row) the headers are on, a whole number from 1")
    return value


def _parse_folder(value, where: str) -> str:
    if value not in FOLDERS:
        raise ConfigError(
            f"{where}.folder: {value!r} must be year (the file is in data/raw/<authority>/<year>/) or "
            "authority (one file in data/raw/<authority>/ holds every year)"
        )
    return value


def _parse_wide(table: str, spec, columns: dict, canonical: dict, where: str) -> dict | None:
    """`wide: {stages: [1, 2], header: "Stage {stage} {column}", columns: {date_received: Received}}`:
    one row per complaint, the stage columns repeated per stage under headers made from `header`."""
    if spec is None:
        return None
    where = f"{where}.wide"
    if table != "complaints":
        raise ConfigError(f"{where}: only complaints have stages to unpivot")
    if not isinstance(spec, dict) or set(spec) != {"stages", "header", "columns"}:
        raise ConfigError(
            f'{where}: needs exactly stages (a list), header (such as "Stage {{stage}} {{column}}") and columns'
        )
    stages = spec["stages"]
    allowed = [int(c) for c in codes("stages")]
    if not isinstance(stages, list) or not stages or any(s not in allowed for s in stages):
        raise ConfigError(f"{where}.stages: a list of stages from {allowed}, got {stages!r}")
    header = spec["header"]
    if not isinstance(header, str) or "{stage}" not in header or "{column}" not in header:
        raise ConfigError(f"{where}.header: must contain {{stage}} and {{column}}, got {header!r}")
    if not isinstance(spec["columns"], dict) or not spec["columns"]:
        raise ConfigError(f"{where}.columns: the stage's columns, canonical name -> the name repeated per stage")
    for column in spec["columns"]:
        if column not in canonical or column == "stage":
            raise ConfigError(f"{where}.columns: {column!r} is not a column of {table} other than stage")
        if column in columns:
            raise ConfigError(f"{where}.columns: {column} is also under columns; give it in one place")
    if "stage" in columns:
        raise ConfigError(f"{where}: the stage comes from the repeated columns, so columns may not map stage")
    return {"stages": stages, "header": header, "columns": {c: str(h) for c, h in spec["columns"].items()}}


def table_sources(profile: Profile) -> dict[str, TableSource]:
    """The profile's source section, checked against the contract; {} when it has none."""
    section = profile.raw.get("source") or {}
    key = profile.key
    if not isinstance(section, dict):
        raise ConfigError(f"{key}: source must map canonical tables to their exports")
    contract = tables()
    out = {}
    for table, spec in section.items():
        where = f"{key}: source.{table}"
        if table not in contract:
            raise ConfigError(f"{where}: unknown table; the canonical tables are {', '.join(contract)}")
        if not isinstance(spec, dict) or not spec.get("file"):
            raise ConfigError(f"{where}: needs a 'file' (the export's file name)")
        file, sheet = str(spec["file"]), spec.get("sheet")
        if Path(file).name != file:
            raise ConfigError(f"{where}.file: give the file name only, not a path: {file!r}")
        suffix = Path(file).suffix.lower()
        if suffix not in (".csv",) + WORKBOOK_SUFFIXES:
            raise ConfigError(
                f"{where}.file: {file!r} must be a .csv or .xlsx file (save older .xls workbooks as .xlsx)"
            )
        if sheet is not None and suffix == ".csv":
            raise ConfigError(f"{where}.sheet: only workbooks have sheets; {file!r} is a CSV file")
        unknown = set(spec) - set(SETTINGS)
        if unknown:
            raise ConfigError(f"{where}: unknown setting(s) {sorted(unknown)}; use {', '.join(SETTINGS)}")
        canonical = contract[table]["columns"]
        parts = {part: spec.get(part) or {} for part in ("columns", "labels", "separators")}
        for part, mapping in parts.items():
            if not isinstance(mapping, dict):
                raise ConfigError(f"{where}.{part}: expected a mapping from canonical column names")
            for column in mapping:
                if column not in canonical:
                    raise ConfigError(
                        f"{where}.{part}: {column!r} is not a column of {table}; its columns are {', '.join(canonical)}"
                    )
        for column in parts["separators"]:
            if canonical[column]["type"] != "list":
                raise ConfigError(f"{where}.separators: {column} is not a list column")
        wide = _parse_wide(table, spec.get("wide"), parts["columns"], canonical, where)
        columns = {c: str(h) for c, h in parts["columns"].items()}
        if wide:
            columns.update({c: str(h) for c, h in wide["columns"].items()}, stage="stage")
        out[table] = TableSource(
            table=table,
            file=file,
            sheet=None if sheet is None else str(sheet),
            header_row=_parse_header_row(spec.get("header_row"), where),
            wide=wide,
            folder=_parse_folder(spec.get("folder", "year"), where),
            columns=columns,
            labels={c: _parse_labels(table, c, m, profile, f"{where}.labels.{c}") for c, m in parts["labels"].items()},
            separators={c: str(s) for c, s in parts["separators"].items()},
        )
    return out
