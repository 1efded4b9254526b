#!/usr/bin/env bash
# Makes sure the Debian packages some tests drive are installed, and installs the missing ones in one
# apt-get run when it can (root and apt-get); otherwise says what to install and fails.
#   chromium   /usr/bin/chromium: the back-office page's browser test (playwright-core drives the
#              system Chromium; no browser build of its own is ever downloaded)
#   prometheus promtool and prometheus: the alert rules' tests and the Grafana dashboard's test
#              (deploy/prometheus, deploy/grafana)
# Idempotent: does nothing when everything is there. Usage: scripts/setup-debian-packages.sh
set -euo pipefail
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
{ command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; } || missing+=(prometheus)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[setup-debian-packages] installing Debian's ${missing[*]} (for the tests)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -x /usr/bin/chromium ] || { echo "[setup-debian-packages] /usr/bin/chromium is still missing." >&2; exit 1; }
  command -v promtool >/dev/null 2>&1 || { echo "[setup-debian-packages] promtool is still missing." >&2; exit 1; }
  echo "[setup-debian-packages] installed: ${missing[*]}" >&2
  exit 0
fi

cat >&2 <<MSG
[setup-debian-packages] missing: ${missing[*]}, and this script cannot install them (needs root and apt-get).
  Install them yourself:  sudo apt-get update && sudo apt-get install -y ${missing[*]}
  The back-office browser test needs chromium; the alert rules' and dashboard's tests need prometheus.
MSG
exit 1
