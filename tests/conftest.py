"""Shared test helpers: small raw folders built from the shipped demo exports, and the 'tiny'
test authority (tests/tiny.py) registered for the whole session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipelines import ROOT
from pipelines.config.profile import EXTRA_PROFILES

DEMO_RAW = ROOT / "data" / "raw" / "demo"


@pytest.fixture(scope="session", autouse=True)
def tiny_profile(tmp_path_factory):
    from tests import tiny

    folder = tiny.profile_dir(tmp_path_factory.mktemp("profiles"))
    before = os.environ.get(EXTRA_PROFILES)
    os.environ[EXTRA_PROFILES] = str(folder)  # the section kernels inherit it
    yield folder
    if before is None:
        os.environ.pop(EXTRA_PROFILES, None)
    else:
        os.environ[EXTRA_PROFILES] = before


def small_demo_copy(dest_root: Path, year: str = "2024-25", rows: int = 60) -> Path:
    """data/raw/demo/<year> with each CSV cut to its header and first `rows` rows."""
    folder = dest_root / "demo" / year
    folder.mkdir(parents=True)
    for src in sorted((DEMO_RAW / year).glob("*.csv")):
        lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
        (folder / src.name).write_text("".join(lines[: rows + 1]), encoding="utf-8")
    _unlink_cut_complaints(folder)
    return folder


def _unlink_cut_complaints(folder: Path) -> None:
    """Ombudsman cases keep their complaint reference only if the cut copy kept that complaint (the
    contract checks that each one exists)."""
    import pandas as pd

    complaints, ombudsman = folder / "complaints.csv", folder / "ombudsman.csv"
    if not (complaints.exists() and ombudsman.exists()):
        return
    kept = set(pd.read_csv(complaints, dtype=str, keep_default_na=False)["case_ref"])
    cases = pd.read_csv(ombudsman, dtype=str, keep_default_na=False)
    if "complaint_ref" in cases:
        cases.loc[~cases["complaint_ref"].isin(kept), ["complaint_ref", "stage_reached", "route"]] = ""
        cases.to_csv(ombudsman, index=False, lineterminator="\n")


@pytest.fixture
def raw_root(tmp_path) -> Path:
    root = tmp_path / "raw"
    small_demo_copy(root)
    return root
