"""A smoke run of the benchmark code (the benchmarks themselves run with `make bench`, not here)."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks import suite


def test_working_days_benchmark_runs_and_reports_its_target(monkeypatch):
    result = suite.working_days(rows=2_000, repeat=1)
    assert result["target"] == "under 1 second" and result["name"] == "working days for 2,000 pairs"
    assert result["met"] is (result["median_seconds"] < 1)
    # "met" follows the time measured: fast -> met, slow -> not met
    for seconds, met in ((0.25, True), (1.25, False)):
        monkeypatch.setattr(suite, "_median_seconds", lambda *_, s=seconds: s)
        assert suite.working_days(rows=10, repeat=1)["met"] is met


def test_extract_generator_is_deterministic_and_valid(tmp_path):
    a, b = suite.write_extract(tmp_path / "a", 300), suite.write_extract(tmp_path / "b", 300)
    assert (a / "complaints.csv").read_bytes() == (b / "complaints.csv").read_bytes()
    assert len(pd.read_csv(a / "complaints.csv")) == 300


@pytest.mark.slow  # a fresh process importing Great Expectations
def test_large_extract_benchmark_runs_in_a_fresh_process():
    result = suite.large_extract(rows=500)
    assert result["name"] == "ingest + validate + derive 500 complaint rows"
    # the total is the three steps timed (each rounded to 0.1 s), and "met" follows the figures
    assert abs(result["total"] - (result["ingest"] + result["validate"] + result["derive"])) <= 0.15
    assert result["met"] is (result["total"] < 30 and result["peak_mb"] < 2048)


@pytest.mark.slow  # renders a report
def test_batch_benchmark_smoke_run():
    result = suite.batch(count=1)
    assert result["failed"] == [] and result["seconds_per_report"] == result["seconds"]  # one report
    assert result["cpu_use"] > 0  # the workers' CPU time is counted (RUSAGE_CHILDREN), not only this process's
    assert result["target"] == "under 2 minutes, using both cores"  # issue 19's target


def test_refusal_benchmark_checks_the_refusal_it_times():
    from benchmarks import edits

    result = edits.refusal(repeat=1)
    assert result["target"] == "under 1 s" and result["previous"] == "12-15 s"
    assert result["name"] == "unknown authority refused, median of 1" and result["met"] is (result["seconds"] < 1)
