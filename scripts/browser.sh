#!/usr/bin/env bash
#
# browser.sh: make sure Debian's Chromium is installed for the admin UI's
# browser tests (Playwright drives it through playwright-core; no test tool
# ever downloads a browser of its own). Idempotent: does nothing when
# /usr/bin/chromium exists. Installing needs root (as in CI) or sudo.
set -euo pipefail

CHROMIUM="${CMS_CHROMIUM:-/usr/bin/chromium}"

if [[ -x $CHROMIUM ]]; then
	exit 0
fi
if command -v chromium >/dev/null 2>&1; then
	exit 0
fi

echo "browser: installing Debian's chromium (apt-get)..." >&2
run_root() {
	if [[ $EUID -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "browser: error: chromium is missing and this user cannot install it; run: sudo apt-get install -y chromium" >&2
		exit 1
	fi
}
run_root apt-get update -qq
run_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
if [[ ! -x $CHROMIUM ]]; then
	echo "browser: error: apt installed chromium, but $CHROMIUM is missing" >&2
	exit 1
fi
echo "browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium)" >&2
