"""How the PDF decides that a table needs a landscape page (fast: no rendering)."""

from __future__ import annotations

from pipelines.publish.pdf import mark_wide_tables, natural_width_mm, text_width_mm


def _table(columns: int, value: str, heading: str = "Heading") -> str:
    head = "".join(f'<th scope="col">{heading} {n}</th>' for n in range(columns))
    row = '<tr><th scope="row">Statutory stage 1</th>' + f"<td>{value}</td>" * columns + "</tr>"
    return (
        '<div aria-labelledby="c" class="table-wrap" id="t" role="region" tabindex="0"><table class="data">'
        f'<caption id="c">Table 1.1: x</caption><thead><tr><td class="corner"></td>{head}</tr></thead>'
        f"<tbody>{row}</tbody></table></div>"
    )


def test_portrait_text_block_is_a4_less_the_margins():
    assert text_width_mm("portrait") == 210 - 16 - 16 and text_width_mm("landscape") == 297 - 16 - 16


def test_a_narrow_table_stays_portrait_and_a_wide_one_goes_landscape():
    # 3 columns of '100% (10/10)' (12 characters): 12 * 8.5pt * 0.66 = 67.3pt = 23.75 mm, plus 3.6 mm
    # padding = 27.35 mm a column; the row label 'Statutory stage 1', 17 characters: 33.6 + 3.6 = 37.2 mm;
    # 3 * 27.35 + 37.2 = 119.3 mm < 178 mm.
    narrow = _table(3, "100% (10/10)")
    assert 110 < natural_width_mm(narrow) < 120
    assert "landscape" not in mark_wide_tables(narrow)
    # 8 such columns: 8 * 27.35 + 37.2 = 256 mm > 178 mm
    wide = _table(8, "100% (10/10)")
    assert natural_width_mm(wide) > text_width_mm("portrait")
    assert 'class="table-wrap landscape"' in mark_wide_tables(wide)


def test_a_heading_just_before_a_landscape_table_goes_with_it():
    body = '<h2 id="a">Earlier</h2><p>Text.</p></div><div class="cell"><h2 id="b">Detailed tables</h2></div>'
    body += '<div class="cell"><div class="output">' + _table(8, "100% (10/10)")
    marked = mark_wide_tables(body)
    assert '<h2 id="b" class="landscape-heading">' in marked and '<h2 id="a">' in marked
