"""Facts reports publish about each stage beyond counts and timeliness: average and median working
days to respond, received and closed side by side, stage 2 offered because stage 1 was late, review
panels requested and held, and each response against every limit the profile sets for its stage.
The built-in report shows each in its section where the data has it (config/reports/default.yaml)."""

from __future__ import annotations

import statistics
from fractions import Fraction

import pandas as pd

from pipelines.measures.base import TOTAL, Table, Trace, in_years, measure, period_text
from pipelines.measures.volumes import case_type, case_types
from pipelines.rules.calendar import fy_text
from pipelines.rules.numbers import percent, round_half_up


def _days(values: pd.Series, ndigits: int) -> tuple:
    """(average, median) of whole working days, rounded half away from zero; (None, None) when empty."""
    days = [int(v) for v in values.dropna()]
    if not days:
        return None, None
    average = round_half_up(Fraction(sum(days), len(days)), ndigits)
    middle = round_half_up(Fraction(statistics.median_low(days) + statistics.median_high(days), 2), ndigits)
    as_number = int if ndigits == 0 else float
    return as_number(average), as_number(middle)


@measure
def working_days_by_stage(complaints: pd.DataFrame, years: list[str], basis: str = "closed", ndigits: int = 0) -> Table:
    """Average and median working days from receipt to response, per procedure and stage and year
    (responses only; the count of responses beside them)."""
    frame = in_years(complaints[complaints["working_days_taken"].notna()], years, basis)
    frame = frame.assign(case_type=case_type(frame))
    rows, trace = {}, Trace()
    for kind in case_types(frame):
        row = {}
        for year in years:
            cell = frame[(frame["case_type"] == kind) & (frame[f"year_{basis}"] == year)]
            for column in ("Responses", "Average", "Median"):
                trace.add(kind, f"{fy_text(year)} {column}", cell)
            average, median = _days(cell["working_days_taken"], ndigits)
            row.update(
                {
                    f"{fy_text(year)} Responses": len(cell),
                    f"{fy_text(year)} Average": average,
                    f"{fy_text(year)} Median": median,
                }
            )
        rows[kind] = row
    table = trace.attach(pd.DataFrame.from_dict(rows, orient="index"))
    return Table(
        "working_days_by_stage",
        "Working days to respond: average and median by procedure and stage",
        table,
        basis,
        period_text(years),
        notes=["Working days from receipt to response (weekends and bank holidays excluded); responses only."],
        value_columns=tuple(c for c in table.columns if not c.endswith("Responses")),
    )


@measure
def received_and_closed_by_stage(complaints: pd.DataFrame, years: list[str]) -> Table:
    """Per procedure and stage: complaints received and closed in each year, side by side."""
    frame = complaints.assign(case_type=case_type(complaints))
    frame = frame[frame["year_received"].isin(years) | frame["year_closed"].isin(years)]
    rows, trace = {}, Trace()
    for kind in case_types(frame) + [TOTAL]:
        sub = frame if kind == TOTAL else frame[frame["case_type"] == kind]
        row = {}
        for year in years:
            for basis, column in (("received", "Received"), ("closed", "Closed")):
                row[f"{fy_text(year)} {column}"] = len(
                    trace.add(kind, f"{fy_text(year)} {column}", sub[sub[f"year_{basis}"] == year])
                )
        rows[kind] = row
    table = trace.attach(pd.DataFrame.from_dict(rows, orient="index"))
    return Table(
        "received_and_closed_by_stage",
        "Complaints received and closed by procedure and stage",
        table,
        None,
        period_text(years),
        notes=["Received: the request for that stage arrived in the year. Closed: its response was sent in the year."],
    )


@measure
def stage2_offered_late(complaints: pd.DataFrame, years: list[str]) -> Table:
    """Stage 2 investigations received, and how many were offered because stage 1 was answered late."""
    frame = in_years(complaints[complaints["stage"] == 2], years, "received")
    offered = frame["stage2_offered_late"].fillna(False).astype(bool)
    rows, trace = {"Stage 2 investigations": {}, "Offered because stage 1 was late": {}}, Trace()
    for year in years:
        in_this = frame["year_received"] == year
        rows["Stage 2 investigations"][fy_text(year)] = len(
            trace.add("Stage 2 investigations", fy_text(year), frame[in_this])
        )
        rows["Offered because stage 1 was late"][fy_text(year)] = len(
            trace.add("Offered because stage 1 was late", fy_text(year), frame[in_this & offered])
        )
    table = trace.attach(pd.DataFrame.from_dict(rows, orient="index"))
    return Table(
        "stage2_offered_late",
        "Stage 2 investigations offered because the stage 1 response was late",
        table,
        "received",
        period_text(years),
    )


