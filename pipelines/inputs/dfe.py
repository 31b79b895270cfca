"""DfE official statistics by local authority: context figures and statistical neighbours.

The files are read from ``data/reference/dfe/`` in the repository (the rows and columns used, cut from
DfE's publications; provenance and licence in its README), or from the folder named by the environment
variable ``COMPLAINTS_REPORT_DFE_DIR`` or the team settings' ``dfe_folder`` (a user's own downloads
from explore-education-statistics, unchanged).

DfE's long ("tidy") CSV format has one row per time period x geographic level x category. Filter
values chosen for each file (after inspecting the 2013-2025 releases) are in SOURCES:

* c1 referrals: ``category = "Referrals and Re-referrals"``, the file's only category; every referral,
  no breakdown. Value ``referral_count``.
* b1 children in need: ``category = "Children in Need"``, the only category. Value ``At31_episodes``.
* d5 child protection plans: ``category = "Child Protection Plans by length of time"``, the only
  category; durations are separate columns, so ``CPP_At31`` is already the all-durations total.
* CLA: ``population_type = "Children looked after on 31 March each year"``, the stock at 31 March;
  the file's other two values are flows during the year (children starting / ceasing to be looked
  after). The file has no characteristic breakdown, so this row is all children. Value
  ``children_count``.
* every file: ``time_identifier = "Reporting year"`` (the year ending 31 March; the only value).

A filter value missing from a file, or more than one row per year and authority after filtering, is an
error rather than a silent sum or pick.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines import ROOT
from pipelines.config.profile import check_year
from pipelines.config.vocabulary import codes, tables

DEFAULT_DIR = ROOT / "data" / "reference" / "dfe"  # shipped with the repository
FOLDER_VARIABLE = "COMPLAINTS_REPORT_DFE_DIR"
NEIGHBOURS_FILE = "New_Statistical_Neighbour_Groupings_April_2021.csv"
LA_LEVEL = "Local authority"
SUPPRESSION_CODES = ("c", "x", "z", "u")  # confidential, not available, not applicable, unreliable
ID_COLUMNS = ("time_period", "geographic_level", "old_la_code", "new_la_code", "la_name")
CONTEXT_COLUMNS = list(tables()["context"]["columns"])
COMMON_FILTERS = {"time_identifier": "Reporting year"}


@dataclass(frozen=True)
class Source:
    """Where one context measure comes from."""

    file: str
    column: str
    filters: dict  # filter column -> the value kept (the all-children total)
    publication: str


SOURCES = {
    "referrals": Source(
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "referral_count",
        {"category": "Referrals and Re-referrals"},
        "DfE Children in need",
    ),
    "children_in_need": Source(
        "b1_children_in_need_2013_to_2025.csv",
        "At31_episodes",
        {"category": "Children in Need"},
        "DfE Children in need",
    ),
    "child_protection_plans": Source(
        "d5_cpps_at31march_by_duration_2013_to_2025.csv",
        "CPP_At31",
        {"category": "Child Protection Plans by length of time"},
        "DfE Children in need",
    ),
    "children_looked_after": Source(
        "cla_number_and_rate_per_10k_children.csv",
        "children_count",
        {"population_type": "Children looked after on 31 March each year"},
        "DfE Children looked after in England including adoptions",
    ),
}


def reference_dir() -> Path:
    """Where DfE's files are read from: the environment variable, else the team settings'
    `dfe_folder`, else the copy shipped in data/reference/dfe/."""
    from pipelines.config.settings import team_settings

    named = os.environ.get(FOLDER_VARIABLE) or team_settings().dfe_folder
    return Path(named) if named else DEFAULT_DIR


# ---- reading DfE's long CSV format -------------------------------------------------------------


def _read_text_csv(path: Path) -> pd.DataFrame:
    """Every cell as stripped text; utf-8-sig drops the BOM some DfE files start with."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"DfE file not found: {path}")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.apply(lambda col: col.str.strip())


