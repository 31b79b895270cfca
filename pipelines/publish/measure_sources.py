"""The audit edition's appendix of measures (measures.html): the source code of every measure that
computed a table of the report, and of every built-in writer whose sentences or chart titles it prints,
with its file and first line at the commit the manifest records. Each table's audit note links here."""

from __future__ import annotations

import html
import importlib
import inspect

from pipelines.document.showing import MEASURES_PAGE, anchor_of, source_of
from pipelines.document.writers import TITLES, WRITERS


def functions_used(table_records: list[dict], declaration, year: str) -> list:
    """The measure functions behind the published tables (their derivations), then the writers the
    declared items name, each once, in the order first used."""
    found = []
    for record in table_records:
        name = (record.get("derivation") or {}).get("function")
        if name and "." in name:
            module, function = name.rsplit(".", 1)
            found.append(getattr(importlib.import_module(f"pipelines.measures.{module}"), function))
    for section in declaration.sections_for(year):
        for item in section.items:
            spec = item.spec
            if spec.get("sentences") in WRITERS:
                found.append(WRITERS[spec["sentences"]].function)
            title = spec.get("active_title") if item.kind == "table" else None
            if title in TITLES:
                found.append(TITLES[title].function)
    unique = {}
    for function in found:
        unique.setdefault(anchor_of(function), getattr(function, "__wrapped__", function))
    return list(unique.values())


def write_measures_page(folder, table_records: list[dict], declaration, year: str, title: str, commit: dict) -> None:
    e = html.escape
    parts = []
    for function in functions_used(table_records, declaration, year):
        path, line = source_of(function)
        parts.append(
            f'<section id="{e(anchor_of(function))}"><h2>{e(anchor_of(function))}</h2>'
            f"<p>{e(path)}, line {line}</p><pre><code>{e(inspect.getsource(function))}</code></pre></section>"
        )
    state = "" if commit.get("clean") else " (with changes not yet committed: see the manifest)"
    (folder / MEASURES_PAGE).write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}: measures</title></head>'
        f"<body><h1>Appendix of measures: {e(title)}</h1>"
        f"<p>The code that computed each table and wrote each sentence of this report, at commit "
        f"{e(commit.get('commit') or 'unknown')}{state}.</p>{''.join(parts)}</body></html>\n",
        encoding="utf-8",
    )
