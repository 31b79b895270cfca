"""Sentences written by the authority, with computed figures: Markdown in which `{name}` is replaced by a
named figure (a cell of a published table, as published: `[c]` stays withheld) and
`{name|rose_fell:other}` by wording that follows the numbers. A number typed by hand beside the words
of a named figure (its `says:`) that is none of the figures those words name is an error before
publishing, naming the file and line: the slips this project exists to prevent are hand-typed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pipelines.config.vocabulary import ConfigError
from pipelines.rules.numbers import NOT_APPLICABLE, SUPPRESSED, fmt_count, fmt_money, fmt_pct, pct_change

PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")
_NAME = r"[a-z][a-z0-9_]*"
_FORM = re.compile(rf"^\s*(?P<name>{_NAME})\s*(?:\|\s*(?P<word>[a-z_]+)\s*(?::\s*(?P<other>{_NAME}))?\s*)?$")
# Wording that follows the numbers: (first is larger, first is smaller, both equal).
WORDINGS = {
    "rose_fell": ("rose", "fell", "stayed the same"),
    "increased_decreased": ("increased", "decreased", "did not change"),
    "increase_decrease": ("an increase", "a decrease", "no change"),
    "higher_lower": ("higher", "lower", "the same"),
    "more_fewer": ("more", "fewer", "the same number"),
}
MEASURES = ("change", "difference")  # |change:other -> the percentage change; |difference:other -> a - b
# {a|signed}: a change with its sign, +77% (a rise) or -5% (a fall).
_TYPED = re.compile(r"(?<![\w./£–-])(£?)(\d[\d,]*(?:\.\d+)?)(%?)(?![\w/]|[-–]\d)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
WINDOW_AFTER, WINDOW_BEFORE = 4, 2  # words between the figure's words and a number typed after / before them


@dataclass(frozen=True)
class Value:
    """A figure as published: its text, its number (None when withheld or undefined) and its unit."""

    text: str
    number: Decimal | None
    unit: str  # count | percent | money
    raw: str = ""  # the cell as the table's CSV copy has it (what the output checks compare)

    @property
    def withheld(self) -> bool:
        return self.text == SUPPRESSED


def value_from_cell(cell: str, unit: str) -> Value:
    """A CSV cell of a published table (counts as numbers, money in pounds, `n% (x/y)`, `[c]`, `[z]`)."""
    text = str(cell).strip()
    if text in (SUPPRESSED, NOT_APPLICABLE, ""):
        return Value(text or NOT_APPLICABLE, None, unit, text)
    head = text.split(" ")[0].rstrip("%")
    try:
        number = Decimal(head.replace(",", ""))
    except InvalidOperation:
        return Value(text, None, unit, text)
    if unit == "money":
        return Value(fmt_money(number), number, unit, text)
    if unit == "percent" or text.split(" ")[0].endswith("%"):
        whole = number == number.to_integral_value()  # a share given to decimals (7.3%) keeps them
        return Value(fmt_pct(int(number)) if whole else f"{number}%", number, "percent", text)
    return Value(fmt_count(number), number, unit, text)


class SentenceError(ConfigError):
    """An authority's text cannot be published as it stands."""


def names_used(text: str) -> set:
    """The figures a text's placeholders name (malformed ones are reported by fill)."""
    names = set()
    for match in PLACEHOLDER.finditer(text):
        form = _FORM.match(match.group(1))
        if form:
            names |= {n for n in (form["name"], form["other"]) if n}
    return names


def fill(text: str, values: dict[str, Value], where: str) -> str:
    """Replace every placeholder; an unknown figure or wording is an error naming `where`:line."""

    def replace(match: re.Match) -> str:
        return _render(match, values, where, _line(text, match.start()))

    return PLACEHOLDER.sub(replace, text)


