#!/usr/bin/env bash
#
# e2e/run.sh: the admin UI's browser tests against the real backend.
#
#   1. Debian's chromium is installed if missing (scripts/browser.sh);
#   2. bin/cms is built from the current backend, and the UI (vite build) into
#      the temp dir below;
#   3. `cms seed` loads the demo newsroom into a throwaway SQLite database in a
#      temp dir, and `cms serve` runs on a free 127.0.0.1 port, serving the
#      built UI at /admin/ (CMS_ADMIN_UI_DIR);
#   4. the specs in e2e/*.e2e.ts run (Vitest as the runner, playwright-core
#      driving /usr/bin/chromium); screenshots land in e2e/artifacts/;
#   5. the server is stopped by its PID and the temp dir removed, whether the
#      tests pass, fail or are interrupted.
#
# Environment: E2E_KEEP=1 keeps the temp dir (database, logs) for a look.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(cd .. && pwd)"
export PATH="$PATH:/usr/local/go/bin"

log() { printf 'e2e: %s\n' "$*" >&2; }

bash "$root/scripts/browser.sh"

log "building bin/cms"
(cd "$root" && go build -o bin/cms ./backend/cmd/cms)

tmp="$(mktemp -d "${TMPDIR:-/tmp}/cms-e2e.XXXXXX")"
pid=""
cleanup() {
	local status=$?
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	if [[ $status -ne 0 && -f $tmp/serve.log ]]; then
		log "the server's last log lines:"
		tail -n 40 "$tmp/serve.log" >&2 || true
	fi
	if [[ ${E2E_KEEP:-0} == 1 ]]; then
		log "kept $tmp"
	else
		rm -rf "$tmp"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The production build, into the temp dir: a run never serves another run's dist/.
log "building the admin UI"
npx vite build --outDir "$tmp/ui" --emptyOutDir --logLevel warn

password="e2e-$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')"
export CMS_DATABASE_URL="sqlite:$tmp/cms.db"
export CMS_STORAGE=local
export CMS_STORAGE_DIR="$tmp/media"
export CMS_DEMO_PASSWORD="$password"
export CMS_LOG_FORMAT=text

log "seeding the demo newsroom into $tmp/cms.db"
"$root/bin/cms" seed >"$tmp/seed.log" 2>&1 || {
	cat "$tmp/seed.log" >&2
	exit 1
}

# A free port: bind port 0, read what the kernel chose, release it. Another
# process could take it before cms binds, so a failed start is retried.
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

for attempt in 1 2 3; do
	port="$(free_port)"
	CMS_ADMIN_UI_DIR="$tmp/ui" "$root/bin/cms" serve --http-addr "127.0.0.1:$port" </dev/null >"$tmp/serve.log" 2>&1 &
	pid=$!
	ready=0
	for _ in $(seq 100); do
		if ! kill -0 "$pid" 2>/dev/null; then
			break
		fi
		if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/readyz"; then
			ready=1
			break
		fi
		sleep 0.2
	done
	if [[ $ready == 1 ]]; then
		break
	fi
	if kill -0 "$pid" 2>/dev/null; then
		log "cms serve did not become ready in 20s"
		exit 1
	fi
	pid=""
	if grep -q 'address already in use' "$tmp/serve.log" && [[ $attempt -lt 3 ]]; then
		log "port $port was taken; retrying"
		continue
	fi
	cat "$tmp/serve.log" >&2
	log "cms serve failed to start"
	exit 1
done
log "cms serve (pid $pid) on http://127.0.0.1:$port, admin UI at http://127.0.0.1:$port/admin/"

mkdir -p e2e/artifacts
E2E_BASE_URL="http://127.0.0.1:$port" E2E_PASSWORD="$password" npx vitest run --config e2e/vitest.config.ts
