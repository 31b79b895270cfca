"""Responded within timescale: by procedure and stage, quarter and division, shown as published
(`58% (15/26)`); extensions, late responses and cases open at the year end."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import codes, stage_words, taxonomy
from pipelines.measures.base import (
    TOTAL,
    TRACE,
    Table,
    Trace,
    _reference,
    in_year,
    in_years,
    labels_of,
    measure,
    period_text,
)
from pipelines.measures.volumes import case_type, case_types
from pipelines.rules.calendar import QUARTERS, fy_text
from pipelines.rules.derive import IN_PROGRESS, OVERDUE
from pipelines.rules.numbers import fmt_pct_of, percent


def _responded(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["on_time"].notna()]


def on_time_counts(frame: pd.DataFrame) -> tuple[int, int]:
    """(responded on time, responded) for a set of responses."""
    done = _responded(frame)
    return int(done["on_time"].sum()), int(len(done))


@measure
def on_time_by_stage(complaints: pd.DataFrame, years: list[str], basis: str = "closed") -> Table:
    """Per procedure and stage: on time, responded and % for each year."""
    frame = in_years(_responded(complaints), years, basis).assign(case_type=lambda f: case_type(f))
    rows, trace = {}, Trace()
    for kind in case_types(frame) + [TOTAL]:
        sub = frame if kind == TOTAL else frame[frame["case_type"] == kind]
        row = {}
        for year in years:
            cell = trace.add(kind, f"{fy_text(year)} Responded", sub[sub[f"year_{basis}"] == year])
            trace.add(kind, f"{fy_text(year)} On time", cell[cell["on_time"].fillna(False)])
            ok, n = on_time_counts(cell)
            row[(fy_text(year), "On time")], row[(fy_text(year), "Responded")] = ok, n
            row[(fy_text(year), "%")] = percent(ok, n)
        rows[kind] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.columns = [f"{y} {c}" for y, c in table.columns]
    trace.attach(table)
    return Table(
        "on_time_by_stage",
        "Responses within timescale by procedure and stage",
        table,
        basis,
        period_text(years),
        percent_columns=tuple(c for c in table.columns if c.endswith("%")),
        complements=tuple((f"{fy_text(y)} On time", f"{fy_text(y)} Responded") for y in years),
    )


def on_time_grid(
    frame: pd.DataFrame, rows_by: str, row_order: list, columns_by: pd.Series, column_order: list
) -> pd.DataFrame:
    """A grid of '58% (15/26)' cells: rows (quarter, division...) x columns (case type...)."""
    frame = frame.assign(_col=columns_by)
    grid, refs = {}, {}
    for r in row_order:
        grid[r], refs[str(r)] = {}, {}
        for c in column_order:
            cell = frame[(frame[rows_by] == r) & (frame["_col"] == c)]
            grid[r][c] = fmt_pct_of(*on_time_counts(cell))
            if TRACE["on"]:
                refs[str(r)][str(c)] = on_time_refs(cell)
    table = pd.DataFrame.from_dict(grid, orient="index")[column_order]
    if TRACE["on"]:
        table.attrs["refs"] = refs
    return table


def on_time_by_kind(frame: pd.DataFrame, year: str, basis: str, kind: str, list_name: str) -> pd.DataFrame:
    """Requests (enquiries, FOI) answered on time: quarters x kinds of request, and the year's total."""
    frame = in_year(_responded(frame), year, basis)
    labels = labels_of(list_name)
    kinds = [labels[k] for k in codes(list_name)]  # columns by their published labels, traced ones too
    frame = frame.assign(_kind=frame[kind].map(labels))
    grid = on_time_grid(frame, f"quarter_{basis}", QUARTERS, frame["_kind"], kinds)
    grid.loc[TOTAL] = {k: fmt_pct_of(*on_time_counts(frame[frame["_kind"] == k])) for k in kinds}
    if TRACE["on"]:
        grid.attrs["refs"][TOTAL] = {k: on_time_refs(frame[frame["_kind"] == k]) for k in kinds}
    return grid


def on_time_refs(cell: pd.DataFrame) -> list[str]:
    """References behind an on-time cell, each marked on time or late (as the disclosure check reads them)."""
    done = _responded(cell)
    refs = _reference(done)
    return (
        sorted(f"{ref}: {'on time' if ok else 'late'}" for ref, ok in zip(refs, done["on_time"]))
        if refs is not None
        else []
    )


@measure
def on_time_by_quarter(complaints: pd.DataFrame, year: str, basis: str = "closed") -> Table:
    frame = in_year(_responded(complaints), year, basis)
    grid = on_time_grid(frame, f"quarter_{basis}", QUARTERS, case_type(frame), case_types(frame))
    return Table("on_time_by_quarter", "Responses within timescale by quarter", grid, basis, fy_text(year))


