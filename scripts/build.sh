#!/usr/bin/env bash
#
# build.sh: how the CMS is built, in one place. `make build` runs it, and so do
# both build stages of deploy/Dockerfile, so a release image holds exactly what
# CI builds (deploy/dockerfile_test.go checks the Dockerfile calls this script).
#
# Usage: scripts/build.sh [all|backend|ui]      (default: all)
#   backend   a static `cms` binary (no cgo, paths trimmed, symbols stripped,
#             the version stamped in) at $OUT
#   ui        the admin UI: `npm ci && npm run build` in admin-ui/, giving
#             admin-ui/dist, which `cms serve` serves at /admin/ when
#             CMS_ADMIN_UI_DIR points to it
# Environment:
#   VERSION   what `cms version` prints (default: git describe, else "dev")
#   OUT       where the binary goes (default: bin/cms)
#   GOOS, GOARCH   cross-compile, as go build reads them
#
# The Go build runs in the workspace (go.work), as the tests do: the workspace
# holds the checksums of every module the backend uses.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Go lives in /usr/local/go/bin on our machines, which is not always on PATH.
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="$PATH:/usr/local/go/bin"
fi

what="${1:-all}"
out="${OUT:-bin/cms}"
version="${VERSION:-}"
if [[ -z $version ]]; then
	version="$(git describe --tags --always --dirty 2>/dev/null || echo dev)"
fi

build_backend() {
	echo "==> go build $out (static, version $version)"
	mkdir -p "$(dirname "$out")"
	CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$out" ./backend/cmd/cms
}

build_ui() {
	echo "==> npm ci && npm run build (in admin-ui/)"
	(cd admin-ui && npm ci --no-audit --no-fund && npm run build)
}

case $what in
backend) build_backend ;;
ui) build_ui ;;
all)
	build_backend
	build_ui
	;;
*)
	echo "usage: scripts/build.sh [all|backend|ui]" >&2
	exit 2
	;;
esac
