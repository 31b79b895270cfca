"""The Great Expectations gate: broken data stops the run with file, column, rule and rows."""

from __future__ import annotations

import csv

import pytest

from pipelines.config.profile import load_profile
from pipelines.inputs.files import InputFileError
from pipelines.inputs.ingest import read_raw
from pipelines.inputs.validate import DataValidationError, validate


def _edit(path, change):
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    fields = list(rows[0].keys())
    rows, fields = change(rows, fields)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _failures(raw_root):
    with pytest.raises(DataValidationError) as info:
        validate(read_raw(load_profile("demo"), "2024-25", raw_root))
    return info.value


def test_clean_small_export_passes(raw_root):
    report = validate(read_raw(load_profile("demo"), "2024-25", raw_root))
    assert report.success and report.tables["complaints"]["rows"] == 60 and report.tables["complaints"]["failed"] == 0


def test_duplicate_case_reference_and_stage(raw_root):
    path = raw_root / "demo" / "2024-25" / "complaints.csv"
    _edit(path, lambda rows, f: (rows + [dict(rows[4])], f))  # row 5 again, as data row 61 (line 62)
    error = _failures(raw_root)
    [failure] = error.failures
    assert failure.expectation == "expect_compound_columns_to_be_unique"
    assert failure.column == "case_ref, stage" and failure.count == 2
    assert failure.lines == [6, 62]
    assert "complaints.csv" in str(error) and "each combination of case_ref + stage must appear once" in str(error)


def test_unknown_outcome(raw_root):
    path = raw_root / "demo" / "2024-25" / "complaints.csv"

    def change(rows, fields):
        rows[2]["outcome"] = "sort of upheld"
        return rows, fields

    _edit(path, change)
    [failure] = _failures(raw_root).failures
    assert (failure.column, failure.expectation, failure.lines) == ("outcome", "expect_column_values_to_be_in_set", [4])
    assert "sort of upheld" in failure.describe() and "outcomes codes" in failure.rule


def test_response_dated_before_receipt(raw_root):
    path = raw_root / "demo" / "2024-25" / "enquiries.csv"

    def change(rows, fields):
        rows[0]["date_received"], rows[0]["date_responded"] = "2024-06-10", "2024-06-07"
        return rows, fields

    _edit(path, change)
    [failure] = _failures(raw_root).failures
    assert failure.file.endswith("enquiries.csv") and failure.lines == [2]
    assert failure.rule == "date_responded may not be earlier than date_received"
    assert "columns 'date_responded' and 'date_received'" in failure.describe()


def test_missing_column_is_reported_once(raw_root):
    path = raw_root / "demo" / "2024-25" / "complaints.csv"
    _edit(
        path,
        lambda rows, f: (
            [{k: v for k, v in r.items() if k != "procedure"} for r in rows],
            [c for c in f if c != "procedure"],
        ),
    )
    [failure] = _failures(raw_root).failures
    assert (failure.column, failure.expectation) == ("procedure", "expect_column_to_exist")
    assert "column 'procedure' is a required column" in failure.describe()


def test_impossible_date_and_bad_boolean(raw_root):
    path = raw_root / "demo" / "2024-25" / "complaints.csv"

    def change(rows, fields):
        rows[0]["date_received"] = "2024-02-30"
        rows[1]["extended"] = "maybe"
        return rows, fields

    _edit(path, change)
    failures = {f.column: f for f in _failures(raw_root).failures}
    assert failures["date_received"].lines == [2] and "real date" in failures["date_received"].rule
    assert failures["extended"].lines == [3] and failures["extended"].rule == "must be true or false"


def test_missing_required_file(raw_root):
    (raw_root / "demo" / "2024-25" / "complaints.csv").unlink()
    with pytest.raises(InputFileError, match="complaints.csv: required file is missing"):
        read_raw(load_profile("demo"), "2024-25", raw_root)


def test_binary_and_empty_files_are_refused(raw_root):
    folder = raw_root / "demo" / "2024-25"
    (folder / "compliments.csv").write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(
        InputFileError, match="compliments.csv: this is an Excel workbook \\(or another zip file\\), not a CSV file"
    ):
        read_raw(load_profile("demo"), "2024-25", raw_root)
    (folder / "compliments.csv").write_bytes(b"")
    with pytest.raises(InputFileError, match="compliments.csv: the file is empty"):
        read_raw(load_profile("demo"), "2024-25", raw_root)


def test_columns_outside_the_contract_are_dropped(raw_root):
    path = raw_root / "demo" / "2024-25" / "compliments.csv"

    def change(rows, fields):
        for r in rows:
            r["complainant_name"] = "Jane Example"
        return rows, fields + ["complainant_name"]

    _edit(path, change)
    raw = read_raw(load_profile("demo"), "2024-25", raw_root)
    assert "complainant_name" not in raw["compliments"].frame.columns


def test_the_date_rule_accepts_exactly_the_real_calendar_dates():
    """The contract's YYYY-MM-DD regex against the Gregorian calendar (Python's datetime.date as the
    oracle), every month 00-13 and day 00-32 of years around the century rules (1900 and 2100 are not
    leap years, 2000 and 2400 are)."""
    import datetime
    import re

    from pipelines.inputs.contract import ISO_DATE

    rule = re.compile(ISO_DATE)
    wrong = []
    for year in [*range(1896, 1905), *range(1996, 2031), *range(2096, 2105), 2400]:
        for month in range(14):
            for day in range(33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                try:
                    real = bool(datetime.date(year, month, day))
                except ValueError:
                    real = False
                if real != bool(rule.match(text)):
                    wrong.append(text)
    assert not wrong, wrong[:10]
    for text in ("2024-2-01", "24-02-01", "2024-02-01 ", "2024-02-01T00:00", "01/02/2024"):
        assert not rule.match(text), text
