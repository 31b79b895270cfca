"""Shared test helpers: small raw folders built from the shipped demo exports, the 'tiny' test
authority (tests/tiny.py) registered for the whole session, and `shared_render`: each report of the
shipped data rendered once per test session, across xdist workers, for every test that only reads it."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import dataclass
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


# ---- renders shared by every test that only reads them ------------------------------------------


@dataclass(frozen=True)
class SharedRender:
    """One authority-year rendered by the whole pipeline, shared by the test session: `folder` is its
    published (or audit) folder. Read it, never change it: other tests read the same files."""

    folder: Path
    outputs_root: Path
    processed_root: Path
    seconds: float


def _session_dir(tmp_path_factory) -> Path:
    """A folder every xdist worker of this session sees (their base folders' parent), else our own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _made_from(authority: str, year: str) -> str:
    """What a render of the shipped data is made from, besides the code: its raw folder and config/."""
    files = sorted((DEMO_RAW.parent / authority / year).rglob("*")) + sorted((ROOT / "config").rglob("*"))
    h = hashlib.sha256(f"{authority}\0{year}\0".encode())
    for path in (p for p in files if p.is_file()):
        h.update(f"{path.relative_to(ROOT)}\0".encode() + path.read_bytes())
    return h.hexdigest()[:16]


@pytest.fixture(scope="session")
def shared_render(tmp_path_factory):
    """`shared_render(authority, year="2024-25", edition="published")` -> SharedRender: the shipped data
    of an authority-year rendered once per test session, across all xdist workers (a file lock makes a
    second worker wait for the first one's render instead of rendering it again). The published and
    audit editions of one authority-year share their processed folder, as in a real run (the audit
    edition reads the published edition's disclosure decisions), so the published one is rendered
    first. A test module that only reads a report uses it in one line:

        @pytest.fixture(scope="module")
        def folder(shared_render):
            return shared_render("lewisham").folder

    A test that changes the outputs, the processed tables or the inputs renders its own (run(...) in
    a tmp_path), as test_audit.py and test_cache.py do."""
    store = _session_dir(tmp_path_factory) / "shared-renders"
    store.mkdir(exist_ok=True)

    def render(authority: str, year: str = "2024-25", edition: str = "published") -> SharedRender:
        from pipelines.runs.run import output_dir, run

        if edition != "published":
            render(authority, year)  # its disclosure decisions first
        entry = store / f"{authority}-{year}-{_made_from(authority, year)}"
        roots = {"outputs_root": entry / "outputs", "processed_root": entry / "processed"}
        done = entry / f"{edition}.json"
        entry.mkdir(exist_ok=True)
        with open(entry / f"{edition}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, even if the render fails
            if not done.exists():
                result = run(authority, year, edition, log=lambda *_: None, **roots)
                done.write_text(json.dumps({"seconds": result.seconds}))
        seconds = json.loads(done.read_text())["seconds"]
        return SharedRender(output_dir(authority, year, edition, roots["outputs_root"]), seconds=seconds, **roots)

    return render
