#!/usr/bin/env bash
# Make sure models/assistant.tar.gz is trained from the current domain, config and data:
# retrain only when they changed (fingerprint in models/.fingerprint) or the model is missing.
# Used by scripts/run.sh and scripts/cluster.sh. Log: var/log/train.log.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export RASA_TELEMETRY_ENABLED=false
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
RASA="$VENV/bin/rasa"
MODEL=models/assistant.tar.gz
FINGERPRINT=models/.fingerprint
LOG_DIR=var/log

say() { printf '[run] %s\n' "$*"; }
die() { printf '[run] error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$LOG_DIR" models
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
