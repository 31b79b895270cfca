"""The complaints-report command line."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Statutory annual report on children's services complaints, compliments and enquiries.",
)


def _fail(message: str, code: int = 1):
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


@app.command()
def run(
    authority: str = typer.Option("demo", help="Authority profile (config/authorities/<name>.yaml)"),
    year: str = typer.Option("2024-25", help="Financial year, e.g. 2024-25"),
    edition: str = typer.Option("published", help="published, or audit (calculation steps, internal only)"),
    all_: bool = typer.Option(False, "--all", help="Every authority-year with a profile and raw data"),
    run_list: Path = typer.Option(None, "--list", help="A YAML run list (runs: [{authority, year}, ...])"),
    force: bool = typer.Option(False, "--force", help="With --all/--list: render unchanged authority-years too"),
    workers: int = typer.Option(None, help="With --all/--list: reports rendered at once (default: cores + 1)"),
    data_docs: bool = typer.Option(False, "--data-docs", help="With --all/--list: also build each report's Data Docs"),
):
    """Validate the raw exports, run every section notebook and publish HTML and PDF. With --all or
    --list, many authority-years in parallel, then the site index and regional comparison pages."""
    if all_ or run_list:
        _run_many(all_, run_list, force, workers, data_docs)
        return
    from papermill.exceptions import PapermillExecutionError

    from pipelines.config.vocabulary import ConfigError
    from pipelines.inputs.files import InputFileError
    from pipelines.inputs.validate import DataValidationError
    from pipelines.publish.checks import OutputCheckError
    from pipelines.runs.run import run as run_report

    try:
        run_report(authority, year, edition)
    except (ConfigError, InputFileError, DataValidationError, OutputCheckError, ValueError) as exc:
        _fail(str(exc))
    except PapermillExecutionError as exc:
        _fail(
            f"A section notebook failed, so nothing was published and earlier outputs are unchanged.\n"
            f"{exc.ename}: {exc.evalue}\nThe executed notebook with the error is shown above; rerun it in "
            "JupyterLab to investigate."
        )


def _run_many(all_: bool, run_list: Path | None, force: bool, workers: int | None, data_docs: bool) -> None:
    from pipelines.config.vocabulary import ConfigError
    from pipelines.runs import batch

    if all_ and run_list:
        _fail("give --all or --list, not both")
    try:
        jobs = batch.all_jobs() if all_ else batch.read_run_list(run_list)
    except ConfigError as exc:
        _fail(str(exc))
    if not jobs:
        _fail("nothing to run: no authority has both a profile and a raw data folder")
    outcomes = batch.run_batch(jobs, force=force, workers=workers, data_docs=data_docs)
    typer.echo(batch.summary(outcomes))
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


@app.command()
def verify(authority: str = typer.Option("demo"), year: str = typer.Option("2024-25")):
    """Rerun the published report from its raw inputs and compare every table and figure with its
    manifest; exits 1 and lists what changed if anything differs."""
    from pipelines.config.vocabulary import ConfigError
    from pipelines.runs.verify import verify as run_verify

    try:
        result = run_verify(authority, year, log=lambda line: typer.echo(f"  - {line}"))
    except (ConfigError, FileNotFoundError, ValueError) as exc:
        _fail(str(exc))
    if not result.ok:
        _fail(f"{len(result.changes)} difference(s) from outputs/{authority}/{year}/manifest.json (listed above)")
    typer.echo("Verified: a rerun from the raw inputs reproduces every table and figure in the manifest.")


@app.command()
def validate(authority: str = typer.Option("demo"), year: str = typer.Option("2024-25")):
    """Check the raw exports against the data contract without rendering anything."""
    from pipelines.config.profile import load_profile
    from pipelines.config.vocabulary import ConfigError
    from pipelines.inputs.files import InputFileError
    from pipelines.inputs.ingest import read_raw
    from pipelines.inputs.validate import DataValidationError
    from pipelines.inputs.validate import validate as run_validation
    from pipelines.rules.privacy import label_problems

    try:
        profile = load_profile(authority)
        report = run_validation(read_raw(profile, year), profile, year, label_check=label_problems)
    except (ConfigError, InputFileError, DataValidationError) as exc:
        _fail(str(exc))
    for table, info in report.tables.items():
        typer.echo(f"{table}: {info['rows']} rows passed {info['expectations']} checks ({info['file']})")


@app.command("due-date")
def due_date(
    received: str = typer.Argument(..., help="Date received, YYYY-MM-DD"),
    days: int = typer.Argument(..., help="Timescale in working days"),
    authority: str = typer.Option(None, help="Use this authority's counting convention"),
):
    """When is a response due? Prints the due date as YYYY-MM-DD on the last line."""
    from datetime import date

    from pipelines.config.profile import load_profile
    from pipelines.config.vocabulary import ConfigError
    from pipelines.rules.calendar import COUNT_FROM_TEXT, add_working_days

    try:
        start = date.fromisoformat(received)
    except ValueError:
        _fail(f"received must be a date written YYYY-MM-DD, got {received!r}", 2)
    if days < 0:
        _fail("days must be zero or more", 2)
    count_from = "next_working_day"
    if authority:
        try:
            count_from = load_profile(authority).count_from
        except ConfigError as exc:
            _fail(str(exc), 2)
    typer.echo(f"{days} working days from {start:%A %-d %B %Y}. {COUNT_FROM_TEXT[count_from]}")
    typer.echo(str(add_working_days(start.isoformat(), days, count_from)))


@app.command()
def contract(check: bool = typer.Option(False, "--check", help="Only check the committed files are current")):
    """Regenerate expectations/*.json and docs/data-contract.md from config/tables.yaml."""
    from pipelines.config.vocabulary import tables
    from pipelines.inputs.contract import CONTRACT_DOC, EXPECTATIONS_DIR, contract_markdown, suite_text, write_all

    if check:
        stale = [t for t in tables() if (EXPECTATIONS_DIR / f"{t}.json").read_text() != suite_text(t)]
        if CONTRACT_DOC.read_text() != contract_markdown():
            stale.append(str(CONTRACT_DOC))
        if stale:
            _fail(f"out of date: {stale}; run `complaints-report contract`")
        typer.echo("contract files are up to date")
        return
    for path in write_all():
        typer.echo(f"wrote {path}")


def main():  # pragma: no cover
    sys.exit(app())
