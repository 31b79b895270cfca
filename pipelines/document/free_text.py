"""What a section shows besides tables and generated sentences: the people's own words (approved
compliments quoted, the complaints team's commentary and "You said, we did"), each redacted
(pipelines/rules/privacy.py) with the audit edition's list of redactions; the audit edition's case
references behind each table cell; and the rich HTML output the notebook displays."""

from __future__ import annotations

import html
import json
from pathlib import Path

from pipelines.measures.base import Table


class HTML:
    """Rich HTML output for Jupyter (text/html), so nbconvert publishes it as it is."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return "(HTML output)"


class FreeText:
    """report.Section's free text (a mixin: it reads the section's data, edition and output folder)."""

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


def free_texts(data) -> list[str]:
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


def case_references_html(out: Path, table: Table) -> str:
    """Audit edition: the references behind every cell, and a JSON copy beside the CSV."""
    e = html.escape
    if table.refs is None:
        return (
            '<p class="table-note">Case references are itemised for count tables; this table is derived '
            f"by {e(table.derivation.get('function', 'its measure'))} (see the manifest).</p>"
        )
    (out / "tables" / f"{table.key}.refs.json").write_text(json.dumps(table.refs, indent=1) + "\n")
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
