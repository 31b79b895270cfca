"""`run --watch`: render, then render again whenever the authority's profile, its exports or its text
(narrative.yaml) change, for an analyst with the report open in a browser. Each rerender copies the
unchanged sections back from the cache, and the section kernels stay up between renders."""

from __future__ import annotations

import time
from pathlib import Path

from pipelines.config.profile import profile_path

INTERVAL = 1.0  # seconds between looks; a stat of a dozen files costs nothing


def watched_files(authority: str, year: str, raw_root: Path) -> list[Path]:
    folder = Path(raw_root) / authority / year
    return [profile_path(authority), *sorted(p for p in folder.rglob("*") if p.is_file())]


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    out = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue  # removed since listed: it shows as a change
        out[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return out


def changed(before: dict, after: dict) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def watch(render, files, log=print, interval: float = INTERVAL, rounds: int | None = None) -> None:
    """Call `render()` now and after every change to `files()` (a callable: new exports count too).
    A failed render is reported and the watch goes on; Ctrl-C stops it. `rounds` limits the looks
    (tests)."""
    last = snapshot(files())  # before rendering, so that a file saved during a render is not missed
    render()
    log(f"Watching {len(last)} files for changes (Ctrl-C to stop)")
    looks = 0
    while rounds is None or looks < rounds:
        looks += 1
        time.sleep(interval)
        now = snapshot(files())
        paths = changed(last, now)
        if not paths:
            continue
        last = now
        log("Changed: " + ", ".join(Path(p).name for p in paths) + "; rendering again")
        render()
