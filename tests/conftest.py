"""Shared test helpers: small raw folders built from the shipped demo exports."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines import ROOT

DEMO_RAW = ROOT / "data" / "raw" / "demo"


def small_demo_copy(dest_root: Path, year: str = "2024-25", rows: int = 60) -> Path:
    """data/raw/demo/<year> with each CSV cut to its header and first `rows` rows."""
    folder = dest_root / "demo" / year
    folder.mkdir(parents=True)
    for src in sorted((DEMO_RAW / year).glob("*.csv")):
        lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
        (folder / src.name).write_text("".join(lines[: rows + 1]), encoding="utf-8")
    return folder


@pytest.fixture
def raw_root(tmp_path) -> Path:
    root = tmp_path / "raw"
    small_demo_copy(root)
    return root
