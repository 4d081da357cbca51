# shellcheck shell=bash
#
# lib-services.sh: throwaway PostgreSQL 15 and S3 (Versity S3 Gateway) for tests
# and local development. Source it; do not run it.
#
#   source scripts/lib-services.sh
#   trap cms_services_stop EXIT; trap 'exit 130' INT; trap 'exit 143' TERM
#   cms_start_postgres     # exports CMS_TEST_POSTGRES_URL
#   cms_start_postgres_replica  # a streaming replica of it: CMS_TEST_POSTGRES_REPLICA_URL
#   cms_start_s3           # exports CMS_TEST_S3_{ENDPOINT,ACCESS_KEY,SECRET_KEY,REGION}
#   cms_services_describe  # prints ports and versions
#
# Both services live in fresh temp dirs, listen on 127.0.0.1 on free ports and are
# stopped by PID (never by name), so several runs can share one machine. The
# INT/TERM traps only call `exit`: that runs the EXIT trap exactly once, so
# cleanup happens on success, on failure and on Ctrl-C alike.
#
# Optional settings:
#   CMS_PG_BINDIR     PostgreSQL server binaries (default /usr/lib/postgresql/15/bin)
#   CMS_DEV_PG_PORT   fixed port for PostgreSQL instead of a free one (dev use)
#   CMS_DEV_S3_PORT   fixed port for versitygw instead of a free one (dev use)

CMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CMS_PG_BINDIR="${CMS_PG_BINDIR:-/usr/lib/postgresql/15/bin}"
CMS_VERSITYGW_MODULE="github.com/versity/versitygw"
CMS_VERSITYGW_VERSION="v1.8.0"

# The Go toolchain lives outside the default PATH on our machines.
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="$PATH:/usr/local/go/bin"
fi

cms_log() { printf 'services: %s\n' "$*" >&2; }
cms_die() {
	printf 'services: error: %s\n' "$*" >&2
	return 1
}

# cms_free_port prints a TCP port on 127.0.0.1 that nobody listens on right now.
# Another process may grab it before we bind, so the start functions retry.
cms_free_port() {
	if command -v python3 >/dev/null 2>&1; then
		# Let the kernel choose: binding port 0 always yields an unused port.
		python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
		return
	fi
	local port _
	for _ in $(seq 50); do
		port=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
	cms_die "no free port found"
}

# cms_random_hex prints 32 random hex characters (for throwaway credentials).
cms_random_hex() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

# cms_port_open HOST PORT succeeds when something accepts TCP connections there.
cms_port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------

