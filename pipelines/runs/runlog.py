"""What a run says, on the terminal as asked (--quiet, --verbose) and always in full in a log file of
its own, <output folder>/_internal/logs/<authority>-<year>-<edition>-<UTC time>.log: the internal
folder is for analysts and is never published."""

from __future__ import annotations

import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from pipelines import ROOT

# The same folder as pipelines.runs.run.OUTPUTS_ROOT (a test keeps them equal); not imported from
# there, because run.py brings pandas and Jupyter with it and a refusal must stay fast.
OUTPUTS_ROOT = ROOT / "outputs"
LEVELS = ("quiet", "normal", "verbose")


def verbosity(quiet: bool, verbose: bool, default: str = "normal") -> str:
    return "quiet" if quiet else "verbose" if verbose else default


def log_dir(outputs_root: Path | None = None) -> Path:
    return Path(outputs_root or OUTPUTS_ROOT) / "_internal" / "logs"


class RunLog:
    """A callable `log(line)` for pipelines.runs.run.run: every line goes to the file with its time;
    the terminal gets none of them (quiet), each (normal), or each with the seconds since the start
    (verbose)."""

    def __init__(self, authority: str, year: str, edition: str, level: str = "normal", outputs_root=None, echo=None):
        if level not in LEVELS:
            raise ValueError(f"verbosity must be one of {', '.join(LEVELS)}, got {level!r}")
        self.level, self.started = level, time.perf_counter()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self.path = log_dir(outputs_root) / f"{authority}-{year}-{edition}-{stamp}.log"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "w", encoding="utf-8")  # closed by __exit__
        self._echo = echo or print
        self._write(f"run {authority} {year} {edition}")

    def _write(self, line: str) -> None:
        self._file.write(f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} {time.perf_counter() - self.started:7.1f}s {line}\n")
        self._file.flush()

    def __call__(self, line: str) -> None:
        self._write(line)
        if self.level == "normal":
            self._echo(line)
        elif self.level == "verbose":
            self._echo(f"{time.perf_counter() - self.started:6.1f}s {line}")

    def failed(self, exc: BaseException) -> None:
        """The error and its traceback in the file; the traceback on the terminal too when verbose."""
        text = "".join(traceback.format_exception(exc))
        self._write(f"FAILED: {exc}\n{text}")
        if self.level == "verbose":
            self._echo(text)

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is not None and not isinstance(exc, SystemExit) and kind.__name__ != "Exit":
            self.failed(exc)
        self._file.close()
