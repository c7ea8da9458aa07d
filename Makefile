# watchfloor — the same commands locally and in CI.
#   make demo    create .venv if needed, install the pinned dependencies, run the demo
#   make test    lint (ruff + mypy) and the whole test suite
#   make bench   throughput and memory of `read` against a bare spaCy parse
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SRC    := src tests bench scripts

.PHONY: install demo test lint format bench eval train-events check-event-model clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/watchfloor demo

lint: $(STAMP)
	$(BIN)/ruff check $(SRC)
	$(BIN)/ruff format --check $(SRC)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format $(SRC)
	$(BIN)/ruff check --fix $(SRC)

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

eval: $(STAMP)
	for m in places place_mentions conflict_places times claims events actors actor_mentions html; do $(BIN)/python -m watchfloor.evaluation.$$m || exit 1; done

# The event classifier (docs/extract-events.md, "The classifier"): train and
# cross-validate from ../shared, written to src/watchfloor/knowledge/data/event_model.* (~10 min).
train-events: $(STAMP)
	$(BIN)/python scripts/train_events.py

# Retrain and fail unless the weights are bit for bit the shipped ones.
check-event-model: $(STAMP)
	$(BIN)/python scripts/train_events.py --check

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache watchfloor-demo
