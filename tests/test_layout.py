"""The house: the README's account of the package, the folders and the import contract agree."""

from __future__ import annotations

import configparser
import re

from pipelines import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| `pipelines/(\w+)/` \| (.+?) \| .+ \|$", re.M)


def _stage_rows() -> list[tuple[str, list[str]]]:
    section = README[README.index("## How it works") :]
    return [(folder, re.findall(r"`([\w/]+)`", modules)) for folder, modules in ROW.findall(section)]


def test_every_module_the_readme_names_exists():
    rows = _stage_rows()
    assert len(rows) >= 7
    for folder, modules in rows:
        for module in modules:
            path = ROOT / "pipelines" / folder / module
            assert path.with_suffix(".py").is_file() or path.is_dir(), f"README names pipelines/{folder}/{module}"


def test_every_package_folder_is_named_in_the_readme():
    named = {folder for folder, _ in _stage_rows()}
    folders = {p.parent.name for p in (ROOT / "pipelines").glob("*/__init__.py")}
    assert folders == named


def test_every_module_of_a_stage_is_named_in_the_readme():
    for folder, modules in _stage_rows():
        present = {p.stem for p in (ROOT / "pipelines" / folder).glob("*.py") if p.stem != "__init__"}
        assert present <= set(modules), f"pipelines/{folder}/: {sorted(present - set(modules))} not in the README"


def test_the_import_contract_layers_are_the_readme_stages_in_order():
    contract = configparser.ConfigParser()
    contract.read(ROOT / ".importlinter")
    layers = contract["importlinter:contract:stages"]["layers"].split()
    assert layers == [folder for folder, _ in _stage_rows()]


def test_each_stage_opens_with_a_docstring_saying_what_it_may_import():
    for init in (ROOT / "pipelines").glob("*/__init__.py"):
        text = init.read_text(encoding="utf-8")
        assert text.startswith('"""') and "Import" in text, init


def test_notebooks_call_only_public_names_of_the_package():
    import json

    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        private = re.findall(r"\b(?:report|stories|narrative|charts|tables|section|data|p)\._[A-Za-z]\w*", code)
        assert not private, f"{path.name}: {private}"
