#!/usr/bin/env bash
# Bring up the whole assistant: train the model if missing or stale, then start the action server,
# the Rasa server (REST + Socket.IO, HTTP API behind a token) and the demo website with the chat
# widget. Each service is restarted when it crashes (scripts/supervise.py: backoff, one line on
# stderr each time); Ctrl-C (or SIGTERM) stops all three. Called by `make run` after `make setup`;
# `scripts/run.sh --train-only` stops after the model (`make bench-load` uses it).
#
# Settings (ports, hosts, RASA_TOKEN, tracker and lock stores, leads, ...) come from the
# environment through bot/settings.py, which checks them all and prints the values this script
# uses (`python -m bot.settings --shell`); names and defaults: README, Configuration. The action
# server always binds 127.0.0.1; without RASA_TOKEN a random token is generated and printed, without
# ACTIONS_TOKEN (shared by Rasa's action guard and the action server) a random one is used.
# Logs: var/log/{train,actions,rasa,web}.log.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=.venv
PY="$VENV/bin/python"
RASA="$VENV/bin/rasa"
ACTIONS_HOST=127.0.0.1
MODEL=models/assistant.tar.gz
LOG_DIR=var/log

say() { printf '[run] %s\n' "$*"; }
die() { printf '[run] error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=scripts/stack.sh
source scripts/stack.sh

[[ -x "$PY" && -x "$RASA" ]] || die "no virtual environment in $VENV: run \`make setup\` first."
# Every setting checked at once (one line naming the variable on error); the values used here.
shell_settings=$("$PY" -m bot.settings --shell) || exit 1
eval "$shell_settings"

# Fail early, before training, when a port is taken.
TRAIN_ONLY=$([[ ${1:-} == --train-only ]] && echo 1 || true)
if [[ -z $TRAIN_ONLY ]]; then
  "$PY" scripts/runtools.py check-port "$ACTIONS_HOST" "$ACTIONS_PORT" "action server, ACTIONS_PORT" \
    && "$PY" scripts/runtools.py check-port "$RASA_HOST" "$RASA_PORT" "Rasa server, RASA_PORT" \
    && "$PY" scripts/runtools.py check-port "$WEB_HOST" "$WEB_PORT" "website, WEB_PORT" \
    || exit 1
fi

mkdir -p var "$LOG_DIR" models

# 1. Model: retrain only when domain, config or data changed (or the model is missing).
bash scripts/train.sh || exit 1

[[ -z $TRAIN_ONLY ]] || exit 0

# 2. The npm packages (the widget's socket.io client, the browser-test tools) and the PDF fonts.
install_widget_client

# 3. Endpoints for this run: Rasa's action guard, tracker store and lock store from the
#    environment. Rasa, its guard and the action server share ACTIONS_TOKEN (new each run).
actions_token
"$PY" scripts/runtools.py endpoints endpoints.yml var/endpoints.yml || exit 1

api_token
IFS=',' read -r -a origins <<<"$WEB_ORIGINS"  # the website's own origins and the extra ones

# 4. Start the three services; stop them all on exit, Ctrl-C or SIGTERM.
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$SECONDS
start "action server" "$LOG_DIR/actions.log" \
  env SANIC_HOST="$ACTIONS_HOST" "$PY" -m actions.server --port "$ACTIONS_PORT"
start "Rasa server" "$LOG_DIR/rasa.log" \
  "$RASA" run --model "$MODEL" --enable-api --auth-token="$RASA_TOKEN" \
  --interface "$RASA_HOST" --port "$RASA_PORT" --cors "${origins[@]}" \
  --endpoints var/endpoints.yml --credentials credentials.yml
start "website" "$LOG_DIR/web.log" "$PY" web/serve.py

say "starting the action server, the Rasa server and the website (Rasa needs a minute) ..."
wait_ready 2 "http://$(local_host "$WEB_HOST"):$WEB_PORT/" "$LOG_DIR/web.log"
wait_ready 0 "http://$ACTIONS_HOST:$ACTIONS_PORT/health" "$LOG_DIR/actions.log"
wait_ready 1 "http://$(local_host "$RASA_HOST"):$RASA_PORT/status?token=$token_query" "$LOG_DIR/rasa.log"

leads_store="var/leads.sqlite3"
[[ "$LEADS_DB_IS_DEFAULT" == true ]] || leads_store="LEADS_DB_URL"  # may hold a password: not printed
if [[ -n "$SMTP_HOST" ]]; then
  leads_mail="emailed via ${SMTP_HOST}:${SMTP_PORT}"
else
  leads_mail="not emailed (SMTP_HOST is unset)"
fi

cat <<EOF

  The assistant is ready ($((SECONDS - started)) s). Open http://localhost:$WEB_PORT/ in a browser.

  Rasa server   http://$RASA_HOST:$RASA_PORT  (REST: /webhooks/rest/webhook, Socket.IO: /socket.io)
  API token     $token_shown
  Actions       http://$ACTIONS_HOST:$ACTIONS_PORT/webhook
  Leads         stored in $leads_store, $leads_mail
  Logs          $LOG_DIR/{actions,rasa,web}.log
  Press Ctrl-C to stop.

EOF

# 5. Run until interrupted. A service that crashes is restarted by its supervisor (one line
#    each time); one that refuses its settings (exit 2) stops everything.
run_until_stopped
