"""What the section notebooks call: load the processed tables for an authority-year, then show and
save each table, chart, figure and sentence of a section. Keeps the notebooks thin."""

from __future__ import annotations

import functools
import html
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines import ROOT
from pipelines.config.profile import Profile, check_year, load_profile
from pipelines.config.vocabulary import tables, taxonomy
from pipelines.document.charts import Chart
from pipelines.document.tables import to_csv_frame, to_html
from pipelines.measures.base import Table
from pipelines.rules.calendar import fy_bounds, fy_text, previous_years

PROCESSED_ROOT = ROOT / "data" / "processed"
SCRATCH_ROOT = ROOT / "outputs" / ".scratch"
EDITIONS = ("published", "audit")
SECTION_TITLES = {
    "summary": "Summary and background",
    "volumes": "Complaints received: volumes, stages and who complained",
    "timeliness": "Responding on time",
    "outcomes": "Outcomes and what people complained about",
    "compliments": "Compliments",
    "ombudsman": "The Local Government and Social Care Ombudsman",
    "learning": "Learning and improvement: you said, we did",
    "costs": "Costs",
    "enquiries": "Enquiries from MPs, councillors and others",
    "foi": "Freedom of Information requests",
    "adult_social_care": "Adult social care",
    "appendix": "Appendix: data tables and definitions",
    "cases": "Complaints and enquiries: received and responded to on time",
    "reviews": "Stage 2, stage 3, the Ombudsman and advocacy",
}


@dataclass
class ReportData:
    profile: Profile
    year: str
    years: list  # trend years, oldest first, ending with `year`
    frames: dict  # canonical tables with derived fields; complaints split by service
    narrative: dict = None  # the complaints team's commentary and learning (narrative.yaml)
    disclosure: dict = None  # the whole report's disclosure decisions (publish/protection.py)

    @property
    def last_year(self) -> str:
        return self.years[-2] if len(self.years) > 1 else self.year

    def __getattr__(self, name):
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(name)


DISCLOSURE_FILE = "disclosure.json"  # beside the processed tables: the last run's disclosure decisions


def processed_dir(authority: str, year: str, root: Path = PROCESSED_ROOT) -> Path:
    return root / authority / year


def as_at(year: str) -> pd.Timestamp:
    """Open cases are judged as at the last day of the financial year."""
    return fy_bounds(year)[1]


def prepare(profile: Profile, year: str, raw_root: Path | None = None) -> dict[str, pd.DataFrame]:
    """Raw exports -> typed canonical tables with derived fields (no validation gate: see run.py)."""
    from pipelines.inputs.ingest import RAW_ROOT, read_raw, typed
    from pipelines.rules.derive import derive_all

    raw = read_raw(profile, year, raw_root or RAW_ROOT)
    return derive_all({name: typed(name, t.frame) for name, t in raw.items()}, profile, as_at(year))


def read_processed(path: Path) -> pd.DataFrame:
    """A processed table; a kernel running section after section reads each file once (per version
    of it) and gives every section its own copy."""
    stat = path.stat()
    return _parquet(str(path), stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=32)