# cms_as_pg runs a command as the `postgres` system user when we are root:
# initdb and pg_ctl refuse to run as root. A normal user runs them as itself.
cms_as_pg() {
	if [[ $EUID -eq 0 ]]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# cms_ensure_postgres makes sure the PostgreSQL 15 server binaries and, when we
# are root, the `postgres` user exist. Installs from apt on a fresh machine.
cms_ensure_postgres() {
	if [[ ! -x $CMS_PG_BINDIR/initdb ]]; then
		[[ $EUID -eq 0 ]] || cms_die "no PostgreSQL server in $CMS_PG_BINDIR; install it: sudo apt-get install -y postgresql" || return
		cms_log "installing PostgreSQL 15 from apt..."
		# We only want the binaries. Tell postgresql-common not to create (and
		# start) its own 'main' cluster on port 5432 during installation.
		mkdir -p /etc/postgresql-common/createcluster.d
		echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/50-cms-no-main-cluster.conf
		apt-get update -qq || return
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return
		[[ -x $CMS_PG_BINDIR/initdb ]] || cms_die "apt installed PostgreSQL, but $CMS_PG_BINDIR/initdb is still missing" || return
	fi
	if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
		cms_log "creating system user postgres"
		useradd --system --user-group --no-create-home --home-dir /nonexistent \
			--shell /usr/sbin/nologin postgres || return
	fi
}

# cms_start_postgres starts a fresh cluster and exports CMS_TEST_POSTGRES_URL.
# Sets CMS_PG_DIR (data, log, unix socket), CMS_PG_PORT and CMS_PG_PID.
cms_start_postgres() {
	cms_ensure_postgres || return

	CMS_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/cms-pg.XXXXXX")" || return
	if [[ $EUID -eq 0 ]]; then
		chown postgres:postgres "$CMS_PG_DIR"
	fi
	cms_as_pg test -w "$CMS_PG_DIR" ||
		cms_die "user postgres cannot write $CMS_PG_DIR; set TMPDIR to a directory it can reach (e.g. /tmp)" || return

	# Run from inside the temp dir: as `postgres` we may not be allowed to read
	# the caller's working directory, and initdb/pg_ctl complain about that.
	# --auth=trust: throwaway cluster reachable only from this machine.
	# --no-sync: durability is pointless for data we delete in a minute.
	(cd "$CMS_PG_DIR" && cms_as_pg "$CMS_PG_BINDIR/initdb" --pgdata=data --username=postgres \
		--auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >initdb.log 2>&1) ||
		{
			cat "$CMS_PG_DIR/initdb.log" >&2
			cms_die "initdb failed"
			return
		}

	# Speed over safety (a crash loses nothing we need), and enough connections
	# for tests that clone many databases in parallel. CMS_PG_DURABLE=1 keeps
	# PostgreSQL's durable defaults (every commit flushed to disk), as in
	# production: make bench measures with them, since skipping the flush
	# flatters every write.
	local durability="fsync = off
synchronous_commit = off
full_page_writes = off"
	if [[ ${CMS_PG_DURABLE:-0} == 1 ]]; then
		durability="# durable: fsync, synchronous_commit and full_page_writes at their defaults (on)"
	fi
	cat >>"$CMS_PG_DIR/data/postgresql.conf" <<-EOF

		# Added by scripts/lib-services.sh for a throwaway test cluster.
		listen_addresses = '127.0.0.1'
		unix_socket_directories = '$CMS_PG_DIR'
		$durability
		max_connections = 200
	EOF

	local attempt port
	for attempt in 1 2 3 4 5; do
		port="${CMS_DEV_PG_PORT:-$(cms_free_port)}" || return
		if [[ -n ${CMS_DEV_PG_PORT:-} ]] && cms_port_open 127.0.0.1 "$port"; then
			cms_die "port $port (CMS_DEV_PG_PORT) is already in use"
			return
		fi
		# The port goes on the command line so a retry needs no config rewrite.
		if (cd "$CMS_PG_DIR" && cms_as_pg "$CMS_PG_BINDIR/pg_ctl" --pgdata=data --log=postgres.log \
			--options="-p $port" --wait --timeout=60 start >/dev/null); then
			break
		fi
		# Someone took the port between our check and the bind: try another.
		if [[ -z ${CMS_DEV_PG_PORT:-} && $attempt -lt 5 ]] &&
			grep -q 'could not bind\|Address already in use' "$CMS_PG_DIR/postgres.log" 2>/dev/null; then
			cms_log "port $port was taken, retrying"
			continue
		fi
		tail -n 30 "$CMS_PG_DIR/postgres.log" >&2 2>/dev/null
		cms_die "PostgreSQL did not start (log above)"
		return
	done
	CMS_PG_PORT="$port"
	CMS_PG_PID="$(head -n 1 "$CMS_PG_DIR/data/postmaster.pid")"

	# pg_ctl --wait already waited; pg_isready confirms TCP works, not just the socket.
	local _
	for _ in $(seq 60); do
		if "$CMS_PG_BINDIR/pg_isready" --quiet --host=127.0.0.1 --port="$CMS_PG_PORT"; then
			export CMS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$CMS_PG_PORT/postgres?sslmode=disable"
			return 0
		fi
		sleep 0.5
	done
	cms_die "PostgreSQL on 127.0.0.1:$CMS_PG_PORT is not ready after 30s"
}

# cms_stop_postgres stops the cluster started by cms_start_postgres and deletes
# its directory. Safe to call more than once, or when nothing was started.
cms_stop_postgres() {
	[[ -n ${CMS_PG_DIR:-} ]] || return 0
	if [[ -f $CMS_PG_DIR/data/postmaster.pid ]]; then
		(cd "$CMS_PG_DIR" && cms_as_pg "$CMS_PG_BINDIR/pg_ctl" --pgdata=data --mode=fast \
			--wait --timeout=30 stop >/dev/null 2>&1) || true
	fi
	# If pg_ctl could not stop it, fall back to signals on the recorded PID:
	# SIGQUIT is PostgreSQL's immediate shutdown, SIGKILL the last resort.
	if [[ -n ${CMS_PG_PID:-} ]] && kill -0 "$CMS_PG_PID" 2>/dev/null; then
		kill -QUIT "$CMS_PG_PID" 2>/dev/null || true
		local _
		for _ in $(seq 20); do
			kill -0 "$CMS_PG_PID" 2>/dev/null || break
			sleep 0.25
		done
		kill -KILL "$CMS_PG_PID" 2>/dev/null || true
	fi
	rm -rf "$CMS_PG_DIR"
	unset CMS_PG_DIR CMS_PG_PORT CMS_PG_PID CMS_TEST_POSTGRES_URL
}

# ---------------------------------------------------------------------------
# PostgreSQL read replica: a hot standby streaming from the cluster above
# ---------------------------------------------------------------------------

# cms_pg_primary_sql SQL runs one statement on the primary as postgres.
cms_pg_primary_sql() {
	"$CMS_PG_BINDIR/psql" --no-psqlrc --quiet --tuples-only --no-align \
		--host=127.0.0.1 --port="$CMS_PG_PORT" --username=postgres --dbname=postgres --command="$1"
}

# cms_start_postgres_replica takes a base backup of the cluster started by
# cms_start_postgres (pg_basebackup -R, with a replication slot so the primary
# keeps the WAL it has not streamed yet), starts it as a hot standby on a free
# port and exports CMS_TEST_POSTGRES_REPLICA_URL (same user and database as
# CMS_TEST_POSTGRES_URL). Every database made on the primary appears on it.
# Sets CMS_PG_REPLICA_DIR, CMS_PG_REPLICA_PORT and CMS_PG_REPLICA_PID.
cms_start_postgres_replica() {
	[[ -n ${CMS_PG_PORT:-} ]] || cms_die "start the primary first (cms_start_postgres)" || return
	# PostgreSQL 15 defaults to wal_level=replica and 10 WAL senders; initdb's
	# pg_hba.conf already trusts replication from 127.0.0.1, the line below
	# only makes the rule for our role explicit.
	cms_pg_primary_sql "DO \$\$ BEGIN
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replicator') THEN
			CREATE ROLE replicator WITH REPLICATION LOGIN;
		END IF; END \$\$;" >/dev/null || return
	if ! grep -q '^host replication replicator 127.0.0.1/32 trust' "$CMS_PG_DIR/data/pg_hba.conf"; then
		echo 'host replication replicator 127.0.0.1/32 trust' >>"$CMS_PG_DIR/data/pg_hba.conf"
		cms_pg_primary_sql "SELECT pg_reload_conf()" >/dev/null || return
	fi

	CMS_PG_REPLICA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/cms-pg-replica.XXXXXX")" || return
	if [[ $EUID -eq 0 ]]; then
		chown postgres:postgres "$CMS_PG_REPLICA_DIR"
	fi
	CMS_PG_REPLICA_SLOT="cms_replica_$(cms_random_hex | cut -c1-8)"
	(cd "$CMS_PG_REPLICA_DIR" && cms_as_pg "$CMS_PG_BINDIR/pg_basebackup" --host=127.0.0.1 --port="$CMS_PG_PORT" \
		--username=replicator --pgdata=data --write-recovery-conf --wal-method=stream \
		--create-slot --slot="$CMS_PG_REPLICA_SLOT" --checkpoint=fast --no-sync >basebackup.log 2>&1) ||
		{
			cat "$CMS_PG_REPLICA_DIR/basebackup.log" >&2
			cms_die "pg_basebackup failed"
			return
		}
	# The copied postgresql.conf points at the primary's socket directory.
	# hot_standby_feedback keeps the primary's vacuum from cancelling reads.
	cat >>"$CMS_PG_REPLICA_DIR/data/postgresql.conf" <<-EOF

		# Added by cms_start_postgres_replica: a hot standby of 127.0.0.1:$CMS_PG_PORT.
		unix_socket_directories = '$CMS_PG_REPLICA_DIR'
		hot_standby = on
		hot_standby_feedback = on
	EOF
	cms_replica_pg_ctl start || return
	CMS_PG_REPLICA_PID="$(head -n 1 "$CMS_PG_REPLICA_DIR/data/postmaster.pid")"
	local _
	for _ in $(seq 120); do
		if [[ "$("$CMS_PG_BINDIR/psql" --no-psqlrc -Atq -h 127.0.0.1 -p "$CMS_PG_REPLICA_PORT" -U postgres -d postgres \
			-c 'SELECT pg_is_in_recovery()' 2>/dev/null)" == t ]]; then
			export CMS_TEST_POSTGRES_REPLICA_URL="postgres://postgres@127.0.0.1:$CMS_PG_REPLICA_PORT/postgres?sslmode=disable"
			return 0
		fi
		sleep 0.5
	done
	tail -n 30 "$CMS_PG_REPLICA_DIR/postgres.log" >&2 2>/dev/null
	cms_die "the PostgreSQL replica on 127.0.0.1:$CMS_PG_REPLICA_PORT is not in hot standby after 60s"
}

# cms_replica_pg_ctl start|stop starts (on a free port the first time, the
# same port again later) or stops (fast) the replica made by
# cms_start_postgres_replica, e.g. to take it away from running servers.
cms_replica_pg_ctl() {
	[[ -n ${CMS_PG_REPLICA_DIR:-} ]] || cms_die "no replica was made (cms_start_postgres_replica)" || return
	case $1 in
	start)
		local attempt port
		for attempt in 1 2 3 4 5; do
			port="${CMS_PG_REPLICA_PORT:-$(cms_free_port)}" || return
			if (cd "$CMS_PG_REPLICA_DIR" && cms_as_pg "$CMS_PG_BINDIR/pg_ctl" --pgdata=data --log=postgres.log \
				--options="-p $port" --wait --timeout=60 start >/dev/null); then
				CMS_PG_REPLICA_PORT="$port"
				CMS_PG_REPLICA_PID="$(head -n 1 "$CMS_PG_REPLICA_DIR/data/postmaster.pid")"
				return 0
			fi
			if [[ -z ${CMS_PG_REPLICA_PORT:-} && $attempt -lt 5 ]] &&
				grep -q 'could not bind\|Address already in use' "$CMS_PG_REPLICA_DIR/postgres.log" 2>/dev/null; then
				cms_log "port $port was taken, retrying"
				continue
			fi
			break
		done
		tail -n 30 "$CMS_PG_REPLICA_DIR/postgres.log" >&2 2>/dev/null
		cms_die "the PostgreSQL replica did not start (log above)"
		;;
	stop)
		[[ -f $CMS_PG_REPLICA_DIR/data/postmaster.pid ]] || return 0
		(cd "$CMS_PG_REPLICA_DIR" && cms_as_pg "$CMS_PG_BINDIR/pg_ctl" --pgdata=data --mode=fast \
			--wait --timeout=30 stop >/dev/null 2>&1) || true
		if [[ -n ${CMS_PG_REPLICA_PID:-} ]] && kill -0 "$CMS_PG_REPLICA_PID" 2>/dev/null; then
			kill -QUIT "$CMS_PG_REPLICA_PID" 2>/dev/null || true
			local _
			for _ in $(seq 20); do
				kill -0 "$CMS_PG_REPLICA_PID" 2>/dev/null || break
				sleep 0.25
			done
			kill -KILL "$CMS_PG_REPLICA_PID" 2>/dev/null || true
		fi
		;;
	*) cms_die "cms_replica_pg_ctl start|stop" ;;
	esac
}

