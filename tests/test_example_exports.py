"""The two example exports of one dataset, as two source systems produce them (an iCasework-like
set of CSV files and a Respond-like workbook), mapped by their profiles onto the same canonical
tables; they pass validation and render end to end."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest
from openpyxl import load_workbook
from pandas.testing import assert_frame_equal

from generators.example_exports import ICASEWORK, RESPOND, WORKBOOK, YEAR, canonical_tables, write_examples
from pipelines.config.profile import load_profile
from pipelines.inputs.ingest import RAW_ROOT, read_raw

IC_FOLDER, RS_FILE = RAW_ROOT / ICASEWORK / YEAR, RAW_ROOT / RESPOND / YEAR / WORKBOOK


@pytest.fixture(scope="module")
def mapped():
    return {key: read_raw(load_profile(key), YEAR) for key in (ICASEWORK, RESPOND)}


def test_shipped_exports_are_what_the_generator_writes(tmp_path):
    written = write_examples(tmp_path)
    assert len(written) == 5
    for path in written:
        assert path.read_bytes() == (RAW_ROOT / path.relative_to(tmp_path)).read_bytes(), path.name


def test_the_fixtures_really_carry_the_quirks():
    complaints = (IC_FOLDER / "Complaints.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        complaints.decode("utf-8")  # Windows-1252: ’ is byte 0x92
    assert b"Children\x92s Social Care" in complaints and complaints.endswith(b",,,,,,,,,,,,,\r\n")
    assert (IC_FOLDER / "Compliments.csv").read_bytes().startswith(b"\xef\xbb\xbfRef,")  # UTF-8 with BOM
    lines = complaints.decode("cp1252").splitlines()
    assert lines[0].startswith("Case reference,Case Type,") and ", Team ," in lines[0]  # not the profile's spelling
    assert lines[2].startswith("EX-002,Stage 1 - Statutory,14/10/2024 10:07,14/11/2024 13:28,N,Not Upheld,")
    assert ", PARTLY UPHELD  ," in lines[5]
    sheet = load_workbook(RS_FILE)["Complaints"]
    assert [c.value for c in sheet[1]][:5] == ["Reference", "Stage", "Type", "Received", "Closed"]
    received, closed, extended = sheet["D3"].value, sheet["E3"].value, sheet["F3"].value
    assert (sheet["A3"].value, received, closed, extended) == ("EX-002", datetime(2024, 10, 14, 10, 7), 45610, False)
    assert load_workbook(RS_FILE).sheetnames == ["Complaints", "Compliments", "MP & Member Enquiries", "Ombudsman"]


def test_exports_with_titles_above_the_header_keep_their_line_numbers(mapped):
    # iCasework's LGSCO.csv: title, run details and a blank line, the header on line 4, the first case
    # on line 5. Respond's Compliments sheet: the header on row 4 (the profile's header_row), so its
    # first compliment is on row 5. Either way the first record's index is 5 - 2 = 3.
    lgsco = (IC_FOLDER / "LGSCO.csv").read_bytes().decode("cp1252").splitlines()
    assert lgsco[0].startswith("LGSCO cases report") and lgsco[2] == "" and lgsco[3].startswith("LGSCO Ref,")
    assert mapped[ICASEWORK]["ombudsman"].frame.index[0] == 3
    assert mapped[ICASEWORK]["ombudsman"].frame.iloc[0]["lgsco_ref"] == lgsco[4].split(",")[0]
    sheet = load_workbook(RS_FILE)["Compliments"]
    assert sheet["A1"].value == "Compliments received" and sheet["A4"].value == "Reference"
    assert mapped[RESPOND]["compliments"].frame.index[0] == 3
    assert mapped[RESPOND]["compliments"].frame.iloc[0]["compliment_ref"] == sheet["A5"].value


def test_hand_read_cells_map_to_the_canonical_values(mapped):
    # EX-002 stage 1, from the lines above: 14/10/2024 is 14 October; the serial 45610 is
    # 45292 (1 Jan 2024) + 305 (Jan-Oct 2024) + 13 = 14 Nov 2024; "Not Upheld" -> not_upheld; "N" -> false.
    for key in (ICASEWORK, RESPOND):
        frame = mapped[key]["complaints"].frame
        assert frame.loc[
            1, ["case_ref", "stage", "procedure", "date_received", "date_responded", "extended", "outcome"]
        ].tolist() == ["EX-002", "1", "statutory", "2024-10-14", "2024-11-14", "false", "not_upheld"], key
    assert mapped[ICASEWORK]["complaints"].frame.loc[4, "outcome"] == "partly_upheld"  # " PARTLY UPHELD  "


def test_both_exports_map_onto_the_same_canonical_tables(mapped):
    expected = canonical_tables()
    for key, raw in mapped.items():
        for table, frame in expected.items():
            # Rows keep their place in the file (index + 2 is the line), so a table under title rows
            # is compared by position.
            assert_frame_equal(raw[table].frame.reset_index(drop=True), frame, obj=f"{key} {table}")
        assert all(raw[t].path is None and raw[t].frame.empty for t in ("foi", "costs", "context"))
    assert mapped[RESPOND]["ombudsman"].where.endswith("Respond export.xlsx (sheet 'Ombudsman')")


def test_both_exports_pass_validation(mapped):
    from pipelines.inputs.validate import validate

    for key, raw in mapped.items():
        report = validate(raw, load_profile(key))
        assert report.success and report.tables["complaints"]["rows"] == 50, key


@pytest.mark.slow
def test_icasework_export_renders_end_to_end_without_its_personal_data(tmp_path):
    from pipelines.runs.run import run

    result = run(
        ICASEWORK, YEAR, outputs_root=tmp_path / "outputs", processed_root=tmp_path / "processed", log=lambda *_: None
    )
    # Count the export's own rows by case type, independently of the pipeline.
    with open(IC_FOLDER / "Complaints.csv", encoding="cp1252", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Case reference"]]
    count = {kind: sum(r["Case Type"] == kind for r in rows) for kind in ("Stage 1 - Statutory", "Corporate - Stage 1")}
    with open(result.folder / "tables" / "volumes_by_year.csv", encoding="utf-8") as fh:
        published = {r[""]: r["2024/25"] for r in csv.DictReader(fh)}
    # the profile suppresses small numbers (and, to protect them, some others): a cell is the count or [c]
    assert published["Statutory stage 1"] in (str(count["Stage 1 - Statutory"]), "[c]")
    assert published["Corporate stage 1"] in (str(count["Corporate - Stage 1"]), "[c]")
    assert published["Total"] == str(len(rows))
    assert [published[r] for r in ("Statutory stage 1", "Corporate stage 1")].count("[c]") < 2
    names = {r["Complainant Name"] for r in rows}  # the export's personal-data column
    for path in result.folder.rglob("*"):
        if path.suffix in (".html", ".csv", ".json", ".ipynb"):
            text = path.read_text(encoding="utf-8")
            assert not any(f"{name}," in text or f"{name}<" in text or f'{name}"' in text for name in names), path
    validation = (result.folder / "validation" / "validation.json").read_text()
    assert '"file": "Complaints.csv"' in validation and str(RAW_ROOT) not in validation
