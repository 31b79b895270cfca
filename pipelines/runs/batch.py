"""Many authority-years in one command: `complaints-report run --all` or `--list runs.yaml`.

Each authority-year is rendered by `run.run` in a worker process (both cores busy), with a progress
bar. A failure (bad data, a failed check) is recorded and the batch goes on; unchanged authority-years
(same run key: inputs, profile, code and packages) are skipped unless forced. At the end the site
index and the regional comparison pages are rebuilt from whatever is published."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import yaml

from pipelines.config.profile import available_profiles, check_year, load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.document.report import PROCESSED_ROOT
from pipelines.inputs.ingest import RAW_ROOT
from pipelines.runs.run import OUTPUTS_ROOT, output_dir

EDITION = "published"


@dataclass(frozen=True)
class Job:
    authority: str
    year: str
    edition: str = EDITION

    def __str__(self) -> str:
        return f"{self.authority} {self.year}" + ("" if self.edition == EDITION else f" ({self.edition})")


@dataclass
class Outcome:
    job: Job
    status: str  # rendered | skipped | failed
    seconds: float = 0.0
    message: str = ""


# ---- what to run -------------------------------------------------------------------------------


def all_jobs(raw_root: Path = RAW_ROOT) -> list[Job]:
    """Every authority-year that has a profile and a raw data folder."""
    jobs = []
    for authority in available_profiles():
        for folder in sorted((raw_root / authority).glob("*")):
            try:
                check_year(folder.name)
            except ValueError:
                continue
            if folder.is_dir():
                jobs.append(Job(authority, folder.name))
    return jobs


def read_run_list(path: Path) -> list[Job]:
    """A YAML run list:

    runs:
      - {authority: lewisham, year: 2024-25}
      - {authority: demo, year: 2023-24, edition: audit}
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the run list ({exc})") from exc
    runs = data.get("runs") if isinstance(data, dict) else None
    if not isinstance(runs, list) or not runs:
        raise ConfigError(f"{path}: expected a list under 'runs:', e.g.\nruns:\n  - {{authority: demo, year: 2024-25}}")
    jobs = []
    for n, entry in enumerate(runs, 1):
        if (
            not isinstance(entry, dict)
            or set(entry) - {"authority", "year", "edition"}
            or not {"authority", "year"} <= set(entry)
        ):
            raise ConfigError(f"{path}: run {n} must have authority and year (and optionally edition), got {entry!r}")
        job = Job(str(entry["authority"]), str(entry["year"]), str(entry.get("edition", EDITION)))
        try:
            load_profile(job.authority)
            check_year(job.year)
        except (ConfigError, ValueError) as exc:
            raise ConfigError(f"{path}: run {n}: {exc}") from exc
        jobs.append(job)
    return list(dict.fromkeys(jobs))  # a repeated entry runs once


# ---- skipping unchanged authority-years ---------------------------------------------------------


def is_unchanged(job: Job, outputs_root: Path, raw_root: Path) -> bool:
    """True when the published report's manifest has this job's run key (and its files are there)."""
    from pipelines.publish.manifest import run_key

    folder = output_dir(job.authority, job.year, job.edition, outputs_root)
    path = folder / "manifest.json"
    if not (path.is_file() and (folder / "index.html").is_file() and (folder / "report.pdf").is_file()):
        return False
    try:
        recorded = json.loads(path.read_text(encoding="utf-8")).get("run_key")
    except ValueError:
        return False
    return recorded == run_key(load_profile(job.authority), job.year, job.edition, raw_root)


# ---- running -----------------------------------------------------------------------------------


def _render(
    job: Job, outputs_root: Path, raw_root: Path, processed_root: Path, kernels: int, data_docs: bool
) -> Outcome:
    """In a worker process: one authority-year, its failure reported rather than raised."""
    from papermill.exceptions import PapermillExecutionError

    from pipelines.inputs.files import InputFileError
    from pipelines.inputs.validate import DataValidationError
    from pipelines.publish.checks import OutputCheckError
    from pipelines.runs.run import run

    started = time.perf_counter()
    try:
        run(
            job.authority,
            job.year,
            job.edition,
            outputs_root=outputs_root,
            raw_root=raw_root,
            processed_root=processed_root,
            log=lambda *_: None,
            kernels=_worker_kernels(kernels),
            data_docs=data_docs,
        )
    except (ConfigError, InputFileError, DataValidationError, OutputCheckError, ValueError) as exc:
        return Outcome(job, "failed", time.perf_counter() - started, str(exc))
    except PapermillExecutionError as exc:
        _drop_worker_kernels()  # the next report starts from fresh kernels
        return Outcome(
            job, "failed", time.perf_counter() - started, f"a section notebook failed: {exc.ename}: {exc.evalue}"
        )
    except BaseException:
        _drop_worker_kernels()
        raise
    return Outcome(job, "rendered", time.perf_counter() - started)


