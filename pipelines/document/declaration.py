"""The report as a declared document: which sections, in what order, with which titles and numbering,
what each section shows item by item (tables from the catalogue of measures with their parameters,
charts, sentences, sub-headings: pipelines/document/items.py), which text sections (Markdown kept with
the year's exports) and which named figures their sentences may use. Read from
`config/authorities/<name>.report.yaml` beside the profile when the authority has one (then the report
has exactly what it declares); otherwise from the built-in declaration `config/reports/default.yaml`,
restricted to the profile's `sections:` list (so an authority that declares nothing gets the built-in
report, in one mechanism). Everything is checked when it is read; a mistake names the file, its line
and the allowed values. The keys are documented in docs/adding-an-authority.md ("Declaring the report")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipelines import ROOT
from pipelines.config.located import Located, read_located
from pipelines.config.profile import Profile
from pipelines.config.vocabulary import ConfigError
from pipelines.document.sections import KEY, SectionDecl, check_section, only, own_notebook_dir

DEFAULT_DECLARATION = ROOT / "config" / "reports" / "default.yaml"
BUILT_IN_NOTEBOOKS = ROOT / "notebooks"
# Every section that is not the authority's own notebook or a text section runs this one notebook,
# which shows the section's declared items in order.
SECTION_NOTEBOOK = "section.ipynb"
TOP_KEYS = {"numbering", "sections", "figures"}
NUMBERING_KEYS = {"sections", "tables", "charts"}
# Numbering styles: {n} the item's place (in its section, or the section's in the report), {section}
# the section's number, {letter} a, b, c... within the section. "none": not numbered.
NUMBERING_FIELDS = {"sections": {"n"}, "tables": {"section", "n", "letter"}, "charts": {"section", "n", "letter"}}
DEFAULT_NUMBERING = {"sections": "{n}.", "tables": "Table {section}.{n}", "charts": "none"}
FIGURE_KEYS = {"table", "row", "column", "says", "label"}
COLUMN_ALIASES = ("this year", "last year")  # the report year's column label, and the year before's


@dataclass(frozen=True)
class FigureDecl:
    """A named figure: one cell of a published table (so a sentence can never differ from its table)."""

    name: str
    table: str
    row: str
    column: str
    says: tuple = ()  # the words a hand-typed number for this figure would sit beside (checked)
    line: int = 0
    label: str | None = None  # how the landing page and key points name it (default: its row and column)


@dataclass(frozen=True)
class Declaration:
    source: Path
    numbering: dict
    sections: tuple
    figures: dict  # name -> FigureDecl
    built_in: dict = field(default_factory=dict)  # key -> [(built-in section, Item)] of the built-in report

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
        own = {i["number"] for s in self.sections for i in getattr(s, kind).values() if i.get("number")}
        for item in (i for s in self.sections for i in s.table_items()):
            number = item.spec.get("number" if kind == "tables" else "chart_number")
            if number:
                own.add(str(number))
        return own

    def item_label(self, kind: str, section_number: int, n: int) -> str:
        letter = _letters(n)
        return _styled(self.numbering[kind], section=section_number, n=n, letter=letter)

    def table_item(self, key: str, year: str):
        """(section key, Item) of the table `key` as this year's report shows it, or None."""
        for section in self.sections_for(year):
            for item in section.table_items():
                if item.key == key:
                    return section.key, item
        return None


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _styled(style: str, **values) -> str:
    return "" if style == "none" else style.format(**values)


def declaration_path(profile: Profile) -> Path | None:
    from pipelines.config.profile import profile_path

    path = profile_path(profile.key)
    own = path.with_name(f"{profile.key}.report.yaml") if path else None
    return own if own and own.is_file() else None


_LOADED: dict = {}


def load_declaration(profile: Profile) -> Declaration:
    """The authority's own declaration, or the built-in one limited to the profile's sections (read once
    per version of the files: the built-in report, the report file and the profile)."""
    from pipelines.config.profile import profile_path

    own = declaration_path(profile)
    files = (DEFAULT_DECLARATION, own, profile_path(profile.key))
    cache_key = (profile.key, tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in files if p))
    if cache_key not in _LOADED:
        _LOADED.clear()
        _LOADED[cache_key] = _load(profile, own)
    return _LOADED[cache_key]


def built_in_report(profile: Profile) -> tuple[Declaration, dict]:
    """The built-in report (config/reports/default.yaml), checked for this profile, and its table items
    by key: key -> [(built-in section, Item)] (`item:` references and the tables sentences read)."""
    built_in = parse_declaration(read_located(DEFAULT_DECLARATION), profile, {}, unique=False)
    index: dict = {}
    for section in built_in.sections:
        for item in section.items:
            if item.key:
                index.setdefault(item.key, []).append((section.key, item))
    return built_in, index


