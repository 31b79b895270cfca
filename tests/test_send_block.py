"""SEND and education complaints as their own block beside children's social care (Lancashire 2024/25,
"Summary of Inclusion Service complaints"), declared in the report's own vocabulary with no code of its
own: a section whose `parameters:` give every item the same cases (`cases: {where: {division: [...]}}`,
any field of the data contract), built-in items taken under keys of the block's own, and the
authority's words with computed figures. Rendered through the whole pipeline on the tiny fixture;
every expected figure is worked by hand from tests/tiny.py (its docstring has the working days)."""

from __future__ import annotations

import csv
import os
import re

import pytest
import yaml

from pipelines.config.profile import EXTRA_PROFILES
from pipelines.runs.run import run
from tests import tiny

pytestmark = pytest.mark.slow

# The worked example of docs/adding-an-authority.md ("A block of its own: SEND and education"), on the
# tiny fixture's division names.
DECLARATION = """\
sections:
  - key: volumes
    title: "Complaints received"
    show: [volumes_by_year]
  - key: inclusion
    title: "Complaints about education and inclusion"
    parameters:
      cases: {where: {division: [Education and Inclusion]}}
    show:
      - {item: volumes_by_year, key: inclusion_volumes, title: "Education and inclusion complaints by procedure and stage",
         sentences: inclusion.md, chart: none}
      - {item: on_time_by_stage, key: inclusion_on_time, title: "Education and inclusion responses within timescale",
         chart: none}
      - {item: outcome_groups_corporate, key: inclusion_outcomes, title: "Final outcome of corporate education and inclusion complaints"}
      - {item: themes, key: inclusion_themes, title: "What education and inclusion stage 1 complaints were about",
         sentences: none}
figures:
  inclusion: {table: inclusion_volumes, row: Total, column: this year, says: education and inclusion complaints}
  inclusion_last_year: {table: inclusion_volumes, row: Total, column: last year, says: education and inclusion complaints}
  inclusion_stage1: {table: inclusion_volumes, row: Corporate stage 1, column: this year}
"""
INCLUSION = (
    "Education and inclusion complaints {inclusion|rose_fell:inclusion_last_year} from {inclusion_last_year} to "
    "{inclusion} ({inclusion|increase_decrease:inclusion_last_year} of {inclusion|change:inclusion_last_year}), "
    "{inclusion_stage1} of them at corporate stage 1.\n"
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, tiny_profile):
    base = tmp_path_factory.mktemp("send")
    profiles = base / "profiles"
    profiles.mkdir()
    raw = yaml.safe_load((tiny_profile / "tiny.yaml").read_text())
    raw.pop("sections")  # a declared report lists its sections in its own file
    (profiles / "tinysend.yaml").write_text(yaml.safe_dump(raw, sort_keys=False))
    (profiles / "tinysend.report.yaml").write_text(DECLARATION)
    roots = {"raw_root": base / "raw", "outputs_root": base / "outputs", "processed_root": base / "processed"}
    folder = tiny.write_raw(roots["raw_root"] / "tinysend" / "2024-25")
    (folder / "inclusion.md").write_text(INCLUSION)
    before = os.environ[EXTRA_PROFILES]
    os.environ[EXTRA_PROFILES] = os.pathsep.join([before, str(profiles)])  # the section kernels inherit it
    try:
        yield run("tinysend", "2024-25", log=lambda *_: None, data_docs=False, **roots).folder
    finally:
        os.environ[EXTRA_PROFILES] = before


def _table(folder, key) -> dict:
    with open(folder / "tables" / f"{key}.csv", encoding="utf-8") as fh:
        return {r.pop(""): r for r in csv.DictReader(fh)}  # row label -> {column: cell}


# Education and Inclusion's rows in tiny.py: T-003 corporate stage 1 (received 15 Jan 2024, answered on
# day 19 of 20, no finding, transport); T-007 statutory stages 1 (1 May 2024, extended, day 18 of 20,
# upheld, communication), 2 (10 Jun 2024, day 29 of 25: late, not upheld) and 3 (1 Aug 2024, findings
# missed their milestone: late, not upheld); T-014 corporate stages 1 (2 Sep 2024, day 19 of 20, not
# upheld, transport and communication) and 2 (14 Oct 2024, day 19 of 20, not upheld).


def test_the_block_counts_only_its_own_cases_beside_the_whole(rendered):
    block, whole = _table(rendered, "inclusion_volumes"), _table(rendered, "volumes_by_year")
    # Received in 2023-24: T-003; in 2024-25: T-007 at stages 1, 2 and 3, T-014 at stages 1 and 2 = 5
    assert {row: (c["2023/24"], c["2024/25"]) for row, c in block.items()} == {
        "Statutory stage 1": ("0", "1"),
        "Statutory stage 2": ("0", "1"),
        "Statutory stage 3": ("0", "1"),
        "Corporate stage 1": ("1", "1"),
        "Corporate stage 2": ("0", "1"),
        "Total": ("1", "5"),
    }
    assert block["Total"]["Change (%)"] == "400"  # (5 - 1) / 1
    # The whole report's table is every division's: 14 rows received in 2024-25 (tests/test_stage_facts.py)
    assert whole["Total"]["2024/25"] == "14"


def test_on_time_outcomes_and_themes_of_the_block(rendered):
    on_time = _table(rendered, "inclusion_on_time")
    # Closed in 2024-25: T-007 stage 1 on time, stage 2 and 3 late; T-014 stages 1 and 2 on time: 3 of 5
    assert (on_time["Total"]["2024/25 On time"], on_time["Total"]["2024/25 Responded"]) == ("3", "5")
    assert on_time["Total"]["2024/25 %"] == "60"
    assert (on_time["Statutory stage 2"]["2024/25 On time"], on_time["Statutory stage 2"]["2024/25 Responded"]) == (
        "0",
        "1",
    )
    outcomes = _table(rendered, "inclusion_outcomes")
    # Corporate complaints closed, each at its highest stage: 2023-24 T-003 (no finding); 2024-25 T-014
    # (stage 2, not upheld)
    assert outcomes["Total"]["2023/24"] == "1" and outcomes["Total"]["2024/25"] == "1"
    assert outcomes["Not upheld"]["2024/25"] == "1"
    themes = _table(rendered, "inclusion_themes")
    # Stage 1 closed in 2024-25: T-007 (communication) and T-014 (transport; communication)
    assert {row: cells["Complaints"] for row, cells in themes.items()} == {"Communication": "2", "Transport": "1"}


def test_the_authoritys_own_words_state_the_blocks_figures(rendered):
    page = (rendered / "02_inclusion.html").read_text()
    assert "<h1>2. Complaints about education and inclusion</h1>" in page
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert (
        "Education and inclusion complaints rose from 1 to 5 (an increase of 400%), 1 of them at corporate stage 1."
        in text
    )
    # the built-in sentence of on_time_by_stage speaks of the block's own responses: T-007's stage 1 on
    # time, of 1 (the section's title says whose)
    assert "The one statutory stage 1 complaint was responded to within timescale" in text
    # the whole report's words are not used for the block: neither its volumes nor its upheld themes
    assert "Complaints at all stages" not in text and "most common theme" not in text
