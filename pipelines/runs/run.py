"""One authority-year from raw exports to published report:

    validate (GX gate) -> derive -> papermill (one notebook per section) -> HTML + PDF -> swap in

Everything is built in a staging folder; the previous outputs (and processed tables) are replaced
only when the whole run has succeeded, so a failed run leaves them exactly as they were."""

from __future__ import annotations

import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipelines import ROOT
from pipelines.config.profile import check_year, load_profile, profile_path
from pipelines.document.report import EDITIONS, LINKED_FILE, PROCESSED_ROOT, SECTION_TITLES, as_at, write_processed
from pipelines.inputs.ingest import RAW_ROOT, raw_dir, read_raw, typed
from pipelines.inputs.narrative_input import read_narrative
from pipelines.publish import manifest
from pipelines.publish.checks import check_outputs, load_linking, load_records
from pipelines.publish.manifest import code_version
from pipelines.publish.site import (
    SectionPage,
    section_body,
    write_index,
    write_pdf,
    write_sections,
    write_site_index,
    write_workbook,
)
from pipelines.rules import disclosure
from pipelines.rules.calendar import fy_text
from pipelines.runs.cache import CachedKernels, SectionCache, cache_dir

OUTPUTS_ROOT = ROOT / "outputs"
NOTEBOOKS = ROOT / "notebooks"
KERNEL = "complaints-report"


class ParameterError(ValueError):
    """A notebook was given a parameter it does not declare."""


@dataclass
class RunResult:
    authority: str
    year: str
    edition: str
    folder: Path
    seconds: float


def internal_dir(authority: str, year: str, root: Path = OUTPUTS_ROOT) -> Path:
    """Material for the analysts only, never published: Great Expectations Data Docs (they load
    styles and scripts from the internet and show example rows)."""
    return root / "_internal" / authority / year


def output_dir(authority: str, year: str, edition: str, root: Path = OUTPUTS_ROOT) -> Path:
    """Published reports: outputs/<authority>/<year>; the audit edition is kept apart in
    outputs/_audit/<authority>/<year> so it cannot be published by copying a folder."""
    return root / authority / year if edition == "published" else root / "_audit" / authority / year


def _kernel_manager_class():
    """Kernels talk to us over local IPC sockets in a private temporary folder rather than TCP
    ports: nothing is opened on the network (and ipykernel does not warn about plain TCP)."""
    import tempfile
    import uuid

    from jupyter_client.manager import AsyncKernelManager

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(Path(tempfile.gettempdir()) / f"complaints-kernel-{uuid.uuid4().hex}")

    return IpcKernelManager


WARM_UP = "import pipelines.document.report, pipelines.document.charts, pipelines.document.stories, pipelines.measures.volumes"
# Between sections: an empty namespace. The package's per-section switches (suppression, tracing,
# label overrides) are set in one place, report.Section, which every section notebook starts with.
RESET = "%reset -f"


class SectionKernels:
    """A few long-lived kernels, each running its share of the sections one after another, so that
    pandas, matplotlib and the package are imported once per kernel rather than once per section.
    Each section starts from an empty namespace (%reset) and sets its own state, so it runs the same
    here as on its own in JupyterLab."""

    def __init__(self, count: int):
        import tempfile
        import uuid

        import zmq.asyncio
        from jupyter_client import KernelManager

        class SharedContextKernelManager(KernelManager):
            """papermill never closes the client it opens on a kernel it does not own; giving every
            such client one zmq context that we destroy at the end closes all their sockets."""

            def client(self, **kwargs):
                kwargs.setdefault("context", self.clients_context)
                client = super().client(**kwargs)
                self.opened.append(client)
                return client

        self.managers = []
        for _ in range(count):
            km = SharedContextKernelManager(
                kernel_name=KERNEL, client_class="jupyter_client.asynchronous.AsyncKernelClient"
            )
            km.clients_context, km.opened = zmq.asyncio.Context(), []
            km.transport = "ipc"
            km.ip = str(Path(tempfile.gettempdir()) / f"complaints-kernel-{uuid.uuid4().hex}")
            km.start_kernel(cwd=str(ROOT))
            self.managers.append(km)
        for km in self.managers:  # warm up while the main process validates: import, don't wait
            client = km.blocking_client()
            client.start_channels(hb=False)
            client.execute(WARM_UP, silent=True, store_history=False)
            client.stop_channels()

    def run_sections(self, jobs: list, params: dict, meanwhile=None) -> None:
        """Each kernel takes every n-th (section, output notebook); `meanwhile` runs in this thread."""
        n = len(self.managers)

        def share(km, mine):
            for key, nb in mine:
                execute_section(key, params, nb, km)  # which starts by resetting the kernel

        with ThreadPoolExecutor(n) as pool:
            futures = [pool.submit(share, km, jobs[i::n]) for i, km in enumerate(self.managers)]
            if meanwhile:
                meanwhile()
            for future in futures:
                future.result()

    def recycle(self) -> None:
        """Between two reports in the same kernels: close every client socket opened so far."""
        import zmq.asyncio

        for km in self.managers:
            for client in km.opened:
                client.stop_channels()
            km.clients_context.destroy(linger=0)
            km.clients_context, km.opened = zmq.asyncio.Context(), []

    def close(self) -> None:
        for km in self.managers:
            for client in km.opened:  # so that long batches do not run out of files
                client.stop_channels()
            km.shutdown_kernel(now=True)  # an orderly shutdown sometimes stalls for seconds
            km.clients_context.destroy(linger=0)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


