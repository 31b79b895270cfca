"""The processed tables of an authority-year, as a section notebook reads them: from
data/processed/<authority>/<year>/ (written by a validated run), or prepared on the spot from the raw
exports in JupyterLab (with a warning). report.py re-exports these names for the notebooks."""

from __future__ import annotations

import functools
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines import ROOT
from pipelines.config.profile import Profile, check_year, load_profile
from pipelines.config.vocabulary import tables, taxonomy
from pipelines.measures.base import covered_years
from pipelines.rules.calendar import fy_bounds

PROCESSED_ROOT = ROOT / "data" / "processed"


@dataclass
class ReportData:
    profile: Profile
    year: str
    years: list  # trend years, oldest first, ending with `year`
    frames: dict  # canonical tables with derived fields; complaints split by service
    narrative: dict = None  # the complaints team's commentary and learning (narrative.yaml)
    disclosure: dict = None  # the whole report's disclosure decisions (publish/protection.py)

    @property
    def last_year(self) -> str:
        return self.years[-2] if len(self.years) > 1 else self.year

    def __getattr__(self, name):
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(name)


DISCLOSURE_FILE = "disclosure.json"  # beside the processed tables: the last run's disclosure decisions


def processed_dir(authority: str, year: str, root: Path = PROCESSED_ROOT) -> Path:
    return root / authority / year


def as_at(year: str) -> pd.Timestamp:
    """Open cases are judged as at the last day of the financial year."""
    return fy_bounds(year)[1]


def prepare(profile: Profile, year: str, raw_root: Path | None = None) -> dict[str, pd.DataFrame]:
    """Raw exports -> typed canonical tables with derived fields (no validation gate: see run.py)."""
    from pipelines.inputs.ingest import RAW_ROOT, read_raw, typed
    from pipelines.rules.derive import derive_all

    raw = read_raw(profile, year, raw_root or RAW_ROOT)
    return derive_all({name: typed(name, t.frame) for name, t in raw.items()}, profile, as_at(year))


def read_processed(path: Path) -> pd.DataFrame:
    """A processed table; a kernel running section after section reads each file once (per version
    of it) and gives every section its own copy."""
    stat = path.stat()
    return _parquet(str(path), stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=32)
def _parquet(path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    return pd.read_parquet(path)


def write_processed(frames: dict[str, pd.DataFrame], folder: Path, narrative: dict | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    (folder / "narrative.json").write_text(json.dumps(narrative or {"commentary": {}, "learning": []}, indent=1))


def split_by_service(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Children's sections see children's procedures only; adult social care has its own table."""
    services = {code: v.get("service", "children") for code, v in taxonomy()["procedures"].items()}
    complaints = frames["complaints"]
    adults = complaints["procedure"].map(services).eq("adults")
    return {**frames, "complaints": complaints[~adults], "adult_complaints": complaints[adults]}


def load(authority: str = "demo", year: str = "2024-25", processed: str | Path | None = None) -> ReportData:
    """The processed tables for an authority-year. In JupyterLab, before any run has produced them,
    they are prepared from the raw exports on the spot (with a warning: not validated)."""
    check_year(year)
    profile = load_profile(authority)
    folder = Path(processed) if processed else processed_dir(authority, year)
    if all((folder / f"{name}.parquet").exists() for name in tables()):
        frames = {name: read_processed(folder / f"{name}.parquet") for name in tables()}
        narrative = (
            json.loads((folder / "narrative.json").read_text()) if (folder / "narrative.json").exists() else None
        )
    else:
        warnings.warn(
            f"no processed tables in {folder}; preparing them from the raw exports without "
            "validation (run `complaints-report run` for the validated report)",
            stacklevel=2,
        )
        from pipelines.inputs.ingest import raw_dir
        from pipelines.inputs.narrative_input import read_narrative

        frames = prepare(profile, year)
        from pipelines.document.declaration import load_declaration

        narrative = read_narrative(raw_dir(authority, year), [s.key for s in load_declaration(profile).sections])
    from pipelines.measures.base import with_trace_refs

    frames = {name: with_trace_refs(frame) for name, frame in frames.items()}
    decisions = folder / DISCLOSURE_FILE
    return ReportData(
        profile,
        year,
        covered_years(frames["complaints"], year, profile.trend_years),
        split_by_service(frames),
        narrative or {"commentary": {}, "learning": []},
        json.loads(decisions.read_text()) if decisions.exists() else {},
    )