@measure
def panels_held(complaints: pd.DataFrame, years: list[str]) -> Table:
    """Stage 3: review panels requested (received in the year) and held (panel date in the year)."""
    frame = complaints[complaints["stage"] == 3]
    held = frame[frame["panel_held"].fillna(False).astype(bool) & frame["date_panel"].notna()]
    held = held.assign(year_panel=held["date_panel"].map(lambda d: _fy(d)))
    rows, trace = {"Review panels requested": {}, "Review panels held": {}}, Trace()
    for year in years:
        rows["Review panels requested"][fy_text(year)] = len(
            trace.add("Review panels requested", fy_text(year), frame[frame["year_received"] == year])
        )
        rows["Review panels held"][fy_text(year)] = len(
            trace.add("Review panels held", fy_text(year), held[held["year_panel"] == year])
        )
    table = trace.attach(pd.DataFrame.from_dict(rows, orient="index"))
    return Table(
        "panels_held",
        "Stage 3 review panels requested and held",
        table,
        None,
        period_text(years),
        notes=["Requested: the stage 3 request arrived in the year. Held: the panel met in the year."],
    )


def _fy(day) -> str:
    from pipelines.rules.calendar import financial_year

    return str(financial_year(pd.Series([day])).iloc[0])


def limit_names(profile) -> list[str]:
    """The extra limits a profile sets beside each stage's `days` (`also:` in its timescales), in
    the order first given."""
    names = []
    for stages in profile.timescales.values():
        for rules in stages.values():
            for rule in rules:
                names += [n for n in rule.get("also", {}) if n not in names]
    return names


def limit_headings(profile) -> dict:
    """{limit: column heading} for on_time_by_limit: `days` (the limit on-time figures use) and each
    `also:` name, headed as the profile's `timescale_labels` says (default: the name)."""
    from pipelines.config.vocabulary import ConfigError

    names = ["days"] + limit_names(profile)
    given = profile.raw.get("timescale_labels") or {}
    if not isinstance(given, dict) or set(given) - set(names):
        raise ConfigError(
            f"{profile.key}: timescale_labels: give a heading for any of {', '.join(names)} "
            f"(days, or a name under also: in timescales), got {given!r}"
        )
    defaults = {"days": "Timescale"}
    return {n: str(given.get(n, defaults.get(n, n.replace("_", " ").capitalize()))) for n in names}


@measure
def on_time_by_limit(complaints: pd.DataFrame, year: str, limits: dict, basis: str = "closed") -> Table:
    """Each procedure and stage's responses judged against every limit: the one `on_time` uses
    (`days`) and each named in the profile's `also:`; limits = {name: column heading}."""
    frame = in_years(complaints[complaints["working_days_taken"].notna()], [year], basis)
    frame = frame.assign(case_type=case_type(frame))
    rows, trace = {}, Trace()
    for kind in case_types(frame):
        # Late counts, not "within": a small late count is then withheld by itself, and the responses
        # beside it (the same figure as in on_time_by_stage) stay as that table shows them.
        sub = frame[frame["case_type"] == kind]
        row = {"Responses": len(trace.add(kind, "Responses", sub))}
        for name, heading in limits.items():
            column = "on_time" if name == "days" else f"on_time_{name}"
            judged = sub[sub[column].notna()] if column in sub else sub.iloc[0:0]
            late = judged[~judged[column].astype(bool)]
            row[f"{heading}: limit"] = _limit_text(judged, "timescale_days" if name == "days" else f"timescale_{name}")
            row[f"{heading}: late"] = len(trace.add(kind, f"{heading}: late", late)) if len(judged) else None
            row[f"{heading}: % within"] = percent(len(judged) - len(late), len(judged)) if len(judged) else None
        rows[kind] = row
    table = trace.attach(pd.DataFrame.from_dict(rows, orient="index"))
    return Table(
        "on_time_by_limit",
        "Responses within each timescale by procedure and stage",
        table,
        basis,
        fy_text(year),
        percent_columns=tuple(c for c in table.columns if c.endswith(": % within")),
        notes=["Limits in working days; [z] where a stage has no such limit."],
    )


def _limit_text(frame: pd.DataFrame, column: str):
    values = sorted({int(v) for v in frame[column].dropna()}) if column in frame else []
    return "/".join(str(v) for v in values) if values else None