MAX_LINKING_ROUNDS = 10


def link_suppression(kernels, jobs, params, staging: Path, processed: Path, log) -> tuple[list, list]:
    """Same figure, same decision: while a figure withheld in one table is shown in another, withhold
    it there too (with that table's own secondary suppression) and rerun the sections concerned.
    Withheld cells only ever grow, so this settles; the decisions are kept beside the processed tables."""
    decisions = {}
    for _ in range(MAX_LINKING_ROUNDS):
        additions = disclosure.linked_additions(load_linking(staging))
        if not additions:
            return load_records(staging)
        decisions = disclosure.merge_decisions(decisions, additions)
        (processed / LINKED_FILE).write_text(json.dumps(decisions, indent=1, sort_keys=True) + "\n")
        rerun = [(key, nb) for key, nb in jobs if key in additions]
        log(
            f"      linked suppression: rerunning {', '.join(k for k, _ in rerun)} so that every table "
            "withholds the same figures"
        )
        kernels.run_sections(rerun, params)
    raise RuntimeError(f"linked suppression did not settle in {MAX_LINKING_ROUNDS} rounds")


RESET_TAG = "pipeline-reset"


def execute_section(key: str, params: dict, out_nb: Path, km=None) -> None:
    """Run one section notebook with papermill (in `km`'s kernel if given, else a kernel of its
    own); unknown parameters are an error, not a warning."""
    import nbformat
    import papermill as pm

    notebook = NOTEBOOKS / f"{key}.ipynb"
    declared = set(pm.inspect_notebook(str(notebook)))
    unknown = set(params) - declared
    if unknown:
        raise ParameterError(
            f"{notebook.name} does not declare parameter(s) {sorted(unknown)}; it takes {sorted(declared)}"
        )
    nb = nbformat.read(notebook, as_version=4)
    if km is not None:
        # A shared kernel starts each section from an empty namespace: a first cell does it, which
        # costs no extra round trip to the kernel, and is taken out again before the notebook is saved.
        reset = nbformat.v4.new_code_cell(RESET, metadata={"tags": [RESET_TAG]})
        nb.cells.insert(0, reset)
    engine = {"km": km} if km is not None else {"kernel_manager_class": _kernel_manager_class()}
    # No output path: papermill would rewrite the whole notebook (charts included) before and after
    # every cell; it is written once, when it has run.
    executed = pm.execute_notebook(
        nb, None, parameters=params, kernel_name=KERNEL, progress_bar=False, cwd=str(ROOT), log_output=False, **engine
    )
    executed.cells = [c for c in executed.cells if RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    nbformat.write(executed, str(out_nb))


def _swap_in(staging: Path, final: Path) -> None:
    """Replace `final` with `staging` in two renames; the old copy is removed only afterwards."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = final.with_name(final.name + ".old")
    if old.exists() and not final.exists():  # a swap interrupted earlier: the old copy is the good one
        old.rename(final)
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    try:
        staging.rename(final)
    except OSError:
        if old.exists():
            old.rename(final)  # put the previous outputs back
        raise
    if old.exists():
        shutil.rmtree(old)


def run(
    authority: str,
    year: str,
    edition: str = "published",
    outputs_root: Path = OUTPUTS_ROOT,
    raw_root: Path = RAW_ROOT,
    processed_root: Path = PROCESSED_ROOT,
    log=print,
    workers: int = min(2, os.cpu_count() or 1),
    kernels: SectionKernels | None = None,
    data_docs: bool = True,
    cache: bool = True,
) -> RunResult:
    """Render one authority-year. `kernels`: section kernels to borrow (a batch worker keeps its own
    from one report to the next); otherwise `workers` kernels are started and shut down here.
    `data_docs`: also build Great Expectations' Data Docs for analysts (outputs/_internal/).
    `cache`: copy back the sections whose inputs have not changed (pipelines/runs/cache.py)."""
    from pipelines.inputs.validate import validate
    from pipelines.rules.derive import derive_all

    started = time.perf_counter()
    check_year(year)
    profile = load_profile(authority)
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}")
    key = manifest.run_key(profile, year, edition, raw_root)  # before reading: what this run is made from
    final = output_dir(authority, year, edition, outputs_root)
    staging_root = outputs_root / ".staging"
    staging = staging_root / f"{authority}-{year}-{edition}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "notebooks").mkdir(parents=True)
    borrowed = kernels is not None
    try:
        # Kernels start (in their own processes) while this one validates.
        sections = profile.sections_for(year)
        kernels = kernels or SectionKernels(min(workers, len(sections)))
        log(f"[1/4] Validating the raw exports for {authority} {year}")
        raw = read_raw(profile, year, raw_root)
        report = validate(raw, profile)
        (staging / "validation").mkdir()
        summary = report.to_json()
        for info in summary["tables"].values():  # no server paths in a published file
            info["file"] = Path(info["file"]).name if not info["file"].startswith("(") else info["file"]
        (staging / "validation" / "validation.json").write_text(json.dumps(summary, indent=1) + "\n")

        log("[2/4] Deriving financial years, due dates and timeliness")
        frames = derive_all({name: typed(name, t.frame) for name, t in raw.items()}, profile, as_at(year))
        processed = staging / ".processed"
        write_processed(frames, processed, read_narrative(raw_dir(authority, year, raw_root), profile.sections))

        log(f"[3/4] Running {len(sections)} section notebooks with papermill")
        params = {
            "authority": authority,
            "year": year,
            "edition": edition,
            "output_dir": str(staging),
            "processed_dir": str(processed),
        }
        notebooks = [staging / "notebooks" / f"{n:02d}_{key}.ipynb" for n, key in enumerate(sections, 1)]
        jobs = list(zip(sections, notebooks))
        docs = (lambda: report.build_data_docs(staging / ".internal" / "data-docs")) if data_docs else None
        if not data_docs:  # so that no earlier run's Data Docs stand beside this report
            (staging / ".internal").mkdir()
            (staging / ".internal" / "README.txt").write_text(
                "Great Expectations Data Docs were not built for this run (a batch run without --data-docs).\n"
                "The validation summary is in validation/validation.json of the report.\n"
            )
        kept = SectionCache(
            cache_dir(outputs_root), authority, year, edition, profile_path(authority), staging, processed
        )
        runner = CachedKernels(kernels, kept if cache else None)
        runner.run_sections(jobs, params, meanwhile=docs)
        table_records, figures = link_suppression(runner, jobs, params, staging, processed, log)
        if cache and kept.hits:
            log(f"      {len(set(kept.hits))} of {len(sections)} sections unchanged: copied from the cache")
        check_outputs(staging, fy_text(year), table_records, figures)
        pages = [
            SectionPage(key, n, SECTION_TITLES[key], f"{n:02d}_{key}.html", section_body(nb, edition))
            for n, (key, nb) in enumerate(zip(sections, notebooks), 1)
        ]

        log("[4/4] Publishing HTML and PDF")
        generated = f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC from {code_version()['commit'] or 'an uncommitted tree'}."
        write_sections(profile, year, edition, pages, staging, generated)
        tables = sorted(p.name for p in (staging / "tables").glob("*.csv"))
        write_index(profile, year, edition, pages, staging, generated, report.to_json(), tables)
        write_pdf(profile, year, edition, pages, staging)
        write_workbook(staging, f"{profile.name}: {profile.report_title} {fy_text(year)}")
        manifest.write(
            staging, manifest.build(staging, raw, profile.key, year, edition, report, table_records, figures, key)
        )
        for path in staging.glob("records-*.json"):
            path.unlink()

        processed_final = processed_root / authority / year
        processed_done = processed_final.parent / f".{year}-{os.getpid()}"
        shutil.move(processed, processed_done)  # out of the folder about to be swapped in
        _swap_in(staging / ".internal", internal_dir(authority, year, outputs_root))
        _swap_in(staging, final)
        if edition == "published":  # processed tables last, beside their report
            _swap_in(processed_done, processed_final)
        else:
            shutil.rmtree(processed_done)
        write_site_index(outputs_root, generated)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if borrowed:
            kernels.recycle()
        elif kernels is not None:
            kernels.close()
        if staging_root.exists() and not any(staging_root.iterdir()):
            staging_root.rmdir()
    seconds = time.perf_counter() - started
    log(f"Report ready: {final / 'index.html'} and {final / 'report.pdf'} ({seconds:.0f} s)")
    return RunResult(authority, year, edition, final, seconds)
