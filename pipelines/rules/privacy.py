"""Keeping personal data out of the published edition: one redaction step for every piece of free
text that can be published (compliment quotes and the word cloud built from them, the complaints
team's commentary and learning, and labels). It removes emails, NHS numbers (checksum-valid, with or
without spaces), phone numbers (`phonenumbers`), postcodes, street addresses, dates (of birth or
otherwise) and reference-like tokens (letters and digits with separators: DEM-24-0001, ABC/2024/17),
and reduces names to initials: staff listed in the export, and any capitalised word that is not part
of the profile's own vocabulary, not a common word at the start of a sentence, and (at the start of a
sentence) not an English word (Debian's British English word list, `wbritish`).

Every redaction is recorded (`LOG`) so that the audit edition can list them for the analyst."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import phonenumbers

WORD_LIST = Path("/usr/share/dict/british-english")  # Debian package wbritish (scripts/system-deps.sh)

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?!\w)")
NHS_NUMBER = re.compile(r"(?<![\w-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w-])")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
DATE = re.compile(
    rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})[a-z]*\.?,?\s+\d{{4}}\b"
    rf"|\b(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",
    re.IGNORECASE,
)
_STREETS = (
    "road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|grove|place|gardens|terrace|court|"
    "walk|rise|square|mews|row|hill|park|view|green|parade|boulevard"
)
# A house number and a street ("14 Acacia Avenue"), or a named street whose last word is never an
# ordinary word in a sentence about services ("Acacia Avenue", but not "Family Court").
ADDRESS = re.compile(
    rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){{1,3}}(?i:{_STREETS})\b\.?"
    r"|\b(?:[A-Z][\w'’-]*\s+){1,2}(?:Road|Street|Avenue|Lane|Drive|Crescent|Grove|Terrace|Gardens|Mews)\b",
)
# Letters and digits joined by separators, with at least one of each (DEM-24-0001, LG-24-003,
# ABC/2024/17, 24-DEM-1), or letters run into four or more digits (AB123456).
REFERENCE = re.compile(
    r"(?<![\w/-])(?=[\w/.-]*[A-Za-z])(?=[\w/.-]*\d)[A-Za-z0-9]+(?:[-/_.][A-Za-z0-9]+)+(?![\w/-])"
    r"|\b[A-Za-z]{1,4}\d{4,}\b"
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z][A-Za-z'’]*)*")
# Capitalised words that are not names wherever they stand (the profile adds its own vocabulary).
COMMON_CAPITALS = set(
    """january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday christmas easter english england british britain
    council county borough city service services team social care children childrens child young people
    family families school schools education health nhs ombudsman local government stage panel court
    worker workers manager managers officer officers director assistant executive chief head team
    department directorate unit centre hospital practice support mum dad mother father nan grandma
    grandad sister brother aunt uncle foster carer carers complaints compliments mp councillor mayor
    mr mrs ms miss dr sir madam dear""".split()
)
# Words a sentence often starts with that are also given names in the word list: kept at a start.
STARTERS = set(
    """the a an and but so thank thanks dear many my our we i you he she they it this that these those
    when after before both all huge special big please well also with from to for at in on as if
    just everyone everybody nothing something again once since""".split()
)


@dataclass(frozen=True)
class Redaction:
    kind: str  # what was removed: "name", "NHS number", "phone number", ...
    original: str  # the text removed (for the analyst, audit edition only)
    replacement: str


LOG: list[Redaction] = []  # redactions since the last clear_log(), for the audit edition
# The profile's own words (lower case), set for each section by report.Section: kept although capitalised.
ALLOWED: set[str] = set()
# Words found to be names in any free text of the report (learn_names): a name that is also an English
# word ("Hazel") is a name everywhere once it was seen as one ("Mrs Hazel Brook").
LEARNED: set[str] = set()


def clear_log() -> None:
    LOG.clear()


def configure(allowed_words, texts=()) -> None:
    """A new section: the profile's vocabulary, an empty log, and the names in `texts` (every piece
    of free text the report may publish) learned before any of it is shown."""
    ALLOWED.clear()
    ALLOWED.update(allowed_words)
    LEARNED.clear()
    learn_names(texts)
    LOG.clear()


def learn_names(texts) -> None:
    """Remember every word found to be part of a name in `texts`."""
    for text in texts:
        if isinstance(text, str):
            found: list[Redaction] = []
            _names(text, frozenset(ALLOWED), found)
            for r in found:
                LEARNED.update(w.lower() for w in WORD.findall(re.sub(r"['’]s$", "", r.original)))
    LEARNED.difference_update(COMMON_CAPITALS | STARTERS)


@cache
def english_words() -> frozenset[str]:
    """Lower-case words of Debian's British English word list (empty if the package is missing:
    then every capitalised word outside the profile's vocabulary counts as a name)."""
    if not WORD_LIST.exists():
        return frozenset()
    text = WORD_LIST.read_text(encoding="utf-8", errors="replace")
    return frozenset(w for w in text.split() if w.islower())


def initials(name: str) -> str:
    """'Kevin Marsh' -> 'KM'."""
    return "".join(part[0].upper() for part in re.split(r"[\s-]+", name) if part)


def nhs_number_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check digit: weights 10 to 2 on the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1))) % 11
    check = (11 - remainder) % 11
    return check != 10 and check == int(digits[9])


