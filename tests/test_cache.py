"""Incremental rendering is an optimisation only: a report rendered with sections copied from the cache
is, byte for byte, the report rendered from nothing (apart from the Generated line and the times
papermill and openpyxl stamp), and a changed sentence reruns only the section that shows it."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from pipelines import ROOT
from pipelines.runs.cache import cache_dir
from pipelines.runs.run import run

pytestmark = pytest.mark.slow

AUTHORITY, YEAR = "demo", "2024-25"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The demo authority's exports and narrative (its disclosure policy on) in a folder of their own,
    where the test can change a sentence."""
    root = tmp_path_factory.mktemp("cache")
    shutil.copytree(ROOT / "data" / "raw" / AUTHORITY / YEAR, root / "raw" / AUTHORITY / YEAR)
    return {"root": root, "raw": root / "raw", "narrative": root / "raw" / AUTHORITY / YEAR / "narrative.yaml"}


def _render(world, name: str, cache: bool = True):
    said = []
    result = run(
        AUTHORITY,
        YEAR,
        outputs_root=world["root"] / name,
        raw_root=world["raw"],
        processed_root=world["root"] / f"{name}-processed",
        log=said.append,
        cache=cache,
        data_docs=False,
    )
    return result.folder, said


def _normal(path, folder) -> bytes:
    """A published file with what legitimately differs between two renders taken out."""
    data = path.read_bytes()
    if path.suffix == ".html":
        return re.sub(rb"Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC from [^<]*", b"Generated", data)
    if path.name == "manifest.json":
        manifest = json.loads(data)
        manifest.pop("generated_at")
        for item in manifest["files"]:  # pages and notebooks are compared on their own, with those parts taken out
            if item["path"].endswith((".html", ".ipynb")):
                item.pop("sha256"), item.pop("bytes")
        return json.dumps(manifest, sort_keys=True).encode()
    if path.suffix == ".ipynb":
        nb = json.loads(data)
        for holder in [nb["metadata"], *(c["metadata"] for c in nb["cells"])]:
            holder.pop("papermill", None)  # start and end times, duration
            holder.pop("execution", None)
        # Stray stream text (seen on the injected-parameters cell of whichever section a kernel runs
        # first after its warm-up) lands by timing, with or without the cache; what the report shows
        # (display and result outputs, and every HTML page built from them) is compared in full.
        for cell in nb["cells"]:
            cell["outputs"] = [o for o in cell.get("outputs", []) if o.get("output_type") != "stream"]
            for holder in [cell, *cell["outputs"]]:  # numbered on from the kernel's earlier sections
                if "execution_count" in holder:
                    holder["execution_count"] = None
            if "injected-parameters" in cell["metadata"].get("tags", []):
                cell.pop("id", None)  # papermill gives the cell it inserts a new random id every run
        # the run's staging and processed folders (beside its own outputs root) are named in the parameters cell
        text = json.dumps(nb, sort_keys=True)
        return re.sub(re.escape(str(folder.parents[2])) + r"/[^/\\\"]*", "<root>", text).encode()
    return data


def _differences(a, b) -> list[str]:
    files_a = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    files_b = sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return [f"files differ: {sorted(set(files_a) ^ set(files_b))}"]
    out = []
    for name in files_a:
        x, y = _normal(a / name, a), _normal(b / name, b)
        if x != y:  # the file, and the bytes around the first difference
            at = next(i for i in range(min(len(x), len(y)) + 1) if i == min(len(x), len(y)) or x[i] != y[i])
            out.append(f"{name}: {x[max(0, at - 80) : at + 80]!r} != {y[max(0, at - 80) : at + 80]!r}")
    return out


def test_warm_render_after_a_changed_sentence_equals_a_render_from_nothing(world):
    first, said = _render(world, "warm")
    assert not any("from the cache" in line for line in said)  # nothing cached yet
    # the whole-report disclosure pass is exercised: it decided, and the report withholds figures
    assert (world["root"] / "warm-processed" / AUTHORITY / YEAR / "disclosure.json").exists()
    assert any("[c]" in p.read_text() for p in (first / "tables").glob("*.csv"))
    sections = len(list(first.glob("[0-9][0-9]_*.html")))
    assert len(list(cache_dir(world["root"] / "warm").glob("*/*/files.json"))) >= sections  # every section once

    # one changed sentence in the timeliness commentary: that section alone is executed again
    text = world["narrative"].read_text()
    old = "Responding on time remains our biggest challenge."
    assert text.count(old) == 1
    world["narrative"].write_text(text.replace(old, "We answer faster now."))
    warm, said = _render(world, "warm")
    assert f"      {sections - 1} of {sections} sections unchanged: copied from the cache" in said, said
    # the exports are unchanged: the first render's validation is kept, Great Expectations not run again
    assert "      the exports are as a passing run found them: its validation kept from the cache" in said, said
    assert "We answer faster now." in (warm / next(p.name for p in warm.glob("*_timeliness.html"))).read_text()

    cold, said = _render(world, "cold", cache=False)
    assert not any("from the cache" in line for line in said)
    assert not cache_dir(world["root"] / "cold").exists()
    assert _differences(warm, cold) == []
