"""What a section shows, item by item (`show:` under a section of a report declaration), each checked
when the declaration is read; a mistake names the file, the line and the allowed values.

    - measure: volumes_by_year      a table from the catalogue (pipelines/document/catalogue.py), with
      key: volumes_by_year          its parameters, and optionally a sub-heading, the sentences before it
      sentences: volume_sentences   (a built-in writer, or the authority's Markdown file) and a chart
      chart: clustered              active_title: volume_title, unit: Complaints
    - volumes_by_quarter            a built-in item (config/reports/default.yaml) as it is declared there
    - {item: volumes_by_year, years: 5, sentences: volumes.md}      ... with some of it changed
    - {sentences: introduction}     words without a table (a built-in writer, or a Markdown file)
    - {block: quotes}               the compliments quotes, word cloud or "You said, we did"
    - {refer_to: volumes_by_year, says: "gives ..."}  a pointer to the section that shows that table,
                                    or the table itself here where no section shows it this year
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.document.catalogue import check_table_item, entries
from pipelines.document.writers import BLOCKS, TITLES, WRITERS

TEXT_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.md$")
KINDS = ("measure", "item", "sentences", "block", "refer_to")
# The chart kinds an item may ask for (`chart:`), each drawn by a function of pipelines/document/charts.py,
# and the keys that say more about its chart.
CHART_KINDS = {"clustered": "clustered_bars", "horizontal": "horizontal_bars"}
CHART_KEYS = {"chart_title", "active_title", "unit", "chart_years", "chart_number"}
NONE = (None, "none", False)  # `sentences: none`, `chart: none`: an item without them


@dataclass(frozen=True)
class Item:
    """One checked item of a section: its kind (table, sentences, block or refer), the item as the report
    uses it (references and section parameters resolved) and where it was declared."""

    kind: str
    spec: dict
    source: Path
    line: int

    @property
    def key(self) -> str | None:
        return self.spec.get("key") if self.kind == "table" else None

    def text_files(self) -> list[str]:
        """The authority's Markdown files this item shows (its sentences)."""
        sentences = self.spec.get("sentences")
        return [sentences] if isinstance(sentences, str) and sentences.endswith(".md") else []


def check_items(doc, where: tuple, entries_, profile, section_key: str, parameters: dict, built_in: dict) -> tuple:
    """A section's `show:` list, checked. `built_in`: key -> [(section, Item)] of the built-in report, for
    `item:` references; `parameters`: the section's parameters, given to every table item that takes them."""
    if not isinstance(entries_, list):
        raise doc.error(where, "expected a list of items (measure:, item:, sentences:, block: or refer_to:)")
    items = []
    for i, entry in enumerate(entries_):
        at = where + (i,)
        if isinstance(entry, str):
            entry = {"item": entry}
        # measure, item, block or refer_to say what the item is; sentences alone are words without a table
        if (
            not isinstance(entry, dict)
            or sum(k in entry for k in KINDS if k != "sentences") > 1
            or not (set(entry) & set(KINDS))
        ):
            raise doc.error(at, f"an item is one of {', '.join(KINDS)} (sentences may also go with measure or item)")
        if "item" in entry:
            entry = _referenced(doc, at, entry, section_key, built_in)
        if "measure" in entry:
            spec = {**{k: v for k, v in parameters.items() if k in entries()[entry["measure"]].keys()}, **entry} if (
                entry.get("measure") in entries()) else entry  # fmt: skip
            items.append(Item("table", _table(doc, at, spec, profile), doc.path, doc.line(*at)))
        elif "sentences" in entry:
            _only(doc, at, entry, {"sentences", "heading"})
            _sentences(doc, at, entry["sentences"], None)
            items.append(Item("sentences", dict(entry), doc.path, doc.line(*at)))
        elif "block" in entry:
            if entry["block"] not in BLOCKS:
                raise doc.error(at + ("block",), f"unknown block {entry['block']!r}; blocks: {', '.join(BLOCKS)}")
            _only(doc, at, entry, {"block", "heading"} | BLOCKS[entry["block"]][1])
            items.append(Item("block", dict(entry), doc.path, doc.line(*at)))
        else:
            _only(doc, at, entry, {"refer_to", "says", "heading"})
            if not isinstance(entry.get("says"), str):
                raise doc.error(at, 'refer_to needs says: what the table gives ("gives the complaints by stage")')
            items.append(Item("refer", dict(entry), doc.path, doc.line(*at)))
    return tuple(items)


