"""Dates whose day/month order an export cannot show (every day and month 12 or under) are read
day-first, and the rows whose date would differ read the other way reach the analyst where they look:
the output of `validate` and `run`, the run's log and the validation summary in the internal folder;
never the published report, whose validation summary and manifest only count them. The export below is
written by hand; its lines are counted from 1 (the header)."""

from __future__ import annotations

import json
import os
from functools import partial

import pytest
import yaml
from typer.testing import CliRunner

import pipelines.inputs.ingest as ingest
import pipelines.runs.run as run_module
from pipelines.config.profile import EXTRA_PROFILES, PROFILE_DIR
from pipelines.runs import preflight
from pipelines.runs.cli import app
from tests.test_sources import COLUMNS, HEADER, LABELS, row

pytestmark = pytest.mark.slow
KEY, YEAR = "unsettled", "2024-25"
# Line 2: 03/04 and 10/04 (3 or 4 April, 10 April or 4 October); line 3: 05/05 reads the same either
# way (and C-2 is still open); line 4: 01/02 and 02/03. No date has a number over 12 first, so nothing
# settles the order: lines 2 and 4 are to check.
EXPORT = "\n".join(
    [
        HEADER,
        row("C-1", "03/04/2024", "10/04/2024"),
        row("C-2", "05/05/2024", "", outcome=""),
        row("C-3", "01/02/2025", "02/03/2025"),
    ]
)
NOTE_END = "Check 2 rows whose date would differ read month-first: lines 2, 4"


@pytest.fixture
def unsettled(tmp_path, monkeypatch):
    """The demo profile reading a Complaints.csv export (volumes section only), with the dates above."""
    profile = yaml.safe_load((PROFILE_DIR / "demo.yaml").read_text())
    profile.update(
        sections=["volumes"], context="file", disclosure={"threshold": 0}
    )  # three complaints: no policy to test
    profile["source"] = {"complaints": {"file": "Complaints.csv", "columns": COLUMNS, "labels": LABELS}}
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / f"{KEY}.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True))
    folder = tmp_path / "raw" / KEY / YEAR
    folder.mkdir(parents=True)
    (folder / "Complaints.csv").write_text(EXPORT + "\n", encoding="utf-8")
    monkeypatch.setenv(EXTRA_PROFILES, os.pathsep.join([str(tmp_path / "profiles"), os.environ[EXTRA_PROFILES]]))
    monkeypatch.setattr(preflight, "RAW_ROOT", tmp_path / "raw")  # the command's early check looks there
    monkeypatch.setattr(ingest, "read_raw", partial(ingest.read_raw, root=tmp_path / "raw"))
    return tmp_path


def test_validate_prints_the_rows_to_check(unsettled):
    result = CliRunner().invoke(app, ["validate", "--authority", KEY, "--year", YEAR])
    assert result.exit_code == 0, result.output
    [note] = [line for line in result.output.splitlines() if line.startswith("To check: ")]
    assert note.startswith("To check: ") and "Complaints.csv: every date in 'Received', 'Responded'" in note
    assert note.endswith(NOTE_END)
    assert "AmbiguousDates" not in result.output  # said once, in words, not also as a Python warning


def test_a_run_says_it_and_keeps_it_internal(unsettled, monkeypatch):
    roots = {"raw_root": unsettled / "raw", "processed_root": unsettled / "processed"}
    monkeypatch.setattr(run_module, "run", partial(run_module.run, **roots))
    outputs = unsettled / "outputs"
    result = CliRunner().invoke(app, ["run", "--authority", KEY, "--year", YEAR, "-o", str(outputs), "--no-data-docs"])
    assert result.exit_code == 0, result.output
    # the console, beside the step that found it
    shown = [line.strip() for line in result.output.splitlines() if "to check:" in line]
    assert len(shown) == 1 and shown[0].endswith(NOTE_END) and "AmbiguousDates" not in result.output
    # the run's log
    [log] = (outputs / "_internal" / "logs").glob(f"{KEY}-{YEAR}-published-*.log")
    assert NOTE_END in log.read_text()
    # the validation summary in the internal folder, with the rows
    internal = json.loads((outputs / "_internal" / KEY / YEAR / "validation.json").read_text())
    assert internal["tables"]["complaints"]["notes"][0].endswith(NOTE_END)
    # the published report counts it and never quotes it: no export line numbers in any of its files
    published = outputs / KEY / YEAR
    summary = json.loads((published / "validation" / "validation.json").read_text())
    assert summary["tables"]["complaints"]["to_check"] == 1 and "notes" not in summary["tables"]["complaints"]
    manifest = json.loads((published / "manifest.json").read_text())
    assert manifest["validation"]["tables"]["complaints"]["to_check"] == 1
    quoted = []
    for path in published.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="ignore")
            if "lines 2, 4" in text or "day or month first" in text:
                quoted.append(path.name)
    assert not quoted