def _parquet(path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    return pd.read_parquet(path)


def write_processed(frames: dict[str, pd.DataFrame], folder: Path, narrative: dict | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    (folder / "narrative.json").write_text(json.dumps(narrative or {"commentary": {}, "learning": []}, indent=1))


def split_by_service(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Children's sections see children's procedures only; adult social care has its own table."""
    services = {code: v.get("service", "children") for code, v in taxonomy()["procedures"].items()}
    complaints = frames["complaints"]
    adults = complaints["procedure"].map(services).eq("adults")
    return {**frames, "complaints": complaints[~adults], "adult_complaints": complaints[adults]}


def load(authority: str = "demo", year: str = "2024-25", processed: str | Path | None = None) -> ReportData:
    """The processed tables for an authority-year. In JupyterLab, before any run has produced them,
    they are prepared from the raw exports on the spot (with a warning: not validated)."""
    check_year(year)
    profile = load_profile(authority)
    folder = Path(processed) if processed else processed_dir(authority, year)
    if all((folder / f"{name}.parquet").exists() for name in tables()):
        frames = {name: read_processed(folder / f"{name}.parquet") for name in tables()}
        narrative = (
            json.loads((folder / "narrative.json").read_text()) if (folder / "narrative.json").exists() else None
        )
    else:
        warnings.warn(
            f"no processed tables in {folder}; preparing them from the raw exports without "
            "validation (run `complaints-report run` for the validated report)",
            stacklevel=2,
        )
        from pipelines.inputs.ingest import raw_dir
        from pipelines.inputs.narrative_input import read_narrative

        frames = prepare(profile, year)
        narrative = read_narrative(raw_dir(authority, year), profile.sections)
    from pipelines.measures.base import with_trace_refs

    frames = {name: with_trace_refs(frame) for name, frame in frames.items()}
    decisions = folder / DISCLOSURE_FILE
    return ReportData(
        profile,
        year,
        covered_years(frames["complaints"], year, profile.trend_years),
        split_by_service(frames),
        narrative or {"commentary": {}, "learning": []},
        json.loads(decisions.read_text()) if decisions.exists() else {},
    )


def covered_years(complaints: pd.DataFrame, year: str, count: int) -> list[str]:
    """Trend years, leaving out years before the export's first complaint: a year the export does not
    cover is not a year with no complaints."""
    first = complaints["year_received"].dropna().min() if len(complaints) else year
    return [y for y in previous_years(year, count) if y >= min(first, year)]


# Sections about another population reuse the same measures: their tables and charts get their own
# names, so that they never overwrite (or get checked against) the children's tables.
KEY_PREFIX = {"adult_social_care": "adult_"}


class Section:
    """One report section: numbers its tables, shows them and saves CSV copies and figures."""

    def __init__(self, key: str, data: ReportData, edition: str = "published", output_dir: str | Path | None = None):
        if edition not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}")
        if key not in SECTION_TITLES:
            raise ValueError(f"unknown section {key!r}")
        self.key, self.data, self.edition = key, data, edition
        from pipelines.measures import base
        from pipelines.rules import disclosure
        from pipelines.rules.disclosure_policy import read_policy

        policy = read_policy(data.profile.raw, f"config/authorities/{data.profile.key}.yaml")
        threshold = policy["threshold"] if edition == "published" else 0
        # References are shown only in the audit edition; the published edition traces them in memory
        # for the whole-report disclosure check, which sees only opaque tokens of them.
        base.TRACE["on"] = edition == "audit" or threshold > 0
        disclosure.POLICY.clear()
        disclosure.POLICY.update({**policy, "threshold": threshold, "prefix": KEY_PREFIX.get(key, "")})
        from pipelines.config import vocabulary

        vocabulary.LABEL_OVERRIDES.clear()
        vocabulary.LABEL_OVERRIDES.update(data.profile.raw.get("labels", {}))
        disclosure.FORCED.clear()
        disclosure.BANDS.clear()
        if threshold > 0:
            disclosure.FORCED.update(
                {k: {tuple(c) for c in cells} for k, cells in (data.disclosure or {}).get("forced", {}).items()}
            )
            disclosure.BANDS.update(
                {k: {tuple(c): True for c in cells} for k, cells in (data.disclosure or {}).get("bands", {}).items()}
            )
        published = data.profile.sections_for(data.year)
        self.number = published.index(key) + 1 if key in published else 0
        self.out = Path(output_dir) if output_dir else SCRATCH_ROOT / data.profile.key / data.year
        (self.out / "tables").mkdir(parents=True, exist_ok=True)
        (self.out / "figures").mkdir(parents=True, exist_ok=True)
        self._tables = 0
        self._figures: list[dict] = []
        self._table_records: list[dict] = []
        self._noted = False  # the small-number note is given at most once a section
        self._numbers = self.out / f"numbers-{key}.jsonl"  # for the whole-report disclosure check
        self._numbers.unlink(missing_ok=True)

    @property
    def title(self) -> str:
        return SECTION_TITLES[self.key]

    def heading_html(self) -> str:
        p, y = self.data.profile, fy_text(self.data.year)
        return (
            f'<p class="kicker">{html.escape(p.name)}: {html.escape(p.report_title)}, {y}</p>'
            f"<h1>{self.number}. {html.escape(self.title)}</h1>"
        )

    def table(self, table: Table):
        """Show a numbered table and save its CSV copy and how it was derived."""
        from dataclasses import replace

        from pipelines.rules import disclosure

        if self.key in KEY_PREFIX:
            table = replace(table, key=KEY_PREFIX[self.key] + table.key)
        self._record_numbers(table)
        if self.edition == "published":
            table = disclosure.apply(table)
        self._tables += 1
        number = f"{self.number}.{self._tables}"
        to_csv_frame(table).to_csv(self.out / "tables" / f"{table.key}.csv", lineterminator="\n")
        self._table_records.append(
            {
                "key": table.key,
                "number": number,
                "caption": table.caption(),
                "section": self.key,
                "basis": table.basis,
                "period": table.period,
                "money_columns": list(table.money_columns),
                "percent_columns": list(table.percent_columns),
                "derivation": table.derivation,
            }
        )
        self._save_records()
        markup = to_html(table, number, f"{self.key}-{table.key}")
        if self.edition == "audit":
            markup += self._trace_html(table)
        return _HTML(markup)

    def _trace_html(self, table: Table) -> str:
        """Audit edition: the references behind every cell, and a JSON copy beside the CSV."""
        e = html.escape
        if table.refs is None:
            return (
                '<p class="table-note">Case references are itemised for count tables; this table is derived '
                f"by {e(table.derivation.get('function', 'its measure'))} (see the manifest).</p>"
            )
        (self.out / "tables" / f"{table.key}.refs.json").write_text(json.dumps(table.refs, indent=1) + "\n")
        rows = "".join(
            f'<tr><th scope="row">{e(r)}</th><td>{e(c)}</td><td>{len(refs)}</td><td>{e(", ".join(refs))}</td></tr>'
            for r, cells in table.refs.items()
            for c, refs in cells.items()
            if refs
        )
        return (
            f'<details class="trace"><summary>Audit: the case references behind each cell of this table</summary>'
            f'<table class="data"><thead><tr><th scope="col">Row</th><th scope="col">Column</th>'
            f'<th scope="col">Count</th><th scope="col">References</th></tr></thead><tbody>{rows}</tbody></table></details>'
        )

    def chart(self, chart: Chart | None):
        if chart is None:
            return _HTML("")
        if self.key in KEY_PREFIX:
            from dataclasses import replace

            prefix = KEY_PREFIX[self.key]
            chart = replace(chart, key=prefix + chart.key, table_key=prefix + chart.table_key)
        extension = "svg" if chart.media_type == "image/svg+xml" else "png"
        (self.out / "figures" / f"{chart.key}.{extension}").write_bytes(chart.data)
        return _HTML(
            f'<figure class="chart" id="chart-{html.escape(chart.key)}">'
            f'<img src="{chart.data_uri()}" alt="{html.escape(chart.alt)}">'
            f"<figcaption>{html.escape(chart.title)} (data in the table below: "
            f'<a href="#table-{self.key}-{html.escape(chart.table_key)}">the table behind this chart</a>)</figcaption></figure>'
        )

    def say(self, *sentences: str):
        """Generated narrative: a paragraph, escaped; a sentence that would state a withheld small
        number is replaced by a note saying so."""
        return _HTML("<p>" + " ".join(html.escape(s) for s in self._guarded(sentences)) + "</p>")

    def bullets(self, items: list[str], figures: bool = True):
        """A list; `figures=False` for lists of rules from configuration (timescales, definitions)."""
        items = self._guarded(items) if figures else [i for i in items if i]
        return _HTML("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")

    def _guarded(self, sentences) -> list[str]:
        """Sentences that state a withheld figure are left out (disclosure.withholds: by the cells they
        were built from, never by matching numbers), with one note in the section the first time."""
        from pipelines.rules import disclosure

        given = [s for s in sentences if s]
        kept = [s for s in given if self.edition != "published" or not disclosure.withholds(s)]
        if len(kept) < len(given) and not self._noted:
            self._noted = True
            kept.append(disclosure.WITHHELD_TEXT)
        return kept

    def quotes(self, examples: list[dict]):
        """Approved compliments as block quotes, escaped (service name and text only)."""
        if not examples:
            return _HTML("<p>No compliments were approved for quotation this year.</p>")
        items = "".join(
            f"<blockquote><p>{html.escape(e['text'])}</p><footer>{html.escape(e['service_area'])}</footer></blockquote>"
            for e in examples
        )
        return _HTML(f'<div class="quotes">{items}</div>')

    def commentary(self):
        """The complaints team's commentary for this section, if they wrote any (escaped)."""
        text = self.data.narrative.get("commentary", {}).get(self.key)
        if not text:
            return _HTML("")
        from pipelines.inputs.narrative_input import paragraphs

        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
        return _HTML(f'<div class="commentary"><h2>Commentary from the complaints team</h2>{body}</div>')

    def learning(self):
        """'You said, we did', theme by theme."""
        items = self.data.narrative.get("learning", [])
        if not items:
            return _HTML("<p>No learning was recorded for this year.</p>")
        e, out = html.escape, []
        for item in items:
            said = "".join(f"<li>{e(s)}</li>" for s in item["you_said"])
            did = "".join(f"<li>{e(s)}</li>" for s in item["we_did"])
            out.append(
                f'<div class="learning"><h2>{e(item["theme"])}</h2><div class="said-did">'
                f"<div><h3>You said</h3><ul>{said}</ul></div><div><h3>We did</h3><ul>{did}</ul></div></div></div>"
            )
        return _HTML("".join(out))

    def breakdowns(self):
        """The tables (and charts) the profile lays out for this section (`breakdowns:`), in order."""
        from pipelines.document import charts
        from pipelines.measures.breakdowns import configured

        parts = []
        for table in configured(self.data, self.key):
            spec = next(s for s in self.data.profile.raw["breakdowns"] if s["key"] == table.key)
            if spec.get("chart"):
                years = [c for c in table.data.columns if c[:4].isdigit() and "%" not in c]
                parts.append(
                    self.chart(
                        charts.clustered_bars(
                            table, years, spec.get("chart_title", table.title), spec.get("unit", "Number")
                        )
                    ).markup
                )
            parts.append(self.table(table).markup)
        return _HTML("".join(parts))

    def figure(self, key: str, table: Table, row, column, label: str):
        """A headline figure: read from one table cell (so that sentence and table cannot differ)
        and recorded with its provenance for the manifest and the output checks."""
        from pipelines.rules import disclosure

        value = _plain(table.data.loc[row, column])
        disclosure.note(table, row, column)  # a sentence stating it states a withheld figure
        self._record_numbers(table, cell=(row, column))
        recorded = "[c]" if (row, column) in (table.hidden or ()) and self.edition == "published" else value
        self._figures.append(
            {
                "id": f"{self.key}.{key}",
                "value": recorded,
                "label": label,
                "section": self.key,
                "basis": table.basis,
                "period": table.period,
                "table": table.key,
                "row": str(row),
                "column": str(column),
                "derivation": table.derivation,
            }
        )
        self._save_records()
        return value  # sentences built on it pass the small-number guard in say() and bullets()

    def _record_numbers(self, table: Table, cell=None) -> None:
        """Published edition: every number the table prints or withholds, with opaque tokens of the
        cases it counts (or one cell's, for a headline read from a table that is not shown), for the
        whole-report disclosure check (publish/protection.py). Kept beside the staging outputs, never
        published."""
        from pipelines.rules import disclosure

        if self.edition != "published" or disclosure.threshold() <= 0 or not table.refs:
            return
        numbers = disclosure.cell_numbers(table)
        if cell is not None:
            numbers = [n for n in numbers if (n["row"], n["column"]) == (str(cell[0]), str(cell[1]))]
        with open(self._numbers, "a", encoding="utf-8") as fh:
            for n in numbers:
                fh.write(json.dumps({"section": self.key, "table": table.key, **n}) + "\n")

    def _save_records(self):
        records = {
            "section": self.key,
            "tables": self._table_records,
            "figures": self._figures,
        }
        (self.out / f"records-{self.key}.json").write_text(json.dumps(records, indent=1, default=str) + "\n")


def _plain(value):
    """A JSON-friendly scalar: numpy numbers as Python numbers, missing as None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


class _HTML:
    """Rich HTML output for Jupyter (text/html), so nbconvert publishes it as it is."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return "(HTML output)"