# One worker process renders report after report in the same kernels, so that their start and
# imports (a few seconds of CPU each) are paid once per worker rather than once per report.
_KERNELS: dict = {}


def _worker_kernels(count: int):
    from pipelines.runs.run import SectionKernels

    if "kernels" not in _KERNELS:
        _KERNELS["kernels"] = SectionKernels(count)
        import atexit

        atexit.register(_drop_worker_kernels)
    return _KERNELS["kernels"]


def _drop_worker_kernels() -> None:
    kernels = _KERNELS.pop("kernels", None)
    if kernels is not None:
        kernels.close()


def run_batch(
    jobs: list[Job],
    force: bool = False,
    workers: int | None = None,
    outputs_root: Path = OUTPUTS_ROOT,
    raw_root: Path = RAW_ROOT,
    processed_root: Path = PROCESSED_ROOT,
    progress: bool | None = None,
    data_docs: bool = False,
) -> list[Outcome]:
    """Render `jobs` (skipping unchanged ones unless `force`) in parallel; never raises for one job's
    failure. Returns one Outcome per job, in the order given. The progress bar shows on a terminal
    (progress=None), always (True) or never (False). Data Docs (for analysts investigating one
    authority's data) are built only if asked: they cost about a second of CPU per report."""
    from tqdm import tqdm

    from pipelines.publish.regional import write_regional_pages
    from pipelines.publish.site import write_site_index

    outcomes: dict[Job, Outcome] = {}
    todo = []
    for job in jobs:
        if not force and is_unchanged(job, outputs_root, raw_root):
            outcomes[job] = Outcome(
                job, "skipped", message="unchanged since the last run (use --force to render it again)"
            )
        else:
            todo.append(job)
    cores = os.cpu_count() or 1
    # One worker more than cores, each with one kernel: while one report's worker validates or
    # publishes and its kernel waits (or the other way round), another's has the core.
    workers = max(1, min(workers or cores + 1, len(todo) or 1))
    kernels = 1
    if todo:
        # spawn: each worker starts clean (no inherited threads or sockets) and then imports once
        context = multiprocessing.get_context("spawn")
        with (
            ProcessPoolExecutor(workers, mp_context=context) as pool,
            tqdm(
                total=len(todo), desc="Reports", unit="report", disable=None if progress is None else not progress
            ) as bar,
        ):
            futures = {
                pool.submit(_render, job, outputs_root, raw_root, processed_root, kernels, data_docs): job
                for job in todo
            }
            for future in as_completed(futures):
                job = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # a crash in the worker: still only this job fails
                    outcome = Outcome(job, "failed", message=f"{type(exc).__name__}: {exc}")
                outcomes[job] = outcome
                bar.set_postfix_str(f"{job}: {outcome.status}")
                bar.update()
    from datetime import datetime

    generated = f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC."
    write_regional_pages(outputs_root, generated)
    write_site_index(outputs_root, generated)
    return [outcomes[job] for job in jobs]


def summary(outcomes: list[Outcome]) -> str:
    """A plain-text table of what happened, then each failure's message."""
    lines = [f"{'authority-year':<32} {'result':<9} {'seconds':>7}"]
    for o in outcomes:
        lines.append(f"{str(o.job):<32} {o.status:<9} {o.seconds:>7.0f}")
    counts = {s: sum(o.status == s for o in outcomes) for s in ("rendered", "skipped", "failed")}
    lines.append(f"{counts['rendered']} rendered, {counts['skipped']} skipped (unchanged), {counts['failed']} failed")
    for o in outcomes:
        if o.status == "failed":
            lines.append(f"\nFAILED {o.job}:\n{o.message}")
    return "\n".join(lines)
