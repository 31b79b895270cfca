# ruff: noqa: F811  (the tests take the `authority` fixture imported from test_sources)
"""Export shapes: a title and notes above the header, a wide export (one row per complaint, each
stage's columns repeated), one file for every year, and day/month order that the dates cannot
settle (flagged) or that only month-first explains (refused). Expected values are read off the
hand-made fixture rows, with file lines counted from 1."""

from __future__ import annotations

import warnings

import pytest

from pipelines.config.vocabulary import ConfigError
from pipelines.inputs.sources import AmbiguousDates, SourceMappingError
from tests.test_sources import COLUMNS, HEADER, authority, column, complaints_source, row  # noqa: F401 (authority: the fixture)

TITLE = "Complaints report: all cases,,,\nRun by the complaints team on 01/05/2025,,,\n\n"


def test_header_is_found_below_title_and_notes_rows_and_lines_still_count_from_the_top(authority):
    # Lines: 1 title, 2 note, 3 blank, 4 header, 5 C-1, 6 C-2.
    text = TITLE + HEADER + "\n" + row("C-1", "13/04/2024") + "\n" + row("C-2", "14/04/2024", outcome="Sort Of") + "\n"
    with pytest.raises(SourceMappingError) as info:
        authority(complaints_source(), {"Complaints.csv": text})
    [problem] = info.value.problems
    assert '"Sort Of"  1 row (line 6)' in problem.text  # the data row's own line, not its position under the header


def test_header_found_below_titles_maps_every_row(authority):
    text = TITLE + HEADER + "\n" + row("C-1", "13/04/2024") + "\n" + row("C-2", "14/04/2024") + "\n"
    raw = authority(complaints_source(), {"Complaints.csv": text})
    assert column(raw, "case_ref") == ["C-1", "C-2"]
    assert column(raw, "date_received") == ["2024-04-13", "2024-04-14"]


def test_header_row_can_be_given(authority):
    # The title row names every header too (a pasted legend), so the search would stop there:
    # header_row: 3 says where the header really is.
    legend = HEADER + "\n" + "Notes: see the guidance\n"
    text = legend + HEADER + "\n" + row("C-9", "13/04/2024") + "\n"
    raw = authority(complaints_source(header_row=3), {"Complaints.csv": text})
    assert column(raw, "case_ref") == ["C-9"]


def test_header_row_must_be_a_row_number(authority):
    with pytest.raises(
        ConfigError, match=r"line \d+: source.complaints.header_row: Input should be greater than or equal to 1"
    ):
        authority(complaints_source(header_row=0), {"Complaints.csv": HEADER + "\n"})


WIDE_COLUMNS = {c: h for c, h in COLUMNS.items() if c not in ("stage", "date_received", "date_responded", "outcome")}
WIDE = {
    "stages": [1, 2],
    "header": "Stage {stage} {column}",
    "columns": {"date_received": "Received", "date_responded": "Responded", "outcome": "Outcome"},
}
WIDE_HEADER = (
    "Case Ref,Procedure,Extended,Service,Team,Complainant,Advocate,Themes,"
    "Stage 1 Received,Stage 1 Responded,Stage 1 Outcome,Stage 2 Received,Stage 2 Responded,Stage 2 Outcome"
)
WIDE_ROWS = [  # line 2: two stages; line 3: stage 1 only, still open
    "W-1,Statutory,No,Fostering,Children's Social Care,Parent,No,Delay,"
    "13/04/2024,24/04/2024,Not Upheld,15/05/2024,20/06/2024,Partly Upheld",
    "W-2,Statutory,No,Children in care,Children's Social Care,Parent,No,,20/05/2024,,,,,",
]


def _wide_source():
    source = complaints_source()["complaints"]
    return {"complaints": {**source, "columns": WIDE_COLUMNS, "wide": WIDE}}


def test_wide_export_is_unpivoted_to_one_row_per_stage(authority):
    raw = authority(_wide_source(), {"Complaints.csv": "\n".join([WIDE_HEADER] + WIDE_ROWS) + "\n"})
    frame = raw["complaints"].frame
    got = list(zip(frame["case_ref"], frame["stage"], frame["date_received"], frame["outcome"].fillna("-")))
    # Stage 1 copies first (W-1, W-2), then stage 2 (W-1 only: W-2's stage 2 columns are blank).
    assert got == [
        ("W-1", "1", "2024-04-13", "not_upheld"),
        ("W-2", "1", "2024-05-20", "-"),
        ("W-1", "2", "2024-05-15", "partly_upheld"),
    ]
    assert column(raw, "service_area") == ["Fostering", "Children in care", "Fostering"]
    assert [raw["complaints"].line(i) for i in frame.index] == [2, 3, 2]  # each stage names its complaint's line


