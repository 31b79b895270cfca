"""What the section notebooks call: load the processed tables for an authority-year (loading.py),
then show and save each table, chart, figure and sentence of a section. Keeps the notebooks thin."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from pipelines import ROOT
from pipelines.document.charts import Chart
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


# Sections about another population reuse the same measures: their tables and charts get their own
# names, so that they never overwrite (or get checked against) the children's tables.
KEY_PREFIX = {"adult_social_care": "adult_"}


class Section:
    """One report section: numbers its tables, shows them and saves CSV copies and figures."""

    def __init__(self, key: str, data: ReportData, edition: str = "published", output_dir: str | Path | None = None):
        if edition not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}")
        from pipelines.document.declaration import load_declaration

        self.declaration = load_declaration(data.profile, data.year)
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
        disclosure.POLICY.update({**policy, "threshold": threshold, "prefix": KEY_PREFIX.get(key, "")})
        from pipelines.config import vocabulary

        vocabulary.LABEL_OVERRIDES.clear()
        vocabulary.LABEL_OVERRIDES.update(data.profile.raw.get("labels", {}))
        from pipelines.rules import privacy

        # Names in free text: the profile's own words are not names; every text the report may
        # publish is read first, so that a name seen once is a name wherever it appears.
        privacy.configure(data.profile.vocabulary, _free_texts(data))
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

    def table(self, table: Table, printed: bool = True):
        """Show a numbered table and save its CSV copy and how it was derived. `printed=False`: a table
        whose figures the authority's text states but which its publication does not print: computed,
        checked, traced and kept as a CSV copy, but neither shown nor numbered (nor in the workbook)."""
        from dataclasses import replace

        from pipelines.rules import disclosure

        measure_key = table.key  # the declaration numbers and titles tables by their measure's key
        if self.key in KEY_PREFIX:
            table = replace(table, key=KEY_PREFIX[self.key] + table.key)
        self._record_numbers(table)
        if self.edition == "published":
            table = disclosure.apply(table)
        number, own_title = "", None
        if printed:
            self._tables += 1
            number, own_title = self._numbered("tables", measure_key, self._tables)
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
                "printed": printed,
            }
        )
        self._save_records()
        if not printed:  # the audit edition shows it folded, for scrutiny; the published edition not at all
            if self.edition != "audit":
                return HTML("")
            inner = to_html(table, "", f"{self.key}-{table.key}", label="") + self._trace_html(table)
            return HTML(
                f'<details class="trace"><summary>Audit: a table not printed (the text states its figures)</summary>{inner}</details>'
            )
        markup = to_html(table, number, f"{self.key}-{table.key}", label=number)
        if self.edition == "audit":
            markup += self._trace_html(table)
        return HTML(markup)

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
            return HTML("")
        from dataclasses import replace

        self._charts += 1
        number, own_title = self._numbered("charts", chart.key, self._charts)
        chart = replace(chart, title=" ".join(t for t in (number, own_title or chart.title) if t))
        if self.key in KEY_PREFIX:
            prefix = KEY_PREFIX[self.key]
            chart = replace(chart, key=prefix + chart.key, table_key=prefix + chart.table_key)
        extension = "svg" if chart.media_type == "image/svg+xml" else "png"
        (self.out / "figures" / f"{chart.key}.{extension}").write_bytes(chart.data)
        # The image draws its own title, so the caption gives only what the image does not: the chart's
        # number, a title the authority declared instead, and where its figures are.
        named = ": ".join(t for t in (number, own_title) if t)
        link = f'<a href="#table-{self.key}-{html.escape(chart.table_key)}">the table below</a>'
        caption = f"{html.escape(named)}. The figures are in {link}." if named else f"The figures are in {link}."
        tall = ' data-tall=""' if chart.tall else ""  # printed up to a page high (report.css)
        return HTML(
            f'<figure class="chart" id="chart-{html.escape(chart.key)}"{tall}>'
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

    def quotes(self, examples: list[dict]):
        """Approved compliments as block quotes, escaped (service name and text only)."""
        if not examples:
            return HTML("<p>No compliments were approved for quotation this year.</p>")
        items = "".join(
            f"<blockquote><p>{html.escape(e['text'])}</p><footer>{html.escape(e['service_area'])}</footer></blockquote>"
            for e in examples
        )
        return HTML(f'<div class="quotes">{items}</div>{self._redactions()}')

    def _free_text(self, text: str) -> str:
        """The complaints team's own words, redacted like compliments (pipelines/rules/privacy.py)."""
        from pipelines.rules.privacy import scrub

        return scrub(text)

    def _redactions(self) -> str:
        """Audit edition: what the redaction step took out of the free text shown so far (for the
        analyst to check); the published edition shows nothing of it."""
        from pipelines.rules import privacy

        found, _ = list(privacy.LOG), privacy.clear_log()
        if self.edition != "audit" or not found:
            return ""
        rows = "".join(
            f"<tr><td>{html.escape(r.kind)}</td><td>{html.escape(r.original)}</td><td>{html.escape(r.replacement)}</td></tr>"
            for r in found
        )
        return (
            '<details class="redactions"><summary>Redacted before publication (audit edition only)</summary>'
            f"<table><tr><th>What</th><th>Removed</th><th>Shown as</th></tr>{rows}</table></details>"
        )

    def commentary(self):
        """The complaints team's commentary for this section, if they wrote any (escaped)."""
        text = self.data.narrative.get("commentary", {}).get(self.key)
        if not text:
            return HTML("")
        from pipelines.inputs.narrative_input import paragraphs

        body = "".join(f"<p>{html.escape(self._free_text(p))}</p>" for p in paragraphs(text))
        return HTML(
            f'<div class="commentary"><h2>Commentary from the complaints team</h2>{body}</div>{self._redactions()}'
        )

    def learning(self):
        """'You said, we did', theme by theme."""
        items = self.data.narrative.get("learning", [])
        if not items:
            return HTML("<p>No learning was recorded for this year.</p>")
        out = []

        def e(text):
            return html.escape(self._free_text(text))

        for item in items:
            said = "".join(f"<li>{e(s)}</li>" for s in item["you_said"])
            did = "".join(f"<li>{e(s)}</li>" for s in item["we_did"])
            out.append(
                f'<div class="learning"><h2>{e(item["theme"])}</h2><div class="said-did">'
                f"<div><h3>You said</h3><ul>{said}</ul></div><div><h3>We did</h3><ul>{did}</ul></div></div></div>"
            )
        return HTML("".join(out) + self._redactions())

    def declared_tables(self):
        """The tables the section declares from the catalogue of measures (`show:`), in order, each with
        its chart; marked so that the section's Markdown can place them (pipelines/document/declared_tables.py)."""
        from pipelines.document.declared_tables import show

        return HTML(show(self))

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


def _free_texts(data: ReportData) -> list[str]:
    """Every piece of free text a section may publish: the team's commentary and learning, and the
    text of approved compliments."""
    narrative = data.narrative or {}
    texts = list((narrative.get("commentary") or {}).values())
    for item in narrative.get("learning") or []:
        texts += [item.get("theme", "")] + list(item.get("you_said", [])) + list(item.get("we_did", []))
    compliments = getattr(data, "compliments", None)
    if compliments is not None and "text" in compliments:
        approved = compliments[compliments["approved_for_publication"].fillna(False).astype(bool)]
        texts += [t for t in approved["text"].dropna()]
    return texts


def _plain(value):
    """A JSON-friendly scalar: numpy numbers as Python numbers, missing as None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


class HTML:
    """Rich HTML output for Jupyter (text/html), so nbconvert publishes it as it is."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return "(HTML output)"