def _only(doc, at: tuple, entry: dict, allowed: set) -> None:
    for key in entry:
        if key not in allowed:
            raise doc.error(at + (key,), f"unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")


def _referenced(doc, at: tuple, entry: dict, section_key: str, built_in: dict) -> dict:
    """`item: <key>` and its changes: the built-in item of that key (the one of the built-in section of
    the same name, where two sections have one), with the keys given here instead of its own."""
    name = entry["item"]
    found = built_in.get(name, [])
    if not found:
        raise doc.error(at + ("item",), f"no built-in item {name!r}; built-in items: {', '.join(sorted(built_in))}")
    mine = [item for section, item in found if section == section_key]
    if not mine and len(found) > 1:
        raise doc.error(
            at + ("item",),
            f"{name!r} is an item of the built-in sections {', '.join(s for s, _ in found)}: declare it with "
            "measure: instead, or put it in a section of one of those names",
        )
    base = (mine or [found[0][1]])[0]
    if base.kind != "table":
        return {**base.spec, **{k: v for k, v in entry.items() if k != "item"}}
    changes = {k: v for k, v in entry.items() if k != "item"}
    return {k: v for k, v in {**base.spec, **changes}.items() if not (k in ("sentences", "heading") and v in NONE)}


def _table(doc, at: tuple, spec: dict, profile) -> dict:
    spec = check_table_item(doc, at, spec, profile)
    measure = spec["measure"]
    if spec.get("sentences") in NONE:
        spec.pop("sentences", None)
    else:
        _sentences(doc, at + ("sentences",), spec["sentences"], measure)
    if spec.get("chart") in NONE:
        for key in ("chart",) + tuple(CHART_KEYS):
            spec.pop(key, None)
    else:
        _chart(doc, at, spec, measure)
    return spec


def _sentences(doc, at: tuple, value, measure: str | None) -> None:
    """A built-in writer (for this item's measure, or one without a table) or a Markdown file."""
    if isinstance(value, str) and TEXT_FILE.match(value):
        return
    writer = WRITERS.get(value) if isinstance(value, str) else None
    fits = [w.name for w in WRITERS.values() if (measure in w.about if measure else not w.about)]
    if writer is None or writer.name not in fits:
        what = f"for measure {measure}" if measure else "without a table"
        raise doc.error(
            at if measure else at + ("sentences",),
            f"sentences: {value!r} is not a built-in writer {what}; use one of: {', '.join(fits) or 'none'}, "
            "or a Markdown file of your own (a name ending .md, kept with the year's exports)",
        )


def _chart(doc, at: tuple, spec: dict, measure: str) -> None:
    """`chart: clustered` (or another kind) and the keys that go with it."""
    if spec["chart"] not in CHART_KINDS:
        hint = " (true: write clustered)" if spec["chart"] is True else ""
        raise doc.error(at + ("chart",), f"chart must be one of {', '.join(CHART_KINDS)} or none{hint}")
    title = spec.get("active_title")
    if title is not None and (title not in TITLES or measure not in TITLES[title].about):
        fits = [t.name for t in TITLES.values() if measure in t.about]
        raise doc.error(
            at + ("active_title",), f"active_title for measure {measure}: one of {', '.join(fits) or 'none'}"
        )
    for key in ("chart_title", "unit", "chart_number"):
        if key in spec and (not isinstance(spec[key], (str, int, float)) or isinstance(spec[key], bool)):
            raise doc.error(at + (key,), f'{key} is text as printed, e.g. "Graph 3" ("" for none)')
    years = spec.get("chart_years")
    if years is not None and (not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 20):
        raise doc.error(at + ("chart_years",), "chart_years is how many of the table's years the chart draws: 1 to 20")
