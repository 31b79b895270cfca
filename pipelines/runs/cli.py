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


def _settings():
    from pipelines.config.settings import team_settings
    from pipelines.config.vocabulary import ConfigError

    try:
        return team_settings()
    except ConfigError as exc:
        _fail(str(exc), 2)


def _checked(authority: str | None, year: str | None):
    """Authority and year (settings' defaults filled in) checked in well under a second, before any
    heavy import; exits 1 with "did you mean" and the years that have data."""
    from pipelines.config.vocabulary import ConfigError
    from pipelines.runs.preflight import check_run

    settings = _settings()
    authority = authority or settings.authority or "demo"
    try:
        return authority, check_run(authority, year or settings.year or "2024-25"), settings
    except ConfigError as exc:
        _fail(str(exc))


AUTHORITY_HELP = "Authority profile (config/authorities/<name>.yaml) [default: the settings' authority, else demo]"
YEAR_HELP = "Financial year, 2024-25 or 2024/25 [default: the settings' year, else 2024-25]"


@app.command()
def run(
    authority: str = typer.Option(None, help=AUTHORITY_HELP, show_default=False),
    year: str = typer.Option(None, help=YEAR_HELP, show_default=False),
    edition: str = typer.Option(
        None,
        help="published, or audit (calculation steps, internal only) [default: the settings' edition, else published]",
    ),
    all_: bool = typer.Option(False, "--all", help="Every authority-year with a profile and raw data"),
    run_list: Path = typer.Option(None, "--list", help="A YAML run list (runs: [{authority, year}, ...])"),
    force: bool = typer.Option(False, "--force", help="With --all/--list: render unchanged authority-years too"),
    workers: int = typer.Option(None, help="With --all/--list: reports rendered at once (default: cores + 1)"),
    data_docs: bool = typer.Option(
        None,
        "--data-docs/--no-data-docs",
        help="Build Great Expectations Data Docs in the internal folder [default: yes for one report, "
        "no with --all/--list, unless the settings say]",
        show_default=False,
    ),
    output_folder: Path = typer.Option(
        None,
        "--output-folder",
        "-o",
        help="Write reports here instead of outputs/ [default: the settings' output_folder]",
    ),
    cache: bool = typer.Option(
        True, "--cache/--no-cache", help="Copy back sections whose inputs have not changed since a previous run"
    ),
    watch: bool = typer.Option(
        False, "--watch", help="Render, then again whenever the profile, an export or narrative.yaml changes"
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors and where the report is"),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Also print each step's time and a failure's traceback"
    ),
):
    """Validate the raw exports, run every section notebook and publish HTML and PDF. With --all or
    --list, many authority-years in parallel, then the site index and regional comparison pages.
    Every run also writes a log in <output folder>/_internal/logs/."""
    from pipelines.runs.runlog import RunLog, verbosity

    if quiet and verbose:
        _fail("give --quiet or --verbose, not both", 2)
    settings = _settings()
    if (edition or settings.edition) not in ("published", "audit"):
        _fail(f"edition must be published or audit, got {edition!r}", 2)
    level = verbosity(quiet, verbose, settings.verbosity)
    outputs_root = output_folder or settings.output_folder
    if all_ or run_list:
        docs = settings.data_docs if data_docs is None else data_docs
        _run_many(all_, run_list, force, workers or settings.workers, docs, outputs_root)
        return
    authority, year, settings = _checked(authority, year)
    edition = edition or settings.edition
    docs = True if data_docs is None else data_docs

    def render(kernels=None):
        with RunLog(authority, year, edition, level, outputs_root) as log:
            result = _render(authority, year, edition, log, outputs_root, docs, cache, kernels)
            if level == "quiet":
                typer.echo(result.folder / "index.html")

    if watch:
        _watch(authority, year, render)
    else:
        render()


def _watch(authority: str, year: str, render) -> None:
    """Renders in kernels kept up between renders; a failed render is reported and the watch goes on."""
    import os

    from pipelines.runs.preflight import RAW_ROOT
    from pipelines.runs.run import SectionKernels
    from pipelines.runs.watch import watch, watched_files

    def again(kernels):
        try:
            render(kernels)
        except typer.Exit:
            typer.echo("Still watching: fix the problem above and save.")

    try:
        with SectionKernels(min(2, os.cpu_count() or 1)) as kernels:
            watch(lambda: again(kernels), lambda: watched_files(authority, year, RAW_ROOT), log=typer.echo)
    except KeyboardInterrupt:
        typer.echo("Stopped watching.")


def _render(authority, year, edition, log, outputs_root, data_docs, cache=True, kernels=None):
    from papermill.exceptions import PapermillExecutionError

    from pipelines.config.vocabulary import ConfigError
    from pipelines.inputs.files import InputFileError
    from pipelines.inputs.validate import DataValidationError
    from pipelines.publish.checks import OutputCheckError
    from pipelines.runs.run import run as run_report

    roots = {"outputs_root": Path(outputs_root)} if outputs_root else {}
    try:
        return run_report(authority, year, edition, log=log, data_docs=data_docs, cache=cache, kernels=kernels, **roots)
    except (ConfigError, InputFileError, DataValidationError, OutputCheckError, ValueError) as exc:
        log.failed(exc)
        _fail(f"{exc}\n(log: {log.path})")
    except PapermillExecutionError as exc:
        log.failed(exc)
        _fail(
            f"A section notebook failed, so nothing was published and earlier outputs are unchanged.\n"
            f"{exc.ename}: {exc.evalue}\nThe executed notebook with the error is shown above; rerun it in "
            f"JupyterLab to investigate. (log: {log.path})"
        )


def _run_many(
    all_: bool, run_list: Path | None, force: bool, workers: int | None, data_docs: bool, outputs_root: Path | None
) -> None:
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
    roots = {"outputs_root": Path(outputs_root)} if outputs_root else {}
    outcomes = batch.run_batch(jobs, force=force, workers=workers, data_docs=data_docs, **roots)
    typer.echo(batch.summary(outcomes))
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


@app.command()
def verify(
    authority: str = typer.Option(None, help=AUTHORITY_HELP, show_default=False),
    year: str = typer.Option(None, help=YEAR_HELP, show_default=False),
):
    """Rerun the published report from its raw inputs and compare every table and figure with its
    manifest; exits 1 and lists what changed if anything differs."""
    authority, year, _ = _checked(authority, year)
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
def validate(
    authority: str = typer.Option(None, help=AUTHORITY_HELP, show_default=False),
    year: str = typer.Option(None, help=YEAR_HELP, show_default=False),
):
    """Check the raw exports against the data contract without rendering anything."""
    authority, year, _ = _checked(authority, year)
    from pipelines.config.profile import load_profile
    from pipelines.config.vocabulary import ConfigError
    from pipelines.inputs.files import InputFileError
    from pipelines.inputs.ingest import read_raw
    from pipelines.inputs.validate import DataValidationError
    from pipelines.inputs.validate import validate as run_validation
    from pipelines.rules.privacy import label_problems

    try:
        profile = load_profile(authority)
        report = run_validation(read_raw(profile, year, warn=False), profile, year, label_check=label_problems)
    except (ConfigError, InputFileError, DataValidationError) as exc:
        _fail(str(exc))
    for table, info in report.tables.items():
        typer.echo(f"{table}: {info['rows']} rows passed {info['expectations']} checks ({info['file']})")
    for note in report.notes():  # passed, but some rows need checking by hand against the system
        typer.echo(f"To check: {note}")


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
