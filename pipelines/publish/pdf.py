"""report.pdf: the committee paper. Tagged PDF/UA-1 from WeasyPrint (document language and title
from the HTML, bookmarks from the headings, alt text from each chart's img alt, table header cells
tagged from <th scope>), A4 portrait; a table too wide for the portrait text block goes on a
landscape page of its own rather than being clipped. Offline: every image is embedded."""

from __future__ import annotations

import html
import re
from pathlib import Path

from pipelines.config.profile import Profile
from pipelines.publish.committee import CommitteePaper, front_matter_html
from pipelines.publish.pages import SectionPage, context, env, markup

PDF_VARIANT = "pdf/ua-1"
# The page geometry of report.css's @page rules, in millimetres (the layout test reads them too).
PAGE_MM = {"portrait": (210, 297), "landscape": (297, 210)}
MARGIN_MM = {"top": 18, "right": 16, "bottom": 20, "left": 16}
# Table text in print: 8.5pt DejaVu Sans, whose digits are 0.64 em wide (bold headers wider still);
# cells pad 0.6 em a side. Generous on purpose: a table judged to fit must fit.
_CHAR_MM = 8.5 * 0.66 * 25.4 / 72
_PAD_MM = 2 * 0.6 * 8.5 * 25.4 / 72
_ROW_LABEL_CHARS = 28  # row labels wrap at about this width before a table counts as wide

# nbconvert writes attributes in its own order, so class may come anywhere in the tag.
_TABLE = re.compile(r'<div [^>]*class="table-wrap"[^>]*>.*?</table>', re.S)
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(t[hd])([^>]*)>(.*?)</t[hd]>", re.S)
_TAG = re.compile(r"<[^>]+>")


def text_width_mm(orientation: str) -> float:
    return PAGE_MM[orientation][0] - MARGIN_MM["left"] - MARGIN_MM["right"]


def natural_width_mm(table_markup: str) -> float:
    """How wide a table lays out before it must wrap numbers: each column as wide as its longest
    value (header words and row labels may wrap, figures may not)."""
    widths: dict[int, float] = {}
    for n_row, row in enumerate(_ROW.findall(table_markup)):
        for n_col, (tag, attrs, content) in enumerate(_CELL.findall(row)):
            text = html.unescape(_TAG.sub("", content)).strip()
            if n_row == 0 or (tag == "th" and 'scope="col"' in attrs):
                chars = max((len(w) for w in text.split()), default=0)  # a heading wraps between words
            elif tag == "th":
                chars = min(len(text), _ROW_LABEL_CHARS)
            else:
                chars = len(text)
            widths[n_col] = max(widths.get(n_col, 0), chars * _CHAR_MM + _PAD_MM)
    return sum(widths.values())


def mark_wide_tables(body: str) -> str:
    """Tables wider than the portrait text block get the class that puts them on a landscape page."""

    def mark(match: re.Match) -> str:
        block = match.group(0)
        if natural_width_mm(block) > text_width_mm("portrait"):
            return block.replace('class="table-wrap"', 'class="table-wrap landscape"', 1)
        return block

    return _HEADING_BEFORE_LANDSCAPE.sub(r'\1 class="landscape-heading"\2', _TABLE.sub(mark, body))


# A heading just before a landscape table goes onto the landscape page with it, rather than being
# left alone at the foot of the portrait page before (only closing and opening cell divs between).
_HEADING_BEFORE_LANDSCAPE = re.compile(
    r'(<h[2-4](?![^>]*class=)[^>]*)(>(?:(?!</h[2-4]>).)*</h[2-4]>(?:\s|</div>|<div(?![^>]*table-wrap)[^>]*>)*<div [^>]*class="table-wrap landscape")',
    re.S,
)


def pdf_html(
    profile: Profile,
    year: str,
    edition: str,
    sections: list[SectionPage],
    committee: CommitteePaper | None = None,
    headlines: list[str] | None = None,
) -> str:
    pages = [SectionPage(s.key, s.number, s.title, s.file, markup(mark_wide_tables(s.body))) for s in sections]
    ctx = context(profile, year, edition, pages, "")
    ctx["front_matter"] = markup(front_matter_html(committee, headlines or []) if committee else "")
    ctx["committee"] = committee.committee if committee else ""
    return env().get_template("pdf.html.j2").render(ctx)


def write_pdf(
    profile: Profile,
    year: str,
    edition: str,
    sections: list[SectionPage],
    out: Path,
    committee: CommitteePaper | None = None,
    headlines: list[str] | None = None,
) -> Path:
    from weasyprint import HTML

    document = pdf_html(profile, year, edition, sections, committee, headlines)
    path = out / "report.pdf"
    # No base URL: every image is embedded, so nothing is fetched.
    HTML(string=document, base_url=None).write_pdf(path, pdf_variant=PDF_VARIANT)
    add_header_scopes(path)
    return path


def add_header_scopes(path: Path) -> int:
    """WeasyPrint tags header cells /TH but leaves out the scope that each <th scope> gives, so a
    screen reader cannot tell which cells a header heads (PDF/UA-1 7.5): column headers are the
    header row's, row headers the body's. Returns the number of header cells given a scope."""
    import pikepdf

    given = 0
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        stack = [(pdf.Root.StructTreeRoot.get("/K"), None)]
        while stack:
            node, group = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend((kid, group) for kid in node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                role = str(node.S)
                if role == "/TH" and group in ("/THead", "/TBody"):
                    scope = pikepdf.Name.Column if group == "/THead" else pikepdf.Name.Row
                    node.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)
                    given += 1
                if "/K" in node:
                    stack.append((node.K, role if role in ("/THead", "/TBody") else group))
        pdf.save(path, deterministic_id=True)  # the same document, the same bytes (its /ID from its content)
    return given
