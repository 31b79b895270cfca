"""The report as a declared document: which sections, in what order, with which titles and numbering,
which text sections (Markdown kept with the year's exports) and which named figures their sentences
may use. Read from `config/authorities/<name>.report.yaml` beside the profile when the authority has
one; otherwise from the built-in declaration `config/reports/default.yaml`, restricted to the profile's
`sections:` list (so an authority that declares nothing gets the built-in report, in one mechanism).
Everything is checked when it is read; a mistake names the file, its line and the allowed values.
The keys are documented in docs/adding-an-authority.md ("Declaring the report")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipelines import ROOT
from pipelines.config.profile import Profile, check_year
from pipelines.config.vocabulary import ConfigError
from pipelines.document.catalogue import check_show
from pipelines.document.located_yaml import Located, read_located
from pipelines.document.named_figures import FIGURE_KEYS, FigureDecl, parse_figure  # noqa: F401 (the declaration's names)

DEFAULT_DECLARATION = ROOT / "config" / "reports" / "default.yaml"
BUILT_IN_NOTEBOOKS = ROOT / "notebooks"
# An authority's own section notebooks live only in config/authorities/<name>/notebooks/.
OWN_NOTEBOOKS = "notebooks"
# A section of declared tables only (`show:`) with no built-in notebook of its name runs this one.
DECLARED_NOTEBOOK = "declared.ipynb"
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
_TEXT_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.md$")
SECTION_KEYS = {"key", "title", "number", "own", "text", "after_tables", "years", "tables", "charts", "show"}
TOP_KEYS = {"numbering", "sections", "figures"}
NUMBERING_KEYS = {"sections", "tables", "charts"}
# Numbering styles: {n} the item's place (in its section, or the section's in the report), {section}
# the section's number, {letter} a, b, c... within the section. "none": not numbered.
NUMBERING_FIELDS = {"sections": {"n"}, "tables": {"section", "n", "letter"}, "charts": {"section", "n", "letter"}}
DEFAULT_NUMBERING = {"sections": "{n}.", "tables": "Table {section}.{n}", "charts": "none"}


@dataclass(frozen=True)
class SectionDecl:
    key: str
    title: str
    own: bool = False  # its notebook is the authority's own (config/authorities/<name>/notebooks/<key>.ipynb)
    text: str | None = None  # a Markdown file in data/raw/<authority>/<year>/
    years: dict = field(default_factory=dict)  # {from, until}: published only in those years
    show: tuple = ()  # tables from the catalogue of measures (pipelines/document/catalogue.py), in order
    tables: dict = field(default_factory=dict)  # table key -> {number, title}: the authority's own
    charts: dict = field(default_factory=dict)  # chart key -> {number, title}
    line: int = 0
    number: str | None = None  # the section's own number ("3.8"), instead of the numbering style
    after_tables: str | None = None  # a notebook section's own Markdown, shown after its tables

    def markdown_file(self) -> str | None:
        return self.text or self.after_tables

    def shown_in(self, year: str) -> bool:
        return str(self.years.get("from", year)) <= year <= str(self.years.get("until", year))


@dataclass(frozen=True)
class Declaration:
    source: Path
    numbering: dict
    sections: tuple
    figures: dict  # name -> FigureDecl

    def sections_for(self, year: str) -> list[SectionDecl]:
        return [s for s in self.sections if s.shown_in(year)]

    def section(self, key: str) -> SectionDecl:
        for s in self.sections:
            if s.key == key:
                return s
        raise ConfigError(f"{self.source}: no section {key!r}; declared: {', '.join(s.key for s in self.sections)}")

    def section_label(self, number: int, section: SectionDecl | None = None) -> str:
        """The heading's number: the section's own (`number:`), else the style's for its place."""
        if section is not None and section.number is not None:
            return section.number
        return _styled(self.numbering["sections"], n=number)

    def declared_labels(self, kind: str) -> set:
        """Every number the authority gives a table (or chart) itself, in any section."""
        return {i["number"] for s in self.sections for i in getattr(s, kind).values() if i.get("number")}

    def item_label(self, kind: str, section_number: int, n: int) -> str:
        letter = _letters(n)
        return _styled(self.numbering[kind], section=section_number, n=n, letter=letter)


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _styled(style: str, **values) -> str:
    return "" if style == "none" else style.format(**values)


def declaration_path(profile: Profile, year: str | None = None) -> Path | None:
    """The authority's report file for `year`: `<name>.<year>.report.yaml` where that year's report has
    a shape of its own, else `<name>.report.yaml` (every other year); None: the built-in report."""
    from pipelines.config.profile import profile_path

    path = profile_path(profile.key)
    if path is None:
        return None
    candidates = ([path.with_name(f"{profile.key}.{year}.report.yaml")] if year else []) + [
        path.with_name(f"{profile.key}.report.yaml")
    ]
    return next((c for c in candidates if c.is_file()), None)


