"""Regional comparison: the authorities rendered for a year side by side, one page per year
(`outputs/regional/<year>.html`, with a CSV copy).

Every figure is read from each authority's published manifest, i.e. exactly as its own report
published it: the same small-number suppression ([c]) and the same one-function-per-figure source.
A figure an authority's report does not have is [x]. There is no total or average across
authorities: the page adds no relation between published numbers, so each report's own disclosure
proof (publish/protection.py) covers it."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from pipelines.config.profile import load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.measures.base import Table
from pipelines.rules.calendar import fy_text
from pipelines.rules.numbers import NOT_AVAILABLE

# Summary figure id (as recorded by stories.headlines) -> column heading; percentages marked.
COLUMNS = {
    "statutory_stage_1_received": "Statutory stage 1 complaints",
    "statutory_per_1000_referrals": "Statutory complaints per 1,000 referrals",
    "statutory_stage_1_on_time_pct": "Statutory stage 1 on time (%)",
    "corporate_stage_1_on_time_pct": "Corporate stage 1 on time (%)",
    "statutory_upheld_pct": "Statutory complaints upheld or partly upheld (%)",
    "lgsco_decisions": "Ombudsman decisions",
    "lgsco_upheld": "Ombudsman decisions upheld",
}
PERCENT_COLUMNS = tuple(c for c in COLUMNS.values() if c.endswith("(%)"))
FOLDER = "regional"


def published_reports(outputs_root: Path) -> dict[str, list[dict]]:
    """year -> the published manifests under outputs/<authority>/<year>/, by authority."""
    out: dict[str, list[dict]] = {}
    for path in sorted(outputs_root.glob("*/*/manifest.json")):
        authority = path.parent.parent.name
        if authority.startswith((".", "_")) or authority == FOLDER:
            continue
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("edition") == "published":
            out.setdefault(manifest["year"], []).append(manifest)
    return out


def comparison_table(manifests: list[dict], year: str) -> Table:
    rows = {}
    for manifest, name in zip(manifests, display_names(manifests)):
        figures = {
            f["id"].removeprefix("summary."): f["value"] for f in manifest["figures"] if f["id"].startswith("summary.")
        }
        rows[name] = {heading: figures.get(fid, NOT_AVAILABLE) for fid, heading in COLUMNS.items()}
    data = pd.DataFrame.from_dict(rows, orient="index", columns=list(COLUMNS.values())).astype(object)
    return Table(
        "regional_comparison",
        "Complaints in the authorities compared",
        data,
        basis=None,
        period=fy_text(year),
        notes=[
            "Each figure as published in the authority's own report, with its small-number rules. "
            "Rates per 1,000 referrals use DfE's or the authority's referral counts."
        ],
        percent_columns=PERCENT_COLUMNS,
    )


def display_names(manifests: list[dict]) -> list[str]:
    """Council names, with the profile added where two profiles share one (e.g. with and without adults)."""
    names = [_name(m["authority"]) for m in manifests]
    return [f"{n} ({m['authority']})" if names.count(n) > 1 else n for n, m in zip(names, manifests)]


def _name(authority: str) -> str:
    try:
        return load_profile(authority).name
    except ConfigError:  # a report whose profile has since been removed
        return authority


def neighbour_groups(manifests: list[dict]) -> list[tuple[dict, list[dict]]]:
    """For each authority with a real DfE code: its manifest and those of its ten statistical
    neighbours (DfE groupings) that are compared here, closest first."""
    from pipelines.inputs import dfe

    by_code = {}
    for manifest in manifests:
        try:
            by_code.setdefault(load_profile(manifest["authority"]).dfe_la_code, manifest)
        except ConfigError:
            continue
    out = []
    for code, manifest in by_code.items():
        try:
            neighbours = dfe.statistical_neighbours(code)
        except (ValueError, FileNotFoundError, OSError):
            continue  # fictional or unknown code: no DfE grouping
        out.append((manifest, [by_code[n["la_code"]] for n in neighbours if n["la_code"] in by_code]))
    return out


def _neighbours_html(manifests: list[dict], year: str) -> str:
    from pipelines.document.tables import to_html

    e, parts = html.escape, []
    for n, (manifest, neighbours) in enumerate(neighbour_groups(manifests), 2):
        name = _name(manifest["authority"])
        if not neighbours:
            parts.append(
                f"<p>{e(name)}: none of its ten statistical neighbours (DfE groupings, April 2021) "
                "is in this comparison yet.</p>"
            )
            continue
        table = comparison_table([manifest] + neighbours, year)
        table.title = f"{name} beside its statistical neighbours"
        parts.append(to_html(table, str(n), f"neighbours-{manifest['authority']}"))
    return f"<h2>Statistical neighbours</h2>{''.join(parts)}" if parts else ""


def write_regional_pages(outputs_root: Path, generated: str) -> list[Path]:
    from pipelines.document.tables import to_csv_frame, to_html
    from pipelines.publish.pages import css, write_atomically

    written = []
    folder = outputs_root / FOLDER
    for year, manifests in published_reports(outputs_root).items():
        table = comparison_table(manifests, year)
        folder.mkdir(parents=True, exist_ok=True)
        to_csv_frame(table).to_csv(folder / f"{year}.csv", lineterminator="\n")
        e = html.escape
        links = "".join(
            f'<li><a href="../{e(m["authority"])}/{e(year)}/index.html">{e(name)}</a></li>'
            for m, name in zip(manifests, display_names(manifests))
        )
        body = (
            f"<h1>Regional comparison of complaints, {e(fy_text(year))}</h1>"
            f"<p>{len(manifests)} authorities' reports for {e(fy_text(year))} side by side. Authorities count and "
            "define some things differently (see each report's conventions), so read differences with care.</p>"
            + to_html(table, "1", "regional")
            + _neighbours_html(manifests, year)
            + f"<h2>The reports</h2><ul>{links}</ul>"
            f'<p><a href="{e(year)}.csv">The table as CSV</a></p>'
        )
        page = (
            '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>Regional comparison {e(fy_text(year))}</title>'
            f'<style>{css()}</style></head><body><a class="skip-link" href="#main">Skip to main content</a>'
            f'<main id="main">{body}</main><footer class="site-footer"><p>{e(generated)}</p></footer></body></html>'
        )
        path = folder / f"{year}.html"
        write_atomically(path, page)
        written.append(path)
    return written
