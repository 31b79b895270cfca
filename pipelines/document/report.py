"""What the section notebooks call: load the processed tables for an authority-year (loading.py),
then show and save each table, chart, figure and sentence of a section. Keeps the notebooks thin."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from pipelines import ROOT
from pipelines.document.charts import Chart
from pipelines.document.free_text import HTML, FreeText, case_references_html, free_texts
from pipelines.document.loading import (  # noqa: F401  (the names notebooks and the run use)
    DISCLOSURE_FILE,
    PROCESSED_ROOT,
    ReportData,
    as_at,
    covered_years,
    load,
    prepare,
    processed_dir,
    read_processed,
    split_by_service,
    write_processed,
)
from pipelines.document.tables import to_csv_frame, to_html
from pipelines.measures.base import Table
from pipelines.rules.calendar import fy_text

SCRATCH_ROOT = ROOT / "outputs" / ".scratch"
EDITIONS = ("published", "audit")


class Section(FreeText):
    """One report section: numbers its tables, shows them and saves CSV copies and figures."""

    def __init__(self, key: str, data: ReportData, edition: str = "published", output_dir: str | Path | None = None):
        if edition not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}")
        from pipelines.document.declaration import load_declaration

        self.declaration = load_declaration(data.profile)
        self.declared = self.declaration.section(key)  # the section's title, numbering, own table titles
        self.key, self.data, self.edition = key, data, edition
        from pipelines.measures import base
        from pipelines.rules import disclosure

        policy = data.profile.disclosure
        threshold = policy["threshold"] if edition == "published" else 0
        # References are shown only in the audit edition; the published edition traces them in memory
        # for the whole-report disclosure check, which sees only opaque tokens of them.
        base.TRACE["on"] = edition == "audit" or threshold > 0
        disclosure.POLICY.clear()
        disclosure.POLICY.update({**policy, "threshold": threshold})
        from pipelines.config import vocabulary

        vocabulary.LABEL_OVERRIDES.clear()
        vocabulary.LABEL_OVERRIDES.update(data.profile.raw.get("labels", {}))
        from pipelines.rules import privacy

        # Names in free text: the profile's own words are not names; every text the report may
        # publish is read first, so that a name seen once is a name wherever it appears.
        privacy.configure(data.profile.vocabulary, free_texts(data))
        disclosure.FORCED.clear()
        disclosure.BANDS.clear()
        if threshold > 0:
            disclosure.FORCED.update(
                {k: {tuple(c) for c in cells} for k, cells in (data.disclosure or {}).get("forced", {}).items()}
            )
            disclosure.BANDS.update(
                {k: {tuple(c): True for c in cells} for k, cells in (data.disclosure or {}).get("bands", {}).items()}
            )
        published = [s.key for s in self.declaration.sections_for(data.year)]
        self.number = published.index(key) + 1 if key in published else 0
        self.out = Path(output_dir) if output_dir else SCRATCH_ROOT / data.profile.key / data.year
        (self.out / "tables").mkdir(parents=True, exist_ok=True)
        (self.out / "figures").mkdir(parents=True, exist_ok=True)
        self._tables = 0
        self._skipped: dict = {}  # kind -> numbers of ours passed over (the authority's own)
        self._charts = 0
        self._figures: list[dict] = []
        self._table_records: list[dict] = []
        self._noted = False  # the small-number note is given at most once a section
        self._numbers = self.out / f"numbers-{key}.jsonl"  # for the whole-report disclosure check
        self._numbers.unlink(missing_ok=True)
        self._computed: dict = {}  # the tables of declared items, computed once in this section

    @property
    def title(self) -> str:
        return self.declared.title

    def heading_html(self) -> str:
        p, y = self.data.profile, fy_text(self.data.year)
        label = self.declaration.section_label(self.number, self.declared)
        return (
            f'<p class="kicker">{html.escape(p.name)}: {html.escape(p.report_title)}, {y}</p>'
            f"<h1>{html.escape(' '.join(t for t in (label, self.title) if t))}</h1>"
        )

    def cross_reference(self, key: str, what: str) -> HTML | None:
        """ "Section 2, <its title>, <what>." where the report publishes section `key` this year (so that a
        table is shown once, in its own section); None where it does not."""
        sections = self.declaration.sections_for(self.data.year)
        for n, declared in enumerate(sections, 1):
            if declared.key == key:
                label = self.declaration.section_label(n, declared).rstrip(".") or str(n)
                return HTML(f"<p>Section {html.escape(label)}, {html.escape(declared.title)}, {html.escape(what)}.</p>")
        return None

    def _numbered(self, kind: str, key: str, count: int) -> tuple[str, str | None]:
        """(number label, declared title or None) of this section's `count`-th table or chart."""
        own = getattr(self.declared, kind).get(key, {})
        if "number" in own:
            return own["number"], own.get("title")
        # a number of ours never repeats one the authority gives a table itself ("Table 4.2" in its 3.8)
        taken, skip = self.declaration.declared_labels(kind), self._skipped.setdefault(kind, 0)
        label = self.declaration.item_label(kind, self.number, count + skip)
        while label and label in taken:
            skip = self._skipped[kind] = skip + 1
            label = self.declaration.item_label(kind, self.number, count + skip)
        return label, own.get("title")

    def table(self, table: Table, number: str | None = None):
        """Show a numbered table (`number`: the item's own, instead of the numbering style) and save its
        CSV copy and how it was derived."""
        from dataclasses import replace

        from pipelines.rules import disclosure

        self._record_numbers(table)
        if self.edition == "published":
            table = disclosure.apply(table)
        self._tables += 1
        own_number, own_title = self._numbered("tables", table.key, self._tables)
        number = str(number) if number is not None else own_number
        if own_title:
            table = replace(table, title=own_title)
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
        markup = to_html(table, number, f"{self.key}-{table.key}", label=number)
        if self.edition == "audit":
            markup += case_references_html(self.out, table)
        return HTML(markup)

    def chart(self, chart: Chart | None, number: str | None = None):
        """Show a numbered chart (`number`: the item's own, instead of the numbering style) and save it."""
        if chart is None:
            return HTML("")
        from dataclasses import replace

        self._charts += 1
        own_number, own_title = self._numbered("charts", chart.key, self._charts)
        number = str(number) if number is not None else own_number
        chart = replace(chart, title=" ".join(t for t in (number, own_title or chart.title) if t))
        extension = "svg" if chart.media_type == "image/svg+xml" else "png"
        (self.out / "figures" / f"{chart.key}.{extension}").write_bytes(chart.data)
        # The image draws its own title, so the caption gives only what the image does not: the chart's
        # number, a title the authority declared instead, and where its figures are.
        named = ": ".join(t for t in (number, own_title) if t)
        link = f'<a href="#table-{self.key}-{html.escape(chart.table_key)}">the table below</a>'
        caption = f"{html.escape(named)}. The figures are in {link}." if named else f"The figures are in {link}."
        return HTML(
            f'<figure class="chart" id="chart-{html.escape(chart.key)}">'
            f'<img src="{chart.data_uri()}" alt="{html.escape(chart.alt)}">'
            f"<figcaption>{caption}</figcaption></figure>"
        )

    def say(self, *sentences: str):
        """Generated narrative: a paragraph, escaped; a sentence that would state a withheld small
        number is replaced by a note saying so."""
        return HTML("<p>" + " ".join(html.escape(s) for s in self._guarded(sentences)) + "</p>")

    def bullets(self, items: list[str], figures: bool = True):
        """A list; `figures=False` for lists of rules from configuration (timescales, definitions)."""
        items = self._guarded(items) if figures else [i for i in items if i]
        return HTML("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")

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

    def items(self) -> tuple:
        """What the declaration says this section shows, in order (pipelines/document/items.py)."""
        return self.declared.items

    def show(self, item):
        """One declared item: its sub-heading, sentences, chart and table (pipelines/document/showing.py)."""
        from pipelines.document.showing import show

        return HTML(show(self, item))

    def computed_item(self, item):
        """The table of a declared item, computed once in this section (None where its measure is shown
        only when the data has it, and it has not)."""
        from pipelines.document.catalogue import compute

        marker = (str(item.source), item.line, item.key)
        if marker not in self._computed:
            self._computed[marker] = compute(item.spec, self.data)
        return self._computed[marker]

    def computed(self, key: str):
        """The table `key` as this year's report declares it, in any section (or, where no section
        shows it, as the built-in report declares it): what sentences and headlines read."""
        found = self.declaration.table_item(key, self.data.year)
        if found is None:
            built_in = self.declaration.built_in.get(key)
            found = built_in[0] if built_in else None
        return self.computed_item(found[1]) if found else None

    def shows(self, key: str) -> bool:
        """Whether this year's report shows the table `key` (a sentence speaks only of what it shows)."""
        return self.declaration.table_item(key, self.data.year) is not None

    def breakdowns(self):
        """The tables (and charts) the authority's profile lays out for this section (`breakdowns:`).
        In the adult social care section their keys take the prefix adult_, as they always have (a
        declared item names its own key instead)."""
        from dataclasses import replace

        from pipelines.document import charts
        from pipelines.measures.breakdowns import configured
        from pipelines.rules import disclosure

        parts = []
        for table in configured(self.data, self.key):
            spec = next(s for s in self.data.profile.raw["breakdowns"] if s["key"] == table.key)
            if self.key == "adult_social_care":
                table = replace(table, key="adult_" + table.key)
                table.hidden = disclosure.hidden_cells(table)
            if spec.get("chart"):
                years = [c for c in table.data.columns if c[:4].isdigit() and "%" not in c]
                chart = charts.clustered_bars(
                    table, years, spec.get("chart_title", table.title), spec.get("unit", "Number")
                )
                parts.append(self.chart(chart).markup)
            parts.append(self.table(table).markup)
        return HTML("".join(parts))

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
        from pipelines.rules import disclosure, disclosure_numbers

        if self.edition != "published" or disclosure.threshold() <= 0 or not table.refs:
            return
        numbers = disclosure_numbers.cell_numbers(table)
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
