#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (test/browser/), which drive it with
# playwright-core: no browser download from Playwright, the OS package instead. Idempotent: prints the
# browser's path and does nothing else when it is already there. Installing needs root (or sudo) and
# apt; set SLA_CHROMIUM to use another Chromium or Chrome binary.
# Usage: install-chromium.sh   (prints the path of the browser binary on its last line)
set -euo pipefail
if [ -n "${SLA_CHROMIUM:-}" ]; then
  [ -x "$SLA_CHROMIUM" ] || { echo "SLA_CHROMIUM=$SLA_CHROMIUM is not an executable" >&2; exit 1; }
  echo "$SLA_CHROMIUM"
  exit 0
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done
command -v apt-get >/dev/null || { echo "Chromium is missing and apt-get is not available: install Chromium and set SLA_CHROMIUM" >&2; exit 1; }
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "installing Chromium needs root: run 'apt-get install -y chromium' as root" >&2; exit 1; }
  sudo="sudo -n"
fi
echo "installing Chromium from the OS packages (apt-get install chromium)" >&2
# A lock held by another apt run is waited for rather than failed on.
$sudo apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends chromium >&2 || {
  $sudo apt-get -o DPkg::Lock::Timeout=300 update >&2
  $sudo apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends chromium >&2
}
[ -x /usr/bin/chromium ] || { echo "apt-get finished but /usr/bin/chromium is missing" >&2; exit 1; }
echo /usr/bin/chromium
