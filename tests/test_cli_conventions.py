"""Command-line conventions: fast refusals with "did you mean" and the years that exist, years written
either way, a team's settings file, verbosity, and a log per run."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipelines import ROOT
from pipelines.config.settings import SETTINGS_VARIABLE, team_settings
from pipelines.config.vocabulary import ConfigError
from pipelines.runs import preflight, runlog
from pipelines.runs.cli import app

runner = CliRunner()


def test_years_are_accepted_with_a_hyphen_or_a_slash():
    assert preflight.normal_year("2024-25") == "2024-25"
    assert preflight.normal_year("2024/25") == "2024-25"
    assert preflight.normal_year(" 1999/00 ") == "1999-00"
    for bad in ("2024-2025", "2024/26", "24/25", "2024_25", "../2024-25"):
        with pytest.raises(ConfigError, match="2024-25 or 2024/25"):
            preflight.normal_year(bad)


def test_a_misspelt_authority_gets_did_you_mean():
    result = runner.invoke(app, ["run", "--authority", "lancashre", "--year", "2024-25"])
    assert result.exit_code == 1
    assert "unknown authority 'lancashre'" in result.output and "Did you mean lancashire?" in result.output
    result = runner.invoke(app, ["validate", "--authority", "zzzz"])
    assert result.exit_code == 1 and "Did you mean" not in result.output and "Profiles: demo," in result.output


def test_a_year_without_data_lists_the_years_that_have_it():
    # data/raw/lancashire/ holds 2021-22 and 2024-25 (the two reconstructed reports)
    result = runner.invoke(app, ["run", "--authority", "lancashire", "--year", "2019/20"])
    assert result.exit_code == 1
    assert "lancashire 2019-20" in result.output and "years with data: 2021-22, 2024-25" in result.output


def test_refusal_is_quick_and_imports_nothing_heavy():
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    code = (
        "import sys; sys.argv = ['complaints-report', 'run', '--authority', 'lancashre']\n"
        "from pipelines.runs.cli import app\n"
        "try:\n    app()\nexcept SystemExit as e:\n    code = e.code\n"
        "heavy = sorted(m for m in ('pandas', 'great_expectations', 'papermill', 'matplotlib', 'nbformat') if m in sys.modules)\n"
        "print(code, heavy)"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.stdout.strip().splitlines()[-1] == "1 []", done.stdout + done.stderr
    # CPU time, which a loaded machine inflates far less than wall time: about 0.5 s here (typer is
    # most of it), against 12-15 s when the refusal came after the heavy imports
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert cpu < 2, cpu


def test_the_same_folders_as_the_heavy_modules():
    from pipelines.inputs.ingest import RAW_ROOT
    from pipelines.runs.run import OUTPUTS_ROOT

    assert preflight.RAW_ROOT == RAW_ROOT and runlog.OUTPUTS_ROOT == OUTPUTS_ROOT


def test_settings_fill_in_defaults_and_refuse_unknown_keys(tmp_path, monkeypatch):
    settings = tmp_path / "team.yaml"
    settings.write_text('authority: lancashre\nyear: "2024/25"\noutput_folder: reports\nworkers: 3\n')
    monkeypatch.setenv(SETTINGS_VARIABLE, str(settings))
    loaded = team_settings()
    assert (loaded.authority, loaded.year, loaded.workers) == ("lancashre", "2024/25", 3)
    assert loaded.output_folder == ROOT / "reports"  # relative to the repository
    # the settings' (misspelt) authority is the one used when no --authority is given
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 1 and "Did you mean lancashire?" in result.output
    # ... and an option given on the command line wins
    result = runner.invoke(app, ["validate", "--authority", "nowhere"])
    assert "unknown authority 'nowhere'" in result.output
    settings.write_text("authority: demo\nthreshold: 3\n")
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 2 and f"{settings}: unknown setting(s) threshold; allowed: authority" in result.output
    settings.write_text("verbosity: loud\n")
    with pytest.raises(ConfigError, match="verbosity must be one of quiet, normal, verbose, got 'loud'"):
        team_settings()
    settings.write_text("workers: 0\n")
    with pytest.raises(ConfigError, match="workers must be a whole number of at least 1"):
        team_settings()
    monkeypatch.setenv(SETTINGS_VARIABLE, str(tmp_path / "missing.yaml"))
    with pytest.raises(ConfigError, match="settings file not found"):
        team_settings()


def test_quiet_and_verbose_together_are_refused():
    result = runner.invoke(app, ["run", "--quiet", "--verbose"])
    assert result.exit_code == 2 and "--quiet or --verbose, not both" in result.output


def test_boolean_options_are_flags_with_their_negation():
    text = runner.invoke(app, ["run", "--help"], env={"COLUMNS": "200"}).output
    for flag in ("--data-docs", "--no-data-docs", "--quiet", "--verbose", "--force", "--output-folder"):
        assert flag in text, flag


def test_run_log_writes_everything_and_echoes_as_asked(tmp_path):
    said = {}
    for level in ("quiet", "normal", "verbose"):
        lines = said.setdefault(level, [])
        with runlog.RunLog("demo", "2024-25", "published", level, tmp_path, echo=lines.append) as log:
            log("[1/4] Validating")
            log.failed(ValueError("complaints.csv line 3: bad outcome"))
        text = log.path.read_text()
        assert "run demo 2024-25 published" in text and "[1/4] Validating" in text and "bad outcome" in text
        assert log.path.parent == tmp_path / "_internal" / "logs"
    assert said["quiet"] == [] and said["normal"] == ["[1/4] Validating"]
    assert said["verbose"][0].endswith("s [1/4] Validating") and "ValueError" in said["verbose"][1]
    assert len(list((tmp_path / "_internal" / "logs").glob("demo-2024-25-published-*.log"))) == 3
