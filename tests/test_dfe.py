"""DfE official statistics, read from the copy shipped in data/reference/dfe/ (or a folder a setting names).

Every expected figure below was read by eye (grep) from DfE's original CSV files; the comment by each
says which row. None is produced by the module under test.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipelines.config.vocabulary import codes, tables
from pipelines.inputs import dfe
from pipelines.inputs.files import RawTable, read_csv_text
from pipelines.inputs.ingest import typed

C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
B1 = "b1_children_in_need_2013_to_2025.csv"
D5 = "d5_cpps_at31march_by_duration_2013_to_2025.csv"
CLA = "cla_number_and_rate_per_10k_children.csv"

ORIGINALS = Path("/work/shared/reference/dfe")  # DfE's files as downloaded, where this project has them


def _value(frame: pd.DataFrame, year: str, measure: str):
    hit = frame[(frame["financial_year"] == year) & (frame["measure"] == measure)]
    assert len(hit) <= 1
    return None if hit.empty else hit["value"].iloc[0]


@pytest.fixture(scope="module")
def lancashire():
    return dfe.context_figures("E10000017")


@pytest.fixture(scope="module")
def lewisham():
    return dfe.context_figures("E09000023")  # Lewisham: old_la_code 209, new_la_code E09000023 in every file


def test_default_dir_is_the_copy_inside_the_repository(monkeypatch):
    monkeypatch.delenv(dfe.FOLDER_VARIABLE, raising=False)
    assert dfe.DEFAULT_DIR == dfe.ROOT / "data" / "reference" / "dfe"
    assert dfe.reference_dir() == dfe.DEFAULT_DIR
    for source in dfe.SOURCES.values():
        assert (dfe.DEFAULT_DIR / source.file).is_file()
    assert "Open Government Licence v3.0" in (dfe.DEFAULT_DIR / "README.md").read_text()


def test_a_setting_names_another_folder(tmp_path, monkeypatch):
    # a folder holding only the c1 file: the other measures' files are then missing, and the error
    # names the folder the setting chose, not the shipped copy
    shutil.copy(dfe.DEFAULT_DIR / C1, tmp_path / C1)
    monkeypatch.setenv(dfe.FOLDER_VARIABLE, str(tmp_path))
    assert dfe.reference_dir() == tmp_path
    with pytest.raises(ValueError, match=re.escape(str(tmp_path / B1))):
        dfe.context_figures(888)
    monkeypatch.delenv(dfe.FOLDER_VARIABLE)
    settings = tmp_path / "settings.yaml"
    settings.write_text(f"dfe_folder: {tmp_path}\n")
    monkeypatch.setenv("COMPLAINTS_REPORT_SETTINGS", str(settings))
    assert dfe.reference_dir() == tmp_path


@pytest.mark.skipif(not ORIGINALS.is_dir(), reason="DfE's original files are not on this machine")
def test_shipped_copy_is_cut_unchanged_from_the_originals(tmp_path):
    from generators.dfe_reference import write

    for path in write(ORIGINALS, tmp_path):
        assert path.read_bytes() == (dfe.DEFAULT_DIR / path.name).read_bytes(), path.name
    # and every shipped row is one of the original file's rows, cut to the kept columns
    original = pd.read_csv(ORIGINALS / C1, dtype=str, keep_default_na=False)
    shipped = pd.read_csv(dfe.DEFAULT_DIR / C1, dtype=str, keep_default_na=False)
    merged = shipped.merge(original[list(shipped.columns)], how="left", indicator=True)
    assert (merged["_merge"] == "both").all() and len(shipped) == 1976 + 13  # local authority + national rows


def test_lancashire_referrals_as_stated_in_the_readme(lancashire):
    # README; c1 rows "2025,...,888,E10000017,Lancashire,Referrals and Re-referrals,7948,..."
    # and "2024,...,888,E10000017,Lancashire,Referrals and Re-referrals,6419,..."
    assert _value(lancashire, "2024-25", "referrals") == 7948
    assert _value(lancashire, "2023-24", "referrals") == 6419


def test_lancashire_other_measures(lancashire):
    # b1 row "2025,...,888,E10000017,Lancashire,Children in Need,13045,12506,5721,5429,4718,4520,8327,163"
    # (At31_episodes is the 8th number)
    assert _value(lancashire, "2024-25", "children_in_need") == 8327
    # d5 row "2025,...,888,E10000017,Lancashire,Child Protection Plans by length of time,895,..." (CPP_At31)
    assert _value(lancashire, "2024-25", "child_protection_plans") == 895
    # cla row "2025,...,888,Lancashire,E10000017,Children looked after on 31 March each year,261392,1699,65"
    assert _value(lancashire, "2024-25", "children_looked_after") == 1699
    # cla row "2024,...,888,Lancashire,E10000017,Children looked after on 31 March each year,257657,1750,68"
    assert _value(lancashire, "2023-24", "children_looked_after") == 1750


def test_lewisham_measures(lewisham):
    # c1 row "2025,...,209,E09000023,Lewisham,Referrals and Re-referrals,4522,..."
    assert _value(lewisham, "2024-25", "referrals") == 4522
    # b1 row "2025,...,209,E09000023,Lewisham,Children in Need,5090,4783,2755,2590,2117,1973,2973,74"
    assert _value(lewisham, "2024-25", "children_in_need") == 2973
    # d5 row "2025,...,209,E09000023,Lewisham,Child Protection Plans by length of time,261,..."
    assert _value(lewisham, "2024-25", "child_protection_plans") == 261
    # d5 row "2024,...,209,E09000023,Lewisham,Child Protection Plans by length of time,284,..."
    assert _value(lewisham, "2023-24", "child_protection_plans") == 284
    # cla row "2025,...,209,Lewisham,E09000023,Children looked after on 31 March each year,62052,439,71"
    assert _value(lewisham, "2024-25", "children_looked_after") == 439


def test_canonical_frame_shape_types_and_order(lancashire):
    assert list(lancashire.columns) == list(tables()["context"]["columns"])
    assert all(type(v) is int for v in lancashire["value"])
    assert set(lancashire["measure"]) == set(codes("context_measures"))
    order = {m: i for i, m in enumerate(codes("context_measures"))}
    keys = [(y, order[m]) for y, m in zip(lancashire["financial_year"], lancashire["measure"])]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    # c1, b1 and d5 cover 2013-2025 (13 years), the CLA file 2021-2025 (5 years)
    assert len(lancashire) == 13 * 3 + 5
    assert lancashire["financial_year"].iloc[0] == "2012-13"


def test_source_names_publication_and_file(lancashire):
    row = lancashire[(lancashire["financial_year"] == "2024-25") & (lancashire["measure"] == "referrals")]
    assert row["source"].iloc[0] == f"DfE Children in need 2025, {C1}"
    row = lancashire[(lancashire["financial_year"] == "2024-25") & (lancashire["measure"] == "children_looked_after")]
    assert row["source"].iloc[0] == f"DfE Children looked after in England including adoptions 2025, {CLA}"


def test_years_filter_keeps_taxonomy_order():
    frame = dfe.context_figures("E10000017", years="2024-25")
    assert list(frame["measure"]) == codes("context_measures")
    assert list(frame["value"]) == [7948, 8327, 895, 1699]  # the rows quoted above
    assert dfe.context_figures(888, years=["2024-25", "2023-24"])["financial_year"].nunique() == 2
    with pytest.raises(ValueError):
        dfe.context_figures(888, years="2024")


def test_years_before_the_cla_file_have_no_looked_after_row(lancashire):
    # the CLA file starts at time_period 2021: earlier years are left out, not invented
    assert _value(lancashire, "2019-20", "children_looked_after") is None
    # c1 row "2020,Reporting year,Local authority,888,E10000017,Lancashire,Referrals and Re-referrals,10649"
    assert _value(lancashire, "2019-20", "referrals") == 10649


def test_ons_code_and_dfe_number_give_the_same_frame(lancashire):
    pd.testing.assert_frame_equal(dfe.context_figures(888), lancashire)
    pd.testing.assert_frame_equal(dfe.context_figures("888"), lancashire)
    pd.testing.assert_frame_equal(dfe.context_figures(" e10000017 "), lancashire)


def test_dfe_number_follows_an_authority_across_ons_code_changes():
    # c1: North Yorkshire is "815,E10000023" up to 2023 and "815,E06000065" from 2024
    old, new = dfe.context_figures("E10000023"), dfe.context_figures("E06000065")
    pd.testing.assert_frame_equal(old, new)
    assert _value(new, "2021-22", "referrals") == 4507  # c1 "2022,...,815,E10000023,North Yorkshire,...,4507"
    assert _value(new, "2024-25", "referrals") == 5642  # c1 "2025,...,815,E06000065,North Yorkshire,...,5642"


def test_real_suppressed_cells_have_no_row():
    # City of London 2025: d5 "...,201,E09000001,City of London,Child Protection Plans by length of time,c,..."
    # and cla "...,201,City of London,E09000001,Children looked after on 31 March each year,847,c,c";
    # c1 referral_count 57 and b1 At31_episodes 69 are published.
    frame = dfe.context_figures("E09000001", years="2024-25")
    assert list(frame["measure"]) == ["referrals", "children_in_need"]
    assert list(frame["value"]) == [57, 69]


def test_reader_turns_suppression_codes_into_missing(tmp_path):
    header = (dfe.DEFAULT_DIR / C1).read_text(encoding="utf-8").splitlines()[0]
    assert (
        header == "time_period,time_identifier,geographic_level,old_la_code,new_la_code,la_name,category,referral_count"
    )
    rows = [
        f"2025,Reporting year,Local authority,888,E10000017,Lancashire,Referrals and Re-referrals,{v}"
        for v in ("c", "x", "z", "u", "", "12")
    ]
    path = tmp_path / C1
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    frame = dfe.read_dfe_csv(path, numbers=("referral_count",))
    assert frame["referral_count"].isna().tolist() == [True] * 5 + [False]
    assert frame["referral_count"].iloc[5] == 12


def test_suppressed_value_in_a_folder_gives_no_row(tmp_path):
    # the real files in a temporary folder, with Lancashire's 2025 referral_count (7948) replaced by c
    for name in (C1, B1, D5, CLA):
        shutil.copy(dfe.DEFAULT_DIR / name, tmp_path / name)
    path = tmp_path / C1
    text = path.read_text(encoding="utf-8")
    old = "2025,Reporting year,Local authority,888,E10000017,Lancashire,Referrals and Re-referrals,7948\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, old.replace(",7948", ",c")), encoding="utf-8")
    frame = dfe.context_figures(888, years="2024-25", folder=tmp_path)
    assert list(frame["measure"]) == ["children_in_need", "child_protection_plans", "children_looked_after"]


def test_bom_file_parses_with_columns_by_name():
    raw = (dfe.DEFAULT_DIR / CLA).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the CLA file really has a BOM ...
    frame = dfe.read_dfe_csv(dfe.DEFAULT_DIR / CLA, numbers=("children_count",))
    assert frame.columns[0] == "time_period"  # ... and it is not part of the first column name
    # its la_name comes before new_la_code (the other files have the opposite order)
    row = frame[
        (frame["time_period"] == "2025")
        & (frame["new_la_code"] == "E09000023")
        & (frame["population_type"] == "Children looked after on 31 March each year")
    ]
    assert row["la_name"].tolist() == ["Lewisham"] and row["children_count"].tolist() == [439]


def test_geographic_levels():
    frame = dfe.read_dfe_csv(dfe.DEFAULT_DIR / C1, numbers=("referral_count",))
    assert set(frame["geographic_level"]) == {"Local authority"}
    everything = dfe.read_dfe_csv(dfe.DEFAULT_DIR / C1, numbers=("referral_count",), levels=None)
    national = everything[(everything["geographic_level"] == "National") & (everything["time_period"] == "2025")]
    assert national["referral_count"].tolist() == [632830]  # c1 line 2: "2025,Reporting year,National,...,632830,..."


def test_financial_year():
    assert dfe.financial_year(2025) == "2024-25"
    assert dfe.financial_year("2000") == "1999-00"
    assert dfe.financial_year("202425") == "2024-25"


def test_sources_cover_the_taxonomy_measures():
    assert list(dfe.SOURCES) == codes("context_measures")


@pytest.mark.parametrize("code", ["E99999999", 999, "999", "Lancashire", "", None])
def test_unknown_authority_raises(code):
    with pytest.raises(ValueError, match=re.escape(repr(code))):
        dfe.context_figures(code)


def test_unknown_authority_message_names_the_files():
    with pytest.raises(ValueError, match=C1):
        dfe.context_figures("E99999999")
    with pytest.raises(ValueError, match=dfe.NEIGHBOURS_FILE):
        dfe.statistical_neighbours(999)


def test_missing_file_raises_naming_file_and_code(tmp_path):
    with pytest.raises(ValueError, match=f"{C1}.*'E10000017'"):
        dfe.context_figures("E10000017", folder=tmp_path)
    with pytest.raises(ValueError, match=f"{dfe.NEIGHBOURS_FILE}.*888"):
        dfe.statistical_neighbours(888, folder=tmp_path)


def test_a_filter_value_missing_from_a_file_is_an_error(tmp_path):
    for name in (C1, B1, D5, CLA):
        shutil.copy(dfe.DEFAULT_DIR / name, tmp_path / name)
    path = tmp_path / CLA
    path.write_text(
        path.read_text(encoding="utf-8-sig").replace("on 31 March each year", "at year end"), encoding="utf-8"
    )
    with pytest.raises(ValueError, match="population_type"):
        dfe.context_figures(888, folder=tmp_path)


def test_lancashire_statistical_neighbours():
    # New_Statistical_Neighbour_Groupings_April_2021.csv line 129:
    # "888,Lancashire,888,5,North West,891,Extremely Close,381,Extremely Close,830,Extremely Close,343,Very Close,
    #  351,Very Close,808,Very Close,886,Very Close,860,Very Close,359,Very Close,896,Very Close,"
    neighbours = dfe.statistical_neighbours("E10000017")
    assert len(neighbours) == 10
    assert [n["la_code"] for n in neighbours] == [891, 381, 830, 343, 351, 808, 886, 860, 359, 896]
    assert [n["rank"] for n in neighbours] == list(range(1, 11))
    # line 132 "891,Nottinghamshire,..."; c1 "...,891,E10000024,Nottinghamshire,..."
    assert neighbours[0] == {
        "rank": 1,
        "la_code": 891,
        "ons_code": "E10000024",
        "name": "Nottinghamshire",
        "closeness": "Extremely Close",
    }
    assert neighbours[-1]["name"] == "Cheshire West and Chester"  # line 137 "896,Cheshire West and Chester,..."
    assert dfe.statistical_neighbours(888) == neighbours


def test_lewisham_statistical_neighbours():
    # line 10: "209,Lewisham,209,3,London (Inner),208,Close,306,Close,..."
    neighbours = dfe.statistical_neighbours("E09000023")
    assert len(neighbours) == 10 and neighbours[0]["la_code"] == 208 and neighbours[0]["closeness"] == "Close"


def test_write_context_csv_is_canonical(tmp_path):
    path = dfe.write_context_csv(
        "E10000017", tmp_path / "lancashire" / "2024-25" / "context.csv", years=["2023-24", "2024-25"]
    )
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(tables()["context"]["columns"])
    assert all(r[4:] == [""] for r in rows[1:])  # the optional label: DfE's measures have the taxonomy's
    assert [r[:4] for r in rows[1:5]] == [
        ["2023-24", "referrals", "6419", f"DfE Children in need 2025, {C1}"],
        ["2023-24", "children_in_need", "7790", f"DfE Children in need 2025, {B1}"],  # b1 2024 At31_episodes
        ["2023-24", "child_protection_plans", "660", f"DfE Children in need 2025, {D5}"],  # d5 2024 CPP_At31
        [
            "2023-24",
            "children_looked_after",
            "1750",
            f"DfE Children looked after in England including adoptions 2025, {CLA}",
        ],
    ]
    assert len(rows) == 1 + 8
    # the project's own reader, contract types and Great Expectations suite accept it
    frame = read_csv_text(path)
    typed("context", frame)
    from pipelines.inputs.validate import validate

    report = validate({"context": RawTable("context", path, frame)})
    assert report.success and report.tables["context"]["rows"] == 8


# ---- a profile with `context: dfe` reads these figures at run time --------------------------------


def _dfe_profile(folder, monkeypatch, **changes):
    import yaml

    from pipelines.config.profile import PROFILE_DIR, load_profile

    profile = yaml.safe_load((PROFILE_DIR / "demo.yaml").read_text())
    profile.update({"context": "dfe", "dfe_la_code": 209, "ons_code": "E09000023"} | changes)
    (folder / "dfeshire.yaml").write_text(yaml.safe_dump(profile, sort_keys=False))
    monkeypatch.setenv("COMPLAINTS_REPORT_PROFILES", str(folder))
    return load_profile("dfeshire")


def test_profile_context_dfe_reads_the_published_figures(tmp_path, monkeypatch):
    from pipelines.inputs.ingest import read_raw
    from tests import tiny

    profile = _dfe_profile(tmp_path, monkeypatch)
    raw_root = tmp_path / "raw"
    tiny.write_raw(raw_root / "dfeshire" / "2024-25")
    (raw_root / "dfeshire" / "2024-25" / "context.csv").unlink()
    context = read_raw(profile, "2024-25", raw_root)["context"]
    rows = context.frame.set_index(["financial_year", "measure"])["value"]
    # the same DfE rows as test_lewisham_measures, as text ready for validation
    assert rows[("2024-25", "referrals")] == "4522"
    assert rows[("2023-24", "child_protection_plans")] == "284"
    assert context.path is None
    assert [p.name for p in context.files] == [s.file for s in dfe.SOURCES.values()]


def test_profile_context_dfe_refuses_a_second_source(tmp_path, monkeypatch):
    from pipelines.inputs.files import InputFileError
    from pipelines.inputs.ingest import read_raw
    from tests import tiny

    profile = _dfe_profile(tmp_path, monkeypatch)
    tiny.write_raw(tmp_path / "raw" / "dfeshire" / "2024-25")
    # tiny's context.csv gives DfE's own measures (referrals on lines 2 and 3, children in need on line 4):
    # a second source for DfE's figures is refused; the authority's own measures may stand beside them
    # (tests/test_declared_vocabulary.py).
    with pytest.raises(InputFileError, match=r"context\.csv, line\(s\) 2, 3, 4: measures children_in_need, referrals"):
        read_raw(profile, "2024-25", tmp_path / "raw")


def test_profile_context_must_be_file_or_dfe(tmp_path, monkeypatch):
    from pipelines.config.vocabulary import ConfigError

    with pytest.raises(ConfigError, match="context: Input should be 'file' or 'dfe'"):
        _dfe_profile(tmp_path, monkeypatch, context="web")
