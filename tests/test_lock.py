"""The lock files `make report` and `make test` install from agree with environment.yml, the one list:
made from its current text, every pin in it at its version, every package hash-checked, and the test
stack kept out of what an analyst installs to render a report."""

from __future__ import annotations

import re

import pytest

from pipelines import ROOT
from scripts import lock

LOCKS = ROOT / "requirements"
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>[^\s;\\]+)")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path) -> dict[str, set[str]]:
    """package -> versions locked (a universal lock may hold two, under different markers)."""
    out: dict[str, set[str]] = {}
    for line in path.read_text().splitlines():
        m = _PIN.match(line)
        if m:
            out.setdefault(_normal(m["name"]), set()).add(m["version"])
    return out


def _pins(group: str) -> dict[str, str]:
    return {_normal(p.split("==")[0]): p.split("==")[1] for p in lock.pins()[group]}


@pytest.mark.parametrize("name", ["runtime.lock", "dev.lock", "lab.lock", "bootstrap.lock"])
def test_lock_was_made_from_the_current_environment_yml(name):
    text = (LOCKS / name).read_text()
    assert f"environment.yml sha256 {lock.environment_digest()}" in text.splitlines()[1], (
        f"requirements/{name} is older than environment.yml: run `make lock`"
    )


@pytest.mark.parametrize("name", ["runtime.lock", "dev.lock", "lab.lock", "bootstrap.lock"])
def test_every_locked_package_has_a_hash(name):
    # each requirement is "name==version [; marker] \" followed by its "--hash=sha256:" lines
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (LOCKS / name).read_text().split("\n", 2)[2].strip())
    assert len(blocks) >= 1
    for block in blocks:
        assert _PIN.match(block) and re.search(r"--hash=sha256:[0-9a-f]{64}", block), block.splitlines()[0]


def test_runtime_lock_has_every_runtime_pin_and_no_test_stack():
    runtime = locked(LOCKS / "runtime.lock")
    for name, version in _pins("runtime").items():
        assert runtime.get(name) == {version}, name
    for name in ("pytest", "playwright", "axe-playwright-python", "ruff", "pre-commit", "pytest-xdist"):
        assert name in _pins("dev") and name not in runtime, name
    # JupyterLab neither: its server's jsonschema format checkers cost every Great Expectations import 3 s
    for name in ("jupyterlab", "jupyter-server", "rfc3987-syntax"):
        assert name not in runtime and name not in locked(LOCKS / "dev.lock"), name


def test_lab_lock_adds_jupyterlab_to_the_runtime_versions():
    lab, runtime = locked(LOCKS / "lab.lock"), locked(LOCKS / "runtime.lock")
    assert lab["jupyterlab"] == {_pins("lab")["jupyterlab"]}
    assert {n: v for n, v in lab.items() if n in runtime} == runtime


def test_dev_lock_has_every_pin_and_the_runtime_versions():
    dev, runtime = locked(LOCKS / "dev.lock"), locked(LOCKS / "runtime.lock")
    for name, version in (_pins("runtime") | _pins("dev")).items():
        assert dev.get(name) == {version}, name
    assert {n: v for n, v in dev.items() if n in runtime} == runtime  # one version of each package


def test_environment_yml_is_split_by_its_comments():
    # pytest's comment is "tests", pre-commit's "pre-commit: ..."; pandas renders reports
    assert "pytest==9.2.0" in lock.pins()["dev"] and "pre-commit==4.7.0" in lock.pins()["dev"]
    assert lock.pins()["lab"] == ["jupyterlab==4.6.6"]  # "lab: interactive notebooks ..."
    assert "pandas==3.1.1" in lock.pins()["runtime"] and "uv==0.13.8" in lock.pins()["runtime"]
