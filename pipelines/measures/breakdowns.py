"""Tables a profile lays out itself (`breakdowns:` in config/authorities/<name>.yaml): counts of
complaints, complaint stages, compliments, Ombudsman cases or sums of money, by one field, for
each trend year, optionally with the change on the previous year and this year's shares. Councils
publish their charts in many cuts ("statutory complaints by final stage", "Ombudsman decisions by
outcome for adult social care"); each is one entry in the profile, not new code.

A breakdown entry:

    key: cyp_by_final_stage            # table name (and CSV file name); unique in the profile
    section: outcomes                  # the section that shows it
    title: "Statutory complaints by final stage"
    source: complaints                 # complaints | adult_complaints | all_complaints | compliments
                                       # | ombudsman | costs | enquiries
    count: complaints                  # complaints: one per complaint (its final stage, received on its
                                       # first stage's date, closed when its final stage was answered);
                                       # rows: one per row (a complaint counts once per stage);
                                       # amount: the sum of a money column (`amount:`)
    basis: closed                      # received | closed | decided (the year each row falls in)
    rows: stage                        # the field down the side (any column, or `timeliness`)
    order: [0, 1, 2, 3, 4]             # codes in order (zeros shown); other values follow
    labels: {4: LGSCO}                 # published labels; codes sharing a label are one row
    other: "Everything else"           # one row for every value not in `order` (default: each its own row)
    missing: "Not recorded"            # a row for rows with no value (default: left out)
    where: {procedure: [statutory]}    # only rows whose field has one of these values; a value
                                       # "@adult_service_areas" means that list from the profile;
                                       # "outcome_recorded: true" keeps complaints with an outcome
    exclude: {service_area: [Other]}   # leave out rows whose field has one of these values
    years: 2                           # how many of the trend years (default: all)
    change: true                       # change on the previous year (%); money: the difference
    difference: true                   # counts: the difference from the previous year
    share: 0                           # this year's share of the total (%), to this many decimals
    share_all: true                    # ... and every year's share, not only this year's
    total: true                        # a Total row (default)
    reports: {from: 2021-22, until: 2021-22}   # the report years that publish it (default: all)

Derived fields a breakdown can use besides the canonical ones: `timeliness` (a stage answered late,
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
    """A profile's breakdown entry cannot be used."""


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


def shown_in(spec: dict, section: str, year: str) -> bool:
    span = spec.get("reports") or {}
    return spec.get("section") == section and str(span.get("from", year)) <= year <= str(span.get("until", year))


def configured(data, section: str) -> list[Table]:
    """The profile's breakdowns for one section of this year's report, in profile order."""
    out = []
    for spec in data.profile.raw.get("breakdowns") or []:
        if not shown_in(spec, section, data.year):
            continue
        n = int(spec.get("years", len(data.years)))
        years = data.years[-n:]
        out.append(breakdown(source_frame(data.frames, spec, data.profile, data.year), spec, years))
    return out
