"""One section of a report declaration, checked: its key, title and number, what it shows (its items,
pipelines/document/items.py; a text file; or the authority's own notebook), the parameters its items
share, the years it is published in. A mistake names the file, its line and the allowed values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.config.located import Located
from pipelines.config.profile import Profile, check_year
from pipelines.config.vocabulary import ConfigError
from pipelines.document.catalogue import entries
from pipelines.document.items import check_items

# An authority's own section notebooks live only in config/authorities/<name>/notebooks/.
OWN_NOTEBOOKS = "notebooks"
KEY = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
_TEXT_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.md$")
SECTION_KEYS = {"key", "title", "number", "own", "text", "after_tables", "years", "tables", "charts", "show"}
SECTION_KEYS |= {"parameters"}


@dataclass(frozen=True)
class SectionDecl:
    key: str
    title: str
    own: bool = False  # its notebook is the authority's own (config/authorities/<name>/notebooks/<key>.ipynb)
    text: str | None = None  # a Markdown file in data/raw/<authority>/<year>/
    years: dict = field(default_factory=dict)  # {from, until}: published only in those years
    items: tuple = ()  # what it shows, in order (items.Item): tables, charts, sentences, blocks
    tables: dict = field(default_factory=dict)  # own notebooks: table key -> {number, title}
    charts: dict = field(default_factory=dict)  # own notebooks: chart key -> {number, title}
    line: int = 0
    number: str | None = None  # the section's own number ("3.8"), instead of the numbering style
    after_tables: str | None = None  # a notebook section's own Markdown, shown after its tables

    def markdown_file(self) -> str | None:
        return self.text or self.after_tables

    def shown_in(self, year: str) -> bool:
        return str(self.years.get("from", year)) <= year <= str(self.years.get("until", year))

    def table_items(self) -> list:
        return [i for i in self.items if i.kind == "table"]


def own_notebook_dir(profile: Profile) -> Path | None:
    from pipelines.config.profile import profile_path

    path = profile_path(profile.key)
    return path.parent / profile.key / OWN_NOTEBOOKS if path else None


def only(doc: Located, where: tuple, mapping: dict, allowed: set) -> None:
    for key in mapping:
        if key not in allowed:
            raise doc.error(where + (key,), f"unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")


def check_section(doc: Located, where: tuple, entry, profile: Profile, built_in: dict) -> SectionDecl:
    if not isinstance(entry, dict):
        raise doc.error(where, "a section is a mapping: {key, title} and show:, text: or own: true")
    only(doc, where, entry, SECTION_KEYS)
    key = entry.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        raise doc.error(where + ("key",), "needs a key: lower-case letters, digits and _, starting with a letter")
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        raise doc.error(where + ("title",), "needs a title (the heading, in the authority's words)")
    text, own, show = entry.get("text"), entry.get("own", False), entry.get("show")
    if not isinstance(own, bool):
        raise doc.error(where + ("own",), "expected true (your own notebook) or false")
    if sum(bool(x) for x in (text is not None, own, show is not None)) != 1:
        raise doc.error(where, _what_a_section_is(key, built_in))
    if text is not None and (not isinstance(text, str) or not _TEXT_FILE.match(text)):
        raise doc.error(
            where + ("text",), f"expected a file name ending .md (no folders), kept in data/raw/{profile.key}/<year>/"
        )
    if own:
        _check_own_notebook(doc, where + ("key",), key, profile)
    for kind in ("tables", "charts"):
        if entry.get(kind) and not own:
            raise doc.error(
                where + (kind,), f"{kind}: numbers and titles your own notebook's items; give an item its own number: "
                "and title: in show:",
            )  # fmt: skip
    parameters = entry.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise doc.error(where + ("parameters",), "expected {parameter: value}, given to every item that takes it")
    items = check_items(doc, where + ("show",), show, profile, key, parameters, built_in) if show is not None else ()
    if show is not None and not items:
        raise doc.error(where + ("show",), "a section shows at least one item")
    taken = {k for item in items if item.kind == "table" for k in entries()[item.spec["measure"]].keys()}
    for name in parameters:
        if name not in taken:
            raise doc.error(where + ("parameters", name), f"no item of this section takes {name!r}")
    after = entry.get("after_tables")
    if after is not None and (text is not None or not isinstance(after, str) or not _TEXT_FILE.match(after)):
        raise doc.error(
            where + ("after_tables",),
            f"a section's own text after its items: a file name ending .md (no folders), kept in data/raw/{profile.key}/<year>/",
        )
    years = entry.get("years") or {}
    if not isinstance(years, dict) or set(years) - {"from", "until"}:
        raise doc.error(where + ("years",), "expected {from: 2023-24, until: 2024-25} (either may be left out)")
    for bound, value in years.items():
        try:
            check_year(str(value))
        except ConfigError as exc:
            raise doc.error(where + ("years", bound), str(exc)) from None
    numbered = {kind: _numbered_items(doc, where + (kind,), entry.get(kind) or {}) for kind in ("tables", "charts")}
    return SectionDecl(
        key,
        title.strip(),
        own,
        text,
        {k: str(v) for k, v in years.items()},
        items,
        numbered["tables"],
        numbered["charts"],
        doc.line(*where),
        _own_number(doc, where + ("number",), entry.get("number")),
        after,
    )


def _what_a_section_is(key: str, built_in: dict) -> str:
    text = (
        "a section shows items (show:), a Markdown file (text: <file>.md) or your own notebook (own: true): one of them"
    )
    mine = [k for k, found in built_in.items() if any(s == key for s, _ in found)]
    if mine:
        text += f"; the built-in section {key!r} shows {', '.join(mine)}: list those you publish under show:"
    return text


def _own_number(doc: Located, where: tuple, number) -> str | None:
    if number is None:
        return None
    if not isinstance(number, (str, int, float)) or isinstance(number, bool) or not str(number).strip():
        raise doc.error(where, 'expected the section\'s own number as printed, e.g. "3.8" or "Appendix V"')
    return str(number).strip()


def _check_own_notebook(doc: Located, where: tuple, key: str, profile: Profile) -> None:
    folder = own_notebook_dir(profile)
    if not folder or not (folder / f"{key}.ipynb").is_file():
        raise doc.error(
            where, f"own: true, but there is no {key}.ipynb in {folder} (your own notebooks are kept there)"
        )


def _numbered_items(doc: Located, where: tuple, items) -> dict:
    """`tables: {my_table: {number: "Table 1a", title: "Total of new cases"}}` (own notebooks)."""
    if not isinstance(items, dict):
        raise doc.error(where, "expected a mapping of table keys to {number, title}")
    out = {}
    for key, spec in items.items():
        spec = spec or {}
        if not isinstance(spec, dict) or set(spec) - {"number", "title"}:
            raise doc.error(where + (key,), "expected {number: ..., title: ...} (either may be left out)")
        out[str(key)] = {k: str(v) for k, v in spec.items()}
    return out
