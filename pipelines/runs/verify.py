"""`verify`: rerun a published report from its raw inputs in a temporary folder and compare every
table cell and headline figure with its manifest, and every input with the hash recorded there."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipelines import ROOT
from pipelines.inputs.ingest import RAW_ROOT
from pipelines.publish.manifest import sha256
from pipelines.runs.run import OUTPUTS_ROOT, output_dir, run


@dataclass
class Verification:
    ok: bool
    changes: list = field(default_factory=list)
    rerun: Path | None = None


def compare(old: dict, new: dict) -> list[str]:
    """Every table cell and figure that differs between two manifests."""
    changes = []
    old_tables = {t["key"]: t for t in old["tables"]}
    new_tables = {t["key"]: t for t in new["tables"]}
    for key in sorted(set(old_tables) | set(new_tables)):
        if key not in new_tables or key not in old_tables:
            changes.append(f"table {key} is {'no longer' if key not in new_tables else 'newly'} published")
            continue
        a, b = old_tables[key]["cells"], new_tables[key]["cells"]
        for row in sorted(set(a) | set(b), key=str):
            for column in sorted(set(a.get(row, {})) | set(b.get(row, {})), key=str):
                before, after = a.get(row, {}).get(column), b.get(row, {}).get(column)
                if before != after:
                    changes.append(f"table {key} ({old_tables[key]['number']}), {row} / {column}: {before} -> {after}")
    old_figures = {f["id"]: f for f in old["figures"]}
    for figure in new["figures"]:
        before = old_figures.get(figure["id"], {}).get("value")
        if before != figure["value"]:
            changes.append(f"figure {figure['id']} ({figure['label']}): {before} -> {figure['value']}")
    return changes


def changed_inputs(manifest: dict) -> list[str]:
    out = []
    for item in manifest["inputs"]:
        path = ROOT / item["path"]
        if not path.exists():
            out.append(f"input {item['path']} is missing")
        elif sha256(path) != item["sha256"]:
            out.append(
                f"input {item['path']} has changed since the report was produced "
                f"(SHA-256 {item['sha256'][:12]}... -> {sha256(path)[:12]}...)"
            )
    return out


def verify(
    authority: str,
    year: str,
    outputs_root: Path | None = None,
    raw_root: Path | None = None,
    keep: Path | None = None,
    log=print,
) -> Verification:
    """Rerun the published report from its raw inputs in a temporary folder and compare every table
    cell and figure with the manifest."""
    outputs_root = outputs_root or OUTPUTS_ROOT
    manifest_path = output_dir(authority, year, "published", outputs_root) / "manifest.json"
    if not manifest_path.exists():
        raise FileNotFoundError(f"no manifest at {manifest_path}: render the report first")
    old = json.loads(manifest_path.read_text(encoding="utf-8"))
    changes = changed_inputs(old)
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="complaints-verify-"))
    result = run(
        authority,
        year,
        old["edition"],
        outputs_root=work / "outputs",
        raw_root=raw_root or RAW_ROOT,
        processed_root=work / "processed",
        log=lambda *_: None,
    )
    new = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    changes += compare(old, new)
    for line in changes:
        log(line)
    return Verification(ok=not changes, changes=changes, rerun=result.folder)
