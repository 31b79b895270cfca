"""Checks across rows and tables that a per-column contract cannot make: data that is well formed
but cannot be right for the report year (a complaint received in 2099 would silently drop out of
every total; a header-only export would publish a report of zeros; a division named after a person
would publish that person's name). Each problem is a validation Failure naming file, column, rule
and lines, like the Great Expectations suites'."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipelines.config.profile import check_year
from pipelines.config.vocabulary import tables

EXAMPLES = 5
EARLIEST_YEARS = 25  # a date more than this many years before the report year is a typing mistake
LATEST_YEARS = 1  # ... and one more than this many years after its end
# The date each table's rows are counted by: a row dated far beyond the report year silently drops
# out of every total.
EVENT_DATES = {
    "complaints": "date_received",
    "adult_complaints": "date_received",
    "compliments": "date_received",
    "enquiries": "date_received",
    "ombudsman": "date_received",
    "foi": "date_received",
    "costs": "date_incurred",
}
LABEL_COLUMNS = ("service_area", "division")


def year_span(year: str) -> tuple[date, date]:
    start, end = check_year(year)
    return date(start, 4, 1), date(end, 3, 31)


def plausibility_failures(raw: dict, profile, year: str, failure, label_check=None) -> list:
    """Every plausibility problem of an authority-year's tables; `failure(table, raw_table, column,
    rule, check, index, values)` builds the Failure the gate reports. `label_check(label, allowed)`:
    what in a label looks like personal data (pipelines.rules.privacy.label_problems, passed in by
    the caller because the rules layer sits above this one)."""
    out = []
    first, last = year_span(year)
    earliest = date(first.year - EARLIEST_YEARS, 4, 1)
    for name, table in raw.items():
        column = EVENT_DATES.get(name)
        frame = table.frame
        if column and column in frame:
            when = pd.to_datetime(frame[column], format="%Y-%m-%d", errors="coerce")
            # Exports are taken some weeks after the year end, so rows of the following months are
            # normal; a date more than a year after it, or in the future, cannot be right.
            late = (when > pd.Timestamp(last) + pd.DateOffset(years=LATEST_YEARS)) | (when > pd.Timestamp.now())
            early = when < pd.Timestamp(earliest)
            if late.any():
                out.append(
                    failure(
                        name,
                        table,
                        column,
                        f"is more than {LATEST_YEARS} year after the end of the report year {year} "
                        f"({last:%d %B %Y}), or in the future: a typing mistake or a wrong export",
                        "date_within_report_years",
                        frame.index[late],
                        frame.loc[late, column],
                    )
                )
            if early.any():
                out.append(
                    failure(
                        name,
                        table,
                        column,
                        f"is before {earliest:%d %B %Y}, more than {EARLIEST_YEARS} years before the report "
                        f"year {year} (a typing mistake?)",
                        "date_within_report_years",
                        frame.index[early],
                        frame.loc[early, column],
                    )
                )
    out += _empty_year(raw, profile, year, failure, first)
    if label_check is not None:
        out += _personal_labels(raw, profile, failure, label_check)
    return out


def _empty_year(raw: dict, profile, year: str, failure, first: date) -> list:
    """No complaint received or answered in the report year: a header-only or wrong export, unless
    the profile declares the year empty (validation.empty_years)."""
    complaints = raw.get("complaints")
    if complaints is None or year in profile.empty_years:
        return []
    frame = complaints.frame
    dates = [
        pd.to_datetime(frame[c], format="%Y-%m-%d", errors="coerce")
        for c in ("date_received", "date_responded")
        if c in frame
    ]
    in_year = any(((d >= pd.Timestamp(first)) & (d <= pd.Timestamp(year_span(year)[1]))).any() for d in dates)
    if in_year:
        return []
    rows = len(frame)
    return [
        failure(
            "complaints",
            complaints,
            "date_received",
            f"has no complaint received or answered in {year} ({rows} row{'s' if rows != 1 else ''} in all): "
            "a header-only or wrong export would publish a report of zeros. If the authority really had "
            f"none, add `validation: {{empty_years: [{year}]}}` to config/authorities/{profile.key}.yaml",
            "complaints_in_report_year",
            [],
            [],
        )
    ]


def _personal_labels(raw: dict, profile, failure, label_check) -> list:
    """Service and division labels are published as they are: with no list in the profile to check
    them against, a label that looks like personal data (a name, an NHS number...) is refused."""
    out = []
    lists = {"service_area": profile.service_areas, "division": profile.divisions}
    allowed = profile.vocabulary
    for name, table in raw.items():
        for column in LABEL_COLUMNS:
            if column not in table.frame or lists[column] or column not in tables()[name]["columns"]:
                continue
            values = table.frame[column]
            bad = {v: label_check(v, allowed) for v in values.dropna().unique()}
            bad = {v: kinds for v, kinds in bad.items() if kinds}
            if not bad:
                continue
            mask = values.isin(list(bad))
            kinds = sorted({k for found in bad.values() for k in found})
            out.append(
                failure(
                    name,
                    table,
                    column,
                    f"looks like personal data ({', '.join(kinds)}), and labels are published as they are: "
                    f"list the {column.replace('_', ' ')}s the export may use under "
                    f"{'service_areas' if column == 'service_area' else 'divisions'} in "
                    f"config/authorities/{profile.key}.yaml, or correct the export",
                    "label_not_personal_data",
                    values.index[mask],
                    ["[withheld]"] * int(mask.sum()),
                )
            )
    return out
