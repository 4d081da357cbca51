#!/usr/bin/env bash
#
# dev-services.sh: what `make services` runs. Starts the same throwaway
# PostgreSQL and S3 server as `make test`, prints the environment to paste into
# another shell (so `go test ./...` works there), and keeps them running in the
# foreground until Ctrl-C, which stops them and deletes their data.
#
# Environment:
#   CMS_DEV_PG_PORT, CMS_DEV_S3_PORT   fixed ports, so pasted exports stay valid
#                                      across restarts (default: free ports)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib-services.sh
source scripts/lib-services.sh

trap cms_services_stop EXIT
trap 'echo; cms_log "stopping"; exit 0' INT
trap 'exit 143' TERM

cms_start_postgres
cms_start_postgres_replica
cms_start_s3
cms_services_describe

cat <<EOF

# Paste into another shell:
export CMS_TEST_POSTGRES_URL='$CMS_TEST_POSTGRES_URL'
export CMS_TEST_POSTGRES_REPLICA_URL='$CMS_TEST_POSTGRES_REPLICA_URL'
export CMS_TEST_S3_ENDPOINT='$CMS_TEST_S3_ENDPOINT'
export CMS_TEST_S3_ACCESS_KEY='$CMS_TEST_S3_ACCESS_KEY'
export CMS_TEST_S3_SECRET_KEY='$CMS_TEST_S3_SECRET_KEY'
export CMS_TEST_S3_REGION='$CMS_TEST_S3_REGION'

# psql: psql "\$CMS_TEST_POSTGRES_URL"
Press Ctrl-C to stop them and delete their data.
EOF

# Stay in the foreground while both run; if one dies, stop the other too.
# A short sleep, not `wait`, so Ctrl-C is handled within a second.
while kill -0 "$CMS_PG_PID" 2>/dev/null && kill -0 "$CMS_S3_PID" 2>/dev/null; do
	sleep 1
done
cms_die "a service exited unexpectedly; stopping the other"