# cms_stop_postgres_replica stops the replica, drops its slot on the primary
# (if that still runs) and deletes its directory. Safe to call twice.
cms_stop_postgres_replica() {
	[[ -n ${CMS_PG_REPLICA_DIR:-} ]] || return 0
	cms_replica_pg_ctl stop || true
	if [[ -n ${CMS_PG_PORT:-} && -n ${CMS_PG_REPLICA_SLOT:-} ]]; then
		cms_pg_primary_sql "SELECT pg_drop_replication_slot('$CMS_PG_REPLICA_SLOT')" >/dev/null 2>&1 || true
	fi
	rm -rf "$CMS_PG_REPLICA_DIR"
	unset CMS_PG_REPLICA_DIR CMS_PG_REPLICA_PORT CMS_PG_REPLICA_PID CMS_PG_REPLICA_SLOT CMS_TEST_POSTGRES_REPLICA_URL
}

# ---------------------------------------------------------------------------
# S3: Versity S3 Gateway with its posix backend
# ---------------------------------------------------------------------------

# cms_versitygw_version BINARY prints the module version the binary was built from.
cms_versitygw_version() {
	go version -m "$1" 2>/dev/null | awk -v m="$CMS_VERSITYGW_MODULE" '$1 == "mod" && $2 == m { print $3 }'
}

