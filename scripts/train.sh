#!/usr/bin/env bash
# Train the assistant's model (models/assistant.tar.gz) unless it is up to date: the fingerprint
# of domain, config and data (scripts/runtools.py) is kept in models/.fingerprint. Called by
# run.sh (`make run`), cluster.sh (`make run-cluster`) and the slow tests that need the model
# (tests/conftest.py), so one test run trains at most once. Log: var/log/train.log.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export RASA_TELEMETRY_ENABLED=false
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
RASA="$VENV/bin/rasa"
MODEL=models/assistant.tar.gz
FINGERPRINT=models/.fingerprint
LOG_DIR=var/log

say() { printf '[train] %s\n' "$*"; }
die() { printf '[train] error: %s\n' "$*" >&2; exit 1; }

[[ -x "$PY" && -x "$RASA" ]] || die "no virtual environment in $VENV: run \`make setup\` first."
mkdir -p models "$LOG_DIR"

fingerprint=$("$PY" scripts/runtools.py fingerprint)
if [[ -f "$MODEL" && -f "$FINGERPRINT" && "$(cat "$FINGERPRINT")" == "$fingerprint" ]]; then
  say "model $MODEL is up to date."
  exit 0
fi
say "training the model (log: $LOG_DIR/train.log) ..."
rm -f "$FINGERPRINT"
started=$SECONDS
if ! "$RASA" train --fixed-model-name assistant --out models >"$LOG_DIR/train.log" 2>&1; then
  tail -n 30 "$LOG_DIR/train.log" >&2
  die "training failed, see $LOG_DIR/train.log."
fi
[[ -f "$MODEL" ]] || die "training did not produce $MODEL, see $LOG_DIR/train.log."
printf '%s\n' "$fingerprint" >"$FINGERPRINT"
say "model trained in $((SECONDS - started)) s."
