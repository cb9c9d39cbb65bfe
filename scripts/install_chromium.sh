#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright cannot download browsers here).
set -euo pipefail
if command -v chromium >/dev/null || [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
