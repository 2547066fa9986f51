#!/usr/bin/env bash
# Install the Debian packages of the two-instance set-up and its checks when they are missing
# (root): haproxy (load balancer), redis-server (lock store), supervisor (deploy/supervisord.conf).
# PostgreSQL comes with scripts/postgres.sh. .ci/run calls this before the tests; the scripts
# that need a package also install it on their own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[packages] %s\n' "$*" >&2; }
die() { printf '[packages] error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=scripts/services.sh
source scripts/services.sh

command -v haproxy >/dev/null || install_debian_package haproxy haproxy
command -v redis-server >/dev/null || install_debian_package redis-server redis-server
[[ -x /usr/bin/supervisord ]] || install_debian_package supervisor supervisor
say "haproxy $(haproxy -v | head -n 1 | cut -d' ' -f3), $(redis-server --version | cut -d' ' -f3), supervisor $(/usr/bin/supervisord --version)"
