#!/usr/bin/env bash
# Debian packages the project needs beyond Python and npm, installed when missing (needs root).
#
#   scripts/system-packages.sh pdf       fonts-dejavu-core: the fonts embedded in the estimate PDF
#   scripts/system-packages.sh browser   the above, plus chromium for the browser tests
#   scripts/system-packages.sh cluster   haproxy, redis-server and supervisor: the two-instance
#                                        set-up (`make run-cluster`) and its deployment checks
#
# Several sets may be named at once. `make run` checks the PDF fonts (scripts/run.sh), the
# cluster and deploy scripts their own set; .ci/run installs `browser cluster` before
# `make test`. Each package is installed only if its file is missing, so a second run is
# instant. PostgreSQL comes with scripts/postgres.sh.
set -euo pipefail

say() { printf '[system-packages] %s\n' "$*" >&2; }
die() { printf '[system-packages] error: %s\n' "$*" >&2; exit 1; }

# package -> a file it installs
declare -A PROVIDES=(
  [fonts-dejavu-core]=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  [chromium]=/usr/bin/chromium
  [haproxy]=/usr/sbin/haproxy
  [redis-server]=/usr/bin/redis-server
  [supervisor]=/usr/bin/supervisord
)
# package -> the system-wide service Debian starts with it: stopped, since the project's own
# servers run on ports of their own.
declare -A SERVICE=([haproxy]=haproxy [redis-server]=redis-server [supervisor]=supervisor)

wanted=()
for set in "${@:-pdf}"; do
  case "$set" in
    pdf) wanted+=(fonts-dejavu-core) ;;
    browser) wanted+=(fonts-dejavu-core chromium) ;;
    cluster) wanted+=(haproxy redis-server supervisor) ;;
    *) die "usage: scripts/system-packages.sh [pdf|browser|cluster ...]" ;;
  esac
done

missing=()
for package in "${wanted[@]}"; do
  [[ -e "${PROVIDES[$package]}" || " ${missing[*]} " == *" $package "* ]] || missing+=("$package")
done
((${#missing[@]})) || exit 0

[[ $(id -u) -eq 0 ]] || die "missing Debian packages ${missing[*]}; install them as root (apt-get install ${missing[*]})"
command -v apt-get >/dev/null || die "missing ${missing[*]}, and no apt-get to install them"
say "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Other processes may hold the dpkg lock for a while: wait up to 10 minutes for it.
apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >&2
for package in "${missing[@]}"; do
  [[ -e "${PROVIDES[$package]}" ]] || die "$package installed, but ${PROVIDES[$package]} is still missing"
  if [[ -n "${SERVICE[$package]:-}" ]] && command -v service >/dev/null; then
    service "${SERVICE[$package]}" stop >/dev/null 2>&1 || true
  fi
done
