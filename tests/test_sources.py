"""Exports mapped onto the canonical tables by a profile's `source` section: each quirk of real
exports on a small fixture, and every way a mapping can fail (one error listing everything, with
the YAML to add). Expected values are worked out by hand from the fixture rows."""

from __future__ import annotations

import os
from datetime import date, datetime

import pandas as pd
import pytest
import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from pipelines.config.profile import EXTRA_PROFILES, load_profile
from pipelines.config.vocabulary import ConfigError
from pipelines.inputs import ingest
from pipelines.inputs.export_dates import parse_date
from pipelines.inputs.ingest import read_raw
from pipelines.inputs.source_config import table_sources
from pipelines.inputs.sources import SourceMappingError
from pipelines.runs import preflight
from pipelines.runs.cli import app

KEY, YEAR = "exports_test", "2024-25"
PROFILE = {
    "name": "Testshire Council",
    "service_areas": ["Fostering", "Children in care"],
    "divisions": ["Children's Social Care"],
    "themes": ["communication", "delay"],
    "compliment_themes": ["kindness"],
    "sections": ["volumes"],
}
COLUMNS = {
    "case_ref": "Case Ref",
    "stage": "Stage",
    "procedure": "Procedure",
    "date_received": "Received",
    "date_responded": "Responded",
    "extended": "Extended",
    "outcome": "Outcome",
    "service_area": "Service",
    "division": "Team",
    "complainant_type": "Complainant",
    "advocate": "Advocate",
    "themes": "Themes",
}
LABELS = {
    "stage": {"Stage 1": 1, "Stage 2": 2},
    "procedure": {"Statutory": "statutory"},
    "outcome": {"Partly Upheld": "partly_upheld", "Not Upheld": "not_upheld"},
    "complainant_type": {"Parent": "parent_guardian"},
}
HEADER = "Case Ref,Stage,Procedure,Received,Responded,Extended,Outcome,Service,Team,Complainant,Advocate,Themes"


def row(
    ref="C-1",
    received="03/04/2024",
    responded="",
    outcome="Partly Upheld",
    service="Fostering",
    team="Children's Social Care",
    themes="Communication",
    complainant="Parent",
    stage="Stage 1",
) -> str:
    return f"{ref},{stage},Statutory,{received},{responded},No,{outcome},{service},{team},{complainant},No,{themes}"


def complaints_source(**extra) -> dict:
    return {"complaints": {"file": "Complaints.csv", "columns": COLUMNS, "labels": LABELS, **extra}}