def test_wide_export_errors_name_the_complaints_line(authority):
    rows = [WIDE_ROWS[0], WIDE_ROWS[1].replace(",,,,,", ",,,01/06/2024,,Sort Of")]
    with pytest.raises(SourceMappingError) as info:
        authority(_wide_source(), {"Complaints.csv": "\n".join([WIDE_HEADER] + rows) + "\n"})
    [problem] = info.value.problems
    assert '"Sort Of"  1 row (line 3)' in problem.text


def test_wide_export_missing_a_stage_column_names_it(authority):
    header = WIDE_HEADER.replace("Stage 2 Outcome", "Outcome 2")
    with pytest.raises(SourceMappingError, match="no column 'Stage 2 Outcome'"):
        authority(_wide_source(), {"Complaints.csv": "\n".join([header] + WIDE_ROWS) + "\n"})


def test_wide_settings_are_checked(authority):
    bad = dict(WIDE, header="Stage {stage}")
    source = {"complaints": {**_wide_source()["complaints"], "wide": bad}}
    with pytest.raises(ConfigError, match=r"wide.header: must contain \{stage\} and \{column\}"):
        authority(source, {"Complaints.csv": WIDE_HEADER + "\n"})
    twice = {"complaints": {**_wide_source()["complaints"], "columns": COLUMNS}}
    with pytest.raises(ConfigError, match="give it in one place"):
        authority(twice, {"Complaints.csv": WIDE_HEADER + "\n"})


def test_one_file_for_every_year_is_read_from_the_authority_folder(authority):
    text = HEADER + "\n" + row("C-1", "13/04/2023") + "\n" + row("C-2", "14/04/2024") + "\n"
    (authority.folder.parent / "Complaints.csv").write_text(text, encoding="utf-8")
    raw = authority(complaints_source(folder="authority"), {})
    assert column(raw, "date_received") == ["2023-04-13", "2024-04-14"]  # both years, one file
    with pytest.raises(ConfigError, match=r"line \d+: source.complaints.folder: Input should be 'year' or 'authority'"):
        authority(complaints_source(folder="shared"), {})


def test_dates_that_read_the_same_either_way_are_flagged_with_the_rows_to_check(authority):
    # Every day and month is 12 or under. Line 2: 03/04 (3 April, or 4 March); line 3: 05/05 reads the
    # same either way; line 4: 01/02 and 02/03. Lines 2 and 4 are to check.
    text = "\n".join(
        [HEADER, row("C-1", "03/04/2024"), row("C-2", "05/05/2024"), row("C-3", "01/02/2025", "02/03/2025")]
    )
    with pytest.warns(AmbiguousDates) as caught:
        raw = authority(complaints_source(), {"Complaints.csv": text + "\n"})
    message = str(caught[0].message)
    assert "Complaints.csv: every date in 'Received', 'Responded'" in message
    assert message.endswith("Check 2 rows whose date would differ read month-first: lines 2, 4")
    assert column(raw, "date_received") == ["2024-04-03", "2024-05-05", "2025-02-01"]  # read day-first
    assert raw["complaints"].notes == [message]


def test_one_date_with_a_day_over_12_settles_the_order_and_nothing_is_flagged(authority):
    text = "\n".join([HEADER, row("C-1", "03/04/2024"), row("C-2", "13/04/2024")])
    with warnings.catch_warnings():
        warnings.simplefilter("error", AmbiguousDates)
        raw = authority(complaints_source(), {"Complaints.csv": text + "\n"})
    assert raw["complaints"].notes == []


def test_a_column_only_month_first_makes_sense_of_is_refused_with_that_reason(authority):
    # 04/13/2024 and 12/25/2024 are dates only month-first; 04/12/2023 would be misread as 4 December.
    text = "\n".join(
        [HEADER, row("C-1", "04/13/2024"), row("C-2", "04/12/2023"), row("C-3", "12/25/2024"), row("C-4", "04/13/2024")]
    )
    with pytest.raises(SourceMappingError) as info:
        authority(complaints_source(), {"Complaints.csv": text + "\n"})
    [problem] = info.value.problems
    assert problem.text.startswith(
        'Complaints.csv, column "Received" (read as date_received): the dates are month-first (US order): '
        '"04/13/2024" is a date only read month-first and "04/12/2023" would be misread.'
    )
    assert problem.text.endswith('    "04/13/2024"  2 rows (lines 2, 5)\n    "12/25/2024"  1 row (line 4)')


def test_a_refused_export_is_not_also_flagged(authority):
    text = "\n".join([HEADER, row("C-1", "04/13/2024"), row("C-2", "04/12/2023")])
    with warnings.catch_warnings():
        warnings.simplefilter("error", AmbiguousDates)
        with pytest.raises(SourceMappingError, match="month-first"):
            authority(complaints_source(), {"Complaints.csv": text + "\n"})
