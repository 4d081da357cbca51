#!/usr/bin/env bash
# `make run`: build the CMS and run it on the embedded defaults (SQLite under
# ./data, images in ./data/media), with the demo newsroom loaded and the
# sign-in printed. Needs Go and Node.js (for the admin UI).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

addr="${CMS_HTTP_ADDR:-127.0.0.1:8080}"
mkdir -p data
creds=data/admin-password
if [[ ! -s $creds ]]; then
  # A fresh password per checkout, kept so later runs print the same one.
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$creds")
fi
password=$(cat "$creds")

echo "==> building bin/cms"
go build -o bin/cms ./backend/cmd/cms

if [[ -f admin-ui/package.json ]]; then
  echo "==> building the admin UI"
  (cd admin-ui && npm ci --no-audit --no-fund && npm run build)
  export CMS_ADMIN_UI_DIR="${CMS_ADMIN_UI_DIR:-$PWD/admin-ui/dist}"
fi

echo "==> loading the demo newsroom"
CMS_DEMO_PASSWORD="$password" ./bin/cms seed --log-format text

ui="http://$addr/admin/ (from ${CMS_ADMIN_UI_DIR:-})"
if [[ -z ${CMS_ADMIN_UI_DIR:-} ]]; then
  ui="(not built: no admin-ui/package.json)"
fi

cat <<MSG

==> the CMS is starting on http://$addr
    admin UI:  $ui
    API:       http://$addr/api/admin/v1  (OpenAPI: http://$addr/api/openapi.json)
    sign in:   admin@newsroom.example / $password
    also:      editor@, writer@, moderator@newsroom.example with the same password
    try:       curl -s -X POST http://$addr/api/admin/v1/auth/login -H 'Content-Type: application/json' \\
                 -d '{"email":"admin@newsroom.example","password":"$password"}'
    stop with Ctrl-C
MSG

export CMS_BOOTSTRAP_ADMIN_EMAIL=admin@newsroom.example
export CMS_BOOTSTRAP_ADMIN_PASSWORD="$password"
exec ./bin/cms serve --http-addr "$addr" --log-format text
