"""Named figures: what a sentence of the authority's own text may state (`figures:` in a report file).
A figure is one cell of a table the report publishes (so a sentence can never differ from its table),
or one of the profile's timescales (so a sentence states the rule the report applied). Declared and
checked here (errors name the file and line); read from the published tables when the text is rendered,
and recorded for the manifest and the output checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.config.located import Located
from pipelines.config.profile import Profile
from pipelines.config.vocabulary import ConfigError
from pipelines.document.placeholders import value_from_cell
from pipelines.rules.calendar import fy_bounds, fy_text, previous_years

FIGURE_KEYS = {"table", "row", "column", "says", "label", "timescale", "in_force_on"}
COLUMN_ALIASES = ("this year", "last year")  # the report year's column label, and the year before's
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")


@dataclass(frozen=True)
class FigureDecl:
    """A named figure: one cell of a published table (so a sentence can never differ from its table)."""

    name: str
    table: str
    row: str
    column: str
    says: tuple = ()  # the words a hand-typed number for this figure would sit beside (checked)
    line: int = 0
    label: str | None = None  # how the landing page and key points name it (default: its row and column)
    timescale: tuple | None = None  # (procedure, stage): the profile's limit instead of a table cell
    in_force_on: str | None = None  # the date whose rule a timescale figure states (default: the report year's start)


def parse_figure(doc: Located, where: tuple, name, spec, profile: Profile) -> FigureDecl:
    if not isinstance(name, str) or not _NAME.match(name):
        raise doc.error(where, "a figure name is lower-case letters, digits and _, starting with a letter")
    if not isinstance(spec, dict):
        raise doc.error(where, "expected {table: <table key>, row: <row label>, column: <column label>}")
    for key in spec:
        if key not in FIGURE_KEYS:
            raise doc.error(where + (key,), f"unknown key {key!r}; allowed: {', '.join(sorted(FIGURE_KEYS))}")
    timescale = _timescale(doc, where, spec, profile) if "timescale" in spec else None
    missing = [k for k in ("table", "row", "column") if spec.get(k) in (None, "") and timescale is None]
    if missing:
        raise doc.error(where, f"needs {', '.join(missing)} (or timescale: {{procedure, stage}})")
    says = spec.get("says") or []
    says = [says] if isinstance(says, str) else says
    if not isinstance(says, list) or not all(isinstance(s, str) and s.strip() for s in says):
        raise doc.error(where + ("says",), 'expected words or a list of them, e.g. ["stage 1 complaints"]')
    return FigureDecl(
        name,
        str(spec.get("table", "")),
        str(spec.get("row", "")),
        str(spec.get("column", "")),
        tuple(s.strip().lower() for s in says),
        doc.line(*where),
        str(spec["label"]).strip() if spec.get("label") not in (None, "") else None,
        timescale,
        str(spec["in_force_on"]) if "in_force_on" in spec else None,
    )


def _timescale(doc: Located, where: tuple, spec: dict, profile: Profile) -> tuple:
    """`timescale: {procedure: statutory, stage: 1}`: the profile's limit for that stage (working days,
    or months), so that a sentence states the rule the report applied rather than a number typed again."""
    import datetime

    wanted = spec["timescale"]
    if set(spec) & {"table", "row", "column"}:
        raise doc.error(where, "a figure is a table cell (table, row, column) or a timescale, not both")
    if not isinstance(wanted, dict) or set(wanted) != {"procedure", "stage"}:
        raise doc.error(where + ("timescale",), "expected {procedure: statutory, stage: 1}")
    stages = profile.timescales.get(wanted["procedure"])
    if not stages or wanted["stage"] not in stages:
        given = "; ".join(f"{p}: {', '.join(map(str, s))}" for p, s in profile.timescales.items())
        raise doc.error(where + ("timescale",), f"the profile has no timescale for that; it has {given or 'none'}")
    if "in_force_on" in spec and not isinstance(spec["in_force_on"], datetime.date):
        raise doc.error(where + ("in_force_on",), "expected a date written YYYY-MM-DD (the day whose rule is stated)")
    return (wanted["procedure"], wanted["stage"])


def column_label(column: str, year: str) -> str:
    """`this year` and `last year` stand for the report year's column label and the year before's."""
    if column == "this year":
        return fy_text(year)
    if column == "last year":
        return fy_text(previous_years(year, 2)[0])
    return column


def figure_values(declaration, tables: dict, table_records: list[dict], year: str, profile=None) -> dict:
    """name -> Value: a table figure read from the published tables (`tables`: key -> checks.CsvTable),
    a timescale figure from the profile (`declaration`: a Declaration)."""
    units = {r["key"]: r for r in table_records}
    out = {}
    for name, fig in declaration.figures.items():
        if fig.timescale is not None:
            out[name] = value_from_cell(str(timescale_limit(profile, fig, year)), "count")
            continue
        where = f"{declaration.source}:{fig.line}: figures.{name}"
        table = tables.get(fig.table)
        if table is None:
            raise ConfigError(
                f"{where}: table {fig.table!r} is not in this report; its tables: {', '.join(sorted(tables))}"
            )
        if fig.row not in table.rows:
            raise ConfigError(f"{where}: table {fig.table} has no row {fig.row!r}; rows: {', '.join(table.rows)}")
        column = column_label(fig.column, year)
        if column not in table.columns:
            raise ConfigError(
                f"{where}: table {fig.table} has no column {column!r}; columns: {', '.join(table.columns)} "
                f"(or {' / '.join(repr(a) for a in COLUMN_ALIASES)})"
            )
        record = units.get(fig.table, {})
        unit = (
            "money"
            if column in record.get("money_columns", [])
            else "percent"
            if column in record.get("percent_columns", []) or "%" in column
            else "count"
        )
        out[name] = value_from_cell(table.rows[fig.row][column], unit)
    return out


def timescale_limit(profile: Profile, fig: FigureDecl, year: str) -> int:
    """The limit (working days, or months) of the profile's rule for the figure's procedure and stage in
    force on its `on:` date, else at the start of the report year."""
    import datetime

    procedure, stage = fig.timescale
    rules = profile.timescales[procedure][stage]
    day = datetime.date.fromisoformat(fig.in_force_on) if fig.in_force_on else fy_bounds(year)[0].date()
    rule = ([r for r in rules if r["from"] <= day][-1:] or rules[:1])[0]
    return rule["days"] if "days" in rule else rule["months"]


def figure_records(declaration, values: dict, used: set, section: str, year: str, records) -> list:
    """The table figures a text section states, in the manifest's form (checked against their cells);
    a timescale is the profile's rule, not a figure of the data, and is not recorded as one."""
    by_key = {r["key"]: r for r in records}
    out = []
    for name in sorted(used):
        fig: FigureDecl = declaration.figures[name]
        if fig.timescale is not None:
            continue
        record = by_key.get(fig.table, {})
        column = column_label(fig.column, year)
        out.append(
            {
                "id": f"{section}.{name}",
                "value": values[name].raw,
                "label": fig.label or f"{fig.row}: {column}",  # "2024/25: Escalated (%)", not its name
                "section": section,
                "basis": record.get("basis"),
                "period": record.get("period", ""),
                "table": fig.table,
                "row": fig.row,
                "column": column,
                "derivation": record.get("derivation", {}),
            }
        )
    return out
