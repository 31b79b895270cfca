"""Published figures (tests/golden/, transcribed from the real reports in ../shared/seeds) against the
project's arithmetic: every on-time cell `n% (x/y)` and the percentage changes the reports state.

Every assertion here is computed independently: the package's rounding applied to numbers the
publication printed (none is read back from generated data): 47 printed on-time cells and 7 printed
changes, 0 read back; 8 contradicted cells and 1 change are asserted as readings. Where the publication contradicts
itself, the value asserted is a reading (tests/readings.py, the same table the end-to-end rebuild
uses), in checks named as readings, never as printed figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pipelines.rules.numbers import fmt_pct_of, pct_change
from tests.readings import LEWISHAM

GOLDEN = Path(__file__).parent / "golden"
RATIO = re.compile(r"^(\d+)%\s*-?\s*\(?\s*(\d+)\s*/\s*(\d+)\s*\)?$")
READINGS = {("lewisham_2024-25", *place): reading for place, reading in LEWISHAM.items()}


def _fixtures():
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.yaml"))}


def _cells():
    for name, fixture in _fixtures().items():
        for key, table in (fixture.get("tables") or {}).items():
            for row, cells in (table.get("rows") or {}).items():
                for column, cell in zip(table["columns"], cells):
                    yield name, key, row, column, cell


def _ratio_cells(readings: bool):
    """On-time cells as printed (readings=False) or those a reading replaces (readings=True)."""
    for name, key, row, column, cell in _cells():
        match = RATIO.match(str(cell).strip())
        if match and ((name, key, row, column) in READINGS) == readings:
            yield pytest.param(
                name, key, row, column, cell, *map(int, match.groups()), id=f"{name}-{key}-{row}-{column}"
            )


@pytest.mark.parametrize(
    ("report", "table", "row", "column", "printed", "pct", "part", "whole"), list(_ratio_cells(readings=False))
)
def test_printed_on_time_cells_are_reproduced(report, table, row, column, printed, pct, part, whole):
    """The printed fraction, rounded half up, gives the printed percentage."""
    assert fmt_pct_of(part, whole) == f"{pct}% ({part}/{whole})", f"published {printed!r}"


@pytest.mark.parametrize(
    ("report", "table", "row", "column", "printed", "pct", "part", "whole"), list(_ratio_cells(readings=True))
)
def test_contradicted_on_time_cells_follow_their_reading(report, table, row, column, printed, pct, part, whole):
    """A reading, not a printed figure: the cell as the named inconsistency reads it, recomputed."""
    reading, inconsistency = READINGS[(report, table, row, column)]
    assert inconsistency in {i["id"] for i in _fixtures()[report]["inconsistencies"]}
    if reading == "[z] (0/0)":
        assert fmt_pct_of(0, 0) == reading
        return
    shown, x, y = RATIO.match(reading).groups()
    assert fmt_pct_of(int(x), int(y)) == reading
    assert reading != f"{pct}% ({part}/{whole})", "a reading that equals the printed cell is not a reading"


def test_the_docstring_states_what_is_checked():
    text = " ".join(__doc__.split())
    printed, read = len(list(_ratio_cells(readings=False))), len(list(_ratio_cells(readings=True)))
    assert f"{printed} printed on-time cells" in text and f"{read} contradicted cells" in text


def test_every_printed_fraction_is_checked():
    """Every cell that prints a fraction is matched by the ratio pattern, so none escapes the checks above
    (a printed '0' is an empty on-time cell and carries no fraction)."""
    fractions = [(n, k, r, c) for n, k, r, c, cell in _cells() if re.search(r"\d\s*/\s*\d", str(cell))]
    parsed = [(n, k, r, c) for n, k, r, c, cell in _cells() if RATIO.match(str(cell).strip())]
    assert fractions and parsed == fractions


def _cell(fixture, table, row, column):
    t = fixture["tables"][table]
    return t["rows"][row][t["columns"].index(column)]


def test_lewisham_conclusion_changes():
    fixture = _fixtures()["lewisham_2024-25"]
    stated = {f["id"]: f["values"]["percent_change"] for f in fixture["figures"] if f["id"].startswith("conclusion")}
    rows = fixture["tables"]["table_1b"]["rows"]
    this, last = (next(r for r in rows if r.startswith(y)) for y in ("2024", "2023"))
    for column, figure in (("Corporate Stage 1", "stage1_corporate"), ("MP enquiry", "mp_enquiries")):
        change = pct_change(_cell(fixture, "table_1b", this, column), _cell(fixture, "table_1b", last, column))
        assert change == stated[f"conclusion_{figure}_change"], column
    assert pct_change(22, 9) == stated["conclusion_stage2_statutory_change"]  # Table 6: statutory 22 and 9
    assert pct_change(276, 258) == stated["conclusion_foi_requests_change"]  # FOI requests 276 and 258


def test_lancashire_changes_as_printed():
    # "decreased by 16% from 118 ... to 99"; "went up by 355% from 207 to 941"; "582 ... 556, 5%"
    assert pct_change(99, 118) == -16 and pct_change(941, 207) == 355 and pct_change(582, 556) == 5


def test_lancashire_change_the_publication_got_wrong_is_read_as_the_rule_gives():
    """A reading: 'went up from 171 to 206, an increase of 18%'; (206 - 171) / 171 = 20.47% -> 20%."""
    assert pct_change(206, 171) == 20
    slip = next(
        i for i in _fixtures()["lancashire_2024-25"]["inconsistencies"] if i["id"] == "non_statutory_increase_percent"
    )
    assert "171" in slip["what"] and "206" in slip["what"] and "18%" in slip["what"]
