"""The `count` measure of a declared report (`show:` entries with `measure: count` in
config/authorities/<name>.report.yaml, checked by pipelines/document/catalogue.py): counts of
complaints, complaint stages, compliments, Ombudsman cases or sums of money, by one field, for each
of the table's years, optionally with the change on the previous year and the shares. Councils publish
their charts in many cuts ("statutory complaints by final stage", "Ombudsman decisions by outcome for
adult social care"); each is one entry in the report file, not new code.

    - measure: count
      key: cyp_by_final_stage          # table name (and CSV file name); unique in the report
      title: "Statutory complaints by final stage"
      source: complaints               # complaints | adult_complaints | all_complaints | compliments
                                       # | ombudsman | costs | enquiries
      count: complaints                # complaints: one per complaint (its final stage, received on its
                                       # first stage's date, closed when its final stage was answered);
                                       # rows: one per row (a complaint counts once per stage);
                                       # amount: the sum of a money column (`amount:`)
      basis: closed                    # received | closed | decided (the year each row falls in)
      rows: stage                      # the field down the side (any column, or a derived field below)
      order: [0, 1, 2, 3, 4]           # codes in order (zeros shown); other values follow
      labels: {4: LGSCO}               # published labels; codes sharing a label are one row
      other: "Everything else"         # one row for every value not in `order` (default: each its own row)
      missing: "Not recorded"          # a row for rows with no value (default: left out)
      where: {procedure: [statutory]}  # only rows whose field has one of these values; a value
                                       # "@adult_service_areas" means that list from the profile;
                                       # "outcome_recorded: true" keeps complaints with an outcome
      exclude: {service_area: [Other]} # leave out rows whose field has one of these values
      years: 2                         # how many report years, ending with this one (default 3)
      change: true                     # change on the previous year (%); money: the difference
      difference: true                 # counts: the difference from the previous year
      share: 0                         # this year's share of the total (%), to this many decimals
      share_all: true                  # ... and every year's share, not only this year's
      total: true                      # a Total row (default)

`rows:` may instead list rows of their own, each counting its own cases: `[{label: Complaints, source:
adult_complaints, count: complaints, basis: closed}, {label: Compliments, source: compliments}]`
(a row takes the table's source, count, basis, where and exclude for any of them it does not give).

Derived fields a count can use besides the canonical ones: `timeliness` (a stage answered late,
or open after its due date at the year end, exceeded its timescale), `state_at_year_end` (complaints:
open or closed at the end of the report year) and `uphold_status` (Ombudsman decisions: upheld or
not, and whether the council had already upheld the complaint; its shares are the actual uphold rate).
"""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import LABEL_OVERRIDES, taxonomy
from pipelines.measures.base import TOTAL, Table, Trace, measure, period_text
from pipelines.rules.calendar import fy_bounds, fy_text
from pipelines.rules.derive import IN_PROGRESS, LATE, ON_TIME, OVERDUE
from pipelines.rules.numbers import pct_change, percent

SOURCES = {
    "complaints": ("complaints",),
    "adult_complaints": ("adult_complaints",),
    "all_complaints": ("complaints", "adult_complaints"),
    "compliments": ("compliments",),
    "ombudsman": ("ombudsman",),
    "costs": ("costs",),
    "enquiries": ("enquiries",),
}
COUNTS = ("complaints", "rows", "amount")
# Sources whose rows are complaints, so that `count: complaints` (each complaint once) applies.
COMPLAINT_SOURCES = ("complaints", "adult_complaints", "all_complaints")
_DATES = {f"{part}_{basis}" for part in ("year", "quarter", "month") for basis in ("received", "closed")}
_RESPONDED = _DATES | {"timescale_days", "date_due", "working_days_taken", "on_time", "status", "timeliness"}
# Fields each table has besides the contract's columns: those rules/derive.py adds and those a count
# derives itself (_derived below). tests/test_breakdowns.py keeps this in step with derive_all.
DERIVED = {
    "complaints": _RESPONDED
    | {"outcome_group", "complainant_group", "panel_on_time", "findings_on_time", "response_on_time"}
    | {"state_at_year_end"},
    "enquiries": _RESPONDED,
    "compliments": {"year_received", "quarter_received", "month_received"},
    "costs": {"year_received", "quarter_received", "month_received"},
    "ombudsman": {f"{part}_{basis}" for part in ("year", "quarter", "month") for basis in ("received", "decided")}
    | {"decision_group", "remedy_late", "uphold_status"},
}
# Sources whose rows are not cases, with how their year is counted instead (said under the table).
DATED_NOT_CASES = {
    "costs": "Costs are counted in the year they were incurred.",
    "compliments": "Compliments are counted in the year they were received.",
}
EXCEEDED, WITHIN = "Exceeded the timescale", "Within the timescale"
# A stage answered late, or still open after its due date at the year end, exceeded its timescale.
TIMELINESS = {LATE: EXCEEDED, OVERDUE: EXCEEDED, ON_TIME: WITHIN, IN_PROGRESS: WITHIN}


