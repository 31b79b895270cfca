"""manifest.json: what went in (inputs with hashes), how (parameters, code version, environment,
validation) and what came out (every table cell and headline figure with its derivation); and
`verify`, which reruns from the raw inputs and compares."""
from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from pipelines import ROOT
from pipelines.checks import read_tables

PACKAGES = ["pandas", "numpy", "great-expectations", "papermill", "nbconvert", "matplotlib", "seaborn",
            "holidays", "weasyprint", "pyarrow", "wordcloud"]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _shown(path: Path) -> str:
    path = Path(path)
    # relative to the repository, so that no server path is published (DfE files sit beside it)
    return os.path.relpath(path, ROOT) if path.is_absolute() else str(path)


def code_version() -> dict:
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                                timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "pipelines", "notebooks",
                                "config", "expectations"], capture_output=True, text=True, timeout=10).stdout.strip()
        return {"commit": commit or None, "clean": not dirty}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "clean": None}


def environment() -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"python": platform.python_version(), "packages": versions}


# What a report is made from besides its inputs: a change to any of these renders it again.
CODE_FILES = ("pipelines/**/*.py", "pipelines/templates/**/*", "notebooks/*.ipynb", "config/*.yaml",
              "expectations/*.json", "requirements.txt", "pyproject.toml")


def input_files(profile, year: str, raw_root: Path) -> list[Path]:
    """Every file a report reads: its raw folder (exports and narrative) and, for a profile with
    `context: dfe`, DfE's published files."""
    from pipelines import dfe
    from pipelines.ingest import raw_dir

    files = sorted(p for p in raw_dir(profile.key, year, raw_root).glob("*") if p.is_file())
    if profile.context_source == "dfe":
        files += [dfe.DEFAULT_DIR / s.file for s in dfe.SOURCES.values()]
    return files


def run_key(profile, year: str, edition: str, raw_root: Path) -> str:
    """A digest of everything a report is made from: its input files, the authority's profile, the
    code, configuration and pinned packages, and the edition. Two runs with the same key make the
    same report (apart from its 'Generated' time), so a batch can skip it."""
    from pipelines.config import profile_path

    digest = hashlib.sha256(f"{profile.key} {year} {edition}\n".encode())
    files = [("input", p) for p in input_files(profile, year, raw_root)] + [("profile", profile_path(profile.key))]
    files += [("code", p) for pattern in CODE_FILES for p in sorted(ROOT.glob(pattern)) if p.is_file()]
    for kind, path in files:
        shown = str(path.relative_to(ROOT)) if kind == "code" else path.name
        digest.update(f"{kind}:{shown}:{sha256(path)}\n".encode())
    return digest.hexdigest()


def build(folder: Path, raw: dict, authority: str, year: str, edition: str, validation, table_records: list,
          figures: list, key: str | None = None) -> dict:
    tables = read_tables(folder)
    inputs = {}                  # one entry per file; a workbook feeding several tables names them all
    for name, t in raw.items():
        for path in t.files:
            entry = inputs.setdefault(path, {"path": _shown(path), "bytes": path.stat().st_size,
                                             "sha256": sha256(path), "tables": {}})
            entry["tables"][name] = int(len(t.frame))       # canonical table -> rows read from this file
    inputs = list(inputs.values())
    seen, published = set(), []
    for record in table_records:
        if record["key"] in seen:            # a table shown in two sections is one published table
            continue
        seen.add(record["key"])
        csv_path = folder / "tables" / f"{record['key']}.csv"
        published.append({**record, "csv_sha256": sha256(csv_path), "cells": tables[record["key"]].rows})
    charts = [{"file": f"figures/{p.name}", "sha256": sha256(p)} for p in sorted((folder / "figures").glob("*"))]
    return {"authority": authority, "year": year, "edition": edition,
            "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "parameters": {"authority": authority, "year": year, "edition": edition}, "run_key": key,
            "inputs": inputs, "code": code_version(), "environment": environment(),
            "validation": {"success": validation.success, "tables": {
                k: {**v, "file": _shown(Path(v["file"])) if not v["file"].startswith("(") else v["file"]}
                for k, v in validation.tables.items()}},
            "tables": published, "figures": figures, "charts": charts}


def write(folder: Path, manifest: dict) -> Path:
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, indent=1, default=str, sort_keys=False) + "\n", encoding="utf-8")
    return path


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
            out.append(f"input {item['path']} has changed since the report was produced "
                       f"(SHA-256 {item['sha256'][:12]}... -> {sha256(path)[:12]}...)")
    return out


def verify(authority: str, year: str, outputs_root: Path | None = None, raw_root: Path | None = None,
           keep: Path | None = None, log=print) -> Verification:
    """Rerun the published report from its raw inputs in a temporary folder and compare every table
    cell and figure with the manifest."""
    from pipelines.run import OUTPUTS_ROOT, output_dir, run
    from pipelines.ingest import RAW_ROOT

    outputs_root = outputs_root or OUTPUTS_ROOT
    manifest_path = output_dir(authority, year, "published", outputs_root) / "manifest.json"
    if not manifest_path.exists():
        raise FileNotFoundError(f"no manifest at {manifest_path}: render the report first")
    old = json.loads(manifest_path.read_text(encoding="utf-8"))
    changes = changed_inputs(old)
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="complaints-verify-"))
    result = run(authority, year, old["edition"], outputs_root=work / "outputs", raw_root=raw_root or RAW_ROOT,
                 processed_root=work / "processed", log=lambda *_: None)
    new = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    changes += compare(old, new)
    for line in changes:
        log(line)
    return Verification(ok=not changes, changes=changes, rerun=result.folder)
