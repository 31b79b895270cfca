"""`verify`: check every published file and input against the SHA-256 its manifest recorded, then
rerun the report from its raw inputs in a temporary folder and compare every table cell and headline
figure with the manifest."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipelines import ROOT
from pipelines.config.profile import check_year, load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.inputs.dfe import DEFAULT_DIR as DFE_DIR
from pipelines.inputs.files import InputFileError
from pipelines.inputs.ingest import RAW_ROOT
from pipelines.inputs.validate import DataValidationError
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


def _input_path(item: dict, allowed: list[Path]) -> Path:
    """An input the manifest lists, which must lie in the report's raw folder or DfE's reference
    folder: a manifest is never a way to read (or hash) any other file."""
    path = (ROOT / str(item.get("path", ""))).resolve()
    if not any(path.is_relative_to(a.resolve()) for a in allowed):
        raise ConfigError(
            f"the manifest lists an input outside the report's raw folder ({item.get('path')!r}); it cannot be trusted"
        )
    return path


def changed_inputs(manifest: dict, allowed: list[Path]) -> list[str]:
    out = []
    for item in manifest["inputs"]:
        path = _input_path(item, allowed)
        if not path.exists():
            out.append(f"input {item['path']} is missing")
        elif sha256(path) != item["sha256"]:
            out.append(
                f"input {item['path']} has changed since the report was produced "
                f"(SHA-256 {item['sha256'][:12]}... -> {sha256(path)[:12]}...)"
            )
    return out


def changed_files(folder: Path, manifest: dict) -> list[str]:
    """Every published file (CSV, XLSX, HTML, PDF, charts...) against the SHA-256 the manifest
    recorded for it, and any file on disk the manifest does not list."""
    listed = manifest.get("files")
    if listed is None:  # a manifest from before files were listed: its tables and charts
        listed = [{"path": f"tables/{t['key']}.csv", "sha256": t["csv_sha256"]} for t in manifest["tables"]]
        listed += [{"path": c["file"], "sha256": c["sha256"]} for c in manifest.get("charts", [])]
        extra_check = False
    else:
        extra_check = True
    out, root = [], folder.resolve()
    for item in listed:
        path = (folder / item["path"]).resolve()
        if not path.is_relative_to(root):
            raise ConfigError(f"the manifest lists a published file outside the report ({item['path']!r})")
        if not path.is_file():
            out.append(f"published file {item['path']} is missing")
        elif sha256(path) != item["sha256"]:
            out.append(
                f"published file {item['path']} has been changed since the report was produced (SHA-256 differs)"
            )
    if extra_check:
        known = {i["path"] for i in listed} | {"manifest.json"}
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in known:
                out.append(f"published file {rel} is not in the manifest")
    return out


def verify(
    authority: str,
    year: str,
    outputs_root: Path | None = None,
    raw_root: Path | None = None,
    keep: Path | None = None,
    log=print,
) -> Verification:
    """Check every published file against the manifest, then rerun the published report from its
    raw inputs in a temporary folder and compare every table cell and figure with the manifest.
    The authority and year are checked before any file is read."""
    check_year(year)
    load_profile(authority)  # a known profile name only: never a path (../evil)
    outputs_root = outputs_root or OUTPUTS_ROOT
    folder = output_dir(authority, year, "published", outputs_root)
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise FileNotFoundError(f"no manifest at {manifest_path}: render the report first")
    try:
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"{manifest_path}: not a readable manifest ({exc})") from None
    if not isinstance(old, dict) or old.get("authority") != authority or str(old.get("year")) != year:
        raise ConfigError(f"{manifest_path}: this manifest is not {authority} {year}'s")
    changes = changed_files(folder, old)
    if changes:  # the folder is not the report the manifest describes: a rerun would compare nothing
        changes.append("the published folder differs from its manifest, so it was not rerun")
        for line in changes:
            log(line)
        return Verification(ok=False, changes=changes, rerun=None)
    raw_root = raw_root or RAW_ROOT
    changes = changed_inputs(old, [raw_root / authority / year, DFE_DIR])
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="complaints-verify-"))
    try:
        result = run(
            authority,
            year,
            old.get("edition", "published"),
            outputs_root=work / "outputs",
            raw_root=raw_root,
            processed_root=work / "processed",
            log=lambda *_: None,
        )
    except (ConfigError, InputFileError, DataValidationError) as exc:
        changes.append(f"the inputs no longer make a report: {exc}")
        for line in changes:
            log(line)
        return Verification(ok=False, changes=changes, rerun=None)
    finally:
        if not keep:
            shutil.rmtree(work / "processed", ignore_errors=True)
    new = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    changes += compare(old, new)
    for line in changes:
        log(line)
    return Verification(ok=not changes, changes=changes, rerun=result.folder)