# cms_ensure_versitygw sets CMS_VERSITYGW to a versitygw binary of the pinned
# version, building it into .cache/bin when neither there nor in GOPATH/bin.
cms_ensure_versitygw() {
	command -v go >/dev/null 2>&1 || cms_die "go is not on PATH (expected /usr/local/go/bin/go)" || return
	local candidate
	for candidate in "$CMS_ROOT/.cache/bin/versitygw" "$(go env GOPATH)/bin/versitygw"; do
		if [[ -x $candidate && "$(cms_versitygw_version "$candidate")" == "$CMS_VERSITYGW_VERSION" ]]; then
			CMS_VERSITYGW="$candidate"
			return 0
		fi
	done
	cms_log "installing versitygw $CMS_VERSITYGW_VERSION (about a minute)..."
	mkdir -p "$CMS_ROOT/.cache/bin"
	# `go install pkg@version` builds outside our module, so go.work does not matter.
	GOBIN="$CMS_ROOT/.cache/bin" go install "$CMS_VERSITYGW_MODULE/cmd/versitygw@$CMS_VERSITYGW_VERSION" ||
		cms_die "go install versitygw failed" || return
	CMS_VERSITYGW="$CMS_ROOT/.cache/bin/versitygw"
}

# cms_start_s3 starts versitygw on a fresh directory with random credentials and
# exports CMS_TEST_S3_ENDPOINT (host:port, plain HTTP), CMS_TEST_S3_ACCESS_KEY,
# CMS_TEST_S3_SECRET_KEY and CMS_TEST_S3_REGION. Sets CMS_S3_DIR and CMS_S3_PID.
cms_start_s3() {
	cms_ensure_versitygw || return

	CMS_S3_DIR="$(mktemp -d "${TMPDIR:-/tmp}/cms-s3.XXXXXX")" || return
	mkdir "$CMS_S3_DIR/root" # every subdirectory of root is a bucket
	local access secret attempt port _
	access="$(cms_random_hex)"
	secret="$(cms_random_hex)"

	for attempt in 1 2 3 4 5; do
		port="${CMS_DEV_S3_PORT:-$(cms_free_port)}" || return
		# Readiness below means "the port answers", so the port must be silent
		# before we start, or we would mistake another server for ours.
		if cms_port_open 127.0.0.1 "$port"; then
			[[ -n ${CMS_DEV_S3_PORT:-} ]] && { cms_die "port $port (CMS_DEV_S3_PORT) is already in use"; return; }
			continue
		fi
		# stdin from /dev/null: the gateway must never wait on a terminal.
		"$CMS_VERSITYGW" --access "$access" --secret "$secret" --region us-east-1 \
			--port "127.0.0.1:$port" --quiet posix "$CMS_S3_DIR/root" \
			</dev/null >"$CMS_S3_DIR/versitygw.log" 2>&1 &
		CMS_S3_PID=$!

		# Ready when the port accepts connections; give up if the process died.
		for _ in $(seq 120); do
			if cms_port_open 127.0.0.1 "$port" && kill -0 "$CMS_S3_PID" 2>/dev/null; then
				CMS_S3_PORT="$port"
				export CMS_TEST_S3_ENDPOINT="127.0.0.1:$port"
				export CMS_TEST_S3_ACCESS_KEY="$access"
				export CMS_TEST_S3_SECRET_KEY="$secret"
				export CMS_TEST_S3_REGION="us-east-1"
				return 0
			fi
			kill -0 "$CMS_S3_PID" 2>/dev/null || break
			sleep 0.25
		done

		if kill -0 "$CMS_S3_PID" 2>/dev/null; then
			cms_stop_s3_process
			cms_die "versitygw did not open 127.0.0.1:$port within 30s"
			return
		fi
		wait "$CMS_S3_PID" 2>/dev/null || true
		if [[ -z ${CMS_DEV_S3_PORT:-} && $attempt -lt 5 ]] &&
			grep -qi 'address already in use' "$CMS_S3_DIR/versitygw.log"; then
			cms_log "port $port was taken, retrying"
			continue
		fi
		cat "$CMS_S3_DIR/versitygw.log" >&2
		cms_die "versitygw exited (log above)"
		return
	done
	cms_die "no free port for versitygw after 5 attempts"
}