def _render(match: re.Match, values: dict, where: str, line: int) -> str:
    form = _FORM.match(match.group(1))
    if not form:
        raise SentenceError(
            f"{where}:{line}: {match.group(0)} is not a placeholder; write {{name}} or {{name|rose_fell:other}} "
            f"(wordings: {', '.join([*WORDINGS, *MEASURES, 'signed'])})"
        )
    name, word, other = form["name"], form["word"], form["other"]
    for n in (name, other):
        if n is not None and n not in values:
            raise SentenceError(
                f"{where}:{line}: no figure {n!r}; named figures: {', '.join(sorted(values)) or 'none'}"
            )
    value = values[name]
    if word is None:
        return value.text
    if word == "signed" and other is None:  # +77% / -5%: a change with its direction
        return value.text if value.number is None or value.number <= 0 else "+" + value.text
    if word not in WORDINGS and word not in MEASURES or other is None:
        raise SentenceError(
            f"{where}:{line}: {match.group(0)}: write {{{name}|<wording>:<other figure>}}, wording one of "
            f"{', '.join([*WORDINGS, *MEASURES])}"
        )
    a, b = value.number, values[other].number
    if a is None or b is None:  # withheld or undefined: no wording can honestly be chosen
        return SUPPRESSED if SUPPRESSED in (value.text, values[other].text) else NOT_APPLICABLE
    if word == "change":
        change = pct_change(a, b)
        return NOT_APPLICABLE if change is None else fmt_pct(abs(change))
    if word == "difference":
        return value_from_cell(str(abs(a - b)), value.unit).text
    up, down, same = WORDINGS[word]
    return up if a > b else down if a < b else same


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def withhold_sentences(filled_with_marks: str, withheld_text: str) -> str:
    """A sentence that states a withheld figure is replaced by the note saying why (once per paragraph)."""
    paragraphs = re.split(r"(\n\s*\n)", filled_with_marks)
    out = []
    for para in paragraphs:
        if SUPPRESSED not in para or para.strip() == "":
            out.append(para)
            continue
        body, trailing = para.rstrip(), para[len(para.rstrip()) :]
        kept = [s for s in re.split(r"(?<=[.!?])\s+", body) if SUPPRESSED not in s]
        out.append(" ".join(kept + [withheld_text]) + trailing)
    return "".join(out)


def check_typed_numbers(text: str, figures: dict, values: dict[str, Value], where: str) -> list[str]:
    """Numbers typed by hand beside a named figure's words (`says:`) that are none of the figures named
    by those words. `figures`: name -> FigureDecl. Returns problems as `where:line: ...`."""
    problems = []
    blanked = PLACEHOLDER.sub(lambda m: "#" * len(m.group(0)), text)  # computed figures are not typed
    phrases: dict[str, list[str]] = {}
    for name, fig in figures.items():
        for phrase in fig.says:
            phrases.setdefault(phrase, []).append(name)
    for start, sentence in _sentences(blanked):
        lowered = sentence.lower()
        for phrase, names in phrases.items():
            for found in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
                for typed, offset in _numbers_beside(sentence, found.start(), found.end()):
                    unit = "money" if typed[0] else "percent" if typed[2] else "count"
                    number = Decimal(typed[1].replace(",", ""))
                    candidates = [values[n] for n in names if n in values and values[n].unit == unit]
                    if not candidates or any(v.number == number for v in candidates):
                        continue
                    shown = "".join(typed)
                    known = "; ".join(f"{{{n}}} is {values[n].text}" for n in names if n in values)
                    problems.append(
                        f"{where}:{_line(text, start + offset)}: {shown} is typed by hand beside "
                        f"“{phrase}”, but {known}: write the placeholder instead of the number"
                    )
    return problems


def _sentences(text: str):
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]


# Numbers that name something rather than count it: "Stages 0 to 2", "Graph 7", "section 3.2", "Q1",
# and dates ("1 April 2026", "June 2025").
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_IDENTIFIERS = re.compile(
    r"\b(?:stages?|graphs?|tables?|sections?|appendix|appendices|quarters?|q)\s*\d+[a-z]?"
    r"(?:\s*(?:to|and|or|,|-|–)\s*\d+[a-z]?)*"
    rf"|\b(?:\d{{1,2}}\s+)?(?:{_MONTHS})(?:\s+\d{{4}})?\b",
    re.I,
)


def _numbers_beside(sentence: str, phrase_start: int, phrase_end: int):
    """Numbers a few words after the phrase ("complaints rose to 455") or just before it ("455 complaints")."""
    names = [m.span() for m in _IDENTIFIERS.finditer(sentence)]
    for match in _TYPED.finditer(sentence):
        if phrase_start <= match.start() < phrase_end:
            continue  # a number inside the words themselves ("stage 1 complaints")
        if any(start <= match.start() < end for start, end in names):
            continue  # a stage, graph or section number, not a count
        if match.start() >= phrase_end:
            between = sentence[phrase_end : match.start()]
            limit = WINDOW_AFTER
        elif match.end() <= phrase_start:
            between = sentence[match.end() : phrase_start]
            limit = WINDOW_BEFORE
        else:
            continue
        if re.search(r"[;()]", between) or len(between.split()) > limit:
            continue
        yield match.groups(), match.start()
