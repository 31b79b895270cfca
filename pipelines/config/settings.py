"""A team's defaults for the command line (config/settings.yaml, or the file named by the environment
variable COMPLAINTS_REPORT_SETTINGS), so that nobody types the same long command every day.

Every key is optional; a command-line option always wins over the file. Paths are relative to the
repository. Documented in README ("A team's settings").
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from pipelines import ROOT
from pipelines.config.vocabulary import CONFIG_DIR, ConfigError, _read_yaml

SETTINGS_VARIABLE = "COMPLAINTS_REPORT_SETTINGS"
DEFAULT_FILE = CONFIG_DIR / "settings.yaml"
VERBOSITIES = ("quiet", "normal", "verbose")
EDITIONS = ("published", "audit")


@dataclass(frozen=True)
class TeamSettings:
    authority: str | None = None  # the profile `run`, `validate` and `verify` use when none is given
    year: str | None = None  # likewise the financial year, 2024-25
    edition: str = "published"
    output_folder: Path | None = None  # reports are written here instead of outputs/
    dfe_folder: Path | None = None  # DfE downloads to read instead of data/reference/dfe/
    workers: int | None = None  # batch: reports rendered at once
    data_docs: bool = False  # batch: also build Data Docs
    verbosity: str = "normal"  # quiet, normal or verbose


_TYPES = {
    "authority": str,
    "year": str,
    "edition": EDITIONS,
    "output_folder": Path,
    "dfe_folder": Path,
    "workers": int,
    "data_docs": bool,
    "verbosity": VERBOSITIES,
}


def settings_file() -> Path:
    return Path(os.environ.get(SETTINGS_VARIABLE) or DEFAULT_FILE)


def _checked(path: Path, key: str, value):
    kind = _TYPES[key]
    if isinstance(kind, tuple):
        if value not in kind:
            raise ConfigError(f"{path}: {key} must be one of {', '.join(kind)}, got {value!r}")
        return value
    if kind is Path:
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: {key} must be a folder path, got {value!r}")
        folder = Path(value).expanduser()
        return folder if folder.is_absolute() else ROOT / folder
    if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ConfigError(f"{path}: {key} must be a whole number of at least 1, got {value!r}")
    if kind is bool and not isinstance(value, bool):
        raise ConfigError(f"{path}: {key} must be true or false, got {value!r}")
    if kind is str and not isinstance(value, str):
        raise ConfigError(f"{path}: {key} must be text, got {value!r}")  # e.g. year: 2024-25 unquoted is text
    return value


def team_settings(path: Path | None = None) -> TeamSettings:
    """The settings file read and checked (no file: every default). Unknown keys are refused, naming
    the file, the key and the keys allowed."""
    path = Path(path or settings_file())
    if not path.is_file():
        if path != DEFAULT_FILE:
            raise ConfigError(f"{path}: settings file not found (named by {SETTINGS_VARIABLE})")
        return TeamSettings()
    data = _read_yaml(path)
    allowed = [f.name for f in fields(TeamSettings)]
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}")
    return TeamSettings(**{key: _checked(path, key, value) for key, value in data.items() if value is not None})
