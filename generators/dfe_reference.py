"""The DfE statistics shipped in data/reference/dfe/: the rows and columns the project reads, cut from
DfE's published files (`python -m generators dfe-reference --source <folder of DfE downloads>`).

Kept: the identifying columns, the filter column and the one value column each measure uses
(pipelines.inputs.dfe.SOURCES), local authority and national rows, and only the filter value used;
the statistical neighbour groupings are copied unchanged. Column order, text and byte order mark are
kept as DfE published them, so the reader meets the same quirks as with a user's own downloads.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from pipelines import ROOT
from pipelines.inputs import dfe

TARGET = ROOT / "data" / "reference" / "dfe"
LEVELS = ("Local authority", "National")
BOM = "\ufeff"


def _kept_columns(header: list[str], source: dfe.Source) -> list[str]:
    wanted = {*dfe.ID_COLUMNS, *dfe.COMMON_FILTERS, *source.filters, source.column}
    missing = wanted - set(header)
    if missing:
        raise ValueError(f"{source.file}: missing column(s) {', '.join(sorted(missing))}")
    return [c for c in header if c in wanted]  # DfE's own order (it differs between files)


def trimmed_text(path: Path, source: dfe.Source) -> str:
    """The kept rows and columns of one DfE file, as text in the file's own encoding conventions."""
    raw = path.read_text(encoding="utf-8")
    has_bom = raw.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(raw.removeprefix(BOM))))
    columns = _kept_columns(list(rows[0]), source)
    keep = dfe.COMMON_FILTERS | source.filters
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(r for r in rows if r["geographic_level"] in LEVELS and all(r[c] == v for c, v in keep.items()))
    return (BOM if has_bom else "") + out.getvalue()


def write(source_dir: Path, target: Path = TARGET) -> list[Path]:
    """Write the shipped copies into `target` from DfE's files in `source_dir`."""
    source_dir, target = Path(source_dir), Path(target)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in dfe.SOURCES.values():
        path = target / source.file
        path.write_text(trimmed_text(source_dir / source.file, source), encoding="utf-8", newline="")
        written.append(path)
    neighbours = target / dfe.NEIGHBOURS_FILE
    shutil.copyfile(source_dir / dfe.NEIGHBOURS_FILE, neighbours)
    return [*written, neighbours]
