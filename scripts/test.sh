#!/usr/bin/env bash
#
# test.sh: what `make test` runs. Starts a throwaway PostgreSQL (with a
# streaming read replica) and S3 server, runs every Go test in backend/ against them and deploy/'s tests, then the admin UI tests, and
# stops everything it started, whether the tests pass, fail or are interrupted.
#
# Usage: scripts/test.sh [go test flags] [packages]
#   scripts/test.sh                       all packages
#   scripts/test.sh -run TestPublish      extra flags go to `go test`
#   scripts/test.sh ./store/...           packages are relative to backend/;
#                                         naming packages skips deploy/ and the admin UI
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
cms_start_postgres_replica
cms_start_s3
cms_log "$(go version)"
cms_services_describe
cms_log "CMS_TEST_POSTGRES_URL=$CMS_TEST_POSTGRES_URL"
cms_log "CMS_TEST_POSTGRES_REPLICA_URL=$CMS_TEST_POSTGRES_REPLICA_URL"
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

# deploy/ is a Go module of its own (the Kubernetes and Compose loaders that
# check the deployment files); it runs when the caller named no backend
# packages. It has nginx check nginx.conf and promtool the alert rules: both
# come from apt on a fresh machine (nginx-light; promtool is in prometheus,
# whose service apt does not start here).
deploy_test=()
if [[ ${#packages[@]} -gt 0 ]]; then
	deploy_test=(go test "${go_flags[@]}" "${extra_flags[@]}" "$@" ./...)
	deploy_apt=()
	if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
		deploy_apt+=(nginx-light)
	fi
	if ! command -v promtool >/dev/null 2>&1; then
		deploy_apt+=(prometheus)
	fi
	if [[ ${#deploy_apt[@]} -gt 0 ]]; then
		echo "==> installing ${deploy_apt[*]} (apt) for deploy/'s checks"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${deploy_apt[@]}" >/dev/null
	fi
fi

go_tests() {
	echo "==> ${go_test[*]} (in backend/)"
	(cd backend && "${go_test[@]}")
	local backend_status=$? deploy_status=0 start=$SECONDS
	if [[ ${#deploy_test[@]} -gt 0 ]]; then
		echo "==> ${deploy_test[*]} (in deploy/)"
		(cd deploy && "${deploy_test[@]}")
		deploy_status=$?
		echo "==> deploy/ took $((SECONDS - start))s, module download and compile included"
	fi
	[[ $backend_status -eq 0 && $deploy_status -eq 0 ]]
}

# awk passes the output through unchanged and counts the per-package result
# lines (`ok  pkg`, `FAIL pkg`, `?  pkg [no test files]`) of both modules for
# a summary.
set +e
go_tests 2>&1 |
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
if [[ ${#packages[@]} -eq 0 ]]; then
	echo "==> admin-ui: skipped, this run named Go packages (run scripts/test.sh without packages for everything)"
elif [[ -f admin-ui/package.json ]]; then
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
