"""Table output: formula-like text is neutralised in CSV and Excel, and markup is escaped in HTML."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from pipelines.document.tables import to_csv_frame, to_html
from pipelines.measures.base import Table
from pipelines.publish.workbook import write_workbook

LABELS = ['=HYPERLINK("http://example.org","x")', "+1", "@SUM(A1)", "<script>alert(1)</script>", "-2"]


def _table():
    data = pd.DataFrame({"Complaints": [1, 2, 3, 4, 5], "Note": ["=1+1", "fine", "+x", "@y", "ok"]}, index=LABELS)
    return Table("unsafe", "Labels from an export", data)


def test_csv_cells_that_would_run_as_formulas_are_prefixed(tmp_path):
    frame = to_csv_frame(_table())
    assert list(frame.index) == ["'" + LABELS[0], "'+1", "'@SUM(A1)", LABELS[3], "'-2"]
    assert list(frame["Note"]) == ["'=1+1", "fine", "'+x", "'@y", "ok"]
    assert list(frame["Complaints"]) == [1, 2, 3, 4, 5]  # numbers stay numbers


def test_workbook_holds_them_as_text_never_formulas(tmp_path):
    (tmp_path / "tables").mkdir()
    to_csv_frame(_table()).to_csv(tmp_path / "tables" / "unsafe.csv", lineterminator="\n")
    record = {
        "key": "unsafe",
        "number": "Table 1.1",
        "section": "appendix",
        "caption": "Labels from an export",
        "basis": None,
        "period": None,
    }
    book = load_workbook(write_workbook(tmp_path, "Test", [record], ["About"], [], ["appendix"]))
    sheet = book["Table_1.1"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    # the first row label and its count, under the title, the note lines and the header row
    first = next(r for r in sheet.iter_rows() if r[0].value == "'" + LABELS[0])
    assert first[1].value == 1 and first[2].value == "'=1+1"


def test_html_escapes_markup_in_labels():
    html = to_html(_table(), "1.1")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
