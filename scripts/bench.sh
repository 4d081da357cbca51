#!/usr/bin/env bash
#
# bench.sh: what `make bench` runs. Starts a throwaway PostgreSQL, builds cms
# and bench, migrates, bulk-seeds a newsroom, starts `cms serve` on a free
# loopback port, creates an editor, and runs `bench run`, which measures each
# scenario and its ceiling and writes docs/benchmarks.json and the table in
# docs/benchmarks.md. Stops everything it started, whatever happens.
#
# Usage: scripts/bench.sh
# Environment:
#   BENCH_ARTICLES   articles to seed (default 100000)
#   BENCH_DURATION   recorded time of each scenario (default 15s)
#   BENCH_CONNECTIONS  concurrent connections (default 64)
#   BENCH_GOMEMLIMIT the backend's soft memory limit (default 200MiB)
#   BENCH_PPROF=1    also serve pprof on a free loopback port (CMS_PPROF_ADDR)
#                    and keep the profiles of the run in bench-profiles/
#
# The numbers depend on what else runs on the machine: the report records
# the load average. Run it on a quiet machine.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib-services.sh
source scripts/lib-services.sh

articles="${BENCH_ARTICLES:-100000}"
duration="${BENCH_DURATION:-15s}"
connections="${BENCH_CONNECTIONS:-64}"

work="$(mktemp -d "${TMPDIR:-/tmp}/cms-bench.XXXXXX")"
cms_pid=""
profiler_pids=()

bench_stop() {
	local pid
	for pid in "${profiler_pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	if [[ -n $cms_pid ]] && kill -0 "$cms_pid" 2>/dev/null; then
		kill -TERM "$cms_pid" 2>/dev/null || true
		local _
		for _ in $(seq 40); do
			kill -0 "$cms_pid" 2>/dev/null || break
			sleep 0.25
		done
		kill -KILL "$cms_pid" 2>/dev/null || true
		wait "$cms_pid" 2>/dev/null || true
	fi
	cms_services_stop
	rm -rf "$work"
}
trap bench_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$SECONDS
echo "==> building cms and bench"
(cd backend && go build -o "$work/cms" ./cmd/cms && go build -o "$work/bench" ./cmd/bench)

# Durable PostgreSQL, as in production (the test suite's cluster skips the
# disk flush on commit, which would flatter every write measured here).
CMS_PG_DURABLE=1 cms_start_postgres
cms_services_describe

# The backend's settings: a database of its own, media in the work dir,
# quiet logs. The delivery API's per-client rate limit is off: all the load
# comes from one address here, where in production it comes from a CDN's
# many, or is limited there.
export CMS_DATABASE_URL="${CMS_TEST_POSTGRES_URL/\/postgres\?/\/bench?}"
"$CMS_PG_BINDIR/psql" -q "$CMS_TEST_POSTGRES_URL" -c "CREATE DATABASE bench" >/dev/null
export CMS_STORAGE=local CMS_STORAGE_DIR="$work/media"
export CMS_LOG_LEVEL=warn CMS_DELIVERY_RATE=0
export CMS_DEMO_PASSWORD
CMS_DEMO_PASSWORD="$(cms_random_hex)"

echo "==> migrating and seeding $articles articles"
"$work/cms" migrate
seed_start=$SECONDS
"$work/cms" seed --bulk --articles "$articles" --sections 20 --stories 200 --tags 5000 |
	grep -v '^  \(created\|exists\) ' || { echo "seed failed" >&2; exit 1; }
seed_seconds=$((SECONDS - seed_start))
echo "==> seeded in ${seed_seconds}s"

email=bench@newsroom.example
password="$(cms_random_hex)"
printf '%s\n' "$password" | "$work/cms" user create --email "$email" --name "Bench Editor" \
	--role editor --role admin --password-stdin

port="$(cms_free_port)"
export CMS_HTTP_ADDR="127.0.0.1:$port"
if [[ ${BENCH_PPROF:-0} == 1 ]]; then
	export CMS_PPROF_ADDR="127.0.0.1:$(cms_free_port)"
fi
echo "==> starting cms serve on $CMS_HTTP_ADDR"
# GOMEMLIMIT is how a Go service is told its memory budget, as a container's
# limit would: the GC then works harder near it instead of letting the heap
# grow to twice what is live (the response cache alone may hold 64 MiB).
GOMEMLIMIT="${BENCH_GOMEMLIMIT:-200MiB}" "$work/cms" serve >"$work/serve.log" 2>&1 &
cms_pid=$!

if [[ -n ${CMS_PPROF_ADDR:-} ]]; then
	# Profiles of the whole measurement (the read scenarios come first).
	mkdir -p bench-profiles
	(sleep 20 && curl -fsS -o bench-profiles/cpu-reads.pprof "http://$CMS_PPROF_ADDR/debug/pprof/profile?seconds=60") &
	profiler_pids+=($!)
fi

BENCH_PASSWORD="$password" "$work/bench" run --base "http://$CMS_HTTP_ADDR" --pid "$cms_pid" --email "$email" \
	--connections "$connections" --duration "$duration" --database-url "$CMS_DATABASE_URL" \
	--articles "$articles" --seed-seconds "$seed_seconds" \
	--database "PostgreSQL $("$CMS_PG_BINDIR/postgres" --version | awk '{print $3}')" \
	--json docs/benchmarks.json --markdown docs/benchmarks.md

if ! kill -0 "$cms_pid" 2>/dev/null; then
	echo "cms serve died during the run; its log:" >&2
	tail -n 50 "$work/serve.log" >&2
	exit 1
fi
if grep -q '"level":"ERROR"' "$work/serve.log"; then
	echo "==> the backend logged errors:" >&2
	grep '"level":"ERROR"' "$work/serve.log" | head -n 5 >&2
fi
echo "==> done in $((SECONDS - started))s; results in docs/benchmarks.md and docs/benchmarks.json"
