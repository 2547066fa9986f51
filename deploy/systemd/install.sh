#!/usr/bin/env bash
# Install the systemd units for this checkout (root):
#
#   deploy/systemd/install.sh [USER] [UNIT_DIR]
#
# USER runs the services [assistant]; UNIT_DIR [/etc/systemd/system]. The units read their
# settings from var/assistant.env of this checkout (README: Configuration; a template is
# written if missing, mode 600). Then, for example:
#   systemctl daemon-reload
#   systemctl enable --now assistant-actions assistant-rasa@5006 assistant-rasa@5007 \
#       assistant-health@5006.timer assistant-health@5007.timer assistant-web
# and HAProxy from Debian with deploy/haproxy.cfg (README: Running it as a service).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
USER_NAME=${1:-assistant}
UNIT_DIR=${2:-/etc/systemd/system}
mkdir -p "$UNIT_DIR" var
for unit in deploy/systemd/*.service deploy/systemd/*.timer; do
  sed -e "s|@ROOT@|$ROOT|g" -e "s|@USER@|$USER_NAME|g" "$unit" >"$UNIT_DIR/$(basename "$unit")"
done
if [[ ! -f var/assistant.env ]]; then
  (umask 077 && cat >var/assistant.env <<ENV
ACTIONS_PORT=5055
WEB_PORT=8000

RASA_PUBLIC_URL=http://localhost:5005
WEB_ORIGINS=http://localhost:8000
RASA_TOKEN=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
ACTIONS_TOKEN=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
# TRACKER_DB_URL=postgresql://assistant:password@127.0.0.1/assistant
# REDIS_URL=redis://:password@127.0.0.1:6379/0
# LEADS_DB_URL=postgresql://assistant:password@127.0.0.1/assistant
ENV
  )
fi
echo "units written to $UNIT_DIR; settings in $ROOT/var/assistant.env"
