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
        unknown = set(spec) - {"file", "sheet", "columns", "labels", "separators"}
        if unknown:
            raise ConfigError(
                f"{where}: unknown setting(s) {sorted(unknown)}; use file, sheet, columns, labels, separators"
            )
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
        out[table] = TableSource(
            table=table,
            file=file,
            sheet=None if sheet is None else str(sheet),
            columns={c: str(h) for c, h in parts["columns"].items()},
            labels={c: _parse_labels(table, c, m, profile, f"{where}.labels.{c}") for c, m in parts["labels"].items()},
            separators={c: str(s) for c, s in parts["separators"].items()},
        )
    return out
