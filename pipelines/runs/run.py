"""One authority-year from raw exports to published report:

    validate (GX gate) -> derive -> papermill (one notebook per section) -> HTML + PDF -> swap in

Everything is built in a staging folder beside outputs/; the previous outputs (and processed tables)
are replaced, all together, only when the whole run has succeeded, so a failed run leaves them
exactly as they were (pipelines/runs/staging.py)."""

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
from pipelines.document.declaration import SECTION_NOTEBOOK, load_declaration, notebook_path
from pipelines.document.report import EDITIONS, PROCESSED_ROOT, as_at, write_processed
from pipelines.document.text_sections import replace_markers
from pipelines.inputs.ingest import RAW_ROOT, raw_dir, read_raw, typed
from pipelines.inputs.narrative_input import read_narrative
from pipelines.publish import disclosure_pass, manifest
from pipelines.publish.checks import check_outputs, load_records
from pipelines.publish.committee import read_committee
from pipelines.publish.editions import write_publications
from pipelines.publish.manifest import code_version
from pipelines.publish.measure_sources import write_measures_page
from pipelines.publish.pages import SectionPage, section_body
from pipelines.publish.site import write_site_index
from pipelines.rules.calendar import fy_text
from pipelines.rules.privacy import label_problems
from pipelines.runs import staging as staging_area
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


WARM_UP = "import pipelines.document.report, pipelines.document.showing, pipelines.document.catalogue"
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
            for key, nb, source in mine:
                execute_section(key, params, nb, km, source)  # which starts by resetting the kernel

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


def protect_report(kernels, jobs, params, staging: Path, processed: Path, policy: dict, log) -> tuple[list, list]:
    """Disclosure decided once for the whole report: from every number the sections printed, the
    cells to withhold besides the small counts (publish/protection.py); the sections printing any of
    them are rendered once more with those decisions (kept beside the processed tables), and then
    every withheld number is proved protected."""
    if params["edition"] == "published":
        rerun_keys = disclosure_pass.decide(staging, processed, policy)
        rerun = [job for job in jobs if job[0] in rerun_keys]
        if rerun:
            log(f"      disclosure: withholding what would give small numbers away, in {', '.join(rerun_keys)}")
            kernels.run_sections(rerun, params)
        limited = [c for c in disclosure_pass.prove(staging, processed, policy) if c.get("limited_by_published")]
        if limited:  # published, but the analyst must know: these cannot be protected as the policy asks
            log(
                f"      disclosure: {len(limited)} withheld figures are pinned more narrowly than disclosure.protection "
                "by tables published in full (e.g. table "
                f"{limited[0]['table']}, {limited[0]['row']} / {limited[0]['column']}); see the audit edition's "
                "disclosure.html, and consider adding those tables to disclosure.protect"
            )
    for path in staging.glob("numbers-*.jsonl"):
        path.unlink()
    return load_records(staging)


RESET_TAG = "pipeline-reset"


def execute_section(key: str, params: dict, out_nb: Path, km=None, source: Path | None = None) -> None:
    """Run one section notebook (`source`, by default the built-in notebooks/<key>.ipynb) with
    papermill (in `km`'s kernel if given, else a kernel of its own); unknown parameters are an
    error, not a warning."""
    import nbformat
    import papermill as pm

    notebook = source or NOTEBOOKS / SECTION_NOTEBOOK
    declared = set(pm.inspect_notebook(str(notebook)))
    if "section_key" in declared:  # the one notebook that shows any section's declared items
        params = {**params, "section_key": key}
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


def section_page_body(section, notebook: Path | None, edition: str, text) -> str:
    """A section's page body: its text section, or its executed notebook with the authority's Markdown
    put where its items show it, and its text after its items."""
    if section.text is not None:
        return text[1]
    body = section_body(notebook, edition)
    if text is None:
        return body
    return replace_markers(body, text[3]) + text[1]


