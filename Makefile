# scsmine: `make demo` sets everything up and runs the main job;
# `make test` sets everything up and runs the tests. CI runs `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DB ?= corpus/scsmine.db
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-all lint eval learning-curve model bench bench-fetch browser clean

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "Error: $(PY) not found (set PY=python3)"; exit 2; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's chromium for the report screenshot test (installed only when missing).
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
	  echo "installing Debian chromium and fonts-noto-cjk (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# Ingest is idempotent: a second `make demo` reports every document as unchanged.
demo: $(STAMP) browser
	$(BIN)/scsmine --db $(DB) ingest --manifest $(SHARED)/corpus/manifest.jsonl --quiet
	$(BIN)/scsmine --db $(DB) stats
	$(BIN)/scsmine --db $(DB) tag
	$(BIN)/scsmine --db $(DB) query 失信被执行人 --kwic --limit 5
	$(BIN)/scsmine --db $(DB) query "social credit" --origin foreign --limit 5
	$(BIN)/scsmine --db $(DB) query 信用 --driver individual_behaviour --limit 5
	$(BIN)/scsmine --db $(DB) report framing --out reports/framing
	$(BIN)/scsmine --db $(DB) report topic 信用修复 --out reports/topic-credit-repair
	@echo "Reports: reports/framing/report.html, reports/topic-credit-repair/report.html"

test: $(STAMP) browser
	SCSMINE_SHARED=$(SHARED) $(BIN)/python -m pytest -q

test-all: $(STAMP) browser
	SCSMINE_SHARED=$(SHARED) $(BIN)/python -m pytest -q --runslow

lint: $(STAMP)
	$(BIN)/pip install --quiet -e '.[lint]'
	$(BIN)/ruff check scsmine tests bench
	$(BIN)/mypy scsmine

# Tagger accuracy on the labelled data (grouped cross-validation, real passages only), against pinned floors.
eval: $(STAMP)
	$(BIN)/python -m scsmine.tag --shared $(SHARED) --data tests/data/gold --baseline eval_baseline.json --profile full -o reports/tag_eval.json --summary scsmine/tag/data/evaluation.json

# How held-out drivers macro-F1 grows with the real labelled data (about 8 minutes).
learning-curve: $(STAMP)
	$(BIN)/python scripts/learning_curve.py --shared $(SHARED) --data tests/data/gold -o reports/learning_curve.json

# Retrain the shipped default model from the labelled data.
model: $(STAMP)
	$(BIN)/python scripts/train_default_model.py --shared $(SHARED) --data tests/data/gold

# cntext (the tagging baseline) pins numpy<2 and replaces the opencc module, so it gets its own venv.
CNTEXT := bench/out/cntext-venv/bin/python
$(CNTEXT):
	$(PY) -m venv bench/out/cntext-venv
	bench/out/cntext-venv/bin/pip install --quiet cntext ipython

bench: $(STAMP) $(CNTEXT)
	$(BIN)/python bench/ingest.py --shared $(SHARED)
	$(BIN)/python bench/tag.py --shared $(SHARED)
	SCSMINE_SHARED=$(SHARED) $(BIN)/python bench/report.py
	SCSMINE_SHARED=$(SHARED) $(BIN)/python bench/fetch.py

bench-fetch: $(STAMP)
	SCSMINE_SHARED=$(SHARED) $(BIN)/python bench/fetch.py

clean:
	rm -rf $(VENV) corpus/scsmine.db* reports/
