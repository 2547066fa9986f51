#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the lead-store tests (.ci/run starts and stops it).
#
#   scripts/postgres.sh [start]   start one (or reuse the one already running) and print
#                                 LEADS_TEST_PG_URL=postgresql://user:pass@127.0.0.1:PORT/db
#   scripts/postgres.sh stop      stop it and delete its files
#
# Only that line goes to stdout; progress and errors go to stderr. Server binaries are looked
# up in /usr/lib/postgresql/*/bin and on PATH; when none are found, the Debian package
# `postgresql` is installed (needs root). The cluster lives in a temporary directory owned by
# the `postgres` OS user when run as root (initdb refuses to run as root), else by the caller;
# it listens on 127.0.0.1 on a free port, with a password-protected role and its own database.
# Where it is and how to reach it is kept in var/postgres-test.env (mode 600; LEADS_PG_STATE
# names another file, e.g. for CI) for `stop`; a second start reuses a running cluster.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
STATE=${LEADS_PG_STATE:-var/postgres-test.env}
ROLE=leads_test
DATABASE=leads_test

say() { printf '[postgres] %s\n' "$*" >&2; }
die() { printf '[postgres] error: %s\n' "$*" >&2; exit 1; }

find_bindir() {
    local dir
    for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]] && { echo "$dir"; return; }
    done
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dir=$(dirname "$(readlink -f "$(command -v initdb)")")
        [[ -x "$dir/postgres" ]] && { echo "$dir"; return; }
    fi
    return 1
}

install_server() {
    [[ $(id -u) -eq 0 ]] || die "no PostgreSQL server binaries found, and installing them needs root"
    command -v apt-get >/dev/null || die "no PostgreSQL server binaries found, and no apt-get"
    say "installing the Debian package postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
}

# Run a server program as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

free_port() {
    local port
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
        return
    fi
    for port in $(shuf -i 20000-60000 -n 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
    die "no free port found"
}

# Whether the cluster described by the state file is up and accepts our password.
running() {
    [[ -f "$STATE" ]] || return 1
    # shellcheck disable=SC1090
    source "$STATE"
    [[ -n "${PGDIR:-}" && -d "$PGDIR/data" ]] || return 1
    as_owner "$BINDIR/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1 || return 1
    PGPASSWORD=$PASSWORD PGCONNECT_TIMEOUT=5 "$BINDIR/psql" -X -q -h 127.0.0.1 -p "$PORT" \
        -U "$ROLE" -d "$DATABASE" -c 'select 1' >/dev/null 2>&1
}

stop() {
    if [[ ! -f "$STATE" ]]; then
        say "no test cluster recorded in $STATE: nothing to stop"
        return 0
    fi
    # shellcheck disable=SC1090
    source "$STATE"
    if [[ -n "${PGDIR:-}" && -d "$PGDIR/data" ]]; then
        if as_owner "$BINDIR/pg_ctl" -D "$PGDIR/data" stop -m fast -w >/dev/null 2>&1; then
            say "stopped the cluster on port ${PORT:-?}"
        else
            say "the cluster in $PGDIR was not running"
        fi
    fi
    [[ -n "${PGDIR:-}" && "$PGDIR" == */leads-pg.* ]] && rm -rf "$PGDIR"
    rm -f "$STATE"
}

start() {
    if running; then
        say "reusing the test cluster already running on port $PORT"
        echo "LEADS_TEST_PG_URL=postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
        return 0
    fi
    [[ -f "$STATE" ]] && { say "removing a stale test cluster"; stop; }

    BINDIR=$(find_bindir) || { install_server; BINDIR=$(find_bindir) || die "no server binaries after installing postgresql"; }
    say "server binaries: $BINDIR ($("$BINDIR/postgres" --version))"
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi

    PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/leads-pg.XXXXXX")
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres: "$PGDIR"
        if ! as_owner test -w "$PGDIR"; then  # a TMPDIR the postgres user cannot reach
            rm -rf "$PGDIR"
            PGDIR=$(mktemp -d /tmp/leads-pg.XXXXXX)
            chown postgres: "$PGDIR"
        fi
    fi
    PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    mkdir -p "$(dirname "$STATE")"
    (umask 077 && printf 'BINDIR=%q\nPGDIR=%q\nPORT=\nPASSWORD=%q\n' \
        "$BINDIR" "$PGDIR" "$PASSWORD" >"$STATE")  # so that `stop` cleans up a failed start

    local superuser=postgres
    as_owner "$BINDIR/initdb" -D "$PGDIR/data" -U "$superuser" --auth-local=trust \
        --auth-host=scram-sha-256 --no-locale -E UTF8 --no-sync >"$PGDIR/initdb.log" 2>&1 \
        || { cat "$PGDIR/initdb.log" >&2; die "initdb failed"; }

    # A free port can be taken between the check and the start: try a few.
    local attempt started=
    for attempt in 1 2 3 4 5; do
        PORT=$(free_port)
        if as_owner "$BINDIR/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 start \
            -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off" >/dev/null 2>&1; then
            started=1
            break
        fi
        say "could not start on port $PORT (attempt $attempt)"
    done
    [[ -n "$started" ]] || { tail -n 20 "$PGDIR/server.log" >&2 || true; die "the server did not start"; }
    (umask 077 && printf 'BINDIR=%q\nPGDIR=%q\nPORT=%q\nPASSWORD=%q\n' \
        "$BINDIR" "$PGDIR" "$PORT" "$PASSWORD" >"$STATE")

    local admin=("$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGDIR" -p "$PORT" -U "$superuser")
    as_owner "${admin[@]}" -d postgres \
        -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'" \
        -c "CREATE DATABASE $DATABASE OWNER $ROLE" >&2 || die "could not create the role and database"

    # Wait until a password login over TCP works (the server is up already; this is the proof).
    local waited
    for waited in $(seq 1 60); do
        PGPASSWORD=$PASSWORD PGCONNECT_TIMEOUT=5 "$BINDIR/psql" -X -q -h 127.0.0.1 -p "$PORT" \
            -U "$ROLE" -d "$DATABASE" -c 'select 1' >/dev/null 2>&1 && break
        [[ $waited -eq 60 ]] && die "the server does not accept connections on port $PORT"
        sleep 0.5
    done
    say "test cluster ready on 127.0.0.1:$PORT (data in $PGDIR; stop with scripts/postgres.sh stop)"
    echo "LEADS_TEST_PG_URL=postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) die "usage: scripts/postgres.sh [start|stop]" ;;
esac