# Fields whose codes have published labels in the taxonomy (used unless the profile gives its own).
TAXONOMY_LISTS = {
    "procedure": "procedures",
    "stage": "stages",
    "outcome": "outcomes",
    "outcome_group": "outcome_groups",
    "complainant_type": "complainant_types",
    "complainant_group": "complainant_groups",
    "decision": "lgsco_decisions",
    "decision_group": "lgsco_groups",
    "cost_type": "cost_types",
    "enquiry_type": "enquiry_types",
}


class BreakdownError(ValueError):
    """A declared count cannot be made."""


def fields_of(source: str, profile) -> set[str]:
    """The fields a count of `source` can break down by or filter on: the data contract's columns,
    the derived ones, and for complaints `on_time_<name>` / `timescale_<name>` for each further limit
    (`also:`) of the profile's timescales."""
    from pipelines.config.vocabulary import tables

    table = SOURCES[source][0].removeprefix("adult_")
    fields = set(tables()[table]["columns"]) | DERIVED[table]
    if table == "complaints":  # rules/derive.py works out the further limits of complaints' stages
        limits = {
            name
            for stages in (profile.raw.get("timescales") or {}).values()
            for rules in stages.values()
            for rule in rules
            for name in (rule.get("also") or {})
        }
        fields |= {f"{kind}_{name}" for name in limits for kind in ("on_time", "timescale")}
    return fields


def bases_of(source: str, profile) -> list[str]:
    """The bases a count of `source` can be made on: the dates its rows have a year for."""
    fields = fields_of(source, profile)
    return [b for b in ("received", "closed", "decided") if f"year_{b}" in fields]


