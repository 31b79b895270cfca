"""The validation gate's result kept under a key of everything it checks, so that a rerun whose exports
are unchanged (an edited sentence, a renamed table) does not import and run Great Expectations again:
for the demo that is about 3 s of import and 1-2 s of checks in every run of an analyst's edit loop.

The key is a SHA-256 over the authority, the year, every raw table as read (its cells, columns, the file
and sheet it came from, its notes), the authority's profile, every file under config/, and the code,
suites and package versions (runs/cache.py's code_digest). Only a validation that passed is kept: failing
data is validated, and refused, every time. The Great Expectations Data Docs built for the analyst are
kept with it, so the internal folder still has them after a rerun that skipped the checks.

It lives beside the section cache, in .cache-<outputs>/validation/; `--no-cache` skips it, and deleting
it is always safe.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipelines import ROOT
from pipelines.inputs.validate import ValidationReport
from pipelines.publish.manifest import sha256
from pipelines.runs.cache import cache_dir, code_digest, digest_of, prune

KEEP = 4  # a few recent exports of one authority-year (the analyst may go back to the previous one)


def table_digest(name: str, table) -> str:
    """One raw table as validation sees it: cells, columns and where it came from."""
    frame = table.frame
    return digest_of(
        name,
        table.where if table.path else "",
        json.dumps([str(s) for s in table.sources]),
        json.dumps(table.notes),
        json.dumps([[str(c), str(t)] for c, t in frame.dtypes.items()]),
        frame.to_csv(),  # text columns, a few thousand rows at most: cheap next to any check
    )


@dataclass
class ValidationCache:
    root: Path
    authority: str
    year: str
    key: str

    @classmethod
    def for_run(cls, outputs_root: Path, authority: str, year: str, profile_file: Path, raw: dict):
        config = [f"{p.relative_to(ROOT)}:{sha256(p)}" for p in sorted((ROOT / "config").rglob("*")) if p.is_file()]
        tables = [table_digest(name, raw[name]) for name in sorted(raw)]
        key = digest_of(authority, year, sha256(profile_file), code_digest(), *config, *tables)
        return cls(cache_dir(outputs_root).with_name("validation"), authority, year, key)

    @property
    def entry(self) -> Path:
        return self.root / self.key[:2] / self.key

    def restore(self, with_docs: bool) -> ValidationReport | None:
        """The kept result of a passing validation of these very tables; None if there is none (or
        Data Docs are wanted and the kept result was made without them)."""
        summary = self.entry / "validation.json"
        if not summary.is_file() or (with_docs and not (self.entry / "data-docs").is_dir()):
            return None
        kept = json.loads(summary.read_text(encoding="utf-8"))
        return ValidationReport(success=True, tables=kept["tables"], failures=[], context=None)

    def restore_docs(self, folder: Path) -> None:
        shutil.copytree(self.entry / "data-docs", folder)

    def store(self, report: ValidationReport, docs: Path | None) -> None:
        partial = self.entry.with_name(self.entry.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        (partial / "validation.json").write_text(json.dumps(report.to_json(), indent=1) + "\n", encoding="utf-8")
        if docs is not None and docs.is_dir():
            shutil.copytree(docs, partial / "data-docs")
        (partial / "about.json").write_text(json.dumps({"authority": self.authority, "year": self.year}))
        shutil.rmtree(self.entry, ignore_errors=True)
        partial.rename(self.entry)  # whole entries only: an interrupted store leaves nothing to restore
        prune(self.root, {"authority": self.authority, "year": self.year}, self.entry, KEEP)
