"""The validation gate's kept result (pipelines/runs/validation_cache.py): found again only for the very
tables it checked, restored as the same summary, with its Data Docs when they were built."""

from __future__ import annotations

import json

from pipelines.config.profile import load_profile, profile_path
from pipelines.inputs.ingest import read_raw
from pipelines.inputs.validate import validate
from pipelines.runs.validation_cache import ValidationCache


def _cache(tmp_path, raw):
    return ValidationCache.for_run(tmp_path / "outputs", "demo", "2024-25", profile_path("demo"), raw)


def test_the_key_follows_every_cell_and_note(tmp_path, raw_root):
    raw = read_raw(load_profile("demo"), "2024-25", raw_root)
    key = _cache(tmp_path, raw).key
    assert _cache(tmp_path, read_raw(load_profile("demo"), "2024-25", raw_root)).key == key  # read again: same

    first = raw["complaints"].frame.index[0]
    before = raw["complaints"].frame.loc[first, "outcome"]
    raw["complaints"].frame.loc[first, "outcome"] = "upheld" if before != "upheld" else "not_upheld"
    assert _cache(tmp_path, raw).key != key  # one cell
    raw["complaints"].frame.loc[first, "outcome"] = before
    assert _cache(tmp_path, raw).key == key

    raw["complaints"].notes.append("dates could be month-first: line 2")
    assert _cache(tmp_path, raw).key != key  # a note the summary carries


def test_a_kept_result_restores_the_same_summary_and_its_data_docs(tmp_path, raw_root):
    raw = read_raw(load_profile("demo"), "2024-25", raw_root)
    cache = _cache(tmp_path, raw)
    assert cache.restore(with_docs=False) is None  # nothing kept yet

    report = validate(raw)  # the suites only (the small copy has no 2024-25 cases for the year checks)
    cache.store(report, docs=None)
    kept = cache.restore(with_docs=False)
    assert kept.to_json() == json.loads(json.dumps(report.to_json()))
    assert kept.tables["complaints"]["rows"] == 60  # the small demo copy's 60 complaints (conftest)
    assert cache.restore(with_docs=True) is None  # kept without Data Docs: a run that wants them validates

    docs = tmp_path / "docs"
    (docs / "validations").mkdir(parents=True)
    (docs / "index.html").write_text("<p>docs</p>")
    cache.store(report, docs=docs)
    assert cache.restore(with_docs=True) is not None
    cache.restore_docs(tmp_path / "restored")
    assert (tmp_path / "restored" / "index.html").read_text() == "<p>docs</p>"


def test_only_the_newest_few_entries_of_an_authority_year_are_kept(tmp_path, raw_root):
    raw = read_raw(load_profile("demo"), "2024-25", raw_root)
    report = validate(raw)  # the suites only (the small copy has no 2024-25 cases for the year checks)
    first = raw["complaints"].frame.index[0]
    for n in range(6):  # six different exports of the same year
        raw["complaints"].frame.loc[first, "service_area"] = ["A", "B", "C", "D", "E", "F"][n]
        _cache(tmp_path, raw).store(report, docs=None)
    root = _cache(tmp_path, raw).root
    assert len(list(root.glob("*/*/validation.json"))) == 4  # KEEP
    assert _cache(tmp_path, raw).restore(with_docs=False) is not None  # the newest stays