def own_notebook_dir(profile: Profile) -> Path | None:
    from pipelines.config.profile import profile_path

    path = profile_path(profile.key)
    return path.parent / profile.key / OWN_NOTEBOOKS if path else None


def load_declaration(profile: Profile, year: str | None = None) -> Declaration:
    """The authority's own declaration of `year`'s report (its year's file, else its every-year file),
    or the built-in one limited to the profile's sections."""
    own = declaration_path(profile, year)
    if own:
        if profile.raw.get("sections") and own == declaration_path(profile):  # one list of sections, not two
            raise ConfigError(
                f"{profile.key}: sections: the report's sections are declared in {own.name}; "
                "remove `sections:` from the profile"
            )
        return parse_declaration(read_located(own), profile)
    built_in = parse_declaration(read_located(DEFAULT_DECLARATION), profile)
    by_key = {s.key: s for s in built_in.sections}
    unknown = [k for k in profile.sections if k not in by_key]
    if unknown:
        raise ConfigError(
            f"{profile.key}: sections: unknown section(s) {unknown}; the built-in sections are "
            f"{', '.join(by_key)} (or declare your own in {profile.key}.report.yaml)"
        )
    chosen = []
    for key in profile.sections:  # the profile's order, and its years for each section
        span = profile.section_years.get(key, {})
        chosen.append(SectionDecl(**{**by_key[key].__dict__, "years": span or by_key[key].years}))
    return Declaration(built_in.source, built_in.numbering, tuple(chosen), built_in.figures)


def parse_declaration(doc: Located, profile: Profile) -> Declaration:
    data = doc.data
    _only(doc, (), data, TOP_KEYS)
    numbering = dict(DEFAULT_NUMBERING)
    raw_numbering = data.get("numbering") or {}
    if not isinstance(raw_numbering, dict):
        raise doc.error(("numbering",), f"expected a mapping of {', '.join(sorted(NUMBERING_KEYS))}")
    _only(doc, ("numbering",), raw_numbering, NUMBERING_KEYS)
    for kind, style in raw_numbering.items():
        numbering[kind] = _check_style(doc, ("numbering", kind), style, NUMBERING_FIELDS[kind])
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        raise doc.error(("sections",), "expected a list of sections, each {key, title}")
    parsed, seen, table_keys = [], set(), set()
    for i, entry in enumerate(sections):
        section = _section(doc, ("sections", i), entry, profile, table_keys)
        if section.key in seen:
            raise doc.error(("sections", i, "key"), f"section {section.key!r} is declared twice")
        seen.add(section.key)
        parsed.append(section)
    figures = {}
    raw_figures = data.get("figures") or {}
    if not isinstance(raw_figures, dict):
        raise doc.error(("figures",), "expected a mapping of figure names to {table, row, column}")
    for name, spec in raw_figures.items():
        figures[name] = parse_figure(doc, ("figures", name), name, spec, profile)
    return Declaration(doc.path, numbering, tuple(parsed), figures)


def _only(doc: Located, where: tuple, mapping: dict, allowed: set) -> None:
    for key in mapping:
        if key not in allowed:
            raise doc.error(where + (key,), f"unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")


def _check_style(doc: Located, where: tuple, style, fields: set) -> str:
    if not isinstance(style, str) or not style.strip():
        raise doc.error(
            where, f'expected a style such as "Table {{section}}.{{n}}" or "none"; fields: {sorted(fields)}'
        )
    if style == "none":
        return style
    used = set(re.findall(r"\{([^{}]*)\}", style))
    if not used or used - fields:
        raise doc.error(
            where, f"style {style!r} uses {sorted(used - fields) or 'no field'}; allowed fields: {sorted(fields)}"
        )
    return style


