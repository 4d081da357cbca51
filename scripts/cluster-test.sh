#!/usr/bin/env bash
#
# cluster-test.sh: what `make cluster-test` runs. Starts, on 127.0.0.1 with free
# ports, the product as it runs at scale: PostgreSQL with a streaming read
# replica, the Versity S3 Gateway, two `cms serve` (S3 storage, the replica as
# their read replica) and nginx load-balancing them. Then, through nginx:
#
#   1. sign-in, a publish visible on both servers within a second (and on the
#      PostgreSQL replica), scheduled articles published exactly once, an upload
#      served by both (Go checks: backend/cmd/cms/cluster_test.go, -tags cluster);
#   2. one server killed (SIGKILL) under load: the errors while nginx notices are
#      counted, and after that there must be none;
#   3. the PostgreSQL replica stopped under load: no errors (reads fall back to
#      the primary), and the servers read from it again once it is back;
#   4. a rolling restart under load (a replacement started first, then the old
#      server stopped with SIGTERM: readiness false, drain, in-flight requests
#      finish): zero failed requests.
#
# Everything it starts is stopped by PID when it ends, passes or fails. It takes
# about two minutes; the load is bench (backend/cmd/bench) and bounded in time.
# Environment: CLUSTER_KEEP=1 keeps the logs directory (printed at the end).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib-services.sh
source scripts/lib-services.sh

CLUSTER_DIR=""
NGINX_PID=""
LOAD_PID=""
declare -A SERVE_PID=() SERVE_PORT=()
START=$(date +%s.%N)
SUMMARY=()

elapsed() { awk -v s="$START" -v n="$(date +%s.%N)" 'BEGIN { printf "%5.1fs", n - s }'; }
step() { printf '==> [%s] %s\n' "$(elapsed)" "$*"; }
ok() {
	printf '    ok: %s\n' "$*"
	SUMMARY+=("ok    $*")
}
fail() {
	printf '    FAIL: %s\n' "$*" >&2
	SUMMARY+=("FAIL  $*")
	exit 1
}