def per_complaint(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per complaint: its final (highest) stage, with the receipt fields of its first stage
    (a complaint is received once, and closed when its final stage was answered)."""
    if frame.empty:
        return frame
    ordered = frame.sort_values(["case_ref", "stage"], kind="stable")
    first = ordered.drop_duplicates("case_ref", keep="first").set_index("case_ref")
    final = ordered.drop_duplicates("case_ref", keep="last").set_index("case_ref")
    for column in ("date_received", "year_received", "quarter_received", "month_received"):
        final[column] = first[column]
    return final.reset_index()


def _where(frame: pd.DataFrame, where: dict, profile, keep: bool = True) -> pd.DataFrame:
    for column, allowed in (where or {}).items():
        if column == "outcome_recorded":
            frame = frame[frame["outcome"].notna() == bool(allowed)]
            continue
        if column not in frame:
            raise BreakdownError(f"where: no field {column!r}")
        values = []
        for value in allowed if isinstance(allowed, list) else [allowed]:
            if isinstance(value, str) and value.startswith("@"):
                values += list(
                    profile.raw.get(value[1:], []) if value[1:] != "service_areas" else profile.service_areas
                )
            else:
                values.append(value)
        frame = frame[frame[column].isin(values) == keep]
    return frame


def _labelled(values: pd.Series, spec: dict) -> tuple[pd.Series, list]:
    """Published row label of every row, and the row order (listed codes first, zeros kept)."""
    labels = {k: str(v) for k, v in (spec.get("labels") or {}).items()}
    list_name = TAXONOMY_LISTS.get(spec["rows"], "")
    entries = taxonomy().get(list_name, {})
    known = {k: (v.get("short", v.get("label")) if isinstance(v, dict) else v) for k, v in entries.items()}
    # The profile's own words (`labels:`) for these codes, as in every other table it prints.
    known.update({k: str(v) for k, v in LABEL_OVERRIDES.get(list_name, {}).items()})

    listed = list(spec.get("order") or [])

    def name(code):
        if code in labels:
            return labels[code]
        if spec.get("other") and code not in listed:
            return str(spec["other"])
        return known.get(code, str(code))

    order = []
    for code in listed + sorted(set(values.dropna()) - set(listed), key=str):
        if name(code) not in order:
            order.append(name(code))
    missing = spec.get("missing")
    if missing and values.isna().any():
        order.append(str(missing))
    return values.map(lambda c: (missing or pd.NA) if pd.isna(c) else name(c)), order


UPHELD_AGAIN = "Upheld by the Ombudsman; the council had already upheld it"
UPHELD_NEW = "Upheld by the Ombudsman; not upheld by the council before"
NOT_UPHELD = "Not upheld or not investigated by the Ombudsman"


def _derived(frame: pd.DataFrame, year: str) -> pd.DataFrame:
    if "status" in frame:
        frame = frame.assign(timeliness=frame["status"].map(TIMELINESS))
    if "case_ref" in frame:
        end = fy_bounds(year)[1]
        still_open = frame["date_responded"].isna() | (frame["date_responded"] > end)
        frame = frame.assign(state_at_year_end=still_open.map({True: "Open at the year end", False: "Closed"}))
    if "decision_group" in frame:
        upheld = frame["decision_group"].eq("upheld").fillna(False)
        before = frame["council_previously_upheld"].fillna(False).astype(bool)
        status = (
            pd.Series(NOT_UPHELD, index=frame.index)
            .mask(upheld & before, UPHELD_AGAIN)
            .mask(upheld & ~before, UPHELD_NEW)
        )
        frame = frame.assign(uphold_status=status.where(frame["decision"].notna()))
    return frame


def source_frame(frames: dict, spec: dict, profile, year: str) -> pd.DataFrame:
    source = spec.get("source", "complaints")
    if source not in SOURCES:
        raise BreakdownError(f"breakdown {spec.get('key')}: source must be one of {', '.join(SOURCES)}")
    parts = [frames[name] for name in SOURCES[source] if name in frames and len(frames[name])]
    frame = pd.concat(parts, ignore_index=True) if parts else frames[SOURCES[source][0]].iloc[0:0]
    if source == "compliments":  # feedback not recorded as a compliment is quoted, never counted
        from pipelines.measures.feedback import recorded

        frame = recorded(frame)
    if spec.get("count", "rows") == "complaints":
        frame = per_complaint(frame)
    frame = _derived(frame, year)
    return _where(_where(frame, spec.get("where"), profile), spec.get("exclude"), profile, keep=False)


@measure
def breakdown(frame: pd.DataFrame, spec: dict, years: list[str]) -> Table:
    """Counts (or sums) of `frame` by `spec['rows']` for each of `years`, as the profile lays it out."""
    key, count, basis = spec["key"], spec.get("count", "rows"), spec.get("basis", "received")
    if count not in COUNTS:
        raise BreakdownError(f"breakdown {key}: count must be one of {', '.join(COUNTS)}")
    year_col = f"year_{basis}"
    if year_col not in frame:
        raise BreakdownError(f"breakdown {key}: {spec.get('source', 'complaints')} has no {basis} date")
    if spec["rows"] not in frame:
        raise BreakdownError(f"breakdown {key}: no field {spec['rows']!r} to break down by")
    frame = frame[frame[year_col].isin(years)]
    row_labels, order = _labelled(frame[spec["rows"]], spec)
    frame = frame.assign(_row=row_labels)
    money = count == "amount"
    rows, trace = {}, Trace()
    for row in order + ([TOTAL] if spec.get("total", True) else []):
        sub = frame if row == TOTAL else frame[frame["_row"] == row]
        rows[row] = {}
        for year in years:
            cell = trace.add(row, fy_text(year), sub[sub[year_col] == year])
            rows[row][fy_text(year)] = int(cell[spec["amount"]].fillna(0).sum()) if money else len(cell)
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[fy_text(y) for y in years]).astype("int64")
    this = fy_text(years[-1])
    percent_columns, money_columns = [], [fy_text(y) for y in years] if money else []
    last = fy_text(years[-2]) if len(years) > 1 else None
    if spec.get("difference") and last and not money:
        table["Difference"] = table[this] - table[last]
    if spec.get("change") and last:
        if money:
            table["Difference"] = table[this] - table[last]
            money_columns.append("Difference")
        else:
            table["Change (%)"] = [
                pct_change(int(this_year), int(last_year)) for this_year, last_year in zip(table[this], table[last])
            ]
            percent_columns.append("Change (%)")
    if spec.get("share") is not None and spec.get("share") is not False:
        decimals = int(spec["share"]) if not isinstance(spec["share"], bool) else 0
        for year in years if spec.get("share_all") else years[-1:]:
            in_year = frame[frame[year_col] == year]
            whole = int(in_year[spec["amount"]].fillna(0).sum()) if money else len(in_year)
            shares = [percent(int(v), whole, decimals) for v in table[fy_text(year)]]
            column = f"{fy_text(year)} share (%)"
            table[column] = [None if s is None else (int(s) if decimals == 0 else float(s)) for s in shares]
            if decimals == 0:
                percent_columns.append(column)
    trace.attach(table)
    notes = list(spec.get("notes") or [])
    # Costs are not cases: they fall in the year they were incurred, never "cases received".
    about_cases = spec.get("source", "complaints") not in DATED_NOT_CASES
    if not about_cases:
        notes.append(DATED_NOT_CASES[spec["source"]])
    return Table(
        key,
        spec["title"],
        table,
        basis if basis in ("received", "closed") and about_cases else None,
        period_text(years),
        notes=notes,
        percent_columns=tuple(percent_columns),
        money_columns=tuple(money_columns),
    )


ROW_DEFAULTS = ("source", "count", "basis", "where", "exclude")  # what a row of its own takes from its table


def own_rows(spec: dict) -> list[dict]:
    """`rows:` given as rows of their own: each row's cases, the table's source, count, basis, where and
    exclude filling in whatever the row does not give."""
    return [{**{k: spec[k] for k in ROW_DEFAULTS if k in spec}, **row} for row in spec["rows"]]


ROW_FIELD, ROW_YEAR = "_row_label", "year_row"


def rows_frame(frames: dict, spec: dict, profile, year: str) -> pd.DataFrame:
    """The cases of every row of its own, one frame: each labelled with its row, and its year by the
    row's own basis (complaints closed beside compliments received)."""
    parts = []
    for row in own_rows(spec):
        chosen = source_frame(frames, row, profile, year)
        basis = row.get("basis", "received")
        parts.append(chosen.assign(**{ROW_FIELD: str(row["label"]), ROW_YEAR: chosen[f"year_{basis}"]}))
    return pd.concat(parts, ignore_index=True)


@measure
def row_counts(frame: pd.DataFrame, spec: dict, years: list[str]) -> Table:
    """Counts of rows of their own (`rows_frame`) for each of `years`, with the same change, difference,
    shares and total as any count; its basis is stated when every row has the same one."""
    rows = own_rows(spec)
    bases = {row.get("basis", "received") for row in rows}
    inner = {k: v for k, v in spec.items() if k not in ("rows", "source", "where", "exclude", "count")}
    inner |= {"rows": ROW_FIELD, "order": [str(r["label"]) for r in rows], "basis": "row"}
    table = breakdown.__wrapped__(frame, inner, years)
    about_cases = not {row.get("source", "complaints") for row in rows} & set(DATED_NOT_CASES)
    if about_cases and len(bases) == 1 and next(iter(bases)) in ("received", "closed"):
        table.basis = next(iter(bases))
    return table