def render_text_sections(profile, year, declaration, raw_folder: Path, staging: Path, table_records) -> dict:
    """key -> (number, body HTML, figure records, item texts) of each section showing the authority's
    Markdown, its placeholders bound to the
    tables as published; a contradicting hand-typed number stops the run here, before publishing."""
    from pipelines.document.text_sections import render_year_texts
    from pipelines.publish.checks import read_tables

    return render_year_texts(profile, year, declaration, raw_folder, read_tables(staging), table_records)


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
    policy = profile.disclosure  # checked with the profile: a bad policy has stopped the run already
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}")
    key = manifest.run_key(profile, year, edition, raw_root)  # before reading: what this run is made from
    final = output_dir(authority, year, edition, outputs_root)
    borrowed, staging = kernels is not None, None
    try:
        staging = staging_area.new_staging(outputs_root, f"{authority}-{year}-{edition}")
        (staging / "notebooks").mkdir()
        # Kernels start (in their own processes) while this one validates.
        declaration = load_declaration(profile)  # checked before any work: errors name file and line
        declared = declaration.sections_for(year)
        run_by_notebook = [s for s in declared if s.text is None]
        kernels = kernels or SectionKernels(max(1, min(workers, len(run_by_notebook))))
        log(f"[1/4] Validating the raw exports for {authority} {year}")
        raw = read_raw(profile, year, raw_root)
        committee = read_committee(raw_dir(authority, year, raw_root))  # a slip in it stops the run now
        report = validate(raw, profile, year, label_check=label_problems)
        (staging / "validation").mkdir()
        summary = report.to_json()
        for info in summary["tables"].values():  # no server paths in a published file
            info["file"] = Path(info["file"]).name if not info["file"].startswith("(") else info["file"]
        (staging / "validation" / "validation.json").write_text(json.dumps(summary, indent=1) + "\n")

        log("[2/4] Deriving financial years, due dates and timeliness")
        frames = derive_all({name: typed(name, t.frame) for name, t in raw.items()}, profile, as_at(year))
        processed = staging / ".processed"
        write_processed(
            frames, processed, read_narrative(raw_dir(authority, year, raw_root), [s.key for s in declaration.sections])
        )

        log(f"[3/4] Running {len(run_by_notebook)} section notebooks with papermill")
        params = {
            "authority": authority,
            "year": year,
            "edition": edition,
            "output_dir": str(staging),
            "processed_dir": str(processed),
        }
        notebooks = {s.key: staging / "notebooks" / f"{n:02d}_{s.key}.ipynb" for n, s in enumerate(declared, 1)}
        jobs = [(s.key, notebooks[s.key], notebook_path(profile, s)) for s in run_by_notebook]
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
        table_records, figures = protect_report(runner, jobs, params, staging, processed, policy, log)
        if cache and kept.hits:
            log(f"      {len(set(kept.hits))} of {len(jobs)} sections unchanged: copied from the cache")
        texts = render_text_sections(
            profile, year, declaration, raw_dir(authority, year, raw_root), staging, table_records
        )
        figures += [f for _, _, used, _ in texts.values() for f in used]
        check_outputs(staging, fy_text(year), table_records, figures)
        pages = [
            SectionPage(
                s.key,
                declaration.section_label(n, s).rstrip(".") or n,  # the templates print "<number>. <title>"
                s.title,
                f"{n:02d}_{s.key}.html",
                section_page_body(s, notebooks.get(s.key), edition, texts.get(s.key)),
            )
            for n, s in enumerate(declared, 1)
        ]

        log("[4/4] Publishing HTML, PDF, Word and the workbook")
        generated = f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC from {code_version()['commit'] or 'an uncommitted tree'}."
        write_publications(
            profile, year, edition, pages, staging, generated, report.to_json(), table_records, figures, committee
        )
        if edition == "audit":
            write_measures_page(
                staging, table_records, declaration, year, f"{profile.name}: {profile.report_title} {fy_text(year)}",
                code_version(),
            )  # fmt: skip
            disclosure_pass.write_audit_page(
                staging,
                processed_root / authority / year / disclosure_pass.FILE,
                f"{profile.name}: {profile.report_title} {fy_text(year)}",
            )
        manifest.write(
            staging, manifest.build(staging, raw, profile.key, year, edition, report, table_records, figures, key)
        )
        for path in staging.glob("records-*.json"):
            path.unlink()

        # All together or none: internal material, processed tables (published edition: the ones
        # JupyterLab reads beside the report) and the report itself (pipelines/runs/staging.py).
        pairs = [(staging / ".internal", internal_dir(authority, year, outputs_root))]
        if edition == "published":
            pairs.append((processed, processed_root / authority / year))
        else:
            shutil.rmtree(processed)
        staging_area.swap_in(pairs + [(staging, final)], staging_area.staging_root(outputs_root))
        write_site_index(outputs_root, generated)
    except OSError as exc:
        message = staging_area.storage_message(exc)
        if message is None:
            raise
        raise staging_area.StorageError(message) from None
    finally:
        if staging is not None:
            staging_area.remove_staging(staging)
        if borrowed:
            kernels.recycle()
        elif kernels is not None:
            kernels.close()
    seconds = time.perf_counter() - started
    log(f"Report ready: {final / 'index.html'} and {final / 'report.pdf'} ({seconds:.0f} s)")
    return RunResult(authority, year, edition, final, seconds)
