#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium (browser tests), poppler-utils (pdftoppm for
# PDF page checks), a deterministic font for WeasyPrint and HarfBuzz's subsetter (without it
# WeasyPrint subsets fonts with fontTools: about 250 ms more per PDF). Installs only what is missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v pg_dump >/dev/null 2>&1 || need+=(postgresql-client)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || need+=(libharfbuzz-subset0)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing missing system packages: ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "ERROR: need root (or sudo) to install: ${need[*]}" >&2; exit 1
  fi
else
  SUDO=""
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
