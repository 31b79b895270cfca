"""report.docx: the Word copy a committee clerk drops into the agenda template. Built from the same
section bodies as the PDF, so it has the same sections, figures and [c] decisions: headings in
Word's heading styles, tables as Word tables whose first row repeats as a header row, charts as
pictures with their alt text, lists as Word lists, quotations in the Quote style."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from pipelines.config.profile import Profile
from pipelines.publish import reproducible
from pipelines.publish.committee import CommitteePaper
from pipelines.publish.pages import EDITION_NOTES, SectionPage, document_title
from pipelines.rules.calendar import fy_bounds

CHART_WIDTH_CM = 16
TEXT_WIDTH_CM, ROW_LABEL_CM, TABLE_PT = 16, 4.5, 9  # A4 with 2.5 cm margins
FONT = "Arial"  # what council agenda templates use; LibreOffice substitutes Liberation Sans
_DATA_URI = re.compile(r"^data:(image/[a-z+]+);base64,(.*)$", re.S)
# resvg reads no point sizes on the root element (matplotlib writes them): the viewBox then sizes it.
_SVG_SIZE = re.compile(r'(<svg[^>]*?) width="[\d.]+pt" height="[\d.]+pt"')
_SKIP_CLASSES = {"kicker", "chart-narrow-note"}  # the section kicker repeats the cover
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "ul", "ol", "table", "figure", "blockquote", "div", "dl"}


def _text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def _png(src: str) -> bytes | None:
    """A chart's image as PNG bytes (Word shows SVG only with a PNG fallback; charts are SVG)."""
    match = _DATA_URI.match(src or "")
    if not match:
        return None
    media, data = match.group(1), base64.b64decode(match.group(2))
    if media == "image/svg+xml":
        import resvg_py

        svg = _SVG_SIZE.sub(r"\1", data.decode("utf-8"), count=1)
        return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=2, background="#ffffff"))
    return data if media == "image/png" else None


def _set_alt(shape, alt: str) -> None:
    """Word's alt text lives in the drawing's docPr 'descr' attribute."""
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("title", "")


def _table(doc, node: Tag) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    caption = node.find("caption")
    if caption is not None:
        doc.add_paragraph(_text(caption), style="Caption")
    rows = node.find_all("tr")
    if not rows:
        return
    width = max(len(r.find_all(["th", "td"])) for r in rows)
    table = doc.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    table.autofit = True
    for n, row in enumerate(rows):
        cells = table.add_row().cells
        for column, (cell, source) in enumerate(zip(cells, row.find_all(["th", "td"]))):
            cell.text = _text(source)
            cell.width = Cm(ROW_LABEL_CM if column == 0 else (TEXT_WIDTH_CM - ROW_LABEL_CM) / max(width - 1, 1))
            paragraph = cell.paragraphs[0]
            if column:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # figures line up on the right
            for run in paragraph.runs:
                run.font.size = Pt(TABLE_PT)
                run.bold = source.name == "th" and (n == 0 or row.parent.name == "thead")
        if row.parent.name == "thead" or n == 0:
            # The header row repeats at the top of each page and tells a screen reader what it is.
            tr_pr = table.rows[n]._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            tr_pr.append(header)


def _figure(doc, node: Tag) -> None:
    from docx.shared import Cm

    img = node.find("img")
    png = _png(img.get("src")) if img is not None else None
    if png:
        doc.add_picture(io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
        _set_alt(doc.inline_shapes[-1], img.get("alt", ""))
    caption = node.find("figcaption")
    if caption is not None:
        doc.add_paragraph(_text(caption), style="Caption")


def _list(doc, node: Tag, style: str) -> None:
    for item in node.find_all("li", recursive=False):
        doc.add_paragraph(_text(item), style=style)


def add_html(doc, html_text: str) -> None:
    """Append an HTML section body to the document, block by block."""
    soup = BeautifulSoup(html_text, "html.parser")
    _walk(doc, soup)


def _walk(doc, node) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            continue
        if not isinstance(child, Tag) or set(child.get("class", [])) & _SKIP_CLASSES:
            continue
        name = child.name
        if name in {"h1", "h2", "h3", "h4"}:
            doc.add_heading(_text(child), level=int(name[1]))
        elif name == "p":
            if _text(child):
                doc.add_paragraph(_text(child))
        elif name in {"ul", "ol"}:
            _list(doc, child, "List Bullet" if name == "ul" else "List Number")
        elif name == "table":
            _table(doc, child)
        elif name == "figure":
            _figure(doc, child)
        elif name == "blockquote":
            for p in child.find_all("p"):
                doc.add_paragraph(_text(p), style="Quote")
            footer = child.find("footer")
            if footer is not None:
                doc.add_paragraph(_text(footer), style="Intense Quote")
        elif name in {"style", "script", "details"}:
            continue
        else:
            _walk(doc, child)


def _front_matter(doc, committee: CommitteePaper, headlines: list[str]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for _key, label, value in committee.items(headlines):
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        if isinstance(value, list):
            cells[1].text = value[0]
            for more in value[1:]:
                cells[1].add_paragraph(more)
        else:
            cells[1].text = value


def write_docx(
    profile: Profile,
    year: str,
    edition: str,
    sections: list[SectionPage],
    out: Path,
    committee: CommitteePaper | None = None,
    headlines: list[str] | None = None,
) -> Path:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    lang = OxmlElement("w:lang")  # spelling and screen readers: British English
    lang.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(lang)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption"):
        doc.styles[name].font.name = FONT
    props = doc.core_properties
    props.title, props.author, props.language = document_title(profile, year), profile.name, "en-GB"
    props.subject = profile.report_title
    start, end = fy_bounds(year)
    doc.add_paragraph(profile.name)
    doc.add_heading(f"{profile.report_title} {start.year}/{str(end.year)[2:]}", level=0)
    doc.add_paragraph(f"1 April {start.year} to 31 March {end.year}")
    if committee:
        _front_matter(doc, committee, headlines or [])
    doc.add_paragraph(EDITION_NOTES[edition])
    for s in sections:
        doc.add_page_break()
        add_html(doc, s.body)
    props.comments = ""
    path = out / "report.docx"
    doc.save(path)
    return reproducible.rewrite(path)
