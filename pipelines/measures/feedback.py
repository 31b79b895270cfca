"""Compliments and enquiries: counts by service, division, type and year, and timeliness."""

from __future__ import annotations

import pandas as pd

from pipelines.config.vocabulary import codes
from pipelines.measures.base import (
    Table,
    by_year,
    crosstab,
    in_year,
    in_years,
    labels_of,
    measure,
    period_text,
    sort_rows,
    theme_counts,
)
from pipelines.measures.timeliness import on_time_by_kind
from pipelines.rules.calendar import QUARTERS, fy_text
from pipelines.rules.numbers import pct_change
from pipelines.rules.privacy import scrub


def recorded(compliments: pd.DataFrame) -> pd.DataFrame:
    """The compliments recorded as such: feedback quoted but not recorded as a compliment
    (`recorded_as_compliment` false) is never counted."""
    if "recorded_as_compliment" not in compliments:
        return compliments
    return compliments[compliments["recorded_as_compliment"].fillna(True).astype(bool)]


QUOTE_MODES = ("one_per_service_area", "all")


def quote_mode(profile) -> str:
    """The profile's `compliment_quotes`: one_per_service_area (default) or all approved texts."""
    from pipelines.config.vocabulary import ConfigError

    mode = profile.raw.get("compliment_quotes", QUOTE_MODES[0])
    if mode not in QUOTE_MODES:
        raise ConfigError(f"{profile.key}: compliment_quotes must be one of {', '.join(QUOTE_MODES)}, got {mode!r}")
    return mode


@measure
def compliments_by_year(compliments: pd.DataFrame, years: list[str], divisions: list[str]) -> Table:
    frame = in_years(recorded(compliments), years, "received")
    order = divisions + sorted(set(frame["division"]) - set(divisions))
    table = by_year(frame, "division", order, years)
    if len(years) > 1:
        table["Change (%)"] = [
            pct_change(int(this_year), int(last_year))
            for this_year, last_year in zip(table.iloc[:, -1], table.iloc[:, -2])
        ]
    return Table(
        "compliments_by_year",
        "Compliments by division",
        table,
        None,
        period_text(years),
        percent_columns=("Change (%)",),
    )


@measure
def compliments_by_service(compliments: pd.DataFrame, years: list[str], services: list[str]) -> Table:
    frame = in_years(recorded(compliments), years, "received")
    order = [s for s in services + sorted(set(frame["service_area"]) - set(services))]
    table = sort_rows(by_year(frame, "service_area", order, years), fy_text(years[-1]))
    return Table("compliments_by_service", "Compliments by service area", table, None, period_text(years))


@measure
def compliment_themes(compliments: pd.DataFrame, year: str) -> Table:
    table = theme_counts(in_year(recorded(compliments), year, "received"), "Compliments")
    return Table(
        "compliment_themes",
        "What compliments praised",
        table,
        None,
        fy_text(year),
        notes=["A compliment can praise several things."],
    )


def compliment_examples(
    compliments: pd.DataFrame, year: str, limit: int | None = 6, mode: str = "one_per_service_area"
) -> list[dict]:
    """Compliments (and feedback not recorded as one) approved for quotation, staff names reduced to
    initials (service and text only): the first of each service area up to `limit`, or with mode
    "all" every one. Recorded compliments come before other feedback of the same service."""
    frame = in_year(compliments, year, "received")
    frame = frame[frame["approved_for_publication"].fillna(False) & frame["text"].notna()]
    unrecorded = (
        ~frame["recorded_as_compliment"].fillna(True).astype(bool)
        if "recorded_as_compliment" in frame
        else pd.Series(False, index=frame.index)
    )
    frame = frame.assign(_unrecorded=unrecorded)
    frame = frame.sort_values(["service_area", "_unrecorded", "date_received", "compliment_ref"]).drop_duplicates(
        "text"
    )
    picked = frame if mode == "all" else frame.groupby("service_area", sort=True).head(1).head(limit)
    refs = set(compliments["compliment_ref"].dropna())
    return [{"service_area": r.service_area, "text": scrub(r.text, r.staff_names, refs)} for r in picked.itertuples()]


def compliment_words(compliments: pd.DataFrame, year: str) -> dict[str, int]:
    """Word frequencies of approved compliments for the word cloud (short and common words dropped)."""
    frame = in_year(recorded(compliments), year, "received")
    approved = frame[frame["approved_for_publication"].fillna(False) & frame["text"].notna()]
    refs = set(compliments["compliment_ref"].dropna())
    texts = pd.Series([scrub(t, n, refs) for t, n in zip(approved["text"], approved["staff_names"])], dtype="string")
    stop = {
        "the",
        "and",
        "for",
        "our",
        "with",
        "that",
        "they",
        "were",
        "was",
        "you",
        "your",
        "his",
        "her",
        "him",
        "she",
        "have",
        "has",
        "had",
        "what",
        "said",
        "would",
        "always",
        "very",
        "during",
        "every",
        "from",
        "them",
        "this",
        "their",
        "thank",
        "to",
        "of",
        "us",
        "at",
        "in",
        "a",
        "we",
        "did",
        "made",
        "making",
        "sure",
        "everyone",
        "helped",
    }
    words = (
        texts.str.replace(r"\[[A-Za-z ]+ removed\]", " ", regex=True).str.lower().str.findall(r"[a-z]{3,}").explode()
    )
    words = words[~words.isin(stop)]
    return {str(k): int(v) for k, v in words.value_counts().sort_index().items()}


@measure
def enquiries_by_year(enquiries: pd.DataFrame, years: list[str]) -> Table:
    frame = in_years(enquiries, years, "received")
    table = by_year(frame, "enquiry_type", codes("enquiry_types"), years, row_labels=labels_of("enquiry_types"))
    if len(years) > 1:
        table["Change (%)"] = [
            pct_change(int(this_year), int(last_year))
            for this_year, last_year in zip(table.iloc[:, -1], table.iloc[:, -2])
        ]
    return Table(
        "enquiries_by_year", "Enquiries by type", table, "received", period_text(years), percent_columns=("Change (%)",)
    )


@measure
def enquiries_by_quarter(enquiries: pd.DataFrame, year: str) -> Table:
    frame = in_year(enquiries, year, "received")
    table = crosstab(
        frame,
        "quarter_received",
        "enquiry_type",
        QUARTERS,
        codes("enquiry_types"),
        column_labels=labels_of("enquiry_types"),
    )
    return Table("enquiries_by_quarter", "Enquiries by quarter", table, "received", fy_text(year))


@measure
def enquiries_on_time(enquiries: pd.DataFrame, year: str, basis: str = "closed") -> Table:
    grid = on_time_by_kind(enquiries, year, basis, "enquiry_type", "enquiry_types")
    return Table("enquiries_on_time", "Enquiries answered within timescale by quarter", grid, basis, fy_text(year))
