#!/usr/bin/env bash
# Makes sure Debian's Chromium, which the UI tests drive with playwright-core, is installed at /usr/bin/chromium.
# Installs it with apt-get when missing and running as root; fails loudly otherwise.
set -euo pipefail
path="${STEWARD_TEST_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$path" ]; then echo "Chromium found at $path"; exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing; installing Debian's chromium package (apt-get install -y chromium)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x "$path" ] && { echo "Chromium installed at $path"; exit 0; }
fi
echo "ERROR: the UI tests need Chromium at $path." >&2
echo "Install it with 'apt-get install -y chromium' (as root), or set STEWARD_TEST_CHROMIUM to a Chromium binary." >&2
exit 1
