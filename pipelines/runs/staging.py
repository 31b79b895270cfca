"""Where a run builds its report, and how it is swapped in: nothing left behind, all or nothing.

A run builds in a staging folder beside outputs/, never inside it (the intranet may serve outputs/;
the staging folder holds row-level processed tables until the end). When everything has succeeded the
published folder, the internal folder and the processed tables are swapped in together: each old
copy is renamed aside, each new one renamed in, and only when all are in are the old copies removed;
if any rename fails, every one already done is undone. A journal beside the staging folders records a
swap in progress, so that a run killed in the middle is finished or undone by the next run, and
staging folders of runs that are no longer alive are removed when the next run starts."""

from __future__ import annotations

import errno
import json
import os
import shutil
from contextlib import suppress
from pathlib import Path

STORAGE_ERRORS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


class StorageError(ValueError):
    """The output or processed folder cannot be written (full disk, read-only, no permission)."""


def storage_message(exc: OSError) -> str | None:
    """A clear sentence for an operating-system error that is the storage's fault, else None."""
    reason = STORAGE_ERRORS.get(exc.errno)
    if reason is None:
        return None
    where = exc.filename or "the output folder"
    return (
        f"cannot write {where}: {reason}. Nothing was published and earlier outputs are unchanged; "
        "free some space or fix the folder's permissions, then run again."
    )


def staging_root(outputs_root: Path) -> Path:
    """Beside outputs/ (same file system, so that the swap is a rename), not inside it."""
    outputs_root = Path(outputs_root)
    return outputs_root.parent / f".staging-{outputs_root.name}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner(path: Path) -> int | None:
    """The process id a staging folder or journal name ends with (…-<pid> or …-<pid>.json)."""
    tail = path.name.removesuffix(".json").rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else None


def new_staging(outputs_root: Path, name: str) -> Path:
    """A fresh staging folder for this process, after clearing what dead runs left behind (here,
    and inside outputs/.staging where earlier versions staged)."""
    root = staging_root(outputs_root)
    recover(root)
    legacy = Path(outputs_root) / ".staging"
    for parent in (root, legacy):
        if not parent.is_dir():
            continue
        for folder in parent.iterdir():
            pid = _owner(folder)
            if folder.is_dir() and (pid is None or not _alive(pid)):
                shutil.rmtree(folder, ignore_errors=True)
    with suppress(OSError):
        legacy.rmdir()  # only if empty
    staging = root / f"{name}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def remove_staging(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    with suppress(OSError):
        staging.parent.rmdir()  # only if empty


def _aside(final: Path) -> Path:
    return final.with_name(final.name + f".old-{os.getpid()}")


def swap_in(pairs: list[tuple[Path, Path]], journal_dir: Path) -> None:
    """Replace each `final` with its `new` folder, all or nothing: on any failure every final is as
    it was before. A journal records the swap so that a kill part-way is repaired by `recover`."""
    journal_dir.mkdir(parents=True, exist_ok=True)
    journal = journal_dir / f"swap-{os.getpid()}.json"
    steps = [{"new": str(new), "final": str(final), "aside": str(_aside(final))} for new, final in pairs]
    journal.write_text(json.dumps({"state": "swapping", "steps": steps}))
    done = []
    try:
        for new, final in pairs:
            final.parent.mkdir(parents=True, exist_ok=True)
            aside = _aside(final)
            if aside.exists():
                shutil.rmtree(aside)
            if final.exists():
                final.rename(aside)
            done.append((new, final, aside))
            new.rename(final)
    except BaseException:
        _undo(done)
        journal.unlink(missing_ok=True)
        raise
    journal.write_text(json.dumps({"state": "done", "steps": steps}))
    for _, _, aside in done:
        shutil.rmtree(aside, ignore_errors=True)
    journal.unlink(missing_ok=True)


def _undo(done: list) -> None:
    for new, final, aside in reversed(done):
        try:
            if final.exists() and not new.exists() and aside.exists():
                final.rename(new)  # the new copy back where it was built (removed with the staging folder)
            elif final.exists() and aside.exists():
                shutil.rmtree(final)
            if aside.exists():
                aside.rename(final)
        except OSError:  # keep undoing the others; the next run's recover() finishes this one
            continue


def recover(root: Path) -> None:
    """Finish or undo the swap of a run that was killed during it (its journal is still there)."""
    if not root.exists():
        return
    for journal in root.glob("swap-*.json"):
        pid = _owner(journal)
        if pid is not None and _alive(pid) and pid != os.getpid():
            continue
        try:
            record = json.loads(journal.read_text())
        except (OSError, ValueError):
            record = {"state": "swapping", "steps": []}
        for step in reversed(record.get("steps", [])):
            final, aside = Path(step["final"]), Path(step["aside"])
            if not aside.exists():
                continue
            if record.get("state") == "done":
                shutil.rmtree(aside, ignore_errors=True)
            else:  # the old copy is the good one: the new set never fully arrived
                if final.exists():
                    shutil.rmtree(final)
                aside.rename(final)
        journal.unlink(missing_ok=True)
