# The README's two commands: `make report` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.dev
LAB    := $(VENV)/.lab
UV     := $(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes
# Python keeps each module it compiles (.pyc, in .venv and __pycache__/) unless PYTHONDONTWRITEBYTECODE is
# set, as it is in many containers and CI images: then every process (a render's three, each test
# worker, each batch worker) compiled pandas, Great Expectations and matplotlib from source again,
# about 8 s of CPU each. Our commands write them: only the modules a render imports, once.
unexport PYTHONDONTWRITEBYTECODE
AUTHORITY ?= demo
YEAR      ?= 2024-25

.PHONY: report test test-fast lock lint lab bench mutate demo-data clean-outputs

report: $(STAMP)
	$(BIN)/complaints-report run --authority $(AUTHORITY) --year $(YEAR)

# The habits first (seconds), then the tests on every core with coverage of the product package. Each
# test module goes to one worker (loadscope), so a module's end-to-end renders are made once and shared.
test: $(DEV) $(VENV)/.browser lint
	$(BIN)/python -m pytest -q -n auto --dist loadscope --cov=pipelines --cov-report=term:skip-covered --cov-report=xml:.coverage.xml

# The unit tests only (no end-to-end render): under a minute.
test-fast: $(DEV)
	$(BIN)/python -m pytest -q -n auto -m "not slow" -p no:cacheprovider

# The lock files of the whole dependency tree, with hashes, from environment.yml (scripts/lock.py;
# it needs the venv's uv and pyyaml, and PyPI).
lock:
	$(BIN)/python scripts/lock.py

lint: $(DEV)
	$(BIN)/ruff format --check --quiet .
	$(BIN)/ruff check --quiet .
	$(BIN)/lint-imports --no-cache

lab: $(LAB)
	$(BIN)/jupyter lab notebooks/

demo-data: $(STAMP)
	$(BIN)/python -m generators demo

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Mutation testing of the rules and measures ([tool.mutmut] in pyproject.toml; docs/mutation.md), one module
# at a time with the fast unit tests that exercise it, niced; then the share of mutants killed and the
# survivors. scripts/mutate.py is mutmut with the measures' @measure decorator allowed (mutmut leaves
# decorated functions out). Not part of make test: hours on a shared 2-core machine (MUTATE_CHILDREN=2 on
# a quiet one). MUTATE_MODULES=pipelines.rules.numbers for one module; MUTATE_TIMEOUT (seconds a module, 0:
# none) stops a run that hangs (mutmut already times out a mutant that loops).
MUTATE_MODULES ?= pipelines.rules.numbers pipelines.rules.calendar pipelines.rules.derive pipelines.rules.disclosure pipelines.rules.disclosure_numbers pipelines.measures
MUTATE_TIMEOUT ?= 0
MUTATE_CHILDREN ?= 1
mutate: $(DEV)
	for module in $(MUTATE_MODULES); do timeout $(MUTATE_TIMEOUT) nice -n 15 $(BIN)/python scripts/mutate.py run --max-children $(MUTATE_CHILDREN) "$$module.*" >/dev/null || exit 1; done
	$(BIN)/python scripts/mutate.py results --all true | $(BIN)/python scripts/mutation_score.py

# One shared environment: a venv, uv (pinned, by pip, hash-checked), what rendering needs from the
# lock file (every package of the tree pinned, hash-checked), the package itself and the named kernel.
$(STAMP): requirements/runtime.lock requirements/bootstrap.lock pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/bootstrap.lock
	$(UV) -r requirements/runtime.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name complaints-report --display-name "Complaints report (Python 3)" >/dev/null
	touch $(STAMP)

# The tests, linters and commit hooks on top (not needed to render a report).
$(DEV): requirements/dev.lock | $(STAMP)
	$(UV) -r requirements/dev.lock
	touch $(DEV)

# JupyterLab on top, only for `make lab` (rendering does not use it; see scripts/lock.py).
$(LAB): requirements/lab.lock | $(STAMP)
	$(UV) -r requirements/lab.lock
	touch $(LAB)

# Debian's Chromium for the accessibility tests (Playwright drives it; it downloads no browser).
$(VENV)/.browser: scripts/system-deps.sh | $(STAMP)
	bash scripts/system-deps.sh --browser
	touch $@

clean-outputs:
	rm -rf outputs/*/ outputs/index.html data/processed/*/