def _load(profile: Profile, own: Path | None) -> Declaration:
    built_in, index = built_in_report(profile)
    if own:
        if profile.raw.get("sections"):  # one list of sections, not two that could disagree
            raise ConfigError(
                f"{profile.key}: sections: the report's sections are declared in {own.name}; "
                "remove `sections:` from the profile"
            )
        declared = parse_declaration(read_located(own), profile, index)
        return replace(declared, built_in=index)
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
    twice = _shown_twice(chosen)
    if twice:
        raise ConfigError(f"{profile.key}: sections: {twice[1]} and {twice[2]} both show table {twice[0]!r}")
    return replace(built_in, sections=tuple(chosen), built_in=index)


def parse_declaration(doc: Located, profile: Profile, built_in: dict | None = None, unique: bool = True) -> Declaration:
    """A report declaration checked against the vocabulary; `built_in`: the built-in report's items by
    key (for `item:` references; by default read from config/reports/default.yaml); `unique`: no table
    key shown twice in the report."""
    if built_in is None:
        built_in = built_in_report(profile)[1]
    data = doc.data
    only(doc, (), data, TOP_KEYS)
    numbering = dict(DEFAULT_NUMBERING)
    raw_numbering = data.get("numbering") or {}
    if not isinstance(raw_numbering, dict):
        raise doc.error(("numbering",), f"expected a mapping of {', '.join(sorted(NUMBERING_KEYS))}")
    only(doc, ("numbering",), raw_numbering, NUMBERING_KEYS)
    for kind, style in raw_numbering.items():
        numbering[kind] = _check_style(doc, ("numbering", kind), style, NUMBERING_FIELDS[kind])
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        raise doc.error(("sections",), "expected a list of sections, each {key, title}")
    parsed, seen = [], set()
    for i, entry in enumerate(sections):
        section = check_section(doc, ("sections", i), entry, profile, built_in)
        if section.key in seen:
            raise doc.error(("sections", i, "key"), f"section {section.key!r} is declared twice")
        seen.add(section.key)
        parsed.append(section)
    twice = _shown_twice(parsed) if unique else None
    if twice:
        line = next(i.line for s in parsed if s.key == twice[2] for i in s.table_items() if i.key == twice[0])
        raise ConfigError(
            f"{doc.path}:{line}: table key {twice[0]!r} is used twice in the report (sections {twice[1]} and {twice[2]})"
        )
    figures = {}
    raw_figures = data.get("figures") or {}
    if not isinstance(raw_figures, dict):
        raise doc.error(("figures",), "expected a mapping of figure names to {table, row, column}")
    for name, spec in raw_figures.items():
        figures[name] = _figure(doc, ("figures", name), name, spec)
    return Declaration(doc.path, numbering, tuple(parsed), figures)


def _shown_twice(sections) -> tuple | None:
    """(table key, first section, second section) of a table key two items share, or None."""
    where: dict = {}
    for section in sections:
        for item in section.table_items():
            if item.key in where:
                return item.key, where[item.key], section.key
            where[item.key] = section.key
    return None


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


def _figure(doc: Located, where: tuple, name, spec) -> FigureDecl:
    if not isinstance(name, str) or not KEY.match(name):
        raise doc.error(where, "a figure name is lower-case letters, digits and _, starting with a letter")
    if not isinstance(spec, dict):
        raise doc.error(where, "expected {table: <table key>, row: <row label>, column: <column label>}")
    only(doc, where, spec, FIGURE_KEYS)
    missing = [k for k in ("table", "row", "column") if spec.get(k) in (None, "")]
    if missing:
        raise doc.error(where, f"needs {', '.join(missing)}")
    says = spec.get("says") or []
    says = [says] if isinstance(says, str) else says
    if not isinstance(says, list) or not all(isinstance(s, str) and s.strip() for s in says):
        raise doc.error(where + ("says",), 'expected words or a list of them, e.g. ["stage 1 complaints"]')
    return FigureDecl(
        name,
        str(spec["table"]),
        str(spec["row"]),
        str(spec["column"]),
        tuple(s.strip().lower() for s in says),
        doc.line(*where),
        str(spec["label"]).strip() if spec.get("label") not in (None, "") else None,
    )


def section_titles(declaration: Declaration) -> dict:
    return {s.key: s.title for s in declaration.sections}


def text_file(raw_folder: Path, section: SectionDecl) -> Path:
    """The Markdown of a text section: only ever a file directly in the year's export folder."""
    return Path(raw_folder) / section.text


def notebook_path(profile: Profile, section: SectionDecl) -> Path:
    """A section's notebook: the authority's own, found only in its own folder (the key is a plain name,
    checked when the declaration was read, so no path can lead outside it), or the one notebook that
    shows any section's declared items."""
    if section.own:
        return own_notebook_dir(profile) / f"{section.key}.ipynb"
    return BUILT_IN_NOTEBOOKS / SECTION_NOTEBOOK
