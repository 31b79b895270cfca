"""manifest.json: what went in (inputs with hashes), how (parameters, code version, environment,
validation) and what came out (every table cell and headline figure with its derivation).
pipelines/runs/verify.py reruns a report and compares it with its manifest."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from pipelines import ROOT
from pipelines.publish.checks import read_tables

PACKAGES = [
    "pandas",
    "numpy",
    "great-expectations",
    "papermill",
    "nbconvert",
    "matplotlib",
    "seaborn",
    "holidays",
    "weasyprint",
    "pyarrow",
    "wordcloud",
]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _shown(path: Path) -> str:
    path = Path(path)
    # relative to the repository, so that no server path is published (DfE files sit beside it)
    return os.path.relpath(path, ROOT) if path.is_absolute() else str(path)


def code_version() -> dict:
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "pipelines", "notebooks", "config", "expectations"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
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
CODE_FILES = (
    "pipelines/**/*.py",
    "pipelines/publish/templates/**/*",
    "notebooks/*.ipynb",
    "config/*.yaml",
    "config/reports/*.yaml",
    "expectations/*.json",
    "requirements.txt",
    "pyproject.toml",
)


def input_files(profile, year: str, raw_root: Path) -> list[Path]:
    """Every file a report reads: its raw folder (exports and narrative) and, for a profile with
    `context: dfe`, DfE's published files."""
    from pipelines.inputs import dfe
    from pipelines.inputs.ingest import raw_dir

    files = sorted(p for p in raw_dir(profile.key, year, raw_root).glob("*") if p.is_file())
    if profile.context_source == "dfe":
        files += [dfe.reference_dir() / s.file for s in dfe.SOURCES.values()]
    return files


def run_key(profile, year: str, edition: str, raw_root: Path) -> str:
    """A digest of everything a report is made from: its input files, the authority's profile, the
    code, configuration and pinned packages, and the edition. Two runs with the same key make the
    same report (apart from its 'Generated' time), so a batch can skip it."""
    from pipelines.config.profile import profile_path

    digest = hashlib.sha256(f"{profile.key} {year} {edition}\n".encode())
    from pipelines.document.declaration import declaration_path
    from pipelines.document.sections import own_notebook_dir

    files = [("input", p) for p in input_files(profile, year, raw_root)] + [("profile", profile_path(profile.key))]
    # The authority's declared report and its own section notebooks are part of what it is made from.
    own = [declaration_path(profile)] + sorted((own_notebook_dir(profile) or Path("/nonexistent")).glob("*.ipynb"))
    files += [("profile", p) for p in own if p]
    files += [("code", p) for pattern in CODE_FILES for p in sorted(ROOT.glob(pattern)) if p.is_file()]
    for kind, path in files:
        shown = str(path.relative_to(ROOT)) if kind == "code" else path.name
        digest.update(f"{kind}:{shown}:{sha256(path)}\n".encode())
    return digest.hexdigest()


def build(
    folder: Path,
    raw: dict,
    authority: str,
    year: str,
    edition: str,
    validation,
    table_records: list,
    figures: list,
    key: str | None = None,
) -> dict:
    tables = read_tables(folder)
    inputs = {}  # one entry per file; a workbook feeding several tables names them all
    for name, t in raw.items():
        for path in t.files:
            entry = inputs.setdefault(
                path, {"path": _shown(path), "bytes": path.stat().st_size, "sha256": sha256(path), "tables": {}}
            )
            entry["tables"][name] = int(len(t.frame))  # canonical table -> rows read from this file
    inputs = list(inputs.values())
    seen, published = set(), []
    for record in table_records:
        if record["key"] in seen:  # a table shown in two sections is one published table
            continue
        seen.add(record["key"])
        csv_path = folder / "tables" / f"{record['key']}.csv"
        published.append({**record, "csv_sha256": sha256(csv_path), "cells": tables[record["key"]].rows})
    charts = [{"file": f"figures/{p.name}", "sha256": sha256(p)} for p in sorted((folder / "figures").glob("*"))]
    return {
        "authority": authority,
        "year": year,
        "edition": edition,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": {"authority": authority, "year": year, "edition": edition},
        "run_key": key,
        "inputs": inputs,
        "code": code_version(),
        "environment": environment(),
        "validation": {
            "success": validation.success,
            "tables": {
                k: {**v, "file": _shown(Path(v["file"])) if not v["file"].startswith("(") else v["file"]}
                for k, v in validation.tables.items()
            },
        },
        "tables": published,
        "figures": figures,
        "charts": charts,
        "files": published_files(folder),
    }


def published_files(folder: Path) -> list[dict]:
    """Every file of the report folder with its SHA-256 (verify checks them on disk), except the
    manifest itself, the run's working records and hidden working folders."""
    out = []
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        if rel.as_posix() == "manifest.json" or (len(rel.parts) == 1 and rel.name.startswith("records-")):
            continue
        out.append({"path": rel.as_posix(), "bytes": path.stat().st_size, "sha256": sha256(path)})
    return out


def write(folder: Path, manifest: dict) -> Path:
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, indent=1, default=str, sort_keys=False) + "\n", encoding="utf-8")
    return path
