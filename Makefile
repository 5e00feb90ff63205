# termlang: two commands on a fresh clone with Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLAGSHIP := examples/openai-microsoft-mou.term

.PHONY: demo test check-fast lint fuzz bench tables highlight clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job on the flagship: validate, run its scenarios' expectations, show the default
# scenario's timeline, and write the counsel summary (HTML) whose path is printed last.
demo: $(STAMP)
	$(BIN)/termlang check $(FLAGSHIP)
	$(BIN)/termlang test $(FLAGSHIP)
	$(BIN)/termlang timeline $(FLAGSHIP) --to 2027-12-31
	@mkdir -p out
	@$(BIN)/termlang render $(FLAGSHIP) --format html -o out/openai-microsoft-mou.html >/dev/null
	@echo "Counsel summary written to $(CURDIR)/out/openai-microsoft-mou.html"

test: $(STAMP)
	$(BIN)/python -m pytest

# The edit loop: everything but the tests marked `slow` or `network`, on every core, property
# tests with a quarter of their examples (about 50 s on 2 cores); make test runs them all, one
# at a time, with every example, as CI does.
check-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not network" -n auto --hypothesis-profile=fast

# A long fuzzing campaign (the test suite runs a short one).
fuzz: $(STAMP)
	TERMLANG_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest tests/test_fuzz.py tests/test_fuzz_scenarios.py -x -p no:cacheprovider

# Benchmarks against the bare interpreter (docs/performance.md).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Regenerate the parser tables after editing grammar/termlang.lark, and the methods attrs
# writes for termlang's classes after editing one (src/termlang/_methods.py; tests check both).
tables: $(STAMP)
	$(BIN)/python -m termlang.syntax.grammar
	$(BIN)/python -m termlang.precompile

# Regenerate the TextMate grammar after changing the language's words (tests check it is fresh).
highlight: $(STAMP)
	$(BIN)/python editors/vscode/generate.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
