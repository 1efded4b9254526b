#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the back-office page's browser test.
# Idempotent: does nothing when it is already there. Never downloads a browser build of its own
# (playwright-core drives the system Chromium).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[setup-browser] installing Debian's chromium (for the back-office browser test)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  if [ -x "$CHROMIUM" ]; then
    echo "[setup-browser] $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed at $CHROMIUM" >&2
    exit 0
  fi
  echo "[setup-browser] apt-get install chromium finished but $CHROMIUM is missing." >&2
  exit 1
fi

cat >&2 <<MSG
[setup-browser] $CHROMIUM is missing and this script cannot install it (needs root and apt-get).
  Install Debian's Chromium yourself:  sudo apt-get update && sudo apt-get install -y chromium
  The back-office browser test (test/s360/backoffice.browser.test.ts) needs it.
MSG
exit 1
