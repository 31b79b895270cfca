# The README's two commands: `make report` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AUTHORITY ?= demo
YEAR      ?= 2024-25

.PHONY: report test lint lab bench mutate demo-data clean-outputs

report: $(STAMP)
	$(BIN)/complaints-report run --authority $(AUTHORITY) --year $(YEAR)

# The habits first (seconds), then the tests with coverage of the product package.
test: $(STAMP) $(VENV)/.browser lint
	$(BIN)/python -m pytest -q --cov=pipelines --cov-report=term:skip-covered --cov-report=xml:.coverage.xml

lint: $(STAMP)
	$(BIN)/ruff format --check --quiet .
	$(BIN)/ruff check --quiet .
	$(BIN)/lint-imports --no-cache

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

demo-data: $(STAMP)
	$(BIN)/python -m generators demo

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Mutation testing of the rules and measures ([tool.mutmut] in pyproject.toml), one module at a time with
# the fast unit tests only and a time limit each; then the share of mutants killed and the survivors.
# Not part of make test (it takes tens of minutes). MUTATE_MODULES=pipelines.rules.numbers for one module.
MUTATE_MODULES ?= pipelines.rules.numbers pipelines.rules.calendar pipelines.rules.derive pipelines.rules.disclosure pipelines.measures
MUTATE_TIMEOUT ?= 3600
mutate: $(STAMP)
	for module in $(MUTATE_MODULES); do timeout $(MUTATE_TIMEOUT) $(BIN)/mutmut run --max-children 2 "$$module.*" >/dev/null || exit 1; done
	$(BIN)/mutmut results --all true | $(BIN)/python scripts/mutation_score.py

# One shared environment: a venv from the pinned list, the package itself, and the named kernel.
$(STAMP): requirements.txt pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name complaints-report --display-name "Complaints report (Python 3)" >/dev/null
	touch $(STAMP)

# Debian's Chromium for the accessibility tests (Playwright drives it; it downloads no browser).
$(VENV)/.browser: scripts/system-deps.sh | $(STAMP)
	bash scripts/system-deps.sh --browser
	touch $@

clean-outputs:
	rm -rf outputs/*/ outputs/index.html data/processed/*/
