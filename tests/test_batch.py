"""Many authority-years in one command: run lists, a batch that survives one authority's bad data,
skipping unchanged authority-years, the site index and the regional comparison page."""

from __future__ import annotations

import csv
import json
import os
import shutil

import pytest
import yaml
from typer.testing import CliRunner

from pipelines.config.profile import EXTRA_PROFILES
from pipelines.config.vocabulary import ConfigError
from pipelines.runs import batch
from tests import tiny

pytestmark = pytest.mark.slow  # end-to-end renders (left out of make test-fast)


@pytest.fixture(scope="module")
def world(tmp_path_factory, tiny_profile):
    """Two authorities: 'tiny' (good data) and 'tinybroken' (one complaint with an outcome that is
    not in the taxonomy), each with a 2024-25 raw folder."""
    root = tmp_path_factory.mktemp("batch")
    profiles = root / "profiles"
    profiles.mkdir()
    spec = yaml.safe_load((tiny_profile / "tiny.yaml").read_text())
    spec.update(name="Brokenshire County Council", short_name="Brokenshire")
    (profiles / "tinybroken.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    raw = root / "raw"
    tiny.write_raw(raw / "tiny" / "2024-25")
    broken = tiny.write_raw(raw / "tinybroken" / "2024-25") / "complaints.csv"
    lines = broken.read_text().splitlines(keepends=True)
    lines[3] = lines[3].replace(",partly_upheld,", ",half upheld,", 1)
    assert ",half upheld," in lines[3]
    broken.write_text("".join(lines))
    before = os.environ[EXTRA_PROFILES]
    os.environ[EXTRA_PROFILES] = os.pathsep.join([before, str(profiles)])  # workers inherit it
    yield {"raw": raw, "outputs": root / "outputs", "processed": root / "processed", "profiles": profiles}
    os.environ[EXTRA_PROFILES] = before


def _batch(world, jobs, **kwargs):
    return batch.run_batch(
        jobs,
        outputs_root=world["outputs"],
        raw_root=world["raw"],
        processed_root=world["processed"],
        progress=False,
        **kwargs,
    )


GOOD, BAD = batch.Job("tiny", "2024-25"), batch.Job("tinybroken", "2024-25")


@pytest.fixture(scope="module")
def first(world):
    return _batch(world, [GOOD, BAD])


def test_a_failing_authority_does_not_stop_the_batch(first, world):
    good, bad = first
    assert (good.status, bad.status) == ("rendered", "failed")
    assert "complaints.csv" in bad.message and "outcome" in bad.message and "half upheld" in bad.message
    assert (world["outputs"] / "tiny" / "2024-25" / "report.pdf").is_file()
    assert not (world["outputs"] / "tinybroken").exists()  # nothing published for it
    text = batch.summary(first)
    assert "1 rendered, 0 skipped (unchanged), 1 failed" in text and "FAILED tinybroken 2024-25" in text


def test_site_index_and_regional_page_are_rebuilt(first, world):
    index = (world["outputs"] / "index.html").read_text()
    assert 'href="tiny/2024-25/index.html"' in index and 'href="regional/2024-25.html"' in index
    page = (world["outputs"] / "regional" / "2024-25.html").read_text()
    assert "Tinyshire County Council" in page and "Brokenshire" not in page
    with open(world["outputs"] / "regional" / "2024-25.csv", newline="") as fh:
        rows = {r[""]: r for r in csv.DictReader(fh)}
    # one row per authority and no total or average across them: the page adds no equation to what each
    # report published, so each report's own disclosure proof covers it (issue 15)
    assert set(rows) == {"Tinyshire County Council"}
    tinyshire = rows["Tinyshire County Council"]
    # tests/tiny.py, by hand: statutory stage 1 received in 2024-25: T-006, T-007, T-009, T-011, T-012,
    # T-013, T-015 = 7; closed in 2024-25: T-005, T-006 (late), T-007, T-009, T-011 (late), T-015 -> 4 of 6
    # on time = 66.7 -> 67%.
    assert tinyshire["Statutory stage 1 complaints"] == "7"
    assert tinyshire["Statutory stage 1 on time (%)"] == "67"
    # and every value is the one the report itself published (its manifest)
    manifest = json.loads((world["outputs"] / "tiny" / "2024-25" / "manifest.json").read_text())
    published = {f["id"].removeprefix("summary."): f["value"] for f in manifest["figures"]}
    from pipelines.publish.regional import COLUMNS

    for figure_id, heading in COLUMNS.items():
        assert tinyshire[heading] == str(published.get(figure_id, "[x]")), heading


def test_unchanged_is_skipped_changed_or_forced_is_rendered(first, world):
    again = _batch(world, [GOOD, BAD])
    assert [o.status for o in again] == ["skipped", "failed"]  # a failure is never skipped
    assert batch.is_unchanged(GOOD, world["outputs"], world["raw"])
    # any change to an input file, the profile or the edition makes it a different run
    complaints = world["raw"] / "tiny" / "2024-25" / "complaints.csv"
    original = complaints.read_bytes()
    complaints.write_bytes(original + b"\n")
    assert not batch.is_unchanged(GOOD, world["outputs"], world["raw"])
    complaints.write_bytes(original)
    assert batch.is_unchanged(GOOD, world["outputs"], world["raw"])
    assert not batch.is_unchanged(batch.Job("tiny", "2024-25", "audit"), world["outputs"], world["raw"])
    # forced, and in one worker: the second report reuses the first one's kernels
    audit = batch.Job("tiny", "2024-25", "audit")
    forced = _batch(world, [GOOD, audit], force=True, workers=1)
    assert [o.status for o in forced] == ["rendered", "rendered"], [o.message for o in forced]
    assert (world["outputs"] / "_audit" / "tiny" / "2024-25" / "report.pdf").is_file()


def test_profile_change_means_rerender(world, tiny_profile, first):
    path = tiny_profile / "tiny.yaml"
    original = path.read_text()
    try:
        path.write_text(original + "\n# changed\n")
        assert not batch.is_unchanged(GOOD, world["outputs"], world["raw"])
    finally:
        path.write_text(original)
    assert batch.is_unchanged(GOOD, world["outputs"], world["raw"])


def test_missing_report_files_mean_rerender(world, first, tmp_path):
    folder = world["outputs"] / "tiny" / "2024-25"
    shutil.copy2(folder / "report.pdf", tmp_path / "report.pdf")  # the one file removed, put back after
    try:
        (folder / "report.pdf").unlink()
        assert not batch.is_unchanged(GOOD, world["outputs"], world["raw"])
    finally:
        shutil.copy2(tmp_path / "report.pdf", folder / "report.pdf")


def test_all_jobs_finds_every_profile_with_raw_data(world):
    (world["raw"] / "tiny" / "not-a-year").mkdir(exist_ok=True)
    jobs = batch.all_jobs(world["raw"])
    assert jobs == [batch.Job("tiny", "2024-25"), batch.Job("tinybroken", "2024-25")]


def test_run_list(tmp_path, world):
    path = tmp_path / "runs.yaml"
    path.write_text(
        "runs:\n  - {authority: tiny, year: 2024-25}\n  - {authority: tiny, year: 2024-25, edition: audit}\n"
        "  - {authority: tiny, year: 2024-25}\n"
    )
    assert batch.read_run_list(path) == [GOOD, batch.Job("tiny", "2024-25", "audit")]
    for text, message in [
        ("runs: []\n", "expected a list under 'runs:'"),
        ("- tiny\n", "expected a list under 'runs:'"),
        ("runs:\n  - {authority: tiny}\n", "run 1 must have authority and year"),
        ("runs:\n  - {authority: nowhere, year: 2024-25}\n", "run 1: unknown authority 'nowhere'"),
        ("runs:\n  - {authority: tiny, year: 2024-25}\n  - {authority: tiny, year: 2024-2025}\n", "run 2:"),
        ("runs: [\n", "cannot read the run list"),
    ]:
        path.write_text(text)
        with pytest.raises(ConfigError, match=message):
            batch.read_run_list(path)


def test_cli_exits_non_zero_when_an_authority_fails(world, first, tmp_path, monkeypatch):
    from pipelines.runs.cli import app

    real = batch.run_batch
    monkeypatch.setattr(
        batch,
        "run_batch",
        lambda jobs, **kw: real(
            jobs, outputs_root=world["outputs"], raw_root=world["raw"], processed_root=world["processed"], **kw
        ),
    )
    runs = tmp_path / "runs.yaml"
    runs.write_text("runs:\n  - {authority: tiny, year: 2024-25}\n  - {authority: tinybroken, year: 2024-25}\n")
    result = CliRunner().invoke(app, ["run", "--list", str(runs)])
    assert result.exit_code == 1, result.output
    assert "0 rendered, 1 skipped (unchanged), 1 failed" in result.output
    ok = tmp_path / "ok.yaml"
    ok.write_text("runs:\n  - {authority: tiny, year: 2024-25}\n")
    result = CliRunner().invoke(app, ["run", "--list", str(ok)])
    assert result.exit_code == 0 and "1 skipped" in result.output
    assert CliRunner().invoke(app, ["run", "--all", "--list", str(ok)]).exit_code == 1


def test_regional_page_puts_statistical_neighbours_side_by_side(tmp_path, monkeypatch, tiny_profile):
    """Two authorities whose DfE codes are statistical neighbours (Lambeth, 208, is Lewisham's, 209,
    closest: New_Statistical_Neighbour_Groupings_April_2021.csv) and one with a fictional code."""
    from pipelines.publish.regional import neighbour_groups, write_regional_pages

    spec = yaml.safe_load((tiny_profile / "tiny.yaml").read_text())
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for key, name, code in (("south", "Southside Council", 209), ("north", "Northside Council", 208)):
        (profiles / f"{key}.yaml").write_text(yaml.safe_dump({**spec, "name": name, "dfe_la_code": code}))
    monkeypatch.setenv(EXTRA_PROFILES, os.pathsep.join([str(tiny_profile), str(profiles)]))
    figures = {"south": 40, "north": 31, "tiny": 7}
    for key, received in figures.items():
        folder = tmp_path / "outputs" / key / "2024-25"
        folder.mkdir(parents=True)
        (folder / "manifest.json").write_text(
            json.dumps(
                {
                    "authority": key,
                    "year": "2024-25",
                    "edition": "published",
                    "figures": [
                        {"id": "summary.statutory_stage_1_received", "value": received},
                        {"id": "summary.lgsco_upheld", "value": "[c]"},
                    ],
                }
            )
        )
    groups = {
        m["authority"]: [n["authority"] for n in ns]
        for m, ns in neighbour_groups(
            [json.loads((tmp_path / "outputs" / k / "2024-25" / "manifest.json").read_text()) for k in figures]
        )
    }
    assert groups == {"south": ["north"], "north": ["south"]}  # tiny's code 999 has no grouping
    page = write_regional_pages(tmp_path / "outputs", "x")[0].read_text()
    assert "Southside Council beside its statistical neighbours" in page
    assert page.count("<td>40</td>") == 3  # main table and both neighbour tables
    assert "<td>[c]</td>" in page and "<td>[x]</td>" in page  # withheld as published; not in the report
