"""The intranet site: one self-contained page per section (compact navigation that folds away on a
narrow screen, previous and next links, charts that give way to their tables on a phone), a landing
page that opens with the year's headline figures, and outputs/index.html listing every report.
Nothing is fetched from anywhere: images are embedded and the stylesheet is inline."""

from __future__ import annotations

import html
import re
from pathlib import Path

from pipelines.config.profile import Profile
from pipelines.publish.pages import DOWNLOADS, SectionPage, context, css, env, markup, write_atomically
from pipelines.rules.calendar import fy_bounds, fy_text
from pipelines.rules.numbers import NOT_APPLICABLE, fmt_count, fmt_money

MAX_HEADLINES = 8
_NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a named figure's cell as printed, when it is a plain number
# On a narrow screen a chart gives way to the table behind it (its text would be too small to read).
_CHART = re.compile(r'(<figure class="chart"[^>]*>)')
NARROW_NOTE = (
    '<p class="chart-narrow-note">On a narrow screen this chart gives way to its table: the same figures '
    "are in the table below.</p>"
)


def _downloads(folder: Path) -> list[tuple[str, tuple[str, str]]]:
    """The downloads a report folder offers (only those written): file, (short label, long label)."""
    return [(f, labels) for f, labels in DOWNLOADS.items() if (folder / f).exists()]


def write_sections(
    profile: Profile, year: str, edition: str, sections: list[SectionPage], out: Path, generated: str
) -> list[Path]:
    page, written = env().get_template("page.html.j2"), []
    for n, s in enumerate(sections):
        ctx = context(profile, year, edition, sections, generated) | {
            "current": s.key,
            "body": markup(_CHART.sub(r"\1" + NARROW_NOTE, s.body)),
            "previous": sections[n - 1] if n else None,
            "next": sections[n + 1] if n + 1 < len(sections) else None,
            "downloads": _downloads(out),
        }
        ctx["title"] = f"{s.label}: {ctx['title']}"
        (out / s.file).write_text(page.render(ctx), encoding="utf-8")
        written.append(out / s.file)
    return written


def headline_items(figures: list[dict], records: list[dict]) -> list[tuple[str, str]]:
    """(label, value) of the summary's headline figures (or, without a summary, the first figures), shown as the report shows them: money in
    pounds, percentages with their sign, [c] where withheld, [z] where there was nothing to divide."""
    kinds = {r["key"]: r for r in records}
    # A report without a summary section still opens with figures: the first that its sections recorded.
    chosen = [f for f in figures if f.get("section") == "summary"] or figures[:MAX_HEADLINES]
    return [_shown(f, kinds.get(f["table"], {})) for f in chosen]


def _shown(f: dict, record: dict) -> tuple[str, str]:
    value, label = f["value"], f["label"]
    printed = isinstance(value, str) and _NUMBER.fullmatch(value)
    if printed:
        value = float(value)  # a named figure's cell as the table's CSV printed it (money in pounds)
    if value is None:
        return label, NOT_APPLICABLE
    if isinstance(value, str):
        return label, value  # [c], a band, or money as printed
    if f["column"] in record.get("money_columns", []):
        return label, fmt_money(value if printed else value / 100)
    if f["column"] in record.get("percent_columns", []) or label.endswith("(%)"):
        return label.removesuffix("(%)").strip(), f"{fmt_count(value)}%"
    return label, fmt_count(value) if float(value).is_integer() else f"{value:,.1f}"


def write_index(
    profile: Profile,
    year: str,
    edition: str,
    sections: list[SectionPage],
    out: Path,
    generated: str,
    validation: dict,
    headlines: list[tuple[str, str]] | None = None,
) -> Path:
    """The landing page: headline figures first, then the sections and the downloads."""
    e = html.escape
    start, end = fy_bounds(year)
    figures = "".join(
        f'<li class="headline"><span class="headline-value">{e(v)}</span> '
        f'<span class="headline-label">{e(label)}</span></li>'
        for label, v in headlines or []
    )
    items = "".join(f'<li><a href="{e(s.file)}">{e(s.label)}</a></li>' for s in sections)
    downloads = "".join(f'<li><a href="{e(f)}">{e(label)}</a></li>' for f, (_, label) in _downloads(out))
    rows = sum(t["rows"] for t in validation["tables"].values())
    checks = sum(t["expectations"] for t in validation["tables"].values())
    body = (
        f'<p class="kicker">{e(profile.name)}</p><h1>{e(profile.report_title)} {fy_text(year)}</h1>'
        f"<p>Complaints, compliments and enquiries about {e(profile.service)}, 1 April {start.year} to "
        f"31 March {end.year}.</p>"
        + (f'<h2>The year in figures</h2><ul class="headlines">{figures}</ul>' if figures else "")
        + f'<h2>Sections</h2><ol class="cards">{items}</ol>'
        f'<h2>Downloads</h2><ul class="downloads">{downloads}</ul>'
        "<p>Each table is also in the report's <code>tables</code> folder as a CSV file.</p>"
        f"<h2>Data validation</h2><p>The input data passed all {checks} validation checks on "
        f"{rows:,} rows before the report was produced.</p>"
    )
    ctx = context(profile, year, edition, sections, generated) | {
        "current": "index",
        "body": markup(body),
        "previous": None,
        "next": sections[0] if sections else None,
        "downloads": _downloads(out),
    }
    path = out / "index.html"
    path.write_text(env().get_template("page.html.j2").render(ctx), encoding="utf-8")
    return path


def write_site_index(outputs_root: Path, generated: str) -> Path:
    """outputs/index.html: every authority-year rendered, for the intranet."""
    e = html.escape
    rows = []
    for report in sorted(outputs_root.glob("*/*/index.html")):
        authority, year = report.parent.parent.name, report.parent.name
        if authority.startswith((".", "_")):
            continue
        rows.append(f'<li><a href="{e(authority)}/{e(year)}/index.html">{e(authority)} {e(fy_text(year))}</a></li>')
    regional = [
        f'<li><a href="regional/{e(p.name)}">Regional comparison {e(fy_text(p.stem))}</a></li>'
        for p in sorted((outputs_root / "regional").glob("*.html"))
    ]
    body = (
        "<h1>Complaints and compliments annual reports</h1>"
        + (f"<ul>{''.join(rows)}</ul>" if rows else "<p>No reports have been rendered yet.</p>")
        + (f"<h2>Comparisons</h2><ul>{''.join(regional)}</ul>" if regional else "")
    )
    page = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width, initial-scale=1"><title>Complaints annual reports</title>'
        f'<style>{css()}</style></head><body><a class="skip-link" href="#main">Skip to main content</a>'
        f'<main id="main">{body}</main><footer class="site-footer"><p>{e(generated)}</p></footer></body></html>'
    )
    path = outputs_root / "index.html"
    write_atomically(path, page)
    return path
