"""Incremental rendering: each section's result kept under a key of everything it reads, so that a
rerun executes only the sections whose inputs changed and copies the others' results back.

A section reads the processed tables, its own notebook, its own commentary and the learning entries
of the narrative, the whole report's disclosure decisions, the authority's profile and report declaration,
the edition, the code, configuration and templates, and the package versions: the key is a SHA-256 over all of
them. Its result is every file it writes into the report's folder: the executed notebook, its records
(tables, headline figures), the numbers it printed (for the disclosure check), the CSV (and audit .refs.json) of each of its tables and the
image of each of its charts. The cache is an optimisation only: a cached section restores exactly the
files an execution would have written (tests/test_cache.py renders warm and cold and compares).

The cache lives beside the outputs folder, in .cache-<outputs>/sections/ (never inside what may be
served or published, and untouched by a run that fails); `--no-cache` or
`cache=False` renders everything afresh, and deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipelines import ROOT
from pipelines.publish.manifest import CODE_FILES, environment, sha256

KEEP_PER_SECTION = 4  # enough for both passes of the disclosure check, for the published and audit editions
STAGING_TOKEN = "@@report-folder@@"  # the run's own folder, in a cached notebook's parameters
_CHART = re.compile(r'id=\\?"chart-([^"\\]+)\\?"')


def cache_dir(outputs_root: Path) -> Path:
    outputs_root = Path(outputs_root)
    return outputs_root.parent / f".cache-{outputs_root.name}" / "sections"


def digest_of(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def code_digest() -> str:
    """The code, notebooks, configuration and templates (the manifest's CODE_FILES) and the packages."""
    lines = [f"{p.relative_to(ROOT)}:{sha256(p)}" for g in CODE_FILES for p in sorted(ROOT.glob(g)) if p.is_file()]
    return digest_of(*lines, json.dumps(environment(), sort_keys=True))


@dataclass
class SectionCache:
    """The cache for one report being rendered into `staging` from the tables in `processed`."""

    root: Path
    authority: str
    year: str
    edition: str
    profile_file: Path
    staging: Path
    processed: Path
    hits: list = field(default_factory=list)
    misses: list = field(default_factory=list)

    def __post_init__(self):
        # every file under config/: the profile, its report declaration and own notebooks, the built-in report
        config = [f"{p.relative_to(ROOT)}:{sha256(p)}" for p in sorted((ROOT / "config").rglob("*")) if p.is_file()]
        self._base = digest_of(
            self.authority, self.year, self.edition, sha256(self.profile_file), code_digest(), *config
        )

    def key(self, section: str, source: Path | None = None) -> str:
        """Everything `section` reads, as they are now in the processed folder."""
        tables = [f"{p.name}:{sha256(p)}" for p in sorted(self.processed.glob("*.parquet"))]
        narrative_file = self.processed / "narrative.json"
        narrative = json.loads(narrative_file.read_text()) if narrative_file.exists() else {}
        decisions_file = self.processed / "disclosure.json"
        decisions = json.loads(decisions_file.read_text()) if decisions_file.exists() else {}
        mine = {
            "commentary": (narrative.get("commentary") or {}).get(section),
            "learning": narrative.get("learning"),
            "disclosure": decisions,  # cells are decided across the whole report, keyed by table
        }
        notebook = source or ROOT / "notebooks" / f"{section}.ipynb"
        return digest_of(self._base, section, sha256(notebook), *tables, json.dumps(mine, sort_keys=True, default=str))

    # ---- what a section wrote -------------------------------------------------------------------

    def _written(self, section: str, notebook: Path) -> list[Path]:
        """The files `section` wrote into the staging folder: found from its records (tables) and
        its notebook's chart markup (figures), not from timing, since sections run side by side."""
        records = self.staging / f"records-{section}.json"
        files = [records, notebook, self.staging / f"numbers-{section}.jsonl"]
        for table in json.loads(records.read_text())["tables"] if records.exists() else []:
            files += [self.staging / "tables" / f"{table['key']}{ext}" for ext in (".csv", ".refs.json")]
        for chart in sorted(set(_CHART.findall(notebook.read_text(encoding="utf-8")))):
            files += [self.staging / "figures" / f"{chart}{ext}" for ext in (".svg", ".png")]
        return [f for f in files if f.is_file()]

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    # ---- restore and store ----------------------------------------------------------------------

    def restore(self, section: str, notebook: Path, source: Path | None = None) -> bool:
        """Copy a cached result into the staging folder; False if there is none."""
        entry = self._entry(self.key(section, source))
        manifest = entry / "files.json"
        if not manifest.is_file():
            return False
        for name in json.loads(manifest.read_text()):
            target = notebook if name == "notebook" else self.staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if name == "notebook":  # the parameters name this run's folder, not the cached one's
                text = (entry / "notebook.ipynb").read_text(encoding="utf-8")
                target.write_text(text.replace(STAGING_TOKEN, str(self.staging)), encoding="utf-8")
            else:
                shutil.copyfile(entry / name, target)
        return True

    def store(self, section: str, notebook: Path, source: Path | None = None) -> None:
        key = self.key(section, source)
        entry, names = self._entry(key), []
        partial = entry.with_name(entry.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        for path in self._written(section, notebook):
            if path == notebook:
                text = path.read_text(encoding="utf-8").replace(str(self.staging), STAGING_TOKEN)
                (partial / "notebook.ipynb").parent.mkdir(parents=True, exist_ok=True)
                (partial / "notebook.ipynb").write_text(text, encoding="utf-8")
                names.append("notebook")
            else:
                name = str(path.relative_to(self.staging))
                (partial / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, partial / name)
                names.append(name)
        (partial / "files.json").write_text(json.dumps(names, indent=1) + "\n")
        (partial / "about.json").write_text(
            json.dumps({"authority": self.authority, "year": self.year, "edition": self.edition, "section": section})
        )
        shutil.rmtree(entry, ignore_errors=True)
        partial.rename(entry)  # whole entries only: an interrupted store leaves nothing to restore
        self._prune(section, entry)

    def _prune(self, section: str, newest: Path) -> None:
        about = {"authority": self.authority, "year": self.year, "edition": self.edition, "section": section}
        prune(self.root, about, newest, KEEP_PER_SECTION)


def prune(root: Path, about: dict, newest: Path, keep: int) -> None:
    """Keep the `keep` newest entries under `root` whose about.json is `about`."""
    mine = []
    for path in root.glob("*/*/about.json"):
        try:
            if json.loads(path.read_text()) == about:
                mine.append(path.parent)
        except (OSError, ValueError):
            continue
    mine.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in [p for p in mine if p != newest][keep - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


class CachedKernels:
    """SectionKernels' run_sections, executing only the sections the cache does not hold."""

    def __init__(self, kernels, cache: SectionCache | None):
        self.kernels, self.cache = kernels, cache

    def run_sections(self, jobs: list, params: dict, meanwhile=None) -> None:
        if self.cache is None:
            return self.kernels.run_sections(jobs, params, meanwhile=meanwhile)
        todo = []
        for job in jobs:  # (section, executed notebook, source notebook)
            if self.cache.restore(job[0], job[1], job[2] if len(job) > 2 else None):
                self.cache.hits.append(job[0])
            else:
                todo.append(job)
        if todo:
            self.kernels.run_sections(todo, params, meanwhile=meanwhile)
        elif meanwhile:
            meanwhile()
        for job in todo:
            self.cache.store(job[0], job[1], job[2] if len(job) > 2 else None)
            self.cache.misses.append(job[0])
