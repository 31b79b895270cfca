"""Every publication of one rendered authority-year, from the same section bodies and records: the
intranet pages, the committee paper (PDF), its Word copy and the good-practice workbook."""

from __future__ import annotations

from pathlib import Path

from pipelines.config.profile import Profile
from pipelines.publish.committee import CommitteePaper
from pipelines.publish.pages import SectionPage
from pipelines.publish.pdf import write_pdf
from pipelines.publish.site import headline_items, write_index, write_sections
from pipelines.publish.word import write_docx
from pipelines.publish.workbook import write_workbook
from pipelines.rules.calendar import fy_text


def headline_sentences(figures: list[dict], records: list[dict]) -> list[str]:
    """The headline figures as key points: 'Complaints received: 404'."""
    return [f"{label}: {value}" for label, value in headline_items(figures, records)]


def workbook_about(profile: Profile, committee: CommitteePaper | None) -> tuple[list[str], list[str]]:
    about = [
        f"{profile.name}: {profile.report_title}, the statutory annual report on complaints about {profile.service}.",
        "Figures are those published in the report, with the same numbers withheld ([c]).",
    ]
    contact = [f"{committee.contact_role}, {profile.name}"] if committee else []
    return about, contact


def write_publications(
    profile: Profile,
    year: str,
    edition: str,
    pages: list[SectionPage],
    out: Path,
    generated: str,
    validation: dict,
    table_records: list[dict],
    figures: list[dict],
    committee: CommitteePaper | None = None,
) -> list[Path]:
    headlines = headline_sentences(figures, table_records)
    written = [write_pdf(profile, year, edition, pages, out, committee, headlines)]
    written.append(write_docx(profile, year, edition, pages, out, committee, headlines))
    about, contact = workbook_about(profile, committee)
    title = f"{profile.name}: {profile.report_title} {fy_text(year)}"
    written.append(write_workbook(out, title, table_records, about, contact, [p.key for p in pages]))
    # The pages last: they link only to the downloads written.
    written += write_sections(profile, year, edition, pages, out, generated)
    written.append(
        write_index(profile, year, edition, pages, out, generated, validation, headline_items(figures, table_records))
    )
    return written
