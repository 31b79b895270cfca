"""The project's own promises: one dependency list, generated files current, notebooks clean,
demo data reproducible."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import nbformat
import pytest
import yaml

from generators.demo import write_demo
from pipelines import ROOT
from pipelines.config.vocabulary import tables
from pipelines.document.declaration import SECTION_NOTEBOOK
from pipelines.inputs.contract import CONTRACT_DOC, EXPECTATIONS_DIR, contract_markdown, suite_text


def _pins(lines):
    return sorted(line.strip() for line in lines if re.match(r"^[A-Za-z0-9_.-]+==", line.strip()))


def test_requirements_txt_agrees_with_environment_yml():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    from_env = _pins(s.split("#")[0] for s in pip_section)
    from_txt = _pins((ROOT / "requirements.txt").read_text().splitlines())
    assert from_env == from_txt
    assert len(from_txt) >= 15 and all("==" in p for p in from_txt)


def test_expectation_suites_and_contract_doc_are_generated_from_tables_yaml():
    for table in tables():
        assert (EXPECTATIONS_DIR / f"{table}.json").read_text() == suite_text(table), table
    assert CONTRACT_DOC.read_text() == contract_markdown()
    assert sorted(p.stem for p in EXPECTATIONS_DIR.glob("*.json")) == sorted(tables())


def test_every_suite_checks_keys_required_columns_and_codes():
    suite = json.loads((EXPECTATIONS_DIR / "complaints.json").read_text())
    kinds = {(e["type"], e["kwargs"].get("column")) for e in suite["expectations"]}
    assert ("expect_column_to_exist", "case_ref") in kinds
    assert ("expect_column_values_to_be_in_set", "outcome") in kinds
    assert any(
        e["type"] == "expect_compound_columns_to_be_unique" and e["kwargs"]["column_list"] == ["case_ref", "stage"]
        for e in suite["expectations"]
    )
    assert any(
        e["type"] == "expect_column_pair_values_a_to_be_greater_than_b" and e["kwargs"]["column_A"] == "date_responded"
        for e in suite["expectations"]
    )


def test_demo_data_is_regenerated_byte_for_byte():
    with tempfile.TemporaryDirectory() as tmp:
        for path in write_demo(Path(tmp)):
            shipped = ROOT / "data" / "raw" / path.relative_to(tmp)
            assert path.read_bytes() == shipped.read_bytes(), shipped


def test_demo_volumes_are_realistic_for_a_county():
    import pandas as pd

    frame = pd.read_csv(ROOT / "data/raw/demo/2024-25/complaints.csv")
    received = frame[frame["date_received"].between("2024-04-01", "2025-03-31")]
    assert 250 <= len(received[received["stage"] <= 1]) <= 600  # hundreds of complaints
    assert 5 <= len(received[received["stage"] >= 2]) <= 80  # a handful at stage 2 and 3
    assert (received["stage"] == 3).sum() >= 1


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebooks_are_committed_clean_with_a_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    # One notebook shows every section of declared items (the built-in report's and an authority's)
    assert path.name == SECTION_NOTEBOOK
    assert nb.metadata["kernelspec"]["name"] == "complaints-report"
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and 'authority = "demo"' in params[0].source and 'year = "2024-25"' in params[0].source
    # thin: no notebook defines functions or classes of its own
    assert not any(re.search(r"^\s*(def|class) ", c.source, re.M) for c in nb.cells if c.cell_type == "code")


def test_unknown_notebook_parameter_is_an_error(tmp_path):
    from pipelines.runs.run import ParameterError, execute_section

    with pytest.raises(ParameterError, match="does not declare parameter"):
        execute_section("summary", {"authority": "demo", "colour": "red"}, tmp_path / "out.ipynb")
    assert not (tmp_path / "out.ipynb").exists()