def _section(doc: Located, where: tuple, entry, profile: Profile, table_keys: set) -> SectionDecl:
    if not isinstance(entry, dict):
        raise doc.error(where, "a section is a mapping: {key, title} and optionally text, own, years, tables, charts")
    _only(doc, where, entry, SECTION_KEYS)
    key = entry.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise doc.error(where + ("key",), "needs a key: lower-case letters, digits and _, starting with a letter")
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        raise doc.error(where + ("title",), "needs a title (the heading, in the authority's words)")
    text, own = entry.get("text"), entry.get("own", False)
    if not isinstance(own, bool):
        raise doc.error(where + ("own",), "expected true (your own notebook) or false")
    if text is not None and own:
        raise doc.error(where, "a section is a text file (text:) or your own notebook (own: true), not both")
    show = check_show(doc, where + ("show",), entry.get("show") or [], profile, table_keys)
    if show and not own and (BUILT_IN_NOTEBOOKS / f"{key}.ipynb").is_file():
        raise doc.error(
            where + ("show",),
            f"{key!r} is a built-in section, which shows its own tables; declared tables (show:) go in a "
            "section of your own, with a key that is not a built-in section's",
        )
    if text is None and not (show and not own and not (BUILT_IN_NOTEBOOKS / f"{key}.ipynb").is_file()):
        _check_notebook(doc, where + ("key",), key, own, profile)
    if text is not None and (not isinstance(text, str) or not _TEXT_FILE.match(text)):
        raise doc.error(
            where + ("text",), f"expected a file name ending .md (no folders), kept in data/raw/{profile.key}/<year>/"
        )
    after = entry.get("after_tables")
    if after is not None and (text is not None or not isinstance(after, str) or not _TEXT_FILE.match(after)):
        raise doc.error(
            where + ("after_tables",),
            f"a notebook section's own text: a file name ending .md (no folders), kept in data/raw/{profile.key}/<year>/",
        )
    years = entry.get("years") or {}
    if not isinstance(years, dict) or set(years) - {"from", "until"}:
        raise doc.error(where + ("years",), "expected {from: 2023-24, until: 2024-25} (either may be left out)")
    for bound, value in years.items():
        try:
            check_year(str(value))
        except ConfigError as exc:
            raise doc.error(where + ("years", bound), str(exc)) from None
    items = {kind: _numbered_items(doc, where + (kind,), entry.get(kind) or {}) for kind in ("tables", "charts")}
    for spec in show:  # a catalogue table's own numbers (`number:`, `chart_number:`) number it like `tables:`
        if "number" in spec:
            items["tables"].setdefault(spec["key"], {})["number"] = str(spec["number"])
        if "chart_number" in spec:
            items["charts"].setdefault(f"{spec['key']}_chart", {})["number"] = str(spec["chart_number"])
    return SectionDecl(
        key,
        title.strip(),
        own,
        text,
        {k: str(v) for k, v in years.items()},
        show,
        items["tables"],
        items["charts"],
        doc.line(*where),
        _own_number(doc, where + ("number",), entry.get("number")),
        after,
    )


def _own_number(doc: Located, where: tuple, number) -> str | None:
    if number is None:
        return None
    if not isinstance(number, (str, int, float)) or isinstance(number, bool):
        raise doc.error(
            where, 'expected the section\'s own number as printed, e.g. "3.8" or "Appendix V" ("" for none)'
        )
    return str(number).strip()


def _check_notebook(doc: Located, where: tuple, key: str, own: bool, profile: Profile) -> None:
    if own:
        folder = own_notebook_dir(profile)
        if not folder or not (folder / f"{key}.ipynb").is_file():
            raise doc.error(
                where, f"own: true, but there is no {key}.ipynb in {folder} (your own notebooks are kept there)"
            )
    elif not (BUILT_IN_NOTEBOOKS / f"{key}.ipynb").is_file():
        built_in = sorted(p.stem for p in BUILT_IN_NOTEBOOKS.glob("*.ipynb"))
        raise doc.error(
            where,
            f"no built-in section {key!r}; built-in: {', '.join(built_in)} "
            "(or text: <file>.md for a text section, or own: true for your own notebook)",
        )


def _numbered_items(doc: Located, where: tuple, items) -> dict:
    """`tables: {volumes_by_year: {number: "Table 1a", title: "Total of new cases"}}`."""
    if not isinstance(items, dict):
        raise doc.error(where, "expected a mapping of table keys to {number, title}")
    out = {}
    for key, spec in items.items():
        spec = spec or {}
        if not isinstance(spec, dict) or set(spec) - {"number", "title"}:
            raise doc.error(where + (key,), "expected {number: ..., title: ...} (either may be left out)")
        out[str(key)] = {k: str(v) for k, v in spec.items()}
    return out


def section_titles(declaration: Declaration) -> dict:
    return {s.key: s.title for s in declaration.sections}


def text_file(raw_folder: Path, section: SectionDecl) -> Path:
    """The Markdown of a text section: only ever a file directly in the year's export folder."""
    return Path(raw_folder) / section.text


def notebook_path(profile: Profile, section: SectionDecl) -> Path:
    """A section's notebook: built-in, or the authority's own, found only in its own folder (the key
    is a plain name, checked when the declaration was read, so no path can lead outside it)."""
    if section.own:
        return own_notebook_dir(profile) / f"{section.key}.ipynb"
    built_in = BUILT_IN_NOTEBOOKS / f"{section.key}.ipynb"
    return built_in if built_in.is_file() else BUILT_IN_NOTEBOOKS / DECLARED_NOTEBOOK
