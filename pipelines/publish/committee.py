"""The committee paper's front matter, declared per authority and year in
data/raw/<authority>/<year>/committee.yaml (optional: without it the report has a plain cover):
who the report goes to and when, who wrote it, its purpose, what the committee is asked to do, the
key points and the background papers, in the order the council prints them (docs/committee-paper.md).
Checked when the run starts, so that a slip in it stops the run before any notebook runs."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines.inputs.files import InputFileError, read_text

FILE = "committee.yaml"
# key -> the label printed beside it; also the default order (the order most councils print).
LABELS = {
    "committee": "Report to",
    "meeting_date": "Date of meeting",
    "report_of": "Report of",
    "report_author": "Report author",
    "contact_role": "Contact",
    "purpose": "Purpose of the report",
    "recommendations": "Recommendations",
    "key_points": "Key points",
    "background_papers": "Background papers",
}
REQUIRED = ("committee", "meeting_date", "report_author", "contact_role", "purpose", "recommendations")
LISTS = ("recommendations", "key_points", "background_papers")
NO_BACKGROUND_PAPERS = "None."


@dataclass
class CommitteePaper:
    committee: str
    meeting_date: dt.date
    report_author: str
    contact_role: str
    purpose: str
    recommendations: list[str]
    report_of: str = ""
    key_points: list[str] = field(default_factory=list)  # empty: the report's headline figures
    background_papers: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=lambda: list(LABELS))

    def items(self, headlines: list[str]) -> list[tuple[str, str, str | list[str]]]:
        """(key, label, value) in the declared order; key points default to the headline figures."""
        out = []
        for key in self.order:
            value = getattr(self, key)
            if key == "meeting_date":
                value = f"{value.day} {value:%B %Y}"
            elif key == "key_points" and not value:
                value = headlines
            elif key == "background_papers" and not value:
                value = NO_BACKGROUND_PAPERS
            if value:
                out.append((key, LABELS[key], value))
        return out


def read_committee(folder: Path) -> CommitteePaper | None:
    """committee.yaml of one authority-year, checked; None when there is none."""
    path = Path(folder) / FILE
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(read_text(path))
    except yaml.YAMLError as exc:
        raise InputFileError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise InputFileError(f"{path}: expected the keys {', '.join(LABELS)} (and optionally 'order')")
    unknown = set(data) - set(LABELS) - {"order"}
    if unknown:
        raise InputFileError(
            f"{path}: unknown key {sorted(unknown)[0]!r}; allowed keys are {', '.join(LABELS)} and order"
        )
    missing = [k for k in REQUIRED if not data.get(k)]
    if missing:
        raise InputFileError(f"{path}: '{missing[0]}' is required ({LABELS[missing[0]]})")
    for key in set(data) & set(LABELS) - {"meeting_date"}:
        _check_text(path, key, data[key], key in LISTS)
    return CommitteePaper(
        committee=data["committee"],
        meeting_date=_date(path, data["meeting_date"]),
        report_author=data["report_author"],
        contact_role=data["contact_role"],
        purpose=data["purpose"],
        recommendations=_as_list(data["recommendations"]),
        report_of=data.get("report_of") or "",
        key_points=_as_list(data.get("key_points")),
        background_papers=_as_list(data.get("background_papers")),
        order=_order(path, data.get("order")),
    )


def _check_text(path: Path, key: str, value, listed: bool) -> None:
    if listed and isinstance(value, list):
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise InputFileError(f"{path}: every item of '{key}' must be a sentence (text)")
    elif not isinstance(value, str):
        raise InputFileError(f"{path}: '{key}' must be text{' or a list of sentences' if listed else ''}")


def _as_list(value) -> list[str]:
    if not value:
        return []
    return [v.strip() for v in value] if isinstance(value, list) else [value.strip()]


def _date(path: Path, value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputFileError(f"{path}: 'meeting_date' must be a date written YYYY-MM-DD, not {value!r}") from None


def _order(path: Path, order) -> list[str]:
    if order is None:
        return list(LABELS)
    if not isinstance(order, list) or sorted(order) != sorted(LABELS):
        raise InputFileError(f"{path}: 'order' must list each of {', '.join(LABELS)} once")
    return order


def front_matter_html(paper: CommitteePaper, headlines: list[str]) -> str:
    """The cover's details as a description list (read in order by a screen reader)."""
    e, rows = html.escape, []
    for key, label, value in paper.items(headlines):
        if isinstance(value, list):
            tag = "ol" if key == "recommendations" else "ul"
            shown = f"<{tag}>" + "".join(f"<li>{e(v)}</li>" for v in value) + f"</{tag}>"
        else:
            shown = f"<p>{e(value)}</p>"
        rows.append(f'<div class="front-{e(key)}"><dt>{e(label)}</dt><dd>{shown}</dd></div>')
    return f'<dl class="front-matter">{"".join(rows)}</dl>'
