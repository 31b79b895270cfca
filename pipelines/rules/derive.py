"""Derived fields on the canonical tables: financial year, quarter and month of receipt and of
closure, the timescale that applied, due date, working days taken, on time, and the status of open
cases. Every rule comes from the authority profile (timescales, counting convention)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.config.profile import Profile
from pipelines.config.vocabulary import taxonomy
from pipelines.rules.calendar import add_working_days, financial_year, fy_month, fy_quarter, working_days_between

ON_TIME, LATE, IN_PROGRESS, OVERDUE = "on time", "late", "in progress", "overdue"
NO_TIMESCALE = "no timescale"


def timescale_limits(
    profile: Profile,
    procedure: pd.Series,
    key: pd.Series,
    received: pd.Series,
    extended: pd.Series | None = None,
    field: str = "days",
) -> pd.Series:
    """Working-day limit of each row: the rule for its procedure and stage (or enquiry type) in force
    on the day it was received, using the extended limit where an extension was agreed."""
    out = pd.Series(np.nan, index=received.index, dtype="float64")
    received = pd.to_datetime(received)
    for (proc, k), idx in procedure.to_frame("p").assign(k=key).groupby(["p", "k"]).groups.items():
        rules = profile.timescales.get(proc, {}).get(_key(k), [])
        if not rules:
            continue
        starts = np.array([np.datetime64(r["from"], "D") for r in rules])
        days = received.loc[idx].to_numpy(dtype="datetime64[D]")
        which = np.clip(np.searchsorted(starts, days, side="right") - 1, 0, None)
        chosen = [rules[i] for i in which]
        limit = np.array([_rule_value(r, field) for r in chosen], dtype="float64")
        if extended is not None and field == "days":
            longer = np.array([r.get("extended", r.get("days", np.nan)) for r in chosen], dtype="float64")
            limit = np.where(extended.loc[idx].fillna(False).to_numpy(dtype=bool), longer, limit)
        out.loc[idx] = limit
    return out


def _rule_value(rule: dict, field: str):
    """A rule's limit: one of its own keys, or one of the further limits under `also:`."""
    value = rule.get(field, rule.get("also", {}).get(field))
    return np.nan if value is None else value


def _further_limits(frame: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """For each further limit a profile names (`also:` in its timescales, e.g. the council's own 20
    days beside the guidance's 10): the limit of each row and whether it was met (responses only)."""
    out = pd.DataFrame(index=frame.index)
    names = dict.fromkeys(
        n
        for stages in profile.timescales.values()
        for rules in stages.values()
        for r in rules
        for n in r.get("also", {})
    )
    if not names:
        return out
    taken = working_days_between(frame["date_received"], frame["date_responded"], profile.count_from)
    for name in names:
        limit = timescale_limits(profile, frame["procedure"], frame["stage"], frame["date_received"], field=name)
        out[f"timescale_{name}"] = limit.astype("Int64")
        met = pd.Series(taken, index=frame.index) <= limit
        out[f"on_time_{name}"] = met.where(frame["date_responded"].notna() & limit.notna()).astype("boolean")
    return out


def _key(value):
    return int(value) if isinstance(value, (int, np.integer)) else value


def _timing(
    frame: pd.DataFrame, limit: pd.Series, count_from: str, as_at: pd.Timestamp, months: pd.Series | None = None
) -> pd.DataFrame:
    """Due date, working days taken, on time, and status as at `as_at` (the year end): responded
    on time / late, or still open then and in progress / overdue. A timescale in calendar months
    (`months`, e.g. adult social care's six months) is due on the same date that many months on."""
    out = pd.DataFrame(index=frame.index)
    out["timescale_days"] = limit.astype("Int64")
    out["date_due"] = add_working_days(frame["date_received"], limit.to_numpy(), count_from)
    if months is not None and months.notna().any():
        by_months = months.notna() & frame["date_received"].notna()
        out.loc[by_months, "date_due"] = [
            received + pd.DateOffset(months=int(m))
            for received, m in zip(frame.loc[by_months, "date_received"], months[by_months])
        ]
    out["working_days_taken"] = working_days_between(frame["date_received"], frame["date_responded"], count_from)
    responded = frame["date_responded"].notna()
    known = out["date_due"].notna()  # no timescale configured: on time is not known
    on_time = frame["date_responded"] <= out["date_due"]
    out["on_time"] = on_time.where(responded & known).astype("boolean")
    responded_by = responded & (frame["date_responded"] <= as_at)
    status = np.where(
        ~known,
        NO_TIMESCALE,
        np.where(
            responded_by, np.where(on_time, ON_TIME, LATE), np.where(out["date_due"] < as_at, OVERDUE, IN_PROGRESS)
        ),
    )
    out["status"] = pd.Series(status, index=frame.index, dtype="string")
    return out


def _periods(frame: pd.DataFrame, column: str, suffix: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            f"year_{suffix}": financial_year(frame[column]),
            f"quarter_{suffix}": fy_quarter(frame[column]),
            f"month_{suffix}": fy_month(frame[column]),
        },
        index=frame.index,
    )


