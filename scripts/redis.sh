#!/usr/bin/env bash
# A throw-away Redis server on loopback (lock store of the two-instance set-up and its tests).
#
#   scripts/redis.sh [start]   start one (or reuse the one running) and print
#                              REDIS_URL=redis://:password@127.0.0.1:PORT/0
#   scripts/redis.sh stop      stop it and delete its files
#
# Only that line goes to stdout. When no redis-server is found, the Debian package
# `redis-server` is installed (needs root; the service Debian starts on port 6379 is stopped
# again). The server keeps no data on disk, listens on 127.0.0.1 on a free port and wants a
# password; where it is, is kept in var/redis.env (REDIS_STATE names another file).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
STATE=${REDIS_STATE:-var/redis.env}

say() { printf '[redis] %s\n' "$*" >&2; }
die() { printf '[redis] error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=scripts/services.sh
source scripts/services.sh

running() {
    [[ -f "$STATE" ]] || return 1
    # shellcheck disable=SC1090
    source "$STATE"
    [[ -n "${PORT:-}" ]] || return 1
    REDISCLI_AUTH=$PASSWORD redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG
}

stop() {
    if [[ ! -f "$STATE" ]]; then
        say "no server recorded in $STATE: nothing to stop"
        return 0
    fi
    # shellcheck disable=SC1090
    source "$STATE"
    if [[ -n "${PORT:-}" ]] && REDISCLI_AUTH=$PASSWORD redis-cli -h 127.0.0.1 -p "$PORT" \
        shutdown nosave >/dev/null 2>&1; then
        say "stopped the server on port $PORT"
    fi
    [[ -n "${DIR:-}" && "$DIR" == */redis.* ]] && rm -rf "$DIR"
    rm -f "$STATE"
}

start() {
    if running; then
        say "reusing the server already running on port $PORT"
        echo "REDIS_URL=redis://:$PASSWORD@127.0.0.1:$PORT/0"
        return 0
    fi
    [[ -f "$STATE" ]] && { say "removing a stale server"; stop; }
    bash scripts/system-packages.sh cluster || die "the lock store needs Debian's redis-server"
    DIR=$(mktemp -d "${TMPDIR:-/tmp}/redis.XXXXXX")
    PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    mkdir -p "$(dirname "$STATE")"
    local attempt
    for attempt in 1 2 3 4 5; do
        PORT=$(free_port)
        (umask 077 && printf 'DIR=%q\nPORT=%q\nPASSWORD=%q\n' "$DIR" "$PORT" "$PASSWORD" >"$STATE")
        (umask 077 && printf 'requirepass %s\n' "$PASSWORD" >"$DIR/redis.conf")
        redis-server "$DIR/redis.conf" --bind 127.0.0.1 --port "$PORT" --dir "$DIR" \
            --save '' --appendonly no --daemonize yes --logfile "$DIR/redis.log" \
            --pidfile "$DIR/redis.pid" >/dev/null
        for _ in $(seq 1 50); do
            running && break
            sleep 0.1
        done
        if running; then
            say "server ready on 127.0.0.1:$PORT (stop with scripts/redis.sh stop)"
            echo "REDIS_URL=redis://:$PASSWORD@127.0.0.1:$PORT/0"
            return 0
        fi
        say "could not start on port $PORT (attempt $attempt)"
    done
    tail -n 20 "$DIR/redis.log" >&2 || true
    die "the server did not start"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) die "usage: scripts/redis.sh [start|stop]" ;;
esac
