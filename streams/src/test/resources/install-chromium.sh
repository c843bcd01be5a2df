#!/bin/sh
# Installs Debian's headless-capable Chromium and its matching chromedriver for the dashboard browser tests.
# Idempotent: does nothing when both are already present. Needs root (or passwordless sudo) and apt.
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core
test -x /usr/bin/chromium
test -x /usr/bin/chromedriver
