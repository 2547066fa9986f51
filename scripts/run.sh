#!/usr/bin/env bash
# Bring up the whole assistant: train the model if missing or stale, then start the action server,
# the Rasa server (REST + Socket.IO, HTTP API behind a token) and the demo website with the chat
# widget. Ctrl-C (or SIGTERM) stops all three. Called by `make run` after `make setup`;
# `scripts/run.sh --train-only` stops after the model (`make bench-load` uses it).
#
# Settings (ports, hosts, RASA_TOKEN, tracker and lock stores, leads, ...) come from the
# environment through bot/settings.py, which checks them all and prints the values this script
# uses (`python -m bot.settings --shell`); names and defaults: README, Configuration. The action
# server always binds 127.0.0.1; without RASA_TOKEN a random token is generated and printed.
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

# 2. The npm packages (package-lock.json): the widget's socket.io client, and the browser-test
#    tools (playwright-core, axe-core); the fonts of the estimate PDF from Debian.
if [[ ! -f web/node_modules/socket.io-client/dist/socket.io.min.js || ! -d web/node_modules/playwright-core \
      || ! -f web/node_modules/axe-core/axe.min.js ]]; then
  command -v npm >/dev/null || die "npm is needed to install the chat widget's socket.io client (e.g. apt-get install npm)."
  say "installing the widget's npm packages (npm ci) ..."
  npm ci --prefix web --no-audit --no-fund >"$LOG_DIR/npm.log" 2>&1 \
    || { tail -n 20 "$LOG_DIR/npm.log" >&2; die "npm ci failed, see $LOG_DIR/npm.log."; }
fi

bash scripts/system-packages.sh pdf || die "the estimate PDF needs Debian's fonts-dejavu-core."

# 3. Endpoints for this run: action server port, tracker store and lock store from the environment.
"$PY" scripts/runtools.py endpoints endpoints.yml var/endpoints.yml || exit 1

if [[ -n "$RASA_TOKEN" ]]; then
  token_shown="(from RASA_TOKEN)"
else
  RASA_TOKEN=$("$PY" scripts/runtools.py token)
  token_shown="$RASA_TOKEN  (generated for this run; set RASA_TOKEN to choose one)"
fi
token_query=$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$RASA_TOKEN")

IFS=',' read -r -a origins <<<"$WEB_ORIGINS"  # the website's own origins and the extra ones

# 4. Start the three services; stop them all on exit, Ctrl-C or SIGTERM.
pids=()
names=()
# shellcheck disable=SC2317  # invoked through trap
cleanup() {
  trap - EXIT INT TERM
  if ((${#pids[@]})); then
    say "stopping ..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 30); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      ((alive)) || break
      sleep 0.5
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start() {  # start NAME LOG COMMAND...: run COMMAND in the background, output to LOG
  local name=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1 &
  pids+=("$!")
  names+=("$name")
}

started=$SECONDS
start "action server" "$LOG_DIR/actions.log" \
  env SANIC_HOST="$ACTIONS_HOST" "$PY" -m actions.server --port "$ACTIONS_PORT"
start "Rasa server" "$LOG_DIR/rasa.log" \
  "$RASA" run --model "$MODEL" --enable-api --auth-token="$RASA_TOKEN" \
  --interface "$RASA_HOST" --port "$RASA_PORT" --cors "${origins[@]}" \
  --endpoints var/endpoints.yml --credentials credentials.yml
start "website" "$LOG_DIR/web.log" "$PY" web/serve.py

local_host() { case "$1" in 0.0.0.0|::) echo 127.0.0.1 ;; *) echo "$1" ;; esac; }
wait_ready() {  # wait_ready INDEX URL LOG
  local index=$1 url=$2 log=$3
  if ! "$PY" scripts/runtools.py wait-http "$url" "${names[$index]}" "${pids[$index]}" "$STARTUP_TIMEOUT"; then
    tail -n 30 "$log" >&2
    die "${names[$index]} did not start, see $log."
  fi
  say "${names[$index]} is up ($((SECONDS - started)) s)."
}
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

# 5. Run until interrupted or until one service exits (then stop the others).
set +e
wait -n "${pids[@]}"
set -e
for i in "${!pids[@]}"; do
  if ! kill -0 "${pids[$i]}" 2>/dev/null; then
    printf '[run] error: the %s exited, see its log in %s/.\n' "${names[$i]}" "$LOG_DIR" >&2
  fi
done
exit 1