@measure
def on_time_by_division(complaints: pd.DataFrame, year: str, divisions: list[str], basis: str = "closed") -> Table:
    frame = in_year(_responded(complaints), year, basis)
    order = divisions + sorted(set(frame["division"]) - set(divisions))
    grid = on_time_grid(frame, "division", order, case_type(frame), case_types(frame))
    return Table("on_time_by_division", "Responses within timescale by division", grid, basis, fy_text(year))


@measure
def extensions_and_late(complaints: pd.DataFrame, year: str, basis: str = "closed") -> Table:
    """Per procedure and stage: responses, extended, within timescale, late."""
    frame = in_year(_responded(complaints), year, basis).assign(case_type=lambda f: case_type(f))
    rows, trace = {}, Trace()
    for kind in case_types(frame) + [TOTAL]:
        sub = trace.add(kind, "Responses", frame if kind == TOTAL else frame[frame["case_type"] == kind])
        trace.add(kind, "Extension agreed", sub[sub["extended"].fillna(False)])
        trace.add(kind, "Within timescale", sub[sub["on_time"].fillna(False)])
        trace.add(kind, "Late", sub[~sub["on_time"].fillna(False)])
        ok, n = on_time_counts(sub)
        rows[kind] = {
            "Responses": n,
            "Extension agreed": int(sub["extended"].fillna(False).sum()),
            "Within timescale": ok,
            "Late": n - ok,
            "Late (%)": percent(n - ok, n),
        }
    return Table(
        "extensions_and_late",
        "Extensions and late responses",
        trace.attach(pd.DataFrame.from_dict(rows, orient="index")),
        basis,
        fy_text(year),
        percent_columns=("Late (%)",),
        sums={"Responses": ["Within timescale", "Late"]},
        complements=(("Extension agreed", "Responses"),),
    )


@measure
def open_at_year_end(complaints: pd.DataFrame, year: str) -> Table:
    """Complaints received by the year end and not responded to by then: in progress or overdue."""
    frame = in_years(complaints, [y for y in complaints["year_received"].dropna().unique() if y <= year], "received")
    frame = frame[frame["status"].isin([IN_PROGRESS, OVERDUE])].assign(case_type=lambda f: case_type(f))
    rows, trace = {}, Trace()
    for kind in case_types(frame) + [TOTAL]:
        sub = trace.add(kind, "Open", frame if kind == TOTAL else frame[frame["case_type"] == kind])
        for status, column in ((IN_PROGRESS, "In progress"), (OVERDUE, "Overdue")):
            trace.add(kind, column, sub[sub["status"] == status])
        rows[kind] = {
            "In progress": int((sub["status"] == IN_PROGRESS).sum()),
            "Overdue": int((sub["status"] == OVERDUE).sum()),
        }
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["In progress", "Overdue"]).fillna(0).astype(int)
    table["Open"] = table.sum(axis=1)
    trace.attach(table)
    return Table(
        "open_at_year_end",
        "Complaints open at the year end",
        table,
        None,
        f"at 31 March {int(year[:4]) + 1}",
        sums={"Open": ["In progress", "Overdue"]},
    )


def timescales_text(profile, year: str, adults: bool) -> list[str]:
    """Timescale sentences for the background section, read from the profile (never hand-typed):
    the rule in force at the start of the year, and any change during or after it; the adult procedures'
    only where the report counts adult social care complaints (`adults`)."""
    from pipelines.rules.calendar import fy_bounds

    first, last = (t.date() for t in fy_bounds(year))
    out = []
    for procedure, stages in profile.timescales.items():
        if procedure not in taxonomy()["procedures"]:  # enquiries and FOI have their own sections
            continue
        if taxonomy()["procedures"][procedure].get("service") == "adults" and not adults:
            continue
        name = taxonomy()["procedures"][procedure]["short"]
        for stage, rules in stages.items():
            current = [r for r in rules if r["from"] <= first][-1:] or rules[:1]
            rule = current[0]
            text = f"{name} {stage_words(stage)}: {_days(rule)}"
            for later in (r for r in rules if r["from"] > first):
                verb = "changed" if later["from"] <= last else "changes"
                text += f"; {verb} to {_days(later)} for cases received from {later['from']:%-d %B %Y}"
            out.append(text)
    return out


def _days(rule: dict) -> str:
    if "months" in rule:
        return f"{rule['months']} months"
    text = f"{rule['days']} working days"
    if "extended" in rule:
        text += f", extendable to {rule['extended']}"
    if "panel" in rule:
        text += (
            f" (panel within {rule['panel']} working days of the request, findings within "
            f"{rule['findings']} of the panel, response within {rule['response']} of the findings)"
        )
    return text