def workbook(sheets: dict) -> bytes:
    import io

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r in rows:
            sheet.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def authority(tmp_path, monkeypatch):
    """make(source, files) writes a test profile with that source section and the export files,
    then reads them as the pipeline does."""
    profiles, raw_root = tmp_path / "profiles", tmp_path / "raw"
    profiles.mkdir()
    folder = raw_root / KEY / YEAR
    folder.mkdir(parents=True)
    monkeypatch.setenv(EXTRA_PROFILES, os.pathsep.join(filter(None, [os.environ.get(EXTRA_PROFILES), str(profiles)])))

    def make(source: dict, files: dict):
        (profiles / f"{KEY}.yaml").write_text(yaml.safe_dump({**PROFILE, "source": source}, allow_unicode=True))
        for name, content in files.items():
            (folder / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return read_raw(load_profile(KEY), YEAR, raw_root)

    make.folder = folder
    make.raw_root = raw_root
    return make


def column(raw, name, table="complaints") -> list:
    return [None if pd.isna(v) else v for v in raw[table].frame[name]]


# ---- quirks ---------------------------------------------------------------------------------------


def test_uk_dates_are_day_first_and_never_month_first(authority):
    raw = authority(
        complaints_source(),
        {
            "Complaints.csv": "\n".join(
                [
                    HEADER,
                    row("C-1", "03/04/2024", "04/04/2024"),
                    row("C-2", "12/04/2024", "30/04/2024"),
                    row("C-3", "1/5/2024", ""),
                ]
            )
            + "\n"
        },
    )
    assert column(raw, "date_received") == ["2024-04-03", "2024-04-12", "2024-05-01"]
    assert column(raw, "date_responded") == ["2024-04-04", "2024-04-30", None]
    assert parse_date("04/13/2024") is None  # month 13: refused, not read as 13 April
    assert parse_date("03/04/24") is None  # a two-digit year is not guessed either


def test_excel_serial_dates_in_cells_and_as_text(authority):
    # Excel counts from 30 Dec 1899: 1 Jan 2024 is 2 + 124 * 365 + 30 leap days (1904-2020) = 45292,
    # so 1 Apr 2024 is 45292 + 31 + 29 + 31 = 45383, and 8 Apr 2024 is 45390. The fraction is the time.
    header = HEADER.split(",")
    values = dict(zip(header, row().split(",")))
    rows = [header] + [
        [{**values, "Case Ref": ref, "Received": received}[h] for h in header]
        for ref, received in (("C-1", 45383), ("C-2", 45383.75), ("C-3", "45390"))
    ]
    source = {"complaints": {**complaints_source()["complaints"], "file": "Cases.xlsx"}}  # one sheet: no name needed
    raw = authority(source, {"Cases.xlsx": workbook({"Sheet1": rows})})
    assert column(raw, "date_received") == ["2024-04-01", "2024-04-01", "2024-04-08"]
    csv_raw = authority(complaints_source(), {"Complaints.csv": f"{HEADER}\n{row(received='45383')}\n"})
    assert column(csv_raw, "date_received") == ["2024-04-01"]


def test_date_times_keep_only_the_date(authority):
    raw = authority(
        complaints_source(),
        {
            "Complaints.csv": "\n".join(
                [
                    HEADER,
                    row("C-1", "03/04/2024 23:59"),
                    row("C-2", "2024-04-03T08:15:00"),
                    row("C-3", '"03/04/2024, 9:15 PM"'),
                    row("C-4", "03/04/2024 00:00:00"),
                ]
            )
            + "\n"
        },
    )
    assert column(raw, "date_received") == ["2024-04-03"] * 4
    assert parse_date(datetime(2024, 4, 3, 23, 59)) == date(2024, 4, 3)  # an Excel date-time cell


def test_iso_dates(authority):
    raw = authority(
        complaints_source(), {"Complaints.csv": f"{HEADER}\n{row(received='2024-04-03', responded='2024-4-5')}\n"}
    )
    assert column(raw, "date_received") == ["2024-04-03"] and column(raw, "date_responded") == ["2024-04-05"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_windows_1252_and_utf8_with_or_without_bom(authority, encoding):
    # The team label uses a typographic apostrophe (byte 0x92 in Windows-1252); the profile maps it.
    source = complaints_source()
    source["complaints"]["labels"] = {**LABELS, "division": {"Children’s Social Care": "Children's Social Care"}}
    text = f"{HEADER}\r\n{row(team='Children’s Social Care')}\r\n"
    raw = authority(source, {"Complaints.csv": text.encode(encoding)})
    assert column(raw, "case_ref") == ["C-1"]  # the BOM is not part of the first header
    assert column(raw, "division") == ["Children's Social Care"]


def test_stray_spaces_and_case_in_headers_and_labels(authority):
    header = HEADER.replace("Case Ref", "  case   REF ").replace("Outcome", "OUTCOME")
    text = (
        f"{header}\n"
        + row(
            outcome=" partly   UPHELD ",
            service="  fostering ",
            themes="Communication ; DELAY",
            stage="STAGE 1",
            complainant="parent",
        )
        + "\n"
    )
    raw = authority(complaints_source(), {"Complaints.csv": text})
    frame = raw["complaints"].frame
    assert frame.loc[0, "case_ref"] == "C-1" and frame.loc[0, "outcome"] == "partly_upheld"
    assert frame.loc[0, "stage"] == "1" and frame.loc[0, "complainant_type"] == "parent_guardian"
    assert frame.loc[0, "service_area"] == "Fostering"  # the profile's own spelling
    assert frame.loc[0, "themes"] == "communication;delay"


def test_blank_trailing_rows_in_csv_and_workbook(authority):
    text = f"{HEADER}\r\n{row('C-1')}\r\n,,,,,,,,,,,\r\n{row('C-2')}\r\n,,,,,,,,,,,\r\n   ,,\r\n\r\n"
    raw = authority(complaints_source(), {"Complaints.csv": text})
    # two records; the blank line between them is dropped but the second keeps its own line number (4)
    assert column(raw, "case_ref") == ["C-1", "C-2"] and list(raw["complaints"].frame.index) == [0, 2]
    header = HEADER.split(",")
    rows = [header, row("C-1").split(","), row("C-2").split(","), [""] * len(header), [" ", None, "  "]]
    source = {"complaints": {**complaints_source()["complaints"], "file": "Cases.xlsx", "sheet": "Cases"}}
    raw = authority(source, {"Cases.xlsx": workbook({"Cases": rows})})
    assert column(raw, "case_ref") == ["C-1", "C-2"]


def test_several_tables_from_sheets_of_one_workbook(authority):
    header = HEADER.split(",")
    source = {
        "complaints": {**complaints_source()["complaints"], "file": "Export.xlsx", "sheet": "complaints "},
        "compliments": {
            "file": "Export.xlsx",
            "sheet": "Compliments",
            "columns": {
                "compliment_ref": "Ref",
                "date_received": "Date",
                "service_area": "Service",
                "division": "Team",
                "approved_for_publication": "Publish",
            },
        },
    }
    raw = authority(
        source,
        {
            "Export.xlsx": workbook(
                {
                    "Complaints": [header, row().split(",")],
                    "Compliments": [
                        ["Ref", "Date", "Service", "Team", "Publish"],
                        ["K-1", datetime(2024, 6, 3, 10, 30), "Children in care", "Children's Social Care", True],
                        ["K-2", 45455, "Fostering", "Children's Social Care", "No"],
                    ],
                }
            )
        },
    )
    # 45455 = 45383 (1 Apr 2024) + 30 (April) + 31 (May) + 11 = 12 Jun 2024
    assert column(raw, "case_ref") == ["C-1"]
    assert column(raw, "date_received", "compliments") == ["2024-06-03", "2024-06-12"]
    assert column(raw, "approved_for_publication", "compliments") == ["true", "false"]
    assert raw["compliments"].where.endswith("Export.xlsx (sheet 'Compliments')")


def test_profiles_without_a_source_section_read_the_contract_csvs():
    assert table_sources(load_profile("demo")) == {} and table_sources(load_profile("tiny")) == {}


# ---- failures -------------------------------------------------------------------------------------


def test_unmapped_labels_are_all_listed_with_counts_rows_and_the_yaml_to_add(authority):
    text = (
        "\n".join(
            [
                HEADER,
                row("C-1", outcome="Partly Upheld"),  # line 2: mapped
                row("C-2", outcome="Upheld in part"),  # line 3
                row("C-3", outcome="Not upheld", complainant="Grandad"),  # line 4: mapped outcome
                row("C-4", outcome=" upheld IN part"),  # line 5: same label, other case
                row("C-5", outcome="Partly upheld"),  # line 6: mapped, other case
                row("C-6", outcome="Upheld", themes="Communication;Timeliness"),
            ]
        )
        + "\n"
    )  # line 7
    source = {
        **complaints_source(),
        "compliments": {
            "file": "Compliments.csv",
            "columns": {
                "compliment_ref": "Ref",
                "date_received": "Date",
                "service_area": "Service",
                "division": "Team",
                "approved_for_publication": "Publish",
            },
        },
    }
    compliments = "Ref,Date,Service,Team,Publish\nK-1,03/04/2024,Fostering Team,Children's Social Care,Yes\n"
    with pytest.raises(SourceMappingError) as info:
        authority(source, {"Complaints.csv": text, "Compliments.csv": compliments})
    message = str(info.value)
    profile = info.value.args[0].split("source mapping in ")[1].split(":")[0]
    assert profile.endswith(f"profiles/{KEY}.yaml")
    assert len(info.value.problems) == 4
    # "Upheld" is a canonical code (accepted as it is); the outcome codes in taxonomy order.
    assert (
        '- Complaints.csv, column "Outcome" (read as outcome): 1 label has no mapping:\n'
        '    "Upheld in part"  2 rows (lines 3, 5)\n'
        f"  To map them, add under source > complaints > labels > outcome in {profile} "
        "(the value after each colon must be one of: upheld, partly_upheld, not_upheld, no_finding, "
        "withdrawn, early_resolution, signposted, returned, not_investigated, case_review):\n"
        '        "Upheld in part": CODE'
    ) in message
    assert (
        '- Complaints.csv, column "Complainant" (read as complainant_type): 1 label has no mapping:\n'
        '    "Grandad"  1 row (line 4)\n'
    ) in message
    # the items of a list column are checked one by one
    assert (
        '- Complaints.csv, column "Themes" (read as themes): 1 label has no mapping:\n'
        '    "Timeliness"  1 row (line 7)\n'
        f"  To map them, add under source > complaints > labels > themes in {profile} "
        "(the value after each colon must be one of: "
        "communication, delay):\n"
        '        "Timeliness": CODE'
    ) in message
    # problems in every table are reported together; choices are the profile's own list
    assert (
        '- Compliments.csv, column "Service" (read as service_area): 1 label has no mapping:\n'
        '    "Fostering Team"  1 row (line 2)\n'
        f"  To map them, add under source > compliments > labels > service_area in {profile} "
        "(the value after each colon must be one of: "
        "Fostering, Children in care):\n"
        '        "Fostering Team": CODE'
    ) in message


def test_a_label_matching_a_codes_own_label_gets_that_code_suggested(authority):
    source = complaints_source()
    source["complaints"]["labels"] = {k: v for k, v in LABELS.items() if k != "outcome"}
    with pytest.raises(SourceMappingError) as info:
        authority(
            source,
            {"Complaints.csv": f"{HEADER}\n{row(outcome='Partly Upheld')}\n{row('C-2', outcome='No finding')}\n"},
        )
    assert '        "Partly Upheld": partly_upheld\n        "No finding": no_finding' in str(info.value)


def test_a_column_missing_from_the_export_lists_the_columns_it_has(authority):
    text = HEADER.replace("Received", "Date Recieved") + "\n" + row() + "\n"
    with pytest.raises(SourceMappingError) as info:
        authority(complaints_source(), {"Complaints.csv": text})
    [problem] = info.value.problems
    assert problem.text == (
        'Complaints.csv: there is no column "Received" (the profile reads date_received from it under '
        'source > complaints > columns). The file\'s columns are: "Case Ref", "Stage", "Procedure", '
        '"Date Recieved", "Responded", "Extended", "Outcome", "Service", "Team", "Complainant", "Advocate", "Themes"'
    )


def test_a_required_column_nobody_maps_says_what_to_add(authority):
    columns = {k: v for k, v in COLUMNS.items() if k != "advocate"}
    source = {"complaints": {**complaints_source()["complaints"], "columns": columns}}
    text = HEADER.replace(",Advocate", ",Advocacy") + "\n" + row() + "\n"
    with pytest.raises(SourceMappingError) as info:
        authority(source, {"Complaints.csv": text})
    [problem] = info.value.problems
    assert problem.text.startswith(
        "Complaints.csv: nothing supplies advocate (The child or young person had an advocate), which is required."
    )
    assert '        advocate: "<the export\'s column>"' in problem.text and '"Advocacy"' in problem.text


def test_unreadable_dates_are_listed_not_guessed(authority):
    text = (
        "\n".join(
            [
                HEADER,
                row("C-1", "13/04/2024"),
                row("C-2", "04/13/2024"),
                row("C-3", "31/02/2024"),
                row("C-4", "04/13/2024"),
                row("C-5", "yesterday"),
            ]
        )
        + "\n"
    )
    with pytest.raises(SourceMappingError) as info:
        authority(complaints_source(), {"Complaints.csv": text})
    [problem] = info.value.problems
    assert problem.text.startswith('Complaints.csv, column "Received" (read as date_received): 3 values are not a date')
    assert "a month-first date is never assumed" in problem.text
    assert problem.text.endswith(
        '    "04/13/2024"  2 rows (lines 3, 5)\n    "31/02/2024"  1 row (line 4)\n    "yesterday"  1 row (line 6)'
    )


def test_workbook_sheet_problems(authority):
    header = HEADER.split(",")
    book = workbook({"Cases": [header, row().split(",")], "Notes": [["x"]]})
    source = {"complaints": {**complaints_source()["complaints"], "file": "Export.xlsx", "sheet": "Complaints"}}
    with pytest.raises(SourceMappingError) as info:
        authority(source, {"Export.xlsx": book})
    assert (
        info.value.problems[0].text
        == "Export.xlsx: the workbook has no sheet 'Complaints'; its sheets are 'Cases', 'Notes'"
    )
    source["complaints"].pop("sheet")
    with pytest.raises(
        SourceMappingError,
        match="Export.xlsx: the workbook has several sheets \\('Cases', 'Notes'\\); name the one to read with 'sheet:'",
    ):
        authority(source, {})
    with pytest.raises(SourceMappingError, match="Export.xlsx: not a readable Excel workbook"):
        authority(source, {"Export.xlsx": "Case Ref,Stage\n"})


def test_a_missing_required_export_lists_the_files_present(authority):
    source = {"complaints": {**complaints_source()["complaints"], "file": "Cases.csv"}}
    with pytest.raises(SourceMappingError) as info:
        authority(source, {"Complaints.csv": f"{HEADER}\n{row()}\n"})
    assert info.value.problems[0].text == (
        "Cases.csv: required export is missing (the profile reads complaints from "
        "it under source > complaints > file). Files there: Complaints.csv"
    )


@pytest.mark.parametrize(
    "change, error",
    [
        (
            lambda s: s["complaints"]["labels"].update(outcome={"Partly Upheld": "partial"}),
            "source.complaints.labels.outcome: \"Partly Upheld\" maps to 'partial', which is not one of",
        ),
        (
            lambda s: s["complaints"]["columns"].update(complainant="Who"),
            "source.complaints.columns: 'complainant' is not a column of complaints",
        ),
        (lambda s: s["complaints"].update(sheet="Cases"), "only workbooks have sheets"),
        (lambda s: s["complaints"]["labels"].update(case_ref={"A": "B"}), "case_ref is free text"),
        (lambda s: s["complaints"].update(file="Complaints.xls"), "must be a .csv or .xlsx file"),
        (lambda s: s.update(complaint={"file": "x.csv"}), "source.complaint: unknown table"),
        (
            lambda s: s["complaints"]["labels"].update(service_area={"Fostering Team": "Fostering services"}),
            "which is not one of Children in care, Fostering",
        ),
    ],
)
def test_profile_mistakes_are_configuration_errors(authority, change, error):
    source = complaints_source()
    source["complaints"]["labels"] = dict(LABELS)
    source["complaints"]["columns"] = dict(COLUMNS)
    change(source)
    with pytest.raises(ConfigError, match=error.replace("(", "\\(").replace(".", "\\.")):
        authority(source, {"Complaints.csv": f"{HEADER}\n{row()}\n"})


def test_the_command_line_shows_the_mapping_error(authority, monkeypatch):
    with pytest.raises(SourceMappingError):
        authority(complaints_source(), {"Complaints.csv": f"{HEADER}\n{row(outcome='Upheld in part')}\n"})
    monkeypatch.setattr(ingest, "raw_dir", lambda *_: authority.folder)
    monkeypatch.setattr(preflight, "RAW_ROOT", authority.raw_root)  # the command's early check looks there
    result = CliRunner().invoke(app, ["validate", "--authority", KEY, "--year", YEAR])
    assert result.exit_code == 1
    assert 'column "Outcome" (read as outcome): 1 label has no mapping:' in result.output
    assert '        "Upheld in part": CODE' in result.output


def test_a_mapping_error_stops_the_run_before_anything_is_written(authority, tmp_path):
    from pipelines.runs.run import run

    with pytest.raises(SourceMappingError):
        authority(complaints_source(), {"Complaints.csv": f"{HEADER}\n{row(outcome='Upheld in part')}\n"})
    outputs, processed = tmp_path / "outputs", tmp_path / "processed"
    with pytest.raises(SourceMappingError, match='"Upheld in part": CODE'):
        run(KEY, YEAR, raw_root=authority.raw_root, outputs_root=outputs, processed_root=processed, log=lambda *_: None)
    assert not processed.exists() and (not outputs.exists() or not any(outputs.rglob("*")))


def test_a_label_mapped_to_blank_leaves_the_cell_blank(authority):
    source = complaints_source()
    source["complaints"]["labels"] = {**LABELS, "outcome": {**LABELS["outcome"], "Open": None}}
    raw = authority(
        source, {"Complaints.csv": f"{HEADER}\n{row(outcome='Open')}\n{row('C-2', outcome='Not Upheld')}\n"}
    )
    assert column(raw, "outcome") == [None, "not_upheld"]


def test_validation_failures_name_the_export_columns_and_sheet_rows(authority):
    from pipelines.inputs.validate import DataValidationError, validate

    header = HEADER.split(",")
    rows = [
        header,
        row("C-1", received="10/04/2024", responded="08/04/2024").split(","),  # row 2: answered before receipt
        row("C-2").split(","),
        row("C-2").split(","),
    ]  # rows 3 and 4: same case and stage
    source = {"complaints": {**complaints_source()["complaints"], "file": "Export.xlsx", "sheet": "Cases"}}
    raw = authority(source, {"Export.xlsx": workbook({"Cases": rows})})
    with pytest.raises(DataValidationError) as info:
        validate(raw, load_profile(KEY))
    message = str(info.value)
    assert (
        "Export.xlsx (sheet 'Cases'): columns 'date_responded' (export column \"Responded\") and 'date_received' "
        '(export column "Received") date_responded may not be earlier than date_received'
    ) in message
    assert "row 2 (date_responded='2024-04-08', date_received='2024-04-10')" in message
    assert (
        "columns 'case_ref' (export column \"Case Ref\") and 'stage' (export column \"Stage\") each combination "
        "of case_ref + stage must appear once"
    ) in message and "rows, e.g. row 3 (" in message
