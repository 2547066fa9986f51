# One entry point per task; see README.md. `make setup` is idempotent and fast when nothing changed.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3.10 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
# uv from PATH, else as a module of $(PYTHON) (installed from PyPI below; no pyenv rehash needed).
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
export RASA_TELEMETRY_ENABLED ?= false

.PHONY: setup lock test test-fast lint lint-deploy bench bench-nlu bench-faq bench-language bench-leads bench-handoff \
	bench-load profile-load bench-model-load bench-first-reply bench-web run run-cluster deliver-leads \
	purge-leads clean

setup: $(STAMP)

# Install uv from PyPI when missing, create the venv with the local interpreter, install the lock
# without resolving (Rasa 3.6 declares Python < 3.11 but runs on 3.11 from this lock).
$(STAMP): $(LOCK) pyproject.toml
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@test -x $(PY) || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip install --quiet --python $(PY) --no-deps -r $(LOCK)
	$(UV) pip install --quiet --python $(PY) --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# Re-resolve the lock (needs the package index); commit the result.
lock:
	$(UV) pip compile --quiet --python-version 3.10 --override requirements/overrides.txt \
		requirements/main.in -o $(LOCK)

lint: setup
	$(VENV)/bin/ruff check bot actions channels stores policies scripts web tests bench
	$(VENV)/bin/mypy bot actions channels stores policies bench

test-fast: setup
	$(VENV)/bin/pytest -q -m "not slow"

test: setup lint
	$(VENV)/bin/pytest -q

bench: setup
	$(PY) -m bench.pricing_bench

# Trains every candidate NLU pipeline (a few minutes): the table of docs/nlu.md.
bench-nlu: setup
	$(PY) -m bench.nlu_compare

# Share of FAQ questions given the right answer, per language (trains the model if it is
# stale): FAQ_SET=path/to/faq.yml (questions: text, language, topic), or FAQ_ARGS, e.g.
# "--cross-validate 5" (the ResponseSelector against the SVM selector, docs/nlu.md).
FAQ_SET ?=
FAQ_ARGS ?= $(FAQ_SET)
bench-faq: setup
	bash scripts/train.sh
	$(PY) -m bench.faq_bench $(FAQ_ARGS)

# Share of one-sentence volume questions answered with the estimate at once (trains the model
# if it is stale, like `make run`): the figure of docs/dialogue.md.
bench-first-reply: setup
	bash scripts/train.sh
	$(PY) -m bench.first_reply models/assistant.tar.gz tests/nlu_data/volume_fr.yml \
		tests/nlu_data/volume_nl.yml tests/nlu_data/volume_en.yml

# What a handoff costs: reading contact details, storing a lead, emailing it (docs/handoff.md).
bench-leads: setup
	$(PY) -m bench.leads_bench

# Handoff conversations played against the running assistant, per conversation (docs/handoff.md).
FILES ?= tests/handoff_data/handoff_dev_*.yml
bench-handoff: setup
	$(PY) -m bench.handoff_bench $(FILES)

# What a message costs under load through the REST channel (docs/performance.md): trains the
# model if needed, then BENCH_LOAD_ARGS, e.g. "--baseline main --runs 3 --visitor-seconds 300".
BENCH_LOAD_ARGS ?= --runs 3 --visitor-seconds 300
bench-load: setup
	bash scripts/run.sh --train-only
	$(PY) -m bench.load_bench $(BENCH_LOAD_ARGS)

# Where a message's CPU goes in both servers under load, with py-spy profiles when py-spy is on
# PATH (docs/performance.md), e.g. PROFILE_LOAD_ARGS="--baseline main --runs 3".
PROFILE_LOAD_ARGS ?= --runs 1
profile-load: setup
	bash scripts/run.sh --train-only
	$(PY) -m bench.load_profile $(PROFILE_LOAD_ARGS)

# Import, model load and first parse, time and memory, per model in fresh processes
# (docs/performance.md): MODELS, e.g. "models/assistant.tar.gz other/assistant.tar.gz".
MODELS ?= models/assistant.tar.gz
bench-model-load: setup
	bash scripts/train.sh
	$(PY) -m bench.model_load $(MODELS)

# Widget size and estimate-PDF time (docs/web.md).
bench-web: setup
	$(PY) -m bench.web_bench

# langdetect versus lingua on short chat turns: the table of docs/language.md.
bench-language: setup
	$(PY) -m bench.language_compare

run: setup
	bash scripts/run.sh

# The deployment files (deploy/): haproxy -c, systemd-analyze, supervisord, compose schema, hadolint.
lint-deploy: setup
	bash scripts/deploy-lint.sh

# Two Rasa instances behind HAProxy, on PostgreSQL and Redis (README: Running it as a service).
run-cluster: setup
	bash scripts/cluster.sh

# Send pending leads now (the action server retries on its own too); see README: Leads and privacy.
deliver-leads: setup
	$(PY) -m bot.leads deliver

# Delete leads, and conversations quiet, for longer than LEADS_RETENTION_DAYS.
purge-leads: setup
	$(PY) -m bot.leads purge

clean:
	rm -rf $(VENV) models var .pytest_cache .mypy_cache .ruff_cache .hypothesis
