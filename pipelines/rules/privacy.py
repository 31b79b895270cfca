"""Keeping personal data out of the published edition. Free text is quoted only when the complaints
team approved it; even then, staff names are reduced to initials and anything that looks like an
email address, phone number, postcode, date or case reference is removed."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?!\w)")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
DATE = re.compile(
    rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})[a-z]*\.?\s+\d{{4}}\b",
    re.IGNORECASE,
)
REFERENCE = re.compile(r"\b[A-Za-z]{1,6}[-/](?:\d{4}[-/])?\d{3,}[\w/-]*\b")


def initials(name: str) -> str:
    """'Kevin Marsh' -> 'KM'."""
    return "".join(part[0].upper() for part in name.split() if part)


def reduce_names(text: str, names: str | None) -> str:
    """Staff names (as listed in the export, ';'-separated) reduced to initials wherever they appear:
    the full name first, then each part of it on its own ('Kevin' -> 'K')."""
    if not isinstance(names, str) or not names.strip():
        return text
    listed = [n.strip() for n in names.split(";") if n.strip()]
    for name in sorted(listed, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", initials(name), text, flags=re.IGNORECASE)
    for name in listed:
        for part in name.split():
            if len(part) > 1:
                text = re.sub(rf"\b{re.escape(part)}\b", part[0].upper(), text, flags=re.IGNORECASE)
    return text


def scrub(text: str, staff_names: str | None = None, references: set[str] | frozenset = frozenset()) -> str:
    """Text fit to quote: staff names to initials; contact details, dates and references removed."""
    text = reduce_names(text, staff_names)
    for ref in sorted(references, key=len, reverse=True):
        if ref and ref in text:
            text = text.replace(ref, "[reference removed]")
    text = EMAIL.sub("[email removed]", text)
    text = POSTCODE.sub("[postcode removed]", text)
    text = PHONE.sub("[phone number removed]", text)
    text = DATE.sub("[date removed]", text)
    return REFERENCE.sub("[reference removed]", text)
