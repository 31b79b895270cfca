"""The shared vocabulary: the taxonomy (codes and labels, config/taxonomy.yaml) and the data contract
(config/tables.yaml), read safely and once per version of each file."""

from __future__ import annotations

import copy
from functools import cache, lru_cache
from pathlib import Path

import yaml

from pipelines import ROOT

CONFIG_DIR = ROOT / "config"


class ConfigError(ValueError):
    """A profile, parameter or configuration file is not usable."""


def _read_yaml(path: Path) -> dict:
    # Every section notebook loads the profile: parse each file once per version of it (a changed
    # file has a new modification time and size), and hand out copies so that no caller changes another's.
    stat = Path(path).stat()
    return copy.deepcopy(_parsed_yaml(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=64)
def _parsed_yaml(path: str, mtime_ns: int, size: int) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


@cache
def taxonomy() -> dict:
    return _read_yaml(CONFIG_DIR / "taxonomy.yaml")


@cache
def tables() -> dict:
    return _read_yaml(CONFIG_DIR / "tables.yaml")


def codes(list_name: str) -> list:
    """The canonical codes of one taxonomy list, in their configured order."""
    return list(taxonomy()[list_name].keys())


# Labels a profile prints instead of the taxonomy's (its `labels: {list: {code: label}}`), set for each
# section by report.Section; the codes, and what is counted under them, never change.
LABEL_OVERRIDES: dict = {}


def label(list_name: str, code) -> str:
    override = LABEL_OVERRIDES.get(list_name, {}).get(code)
    if override:
        return override
    entry = taxonomy()[list_name][code]
    return entry["label"] if isinstance(entry, dict) else entry