def _sub(pattern: re.Pattern, kind: str, text: str, found: list, keep=lambda m: True) -> str:
    def replace(match):
        if not keep(match):
            return match.group(0)
        replacement = f"[{kind} removed]"
        found.append(Redaction(kind, match.group(0), replacement))
        return replacement

    return pattern.sub(replace, text)


def _phones(text: str, found: list) -> str:
    matches = list(phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.VALID))
    for match in reversed(matches):
        found.append(Redaction("phone number", match.raw_string, "[phone number removed]"))
        text = text[: match.start] + "[phone number removed]" + text[match.end :]
    return _sub(PHONE, "phone number", text, found)


def _staff(text: str, staff_names: str | None, found: list) -> str:
    """Staff names (as listed in the export, ';'-separated) to initials wherever they appear: the
    full name first, then each part of it on its own ('Kevin' -> 'K')."""
    if not isinstance(staff_names, str) or not staff_names.strip():
        return text
    listed = [n.strip() for n in staff_names.split(";") if n.strip()]
    parts = [p for n in listed for p in n.split() if len(p) > 1]
    for name in sorted(listed, key=len, reverse=True) + sorted(parts, key=len, reverse=True):
        pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
        for match in pattern.finditer(text):
            found.append(Redaction("name", match.group(0), initials(name)))
        text = pattern.sub(initials(name), text)
    return text


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:;\n" or before.endswith("]")


def _names(text: str, allowed: frozenset[str], found: list, labels: bool = False) -> str:
    """Runs of capitalised words with a name-like word among them, reduced to initials. `labels`:
    a label's words are all capitalised, so there only words that are not English are name-like."""
    dictionary = english_words()

    def name_like(word: str, start: bool) -> bool:
        bare = re.sub(r"['’]s$", "", word)
        low = bare.lower()
        if low in LEARNED:
            return True
        if low in allowed or low in COMMON_CAPITALS or len(bare) < 2:
            return False
        if start or labels:
            return low not in STARTERS and (low not in dictionary)
        return True

    def candidate(word: str) -> bool:
        if word[0].isupper() and not word.isupper():
            return True
        # a learned name written in lower case ("jane"), unless it is also an English word
        return word.lower() in LEARNED and word.lower() not in dictionary

    tokens = [
        (m.start(), m.end(), m.group(0), _sentence_start(text, m.start()))
        for m in WORD.finditer(text)
        if candidate(m.group(0))
    ]
    runs, run = [], []
    for token in tokens:
        if run and text[run[-1][1] : token[0]] in (" ", "-") and not token[3]:
            run.append(token)
        else:
            runs.append(run)
            run = [token]
    runs.append(run)
    for run in reversed([r for r in runs if r]):
        flags = [name_like(t[2], t[3]) for t in run]
        if not any(flags):
            continue
        # a sentence starting with a common word ("Thanks Jane") keeps that word
        first = 1 if run[0][3] and not flags[0] and run[0][2].lower() in STARTERS | COMMON_CAPITALS else 0
        start, end = run[first][0], run[-1][1]
        original = text[start:end]
        possessive = re.search(r"['’]s$", original)
        replacement = initials(re.sub(r"['’]s$", "", original)) + (possessive.group(0) if possessive else "")
        found.append(Redaction("name", original, replacement))
        text = text[:start] + replacement + text[end:]
    return text


def redact(
    text: str,
    staff_names: str | None = None,
    references: set[str] | frozenset = frozenset(),
    allowed: frozenset[str] = frozenset(),
) -> tuple[str, list[Redaction]]:
    """`text` fit to publish, and what was taken out of it. `allowed`: lower-case words of the
    profile's own vocabulary (pipelines.config.profile.Profile.vocabulary) kept although capitalised."""
    found: list[Redaction] = []
    if not isinstance(text, str):
        return text, found
    text = _staff(text, staff_names, found)
    for ref in sorted(references, key=len, reverse=True):
        if ref and ref in text:
            found.append(Redaction("reference", ref, "[reference removed]"))
            text = text.replace(ref, "[reference removed]")
    text = _redact_patterns(text, found)
    text = _names(text, frozenset(allowed) | ALLOWED, found)
    LOG.extend(found)
    return text, found


def _redact_patterns(text: str, found: list) -> str:
    """Everything found by its shape: contact details, numbers, dates, addresses, references."""
    text = _sub(EMAIL, "email", text, found)
    text = _sub(DATE, "date", text, found)
    text = _sub(REFERENCE, "reference", text, found)  # before phone numbers, which would take its digits
    text = _sub(NHS_NUMBER, "NHS number", text, found, keep=lambda m: nhs_number_valid("".join(m.groups())))
    text = _phones(text, found)
    text = _sub(POSTCODE, "postcode", text, found)
    return _sub(ADDRESS, "address", text, found)


def scrub(
    text: str,
    staff_names: str | None = None,
    references: set[str] | frozenset = frozenset(),
    allowed: frozenset[str] = frozenset(),
) -> str:
    """Text fit to quote (see `redact`)."""
    return redact(text, staff_names, references, allowed)[0]


def label_problems(label: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """What in a label (a division or service name an export brought) looks like personal data:
    a label is never rewritten, so one that needs redacting is refused instead."""
    found: list[Redaction] = []
    text = _redact_patterns(str(label), found)
    _names(text, frozenset(allowed), found, labels=True)
    return sorted({r.kind for r in found})
