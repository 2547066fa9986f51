#!/usr/bin/env bash
# The two-instance set-up on this machine (`make run-cluster`): PostgreSQL (tracker store and
# leads), Redis (lock store), the action server, two Rasa instances, HAProxy in front of them,
# and the website, all on 127.0.0.1, from Debian packages (installed when missing, as root).
# Each service is supervised like in `make run`; Ctrl-C (or SIGTERM) stops everything, and
# stops and deletes the PostgreSQL and Redis servers this script started.
#
# Settings come from the environment through bot/settings.py (`python -m bot.settings --shell`;
# names and defaults: README, Configuration): LB_PORT and RASA_INSTANCE_PORTS (the load balancer
# and the two Rasa instances), ACTIONS_PORT, WEB_PORT, RASA_TOKEN, ACTIONS_TOKEN; here
# STARTUP_TIMEOUT defaults to 600 and TICKET_LOCK_LIFETIME to 20. Without TRACKER_DB_URL or
# REDIS_URL, a new local PostgreSQL or Redis server is started; LEADS_DB_URL defaults to
# TRACKER_DB_URL.
# Logs: var/log/cluster-*.log. Where the servers are: var/cluster.env (mode 600).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export RASA_TELEMETRY_ENABLED=false
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
RASA="$VENV/bin/rasa"
MODEL=models/assistant.tar.gz
LOG_DIR=var/log
STATE_DIR=var/cluster
export STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-600}
export TICKET_LOCK_LIFETIME=${TICKET_LOCK_LIFETIME:-20}

say() { printf '[cluster] %s\n' "$*"; }
die() { printf '[cluster] error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=scripts/stack.sh
source scripts/stack.sh
# shellcheck source=scripts/services.sh
source scripts/services.sh

[[ -x "$PY" && -x "$RASA" ]] || die "no virtual environment in $VENV: run \`make setup\` first."
# Every setting checked at once (one line naming the variable on error); the values used here.
shell_settings=$("$PY" -m bot.settings --shell) || exit 1
eval "$shell_settings"
read -r -a rasa_ports <<<"$RASA_INSTANCE_PORTS"
for port in "$LB_PORT" "${rasa_ports[@]}" "$ACTIONS_PORT" "$WEB_PORT"; do
  "$PY" scripts/runtools.py check-port 127.0.0.1 "$port" "cluster" || exit 1
done
mkdir -p var "$LOG_DIR" "$STATE_DIR"
bash scripts/system-packages.sh cluster || die "the cluster needs Debian's haproxy and redis-server"

# Servers this script starts are stopped (and their files deleted) when it stops.
export LEADS_PG_STATE="$STATE_DIR/postgres.env" REDIS_STATE="$STATE_DIR/redis.env"
own_servers=()
# shellcheck disable=SC2317  # invoked through stop_all
stop_servers() {
  local server
  for server in "${own_servers[@]}"; do bash "scripts/$server.sh" stop || true; done
}
STOP_HOOK=stop_servers
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -z "${TRACKER_DB_URL:-}" ]]; then
  own_servers+=(postgres)
  line=$(bash scripts/postgres.sh)
  export TRACKER_DB_URL=${line#LEADS_TEST_PG_URL=}
fi
if [[ -z "${REDIS_URL:-}" ]]; then
  own_servers+=(redis)
  line=$(bash scripts/redis.sh)
  export REDIS_URL=${line#REDIS_URL=}
fi
export LEADS_DB_URL=${LEADS_DB_URL:-$TRACKER_DB_URL}
(umask 077 && printf 'TRACKER_DB_URL=%q\nREDIS_URL=%q\nLEADS_DB_URL=%q\n' \
  "$TRACKER_DB_URL" "$REDIS_URL" "$LEADS_DB_URL" >var/cluster.env)

bash scripts/train.sh || exit 1
install_widget_client
actions_token
api_token
IFS=',' read -r -a origins <<<"$WEB_ORIGINS"  # the website's own origins and the extra ones
export RASA_PUBLIC_URL=${RASA_PUBLIC_URL:-http://127.0.0.1:$LB_PORT}

started=$SECONDS
start "action server" "$LOG_DIR/cluster-actions.log" \
  env SANIC_HOST=127.0.0.1 "$PY" -m actions.server --port "$ACTIONS_PORT"
for i in 1 2; do
  port=${rasa_ports[$((i - 1))]}
  RASA_HOST=127.0.0.1 RASA_PORT=$port \
    "$PY" scripts/runtools.py endpoints endpoints.yml "$STATE_DIR/endpoints-$i.yml" || exit 1
  start "Rasa instance $i" "$LOG_DIR/cluster-rasa-$i.log" \
    "$RASA" run --model "$MODEL" --enable-api --auth-token="$RASA_TOKEN" \
    --interface 127.0.0.1 --port "$port" --cors "${origins[@]}" \
    --endpoints "$STATE_DIR/endpoints-$i.yml" --credentials credentials.yml
done
"$PY" scripts/runtools.py haproxy-errors "$STATE_DIR/haproxy-errors"
LB_BIND=127.0.0.1:$LB_PORT RASA_1=127.0.0.1:${rasa_ports[0]} RASA_2=127.0.0.1:${rasa_ports[1]} \
  HAPROXY_ERRORS=$STATE_DIR/haproxy-errors \
  start "load balancer" "$LOG_DIR/cluster-haproxy.log" haproxy -db -f deploy/haproxy.cfg
RASA_PORT=$LB_PORT start "website" "$LOG_DIR/cluster-web.log" "$PY" web/serve.py

say "starting the action server, two Rasa instances, the load balancer and the website ..."
wait_ready 0 "http://127.0.0.1:$ACTIONS_PORT/health" "$LOG_DIR/cluster-actions.log"
wait_ready 1 "http://127.0.0.1:${rasa_ports[0]}/webhooks/health/ready" "$LOG_DIR/cluster-rasa-1.log"
wait_ready 2 "http://127.0.0.1:${rasa_ports[1]}/webhooks/health/ready" "$LOG_DIR/cluster-rasa-2.log"
wait_ready 3 "http://127.0.0.1:$LB_PORT/webhooks/health/ready" "$LOG_DIR/cluster-haproxy.log"
wait_ready 4 "http://127.0.0.1:$WEB_PORT/" "$LOG_DIR/cluster-web.log"

cat <<EOF

  The cluster is ready ($((SECONDS - started)) s). Open http://localhost:$WEB_PORT/ in a browser.

  Load balancer http://127.0.0.1:$LB_PORT  (REST, Socket.IO and the HTTP API; each conversation on one instance)
  Instances     http://127.0.0.1:${rasa_ports[0]}  http://127.0.0.1:${rasa_ports[1]}  (readiness: /webhooks/health/ready)
  API token     $token_shown
  Stores        PostgreSQL and Redis: see var/cluster.env
  Logs          $LOG_DIR/cluster-*.log
  Press Ctrl-C to stop.

EOF
run_until_stopped
