"""A declared report through the whole pipeline, on the tiny hand-made fixture (tests/tiny.py): the
authority's own sections, titles and numbering, a foreword in Markdown with computed figures, and a
hand-typed number that contradicts a computed figure stopping the run before anything is published."""

from __future__ import annotations

import csv
import json
import os
import re

import pytest
import yaml

from pipelines.config.profile import EXTRA_PROFILES
from pipelines.document.placeholders import SentenceError
from pipelines.runs.run import output_dir, run
from tests import tiny

pytestmark = pytest.mark.slow

DECLARATION = """\
numbering: {sections: "{n}.", tables: "Table {section}{letter}", charts: "Graph {n}"}
sections:
  - {key: foreword, title: "Foreword by the Director", text: foreword.md}
  - key: volumes
    title: "New complaints received"
    show:                 # three tables of the built-in volumes section; the first with its own number and title
      - {item: volumes_by_year, number: "Table 1a", title: "Total of new complaints over three years",
         sentences: volumes.md}     # the authority's own words in place of the built-in sentences
      - volumes_by_quarter
      - volumes_by_service
  - key: demand
    title: "Complaints and demand"
    show:
      - {measure: rate, key: stage1_per_1000_referrals, title: "Stage 1 statutory complaints per 1,000 referrals",
         numerator: {where: {procedure: [statutory], stage: [1]}, label: "Stage 1 complaints"},
         denominator: {context: referrals}, per: 1000, years: 2}
      - {measure: themes, key: statutory_themes, title: "What statutory complaints were about",
         cases: {where: {procedure: [statutory]}, count: complaints}, themes: [communication, delay, finance],
         groups: {"Delay or communication": [delay, communication]}}
      - {measure: context, key: demand, title: "Demand", measures: [referrals, children_in_need], years: 2}
figures:
  stage1: {table: volumes_by_year, row: Statutory stage 1, column: this year, says: statutory stage 1 complaints}
  stage1_last_year: {table: volumes_by_year, row: Statutory stage 1, column: last year,
                     says: statutory stage 1 complaints}
"""
# tests/test_end_to_end.py works these out: statutory stage 1 received in 2023-24: 5; in 2024-25: 7;
# (7 - 5) / 5 = 40%.
FOREWORD = """\
Statutory stage 1 complaints {stage1|rose_fell:stage1_last_year} to {stage1}, from {stage1_last_year}
({stage1|increase_decrease:stage1_last_year} of {stage1|change:stage1_last_year}).
"""


# An item's own sentences, before its chart and table (tiny: statutory stage 1 received 5 then 7)
VOLUMES = "We received {stage1} statutory stage 1 complaints, {stage1|more_fewer:stage1_last_year} than last year.\n"


@pytest.fixture(scope="module")
def declared(tmp_path_factory, tiny_profile):
    base = tmp_path_factory.mktemp("declared")
    profiles = base / "profiles"
    profiles.mkdir()
    raw = yaml.safe_load((tiny_profile / "tiny.yaml").read_text())
    raw.pop("sections")  # a declared report lists its sections in its own file
    (profiles / "tinydecl.yaml").write_text(yaml.safe_dump(raw, sort_keys=False))
    (profiles / "tinydecl.report.yaml").write_text(DECLARATION)
    roots = {"raw_root": base / "raw", "outputs_root": base / "outputs", "processed_root": base / "processed"}
    folder = tiny.write_raw(roots["raw_root"] / "tinydecl" / "2024-25")
    (folder / "foreword.md").write_text(FOREWORD)
    (folder / "volumes.md").write_text(VOLUMES)
    before = os.environ[EXTRA_PROFILES]
    os.environ[EXTRA_PROFILES] = os.pathsep.join([before, str(profiles)])  # the section kernels inherit it
    try:
        result = run("tinydecl", "2024-25", log=lambda *_: None, data_docs=False, **roots)
        yield result, roots, folder
    finally:
        os.environ[EXTRA_PROFILES] = before


def test_only_the_declared_sections_in_their_order_with_their_titles_and_numbers(declared):
    out = declared[0].folder
    pages = sorted(p.name for p in out.glob("0*.html"))
    assert pages == ["01_foreword.html", "02_volumes.html", "03_demand.html"]  # nothing it did not ask for
    foreword = (out / "01_foreword.html").read_text()
    assert "<h1>1. Foreword by the Director</h1>" in foreword
    volumes = (out / "02_volumes.html").read_text()
    assert "<h1>2. New complaints received</h1>" in volumes
    captions = re.findall(r"<caption[^>]*>([^:<]+):", volumes)
    # The declared number for volumes_by_year; the next tables of section 2 by the style: 2b, 2c...
    assert captions[0] == "Table 1a" and captions[1:3] == ["Table 2b", "Table 2c"], captions
    assert "Total of new complaints over three years" in volumes
    assert re.search(r"<figcaption>Graph 1\b", volumes)


