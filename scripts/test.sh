#!/usr/bin/env bash
#
# test.sh: what `make test` runs. Starts a throwaway PostgreSQL and S3 server,
# runs every Go test in backend/ against them, then the admin UI tests, and
# stops everything it started, whether the tests pass, fail or are interrupted.
#
# Usage: scripts/test.sh [go test flags] [packages]
#   scripts/test.sh                       all packages
#   scripts/test.sh -run TestPublish      extra flags go to `go test`
#   scripts/test.sh ./store/...           packages are relative to backend/
# Environment:
#   VERBOSE=1     run `go test -v`
#   GOTESTFLAGS   more `go test` flags, split on spaces (e.g. '-race -timeout 20m')
#
# A missing service is a failure, never a reason to skip tests: if PostgreSQL or
# versitygw cannot start, this script stops with an error before any test runs.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib-services.sh
source scripts/lib-services.sh

trap cms_services_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cms_start_postgres
cms_start_s3
cms_log "$(go version)"
cms_services_describe
cms_log "CMS_TEST_POSTGRES_URL=$CMS_TEST_POSTGRES_URL"
cms_log "CMS_TEST_S3_ENDPOINT=$CMS_TEST_S3_ENDPOINT CMS_TEST_S3_REGION=$CMS_TEST_S3_REGION"

# --- Go -----------------------------------------------------------------------

go_flags=(-count=1) # never reuse cached results: the services are new each run
if [[ ${VERBOSE:-0} == 1 ]]; then
	go_flags+=(-v)
fi
read -r -a extra_flags <<<"${GOTESTFLAGS:-}"

# Test all packages unless the caller named some (./x or ../x).
packages=(./...)
for arg in "$@"; do
	case $arg in
	./* | ../*) packages=() ;;
	esac
done

go_test=(go test "${go_flags[@]}" "${extra_flags[@]}" "$@" "${packages[@]}")
echo "==> ${go_test[*]} (in backend/)"
# awk passes the output through unchanged and counts the per-package result
# lines (`ok  pkg`, `FAIL pkg`, `?  pkg [no test files]`) for a summary.
set +e
(cd backend && "${go_test[@]}") 2>&1 |
	awk '
		{ print; fflush() }
		/^ok[ \t]/    { ok++ }
		/^FAIL\t/     { failed++ }
		/^\?[ \t]/    { untested++ }
		END { printf "==> go test: %d packages passed, %d failed, %d without tests\n", ok, failed, untested }
	'
go_status=${PIPESTATUS[0]}
set -e

# --- Admin UI -------------------------------------------------------------------

ui_status=0
if [[ -f admin-ui/package.json ]]; then
	echo "==> npm ci && npm test (in admin-ui/)"
	if (cd admin-ui && npm ci && npm test); then
		ui_status=0
	else
		ui_status=$?
	fi
else
	echo "==> admin-ui: no package.json yet, no UI tests to run"
fi

# --- Result ---------------------------------------------------------------------

if [[ $go_status -ne 0 || $ui_status -ne 0 ]]; then
	echo "==> FAIL (go test exit $go_status, admin-ui exit $ui_status)"
	exit 1
fi
echo "==> PASS"
