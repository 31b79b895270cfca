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


# Stage 0 is the council's own stage before the statutory procedure, and its name is the council's own
# (early resolution, pre-complaint, informal complaint, concern): a profile names it with
# `labels: {stages: {0: Pre-complaint}}`, and that name heads its rows in every procedure-and-stage table
# ("Statutory pre-complaint"). Stages 1 to 3 are the procedures' own and keep their numbers there (the
# built-in sentences, headlines and checks find them by them).
OWN_NAMED_STAGE = 0


def own_stage_name() -> str | None:
    """The profile's own name for stage 0, where it gives one."""
    return LABEL_OVERRIDES.get("stages", {}).get(OWN_NAMED_STAGE) or None


def stage_words(stage) -> str:
    """A stage as it follows the procedure in a heading ('Statutory stage 1'): 'stage N', or the
    profile's own name for stage 0 in lower case after the procedure ('pre-complaint'; an acronym such
    as 'SEND' keeps its capitals)."""
    own = own_stage_name() if int(stage) == OWN_NAMED_STAGE else None
    if not own:
        return f"stage {int(stage)}"
    return own[:1].lower() + own[1:] if own[1:2].islower() else own