def to_number(values: pd.Series) -> pd.Series:
    """Numbers as floats; suppression codes (c, x, z, u) and anything else non-numeric become NaN,
    never zero, because a suppressed small number is not a nought."""
    return pd.to_numeric(values, errors="coerce")


def read_dfe_csv(path, numbers=(), levels=(LA_LEVEL,)) -> pd.DataFrame:
    """One DfE long-format file. Columns are found by name (their order differs between files);
    `numbers` are converted with to_number; `levels` keeps those geographic levels (None keeps all)."""
    path = Path(path)
    frame = _read_text_csv(path)
    missing = [c for c in (*ID_COLUMNS, *numbers) if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: not a DfE local authority file, missing column(s) {', '.join(missing)}")
    if levels is not None:
        frame = frame[frame["geographic_level"].isin(levels)]
    frame = frame.reset_index(drop=True)
    for column in numbers:
        frame[column] = to_number(frame[column])
    return frame


def _select(frame: pd.DataFrame, filters: dict, path: Path) -> pd.DataFrame:
    """Keep the rows matching every filter; refuse anything that would leave a choice to guess."""
    for column, value in filters.items():
        if column not in frame.columns:
            raise ValueError(f"{path}: no {column} column to filter on")
        kept = frame[frame[column] == value]
        if kept.empty:
            found = ", ".join(sorted(frame[column].unique())[:10])
            raise ValueError(f"{path}: no rows with {column} = {value!r} (found: {found})")
        frame = kept
    if frame.duplicated(["time_period", "old_la_code"]).any():
        raise ValueError(f"{path}: more than one row per year and authority after filtering on {filters}")
    return frame


def financial_year(time_period) -> str:
    """DfE time_period 2025 (year ending 31 March 2025) -> '2024-25'; 202425 -> '2024-25'."""
    text = str(time_period).strip()
    if re.fullmatch(r"\d{4}", text):
        end = int(text)
        return f"{end - 1}-{end % 100:02d}"
    if re.fullmatch(r"\d{6}", text):
        return f"{text[:4]}-{text[4:]}"
    raise ValueError(f"not a DfE time_period: {time_period!r}")


# ---- authority codes ---------------------------------------------------------------------------


def _code_text(authority_code) -> str:
    """888, '888' and ' e10000017 ' are all accepted; anything else is refused."""
    text = str(authority_code).strip().upper()
    if not re.fullmatch(r"\d{3}|E\d{8}", text):
        raise ValueError(
            f"authority code {authority_code!r}: expected an ONS code like E10000017 "
            "or a DfE three-digit number like 888"
        )
    return text


def _dfe_number(authority_code, frames: list[pd.DataFrame], files: list[str]) -> str:
    """The DfE number identifies a children's services authority across ONS code changes (North
    Yorkshire, Somerset and Buckinghamshire kept theirs on becoming unitary), so lookups by either
    code select the same rows."""
    text = _code_text(authority_code)
    column = "old_la_code" if text.isdigit() else "new_la_code"
    for frame in frames:
        hits = frame.loc[frame[column] == text, "old_la_code"]
        if not hits.empty:
            return hits.iloc[0]
    raise ValueError(f"authority code {authority_code!r} not found in {', '.join(files)}")


def _require(folder: Path, file: str, authority_code) -> Path:
    path = Path(folder) / file
    if not path.is_file():
        raise ValueError(
            f"{path}: DfE file not found (needed for authority {authority_code!r}); "
            f"name the folder holding your DfE downloads in {FOLDER_VARIABLE} or the settings' dfe_folder"
        )
    return path


def _measure_rows(folder: Path, source: Source, authority_code) -> tuple[pd.DataFrame, str]:
    """The local authority rows of one measure, and its source text (publication year = latest year)."""
    path = _require(folder, source.file, authority_code)
    frame = read_dfe_csv(path, numbers=(source.column,))
    frame = _select(frame, COMMON_FILTERS | source.filters, path)
    return frame, f"{source.publication} {frame['time_period'].max()}, {source.file}"


def _wanted_years(years) -> set | None:
    if years is None:
        return None
    years = [years] if isinstance(years, str) else list(years)
    for year in years:
        check_year(year)
    return set(years)


def _whole(value: float, measure: str, year: str) -> int:
    if value != int(value):
        raise ValueError(f"{measure} {year}: DfE count {value} is not a whole number")
    return int(value)


# ---- public API --------------------------------------------------------------------------------


def context_figures(authority_code, years=None, folder=None) -> pd.DataFrame:
    """The canonical context table for one authority: financial_year, measure, value (Python int),
    source. Suppressed or missing figures have no row; nothing is estimated."""
    folder = Path(folder or reference_dir())
    loaded = {m: _measure_rows(folder, s, authority_code) for m, s in SOURCES.items()}
    number = _dfe_number(authority_code, [f for f, _ in loaded.values()], [s.file for s in SOURCES.values()])
    wanted = _wanted_years(years)
    order = {m: i for i, m in enumerate(codes("context_measures"))}
    rows = []
    for measure, (frame, source_text) in loaded.items():
        mine = frame[frame["old_la_code"] == number]
        for period, value in zip(mine["time_period"], mine[SOURCES[measure].column]):
            year = financial_year(period)
            if pd.isna(value) or (wanted is not None and year not in wanted):
                continue
            rows.append(
                {
                    "financial_year": year,
                    "measure": measure,
                    "value": _whole(value, measure, year),
                    "source": source_text,
                }
            )
    rows.sort(key=lambda r: (r["financial_year"], order[r["measure"]]))
    out = pd.DataFrame(rows, columns=CONTEXT_COLUMNS)
    out["value"] = pd.Series([r["value"] for r in rows], dtype=object)  # Python ints, not numpy
    return out


def _latest_codes(folder: Path) -> pd.DataFrame:
    """DfE number -> latest ONS code and name, from whichever measure files the folder holds."""
    paths = [Path(folder) / s.file for s in SOURCES.values()]
    frames = [read_dfe_csv(p) for p in paths if p.is_file()]
    if not frames:
        return pd.DataFrame(columns=list(ID_COLUMNS))
    both = pd.concat([f[list(ID_COLUMNS)] for f in frames]).sort_values("time_period")
    return both.drop_duplicates("old_la_code", keep="last").set_index("old_la_code", drop=False)


def statistical_neighbours(authority_code, folder=None) -> list[dict]:
    """The ten statistical neighbours in the file's rank order (SN1 closest): rank, la_code (DfE
    number), ons_code (None if no DfE file in the folder has it), name and closeness."""
    folder = Path(folder or reference_dir())
    path = _require(folder, NEIGHBOURS_FILE, authority_code)
    table = _read_text_csv(path)
    # Skip the spacer rows and the "Old SNs:" label; the pre-reorganisation rows after it are kept.
    table = table[table["LA num"].str.fullmatch(r"\d{3}")].set_index("LA num", drop=False)
    lookup = _latest_codes(folder)
    text = _code_text(authority_code)
    if not text.isdigit():
        found = lookup.loc[lookup["new_la_code"] == text, "old_la_code"]
        text = found.iloc[0] if not found.empty else text
    if text not in table.index:
        raise ValueError(f"authority code {authority_code!r} not found in {path}")
    row, columns = table.loc[text], list(table.columns)
    out = []
    for rank in range(1, 11):
        at = columns.index(f"SN{rank}")
        number = row.iloc[at]
        out.append(
            {
                "rank": rank,
                "la_code": int(number),
                "ons_code": lookup["new_la_code"].get(number),
                "name": table["LA Name"].get(number) or lookup["la_name"].get(number),
                "closeness": row.iloc[at + 1],
            }
        )  # the "SNP" column after each SNn
    return out


def write_context_csv(authority_code, path, years=None, folder=None) -> Path:
    """Write the canonical context.csv (header and the contract's columns; DfE's measures need no
    label) for data/raw/<authority>/<year>/."""
    frame = context_figures(authority_code, years=years, folder=folder)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CONTEXT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(frame.astype(object).where(frame.notna(), "").to_dict("records"))  # no label: blank
    return path