def test_an_items_own_sentences_replace_the_built_in_ones_in_place(declared):
    volumes = (declared[0].folder / "02_volumes.html").read_text()
    text = " ".join(re.sub(r"<[^>]+>", " ", volumes).split())
    assert "We received 7 statutory stage 1 complaints, more than last year." in text
    assert "declared-text" not in volumes and "Complaints at all stages" not in text  # no built-in sentence
    # in its place: after the heading, before the chart and the table
    said, chart, table = (volumes.index(w) for w in ("We received 7", "<figure", "<caption"))
    assert said < chart < table


def test_the_foreword_states_the_computed_figures_with_wording_that_follows_them(declared):
    foreword = (declared[0].folder / "01_foreword.html").read_text()
    text = " ".join(re.sub(r"<[^>]+>", " ", foreword).split())
    assert "Statutory stage 1 complaints rose to 7, from 5 (an increase of 40%)." in text
    with open(declared[0].folder / "tables" / "volumes_by_year.csv", encoding="utf-8") as fh:
        cell = {r[""]: r for r in csv.DictReader(fh)}["Statutory stage 1"]["2024/25"]
    figures = {f["id"]: f for f in json.loads((declared[0].folder / "manifest.json").read_text())["figures"]}
    assert figures["foreword.stage1"]["value"] == cell == "7"  # in the manifest, beside its cell


def test_a_hand_typed_number_contradicting_a_computed_figure_stops_the_run(declared):
    result, roots, folder = declared
    before = (result.folder / "01_foreword.html").read_bytes()
    (folder / "foreword.md").write_text("Intro.\n\nWe had 9 statutory stage 1 complaints this year.\n")
    with pytest.raises(SentenceError) as caught:
        run("tinydecl", "2024-25", log=lambda *_: None, data_docs=False, **roots)
    assert f"{folder / 'foreword.md'}:3: 9 is typed by hand" in str(caught.value)
    assert "{stage1} is 7" in str(caught.value)
    assert (
        output_dir("tinydecl", "2024-25", "published", roots["outputs_root"]) / "01_foreword.html"
    ).read_bytes() == before


def _table(folder, key):
    with open(folder / "tables" / f"{key}.csv", encoding="utf-8") as fh:
        return {r.pop(""): r for r in csv.DictReader(fh)}  # row label -> {column: cell}


def test_a_section_of_catalogue_tables_with_their_own_years(declared):
    out = declared[0].folder
    demand = (out / "03_demand.html").read_text()
    assert "<h1>3. Complaints and demand</h1>" in demand
    assert re.findall(r"<caption[^>]*>(Table 3[a-z]):", demand) == ["Table 3a", "Table 3b", "Table 3c"]
    rate = _table(out, "stage1_per_1000_referrals")
    # Statutory stage 1 received: 5 in 2023-24 over 4,000 referrals = 1.25 -> 1.3 per 1,000 (half away
    # from zero); 7 in 2024-25 over 6,400 = 1.09375 -> 1.1.
    assert (rate["2023/24"]["Stage 1 complaints"], rate["2023/24"]["Per 1,000"]) == ("5", "1.3")
    assert (rate["2024/25"]["Referrals to children's social care"], rate["2024/25"]["Per 1,000"]) == ("6400", "1.1")
    themes = _table(out, "statutory_themes")
    # Statutory complaints first received in 2024-25, at their final stage: T-006 (communication; delay),
    # T-007, T-010, T-012 (communication), T-009 (delay), T-011 (delay; finance), T-013 (none), T-015
    # (finance): 8. Communication 4 (50%), delay 3 (37.5% -> 38%), finance 2 (25%); "delay or
    # communication" T-006, 007, 009, 010, 011, 012 = 6 (75%), T-006 once. One year only (years: 1).
    assert {row: cells["2024/25"] for row, cells in themes.items()} == {
        "Communication": "4",
        "Delay": "3",
        "Finance": "2",
        "Delay or communication": "6",
        "Complaints (each counted once)": "8",
    }
    assert [cells["2024/25 share (%)"] for cells in themes.values()] == ["50", "38", "25", "75", "100"]
    assert list(next(iter(themes.values()))) == ["2024/25", "2024/25 share (%)"]
    context = _table(out, "demand")
    # Referrals 4,000 -> 6,400: +60%; children in need only given for 2024-25: [z] and no change.
    assert context["Referrals to children's social care"] == {"2023/24": "4000", "2024/25": "6400", "Change (%)": "60"}
    assert context["Children in need at 31 March"]["2023/24"] == "[z]"
