# Shared by scripts/run.sh and scripts/cluster.sh (sourced after `say`, `die`, PY, LOG_DIR,
# STARTUP_TIMEOUT and WEB_PORT are set): the website's npm packages and fonts, the API token, and supervised
# services that stop together.

install_widget_client() {  # the npm packages of web/package-lock.json, then the PDF fonts
  # The widget's socket.io client; the browser-test tools (playwright-core, axe-core).
  if [[ ! -f web/node_modules/socket.io-client/dist/socket.io.min.js || ! -d web/node_modules/playwright-core \
        || ! -f web/node_modules/axe-core/axe.min.js ]]; then
    command -v npm >/dev/null || die "npm is needed to install the chat widget's socket.io client (e.g. apt-get install npm)."
    say "installing the widget's npm packages (npm ci) ..."
    npm ci --prefix web --no-audit --no-fund >"$LOG_DIR/npm.log" 2>&1 \
      || { tail -n 20 "$LOG_DIR/npm.log" >&2; die "npm ci failed, see $LOG_DIR/npm.log."; }
  fi
  bash scripts/system-packages.sh pdf || die "the estimate PDF needs Debian's fonts-dejavu-core."
}

actions_token() {  # exports ACTIONS_TOKEN, random unless given (Rasa's guard and the actions)
  if [[ -z "${ACTIONS_TOKEN:-}" ]]; then ACTIONS_TOKEN=$("$PY" scripts/runtools.py token); fi
  export ACTIONS_TOKEN
}

api_token() {  # sets RASA_TOKEN (random unless given), token_shown and token_query
  if [[ -n "${RASA_TOKEN:-}" ]]; then
    token_shown="(from RASA_TOKEN)"
  else
    RASA_TOKEN=$("$PY" scripts/runtools.py token)
    token_shown="$RASA_TOKEN  (generated for this run; set RASA_TOKEN to choose one)"
  fi
  token_query=$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$RASA_TOKEN")
}

pids=()
names=()

start() {  # start NAME LOG COMMAND...: keep COMMAND running in the background, output to LOG
  local name=$1 log=$2
  shift 2
  : >"$log"
  "$PY" scripts/supervise.py --name "$name" --log "$log" -- "$@" &
  pids+=("$!")
  names+=("$name")
}

# shellcheck disable=SC2317  # invoked through trap
stop_all() {  # stop every service started with `start`, then run STOP_HOOK if set
  trap - EXIT INT TERM
  if ((${#pids[@]})); then
    say "stopping ..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    local _ alive pid
    for _ in $(seq 1 40); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      ((alive)) || break
      sleep 0.5
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
  fi
  if [[ -n "${STOP_HOOK:-}" ]]; then "$STOP_HOOK"; fi
}

local_host() { case "$1" in 0.0.0.0|::) echo 127.0.0.1 ;; *) echo "$1" ;; esac; }

wait_ready() {  # wait_ready INDEX URL LOG: until the service answers URL with 2xx
  local index=$1 url=$2 log=$3
  if ! "$PY" scripts/runtools.py wait-http "$url" "${names[$index]}" "${pids[$index]}" "$STARTUP_TIMEOUT"; then
    tail -n 30 "$log" >&2
    die "${names[$index]} did not start, see $log."
  fi
  say "${names[$index]} is up ($((SECONDS - started)) s)."
}

run_until_stopped() {  # wait until interrupted, or until a supervisor gives up (then stop all)
  set +e
  wait -n "${pids[@]}"
  set -e
  local i
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      printf '[run] error: the %s stopped, see its log in %s/.\n' "${names[$i]}" "$LOG_DIR" >&2
    fi
  done
  exit 1
}