def derive_complaints(frame: pd.DataFrame, profile: Profile, as_at: pd.Timestamp) -> pd.DataFrame:
    limit = timescale_limits(profile, frame["procedure"], frame["stage"], frame["date_received"], frame["extended"])
    months = timescale_limits(profile, frame["procedure"], frame["stage"], frame["date_received"], field="months")
    out = pd.concat(
        [
            frame,
            _periods(frame, "date_received", "received"),
            _periods(frame, "date_responded", "closed"),
            _timing(frame, limit, profile.count_from, as_at, months),
        ],
        axis=1,
    )
    outcomes, people = taxonomy()["outcomes"], taxonomy()["complainant_types"]
    out["outcome_group"] = (
        frame["outcome"].map(lambda o: outcomes[o]["group"] if pd.notna(o) else pd.NA).astype("string")
    )
    out["complainant_group"] = frame["complainant_type"].map(lambda c: people[c]["group"]).astype("string")
    out = out.join(_stage3_milestones(frame, profile)).join(_further_limits(frame, profile))
    # Stage 3 with every milestone known (panel, findings, response) is on time only when all were
    # met; otherwise the overall limit stands. Its status changes only if it was answered by the year end.
    milestones = out[["panel_on_time", "findings_on_time", "response_on_time"]]
    judged = out["stage"].eq(3).fillna(False) & milestones.notna().all(axis=1)
    met = milestones.fillna(False).all(axis=1)
    out.loc[judged, "on_time"] = met[judged]
    answered = judged & (out["date_responded"] <= as_at)
    out.loc[answered, "status"] = np.where(met[answered], ON_TIME, LATE)
    return out


def _stage3_milestones(frame: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """Stage 3: panel within N of the request, findings within N of the panel, response within N
    of the findings (30, 5 and 15 working days in the regulations)."""
    out = pd.DataFrame(
        index=frame.index, columns=["panel_on_time", "findings_on_time", "response_on_time"], dtype="boolean"
    )
    stage3 = frame["stage"].eq(3).fillna(False) & frame["date_panel"].notna()
    if not stage3.any():
        return out
    f = frame[stage3]
    steps = [
        ("panel_on_time", "date_received", "date_panel", "panel"),
        ("findings_on_time", "date_panel", "date_findings", "findings"),
        ("response_on_time", "date_findings", "date_responded", "response"),
    ]
    for name, start, end, field in steps:
        limit = timescale_limits(profile, f["procedure"], f["stage"], f["date_received"], field=field)
        due = add_working_days(f[start], limit.to_numpy(), profile.count_from)
        ok = (f[end] <= due).where(f[end].notna() & f[start].notna() & limit.notna())
        out.loc[stage3, name] = ok.astype("boolean")
    return out


def derive_requests(
    frame: pd.DataFrame, profile: Profile, as_at: pd.Timestamp, timescales: str, kind: str
) -> pd.DataFrame:
    """Enquiries and FOI requests: one timescale per kind of request (profile.timescales[timescales])."""
    procedure = pd.Series(timescales, index=frame.index)
    limit = timescale_limits(profile, procedure, frame[kind], frame["date_received"])
    return pd.concat(
        [
            frame,
            _periods(frame, "date_received", "received"),
            _periods(frame, "date_responded", "closed"),
            _timing(frame, limit, profile.count_from, as_at),
        ],
        axis=1,
    )


def derive_ombudsman(frame: pd.DataFrame, as_at: pd.Timestamp) -> pd.DataFrame:
    decisions = taxonomy()["lgsco_decisions"]
    out = pd.concat(
        [frame, _periods(frame, "date_received", "received"), _periods(frame, "date_decided", "decided")], axis=1
    )
    out["decision_group"] = (
        frame["decision"].map(lambda d: decisions[d]["group"] if pd.notna(d) else pd.NA).astype("string")
    )
    # Late: completed after the due date, or not completed by the year end although due before it.
    due, done = frame["date_remedy_due"], frame["date_remedy_completed"]
    late = (done > due) | (done.isna() & (due < as_at))
    out["remedy_late"] = late.where(due.notna() & (done.notna() | (due < as_at))).astype("boolean")
    return out


def derive_dated(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return pd.concat([frame, _periods(frame, column, "received")], axis=1)


def derive_all(tables: dict[str, pd.DataFrame], profile: Profile, as_at: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """Every canonical table with its derived fields; a table not supplied is empty."""
    from pipelines.config.vocabulary import tables as contract
    from pipelines.inputs.ingest import empty_text, typed

    tables = {name: tables[name] if name in tables else typed(name, empty_text(name)) for name in contract()}
    return {
        "complaints": derive_complaints(tables["complaints"], profile, as_at),
        "enquiries": derive_requests(tables["enquiries"], profile, as_at, "enquiries", "enquiry_type"),
        "foi": derive_requests(tables["foi"], profile, as_at, "foi", "request_type"),
        "compliments": derive_dated(tables["compliments"], "date_received"),
        "ombudsman": derive_ombudsman(tables["ombudsman"], as_at),
        "costs": derive_dated(tables["costs"], "date_incurred"),
        "context": tables["context"].copy(),
    }