cluster_stop() {
	local status=$?
	set +e
	[[ -n $LOAD_PID ]] && kill "$LOAD_PID" 2>/dev/null && wait "$LOAD_PID" 2>/dev/null
	local slot
	for slot in "${!SERVE_PID[@]}"; do
		kill -KILL "${SERVE_PID[$slot]}" 2>/dev/null
		wait "${SERVE_PID[$slot]}" 2>/dev/null
	done
	if [[ -n $NGINX_PID ]]; then
		kill -TERM "$NGINX_PID" 2>/dev/null
		wait "$NGINX_PID" 2>/dev/null
	fi
	cms_services_stop
	if [[ -n $CLUSTER_DIR ]]; then
		if [[ $status -ne 0 ]]; then
			local f
			for f in "$CLUSTER_DIR"/logs/*.log "$CLUSTER_DIR"/nginx/error.log; do
				[[ -s $f ]] || continue
				echo "--- last lines of $f" >&2
				tail -n 15 "$f" >&2
			done
		fi
		if [[ ${CLUSTER_KEEP:-0} == 1 ]]; then
			echo "logs kept in $CLUSTER_DIR"
		else
			rm -rf "$CLUSTER_DIR"
		fi
	fi
	echo
	echo "==> cluster test summary ($(elapsed))"
	local line
	for line in "${SUMMARY[@]}"; do
		echo "    $line"
	done
	if [[ $status -eq 0 ]]; then
		echo "==> cluster test: PASS"
	else
		echo "==> cluster test: FAIL (exit $status)"
	fi
	local passed failed
	passed=$(printf '%s\n' "${SUMMARY[@]}" | grep -c '^ok ' || true)
	failed=$(printf '%s\n' "${SUMMARY[@]}" | grep -c '^FAIL ' || true)
	[[ $status -ne 0 && $failed -eq 0 ]] && failed=1 # stopped before a check could say
	echo "cluster-test: $passed passed, $failed failed"
	exit "$status"
}
trap cluster_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Tools and services ---------------------------------------------------------

step "installing nginx if missing"
if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
	[[ $EUID -eq 0 ]] || { echo "nginx is missing: sudo apt-get install -y nginx-light" >&2; exit 1; }
	apt-get update -qq
	# The binary only: no service is started (we run our own nginx below).
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

CLUSTER_DIR="$(mktemp -d "${TMPDIR:-/tmp}/cms-cluster.XXXXXX")"
chmod 755 "$CLUSTER_DIR" # nginx's workers (nobody) read below it
mkdir -p "$CLUSTER_DIR/logs" "$CLUSTER_DIR/nginx"

step "building cms, bench and the cluster checks"
(cd backend && go build -o "$CLUSTER_DIR/cms" ./cmd/cms && go build -o "$CLUSTER_DIR/bench" ./cmd/bench &&
	go test -c -tags cluster -o "$CLUSTER_DIR/cluster.test" ./cmd/cms)

step "starting PostgreSQL, its streaming replica and the S3 gateway"
cms_start_postgres
cms_start_postgres_replica
cms_start_s3
cms_services_describe

# --- The servers ------------------------------------------------------------------

ADMIN_EMAIL="admin@cluster.test"
ADMIN_PASSWORD="$(cms_random_hex)"
export CMS_DATABASE_URL="$CMS_TEST_POSTGRES_URL"
export CMS_DATABASE_READ_URLS="$CMS_TEST_POSTGRES_REPLICA_URL"
export CMS_STORAGE=s3 CMS_S3_ENDPOINT="$CMS_TEST_S3_ENDPOINT" CMS_S3_REGION="$CMS_TEST_S3_REGION" CMS_S3_BUCKET=cms-cluster \
	CMS_S3_ACCESS_KEY="$CMS_TEST_S3_ACCESS_KEY" CMS_S3_SECRET_KEY="$CMS_TEST_S3_SECRET_KEY" CMS_S3_USE_TLS=false CMS_S3_PATH_STYLE=true
export CMS_AUTO_MIGRATE=false CMS_SCHEDULER_INTERVAL=200ms CMS_TRUSTED_PROXIES=127.0.0.1 \
	CMS_SHUTDOWN_DRAIN=1s CMS_SHUTDOWN_TIMEOUT=10s CMS_LOG_FORMAT=text CMS_LOG_LEVEL=info

step "migrating the database (before any server starts, as in a rollout)"
"$CLUSTER_DIR/cms" migrate >"$CLUSTER_DIR/logs/migrate.log" 2>&1 || fail "cms migrate failed"
EDITOR_EMAIL="editor@cluster.test"
EDITOR_PASSWORD="$(cms_random_hex)"
for who in "$ADMIN_EMAIL admin $ADMIN_PASSWORD" "$EDITOR_EMAIL editor $EDITOR_PASSWORD"; do
	read -r email role password <<<"$who"
	printf '%s\n' "$password" | "$CLUSTER_DIR/cms" user create --email "$email" --name "Cluster $role" \
		--role "$role" --password-stdin >>"$CLUSTER_DIR/logs/migrate.log" 2>&1 || fail "cms user create $role failed"
done

# start_serve SLOT: starts `cms serve` on the slot's port and waits until ready.
start_serve() {
	local slot=$1 port=${SERVE_PORT[$1]} _
	CMS_HTTP_ADDR="127.0.0.1:$port" "$CLUSTER_DIR/cms" serve </dev/null \
		>>"$CLUSTER_DIR/logs/cms-$slot.log" 2>&1 &
	SERVE_PID[$slot]=$!
	for _ in $(seq 300); do
		if curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then
			return 0
		fi
		kill -0 "${SERVE_PID[$slot]}" 2>/dev/null || fail "server $slot exited at start (log above)"
		sleep 0.1
	done
	fail "server $slot (127.0.0.1:$port) not ready after 30s"
}

# stop_serve SLOT: SIGTERM, checks that readiness turned false (while the
# server still answers: CMS_SHUTDOWN_DRAIN), then waits for the graceful stop.
stop_serve() {
	local pid=${SERVE_PID[$1]} ready
	kill -TERM "$pid"
	sleep 0.3
	ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${SERVE_PORT[$1]}/readyz" || true)
	wait "$pid" || fail "server $1 exited with status $? on SIGTERM"
	unset "SERVE_PID[$1]"
	[[ $ready == 503 ]] || fail "server $1 answered /readyz with $ready while draining, want 503"
}

SERVE_PORT[a]=$(cms_free_port)
SERVE_PORT[b]=$(cms_free_port)
SERVE_PORT[c]=$(cms_free_port) # the rolling restart's replacement
LB_PORT=$(cms_free_port)

step "starting two cms servers (S3 storage, the PostgreSQL replica as read replica)"
start_serve a
start_serve b
ok "servers a (:${SERVE_PORT[a]}) and b (:${SERVE_PORT[b]}) ready"

# --- nginx ---------------------------------------------------------------------------

# Passive health checks (max_fails/fail_timeout): a server that refuses or
# breaks a connection is skipped for 2s, and the request goes to the next one
# (proxy_next_upstream; nginx retries idempotent requests only). The upstream
# keep-alive is shorter than the servers' idle timeout, so nginx never reuses
# a connection a server is closing. Slot c is empty until the rolling restart.
N="$CLUSTER_DIR/nginx"
cat >"$N/nginx.conf" <<EOF
worker_processes 1;
pid $N/nginx.pid;
error_log $N/error.log warn;
events { worker_connections 1024; }
http {
	log_format lb '\$msec|\$status|\$upstream_addr|\$upstream_status|\$request_time|\$request';
	access_log $N/access.log lb;
	client_body_temp_path $N/body;
	proxy_temp_path $N/proxy;
	fastcgi_temp_path $N/fastcgi;
	uwsgi_temp_path $N/uwsgi;
	scgi_temp_path $N/scgi;
	client_max_body_size 25m;
	client_body_buffer_size 25m;
	upstream cms {
		server 127.0.0.1:${SERVE_PORT[a]} max_fails=1 fail_timeout=2s;
		server 127.0.0.1:${SERVE_PORT[b]} max_fails=1 fail_timeout=2s;
		server 127.0.0.1:${SERVE_PORT[c]} max_fails=1 fail_timeout=2s;
		keepalive 32;
		keepalive_timeout 10s;
		keepalive_requests 10000;
	}
	server {
		listen 127.0.0.1:$LB_PORT;
		location / {
			proxy_pass http://cms;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$host;
			proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
			proxy_connect_timeout 1s;
			proxy_read_timeout 30s;
			proxy_next_upstream error timeout http_502 http_503;
			proxy_next_upstream_tries 4;
			proxy_next_upstream_timeout 10s;
			proxy_max_temp_file_size 0;
		}
	}
}
EOF
step "starting nginx on 127.0.0.1:$LB_PORT"
"$NGINX" -p "$N" -e "$N/error.log" -c "$N/nginx.conf" -g 'daemon off;' </dev/null >>"$N/error.log" 2>&1 &
NGINX_PID=$!
for _ in $(seq 100); do
	cms_port_open 127.0.0.1 "$LB_PORT" && break
	kill -0 "$NGINX_PID" 2>/dev/null || fail "nginx exited at start"
	sleep 0.1
done
ok "nginx ($("$NGINX" -v 2>&1 | sed 's/.*version: //')) balancing a and b"

LB="http://127.0.0.1:$LB_PORT"
URLS="$CLUSTER_DIR/urls.txt"
export CMS_CLUSTER_LB="$LB" CMS_CLUSTER_SERVERS="http://127.0.0.1:${SERVE_PORT[a]},http://127.0.0.1:${SERVE_PORT[b]}" \
	CMS_CLUSTER_DATABASE_URL="$CMS_TEST_POSTGRES_URL" CMS_CLUSTER_REPLICA_URL="$CMS_TEST_POSTGRES_REPLICA_URL" \
	CMS_CLUSTER_ADMIN_EMAIL="$ADMIN_EMAIL" CMS_CLUSTER_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
	CMS_CLUSTER_EDITOR_EMAIL="$EDITOR_EMAIL" CMS_CLUSTER_EDITOR_PASSWORD="$EDITOR_PASSWORD" CMS_CLUSTER_URLS_FILE="$URLS"

# --- 1. Through the balancer ------------------------------------------------------------

check() {
	local name=$1 what=$2
	step "$what"
	# pipefail: the test binary's status decides.
	if (cd "$CLUSTER_DIR" && ./cluster.test -test.run "^$name\$" -test.v -test.count=1 2>&1) | sed 's/^/    /'; then
		ok "$what"
	else
		fail "$what"
	fi
}
check TestClusterLogin "sign-in through nginx, the session valid on both servers"
check TestClusterPublish "a publish visible on both servers within 1s (and on the PostgreSQL replica)"
check TestClusterScheduled "scheduled articles published exactly once with two schedulers"
check TestClusterUpload "an upload through nginx (S3) served by both servers"

# errors_of FILE prints the error count of a `bench load` result.
errors_of() { sed -n 's/.*errors \([0-9]*\).*/\1/p' "$1" | head -n 1; }
requests_of() { sed -n 's/.*(\([0-9]*\) requests.*/\1/p' "$1" | head -n 1; }

# load SECONDS FILE OUT [CONNECTIONS]: bench load in the background.
load() {
	"$CLUSTER_DIR/bench" load --connections "${4:-16}" --warmup 0 --duration "$1s" --urls "$2" >"$3" 2>&1 &
	LOAD_PID=$!
}
load_wait() {
	wait "$LOAD_PID" || fail "bench load failed: $(cat "$1")"
	LOAD_PID=""
	[[ -n "$(errors_of "$1")" ]] || fail "bench printed no result: $(cat "$1")"
}
# upstreams_since T: which server answered the requests nginx logged since T
# (the last address when nginx tried more than one), and how many nginx
# retried on another server.
upstreams_since() {
	awk -F'|' -v t="$1" -v a="${SERVE_PORT[a]}" -v b="${SERVE_PORT[b]}" -v c="${SERVE_PORT[c]}" '
		$1 >= t && $3 != "-" {
			k = split($3, tried, ", ")
			port = tried[k]; sub(/.*:/, "", port)
			name = (port == a) ? "a" : (port == b) ? "b" : (port == c) ? "c" : port
			n[name]++
			if (k > 1) retried++
		}
		END { for (s in n) printf "%s %d, ", s, n[s]; printf "%d retried on another server", retried }' "$N/access.log"
}

# wait_balanced SLOT: waits until nginx sends requests to the slot's server.
# With passive checks nginx skips a server for fail_timeout after it refused
# a connection (as the replacement's port did before it started), so a
# rolling restart must not stop the next old server before that: nginx could
# then find no server it considers live and answer 502.
wait_balanced() {
	local since _ port=${SERVE_PORT[$1]}
	since=$(date +%s.%N)
	for _ in $(seq 150); do
		if [[ $(awk -F'|' -v t="$since" -v p="127.0.0.1:$port" '
			$1 >= t && $2 == 200 { k = split($3, tried, ", "); if (tried[k] == p) n++ } END { print n + 0 }' "$N/access.log") -ge 10 ]]; then
			return 0
		fi
		sleep 0.1
	done
	fail "nginx sent no requests to server $1 within 15s of its start"
}

# --- 2. A server killed under load --------------------------------------------------------

step "load through nginx; server a killed with SIGKILL after 2s"
load 8 "$URLS" "$CLUSTER_DIR/load-kill.txt"
sleep 2
kill -KILL "${SERVE_PID[a]}"
wait "${SERVE_PID[a]}" 2>/dev/null || true
unset "SERVE_PID[a]"
load_wait "$CLUSTER_DIR/load-kill.txt"
transition=$(errors_of "$CLUSTER_DIR/load-kill.txt")
echo "    $(cat "$CLUSTER_DIR/load-kill.txt")"
ok "server a killed under load: $transition failed requests of $(requests_of "$CLUSTER_DIR/load-kill.txt") while nginx noticed"
after=$(date +%s.%N)
load 4 "$URLS" "$CLUSTER_DIR/load-after-kill.txt"
load_wait "$CLUSTER_DIR/load-after-kill.txt"
echo "    $(cat "$CLUSTER_DIR/load-after-kill.txt")"
[[ $(errors_of "$CLUSTER_DIR/load-after-kill.txt") -eq 0 ]] || fail "requests failed after nginx noticed server a was gone"
ok "after nginx noticed: 0 failed of $(requests_of "$CLUSTER_DIR/load-after-kill.txt"), answered by $(upstreams_since "$after")"

step "restarting server a"
start_serve a
ok "server a back"

# --- 3. The PostgreSQL replica stopped under load -------------------------------------------

# Searches with a new query each time miss the response cache: every request
# reads the database.
SEARCHES="$CLUSTER_DIR/searches.txt"
for i in $(seq 20000); do echo "$LB/api/v1/search?q=word$i"; done >"$SEARCHES"
in_use() { cat "$CLUSTER_DIR"/logs/cms-*.log | grep -c 'read replica healthy' || true; }
step "load of uncached reads; the PostgreSQL replica stopped after 2s"
load 6 "$SEARCHES" "$CLUSTER_DIR/load-replica.txt" 8
sleep 2
cms_replica_pg_ctl stop
load_wait "$CLUSTER_DIR/load-replica.txt"
echo "    $(cat "$CLUSTER_DIR/load-replica.txt")"
[[ $(errors_of "$CLUSTER_DIR/load-replica.txt") -eq 0 ]] || fail "delivery requests failed when the PostgreSQL replica stopped"
ok "PostgreSQL replica stopped under load: 0 failed of $(requests_of "$CLUSTER_DIR/load-replica.txt") (read from the primary)"
before=$(in_use)
cms_replica_pg_ctl start
for _ in $(seq 300); do
	[[ $(in_use) -ge $((before + 2)) ]] && break
	sleep 0.1
done
[[ $(in_use) -ge $((before + 2)) ]] || fail "the servers did not return to the PostgreSQL replica after it restarted"
ok "both servers read from the PostgreSQL replica again after it restarted"

# --- 4. Rolling restart ---------------------------------------------------------------------

step "rolling restart under load: c replaces a, then a replaces b (each new server in nginx's rotation before an old one gets SIGTERM; drain 1s)"
rolled_at=$(date +%s.%N)
load 25 "$URLS" "$CLUSTER_DIR/load-rolling.txt"
sleep 2
start_serve c
wait_balanced c
stop_serve a
start_serve a
wait_balanced a
stop_serve b
kill -0 "$LOAD_PID" 2>/dev/null || fail "the rolling restart outlasted the load; lengthen the load"
restarted=$(elapsed)
load_wait "$CLUSTER_DIR/load-rolling.txt"
echo "    $(cat "$CLUSTER_DIR/load-rolling.txt")"
[[ $(errors_of "$CLUSTER_DIR/load-rolling.txt") -eq 0 ]] || fail "requests failed during the rolling restart"
ok "rolling restart (done at $restarted; /readyz 503 while draining): 0 failed of $(requests_of "$CLUSTER_DIR/load-rolling.txt"), answered by $(upstreams_since "$rolled_at")"
grep -q "shutting down: readiness is now false" "$CLUSTER_DIR/logs/cms-a.log" || fail "server a did not drain"

step "done"
