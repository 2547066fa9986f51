#!/usr/bin/env bash
# Debian packages the project needs beyond Python and npm, installed when missing (needs root).
#
#   scripts/system-packages.sh pdf       fonts-dejavu-core: the fonts embedded in the estimate PDF
#   scripts/system-packages.sh browser   the above, plus chromium for the browser tests
#
# `make run` checks the PDF fonts (scripts/run.sh); .ci/run installs the browser set before
# `make test`. Each package is installed only if its file is missing, so a second run is instant.
set -euo pipefail

say() { printf '[system-packages] %s\n' "$*" >&2; }
die() { printf '[system-packages] error: %s\n' "$*" >&2; exit 1; }

# package -> a file it installs
declare -A PROVIDES=(
  [fonts-dejavu-core]=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  [chromium]=/usr/bin/chromium
)
case "${1:-pdf}" in
  pdf) wanted=(fonts-dejavu-core) ;;
  browser) wanted=(fonts-dejavu-core chromium) ;;
  *) die "usage: scripts/system-packages.sh [pdf|browser]" ;;
esac

missing=()
for package in "${wanted[@]}"; do
  [[ -e "${PROVIDES[$package]}" ]] || missing+=("$package")
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
done
