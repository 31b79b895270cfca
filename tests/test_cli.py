"""The command line: due dates for analysts, and refusing bad parameters."""

from __future__ import annotations

from typer.testing import CliRunner

from generators.__main__ import app as generators_app
from pipelines.runs.cli import app

runner = CliRunner()


def test_due_date_prints_iso_date_on_last_line():
    # received Fri 20 Dec 2024; day 1 Mon 23, 2 Tue 24, (25, 26 bank holidays) 3 Fri 27, 4 Mon 30,
    # 5 Tue 31, (1 Jan holiday) 6 Thu 2, 7 Fri 3, 8 Mon 6, 9 Tue 7, 10 Wed 8 Jan 2025
    result = runner.invoke(app, ["due-date", "2024-12-20", "10"])
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1] == "2025-01-08"


def test_due_date_with_authority_profile():
    result = runner.invoke(app, ["due-date", "2025-04-17", "10", "--authority", "demo"])
    # Thu 17 Apr 2025; Good Friday 18, Easter Monday 21; 1 Tue 22 .. 7 Wed 30, 8 Thu 1 May, 9 Fri 2,
    # (Mon 5 May bank holiday) 10 Tue 6 May
    assert result.exit_code == 0 and result.output.strip().splitlines()[-1] == "2025-05-06"


def test_due_date_refuses_a_bad_date():
    result = runner.invoke(app, ["due-date", "20/12/2024", "10"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_run_refuses_unknown_authority_and_path_traversal():
    for name in ("nowhere", "../../etc/passwd", "demo/../demo"):
        result = runner.invoke(app, ["run", "--authority", name, "--year", "2024-25"])
        assert result.exit_code == 1 and "unknown authority" in result.output


def test_run_refuses_a_malformed_year():
    for year in ("2024-2025", "2024-26", "../2024-25"):
        result = runner.invoke(app, ["run", "--authority", "demo", "--year", year])
        assert result.exit_code == 1 and "financial year" in result.output


def test_contract_and_demo_checks_pass():
    assert runner.invoke(app, ["contract", "--check"]).exit_code == 0
    assert runner.invoke(generators_app, ["demo", "--check"]).exit_code == 0


def test_reconstruct_checks_the_shipped_lancashire_data_and_refuses_unknown_authorities():
    assert runner.invoke(generators_app, ["reconstruct", "--authority", "lancashire", "--check"]).exit_code == 0
    for name in ("nowhere", "../lancashire", "os.path"):
        result = runner.invoke(generators_app, ["reconstruct", "--authority", name])
        assert result.exit_code == 2 and "unknown authority" in result.output