# cms_stop_s3_process sends TERM to versitygw, then KILL if it lingers.
cms_stop_s3_process() {
	[[ -n ${CMS_S3_PID:-} ]] || return 0
	if kill -0 "$CMS_S3_PID" 2>/dev/null; then
		kill -TERM "$CMS_S3_PID" 2>/dev/null || true
		local _
		for _ in $(seq 40); do
			kill -0 "$CMS_S3_PID" 2>/dev/null || break
			sleep 0.25
		done
		kill -KILL "$CMS_S3_PID" 2>/dev/null || true
	fi
	# Reap it so no zombie is left (it is our child).
	wait "$CMS_S3_PID" 2>/dev/null || true
	unset CMS_S3_PID
}

# cms_stop_s3 stops versitygw and deletes its directory. Safe to call twice.
cms_stop_s3() {
	cms_stop_s3_process
	[[ -n ${CMS_S3_DIR:-} ]] && rm -rf "$CMS_S3_DIR"
	unset CMS_S3_DIR CMS_S3_PORT CMS_TEST_S3_ENDPOINT CMS_TEST_S3_ACCESS_KEY \
		CMS_TEST_S3_SECRET_KEY CMS_TEST_S3_REGION
}

# ---------------------------------------------------------------------------
# Both
# ---------------------------------------------------------------------------

# cms_services_stop stops whatever was started. Meant for `trap ... EXIT`, so it
# never fails and never calls exit (the script keeps its own exit status).
cms_services_stop() {
	cms_stop_s3 || true
	cms_stop_postgres_replica || true
	cms_stop_postgres || true
}

# cms_services_describe prints what is running, for logs and for humans.
cms_services_describe() {
	if [[ -n ${CMS_PG_PORT:-} ]]; then
		cms_log "PostgreSQL $("$CMS_PG_BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$CMS_PG_PORT (pid $CMS_PG_PID, socket dir $CMS_PG_DIR)"
	fi
	if [[ -n ${CMS_PG_REPLICA_PORT:-} ]]; then
		cms_log "PostgreSQL replica (hot standby) on 127.0.0.1:$CMS_PG_REPLICA_PORT (pid $CMS_PG_REPLICA_PID, slot $CMS_PG_REPLICA_SLOT)"
	fi
	if [[ -n ${CMS_S3_PORT:-} ]]; then
		cms_log "versitygw $(cms_versitygw_version "$CMS_VERSITYGW") on 127.0.0.1:$CMS_S3_PORT (pid $CMS_S3_PID, data $CMS_S3_DIR/root)"
	fi
}
