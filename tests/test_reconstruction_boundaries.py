"""The reconstructions test the boundary day: some responses fall exactly on the due date (on time)
and some on the working day after it (late), where counting conventions and bank holidays matter
most. The day after is found here from GOV.UK's list, not by the package."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from pipelines.config.profile import load_profile
from pipelines.inputs.ingest import read_raw, typed
from pipelines.rules.derive import derive_all
from tests.test_calendar_oracle import working


def _next_working_day(day: pd.Timestamp) -> pd.Timestamp:
    day = day.date() + timedelta(days=1)
    while not working(day):
        day += timedelta(days=1)
    return pd.Timestamp(day)


@pytest.mark.parametrize(
    ("authority", "year"), [("lancashire", "2021-22"), ("lancashire", "2024-25"), ("lewisham", "2024-25")]
)
def test_some_responses_fall_on_the_due_day_and_the_day_after(authority, year):
    profile = load_profile(authority)
    raw = {name: typed(name, table.frame) for name, table in read_raw(profile, year).items()}
    complaints = derive_all(raw, profile, pd.Timestamp(int(year[:4]) + 1, 3, 31))["complaints"]
    answered = complaints[complaints["date_responded"].notna() & complaints["date_due"].notna()]
    on_the_day = answered[answered["date_responded"] == answered["date_due"]]
    day_after = answered[answered["date_responded"] == answered["date_due"].map(_next_working_day)]
    assert len(on_the_day) >= 10 and on_the_day["on_time"].all()
    assert len(day_after) >= 10 and not day_after["on_time"].any()
