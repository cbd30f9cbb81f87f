#!/usr/bin/env bash
# Slow-client check (not a test): a fresh `serveplan serve` on loopback with its defaults
# (--max-concurrent-writes 64, --read-timeout-s 10), then SlowClients.java: 300 stalled requests
# while GET /api/v1/health is timed for 30 s. Fails if a health check takes 1 s or more.
# Mode body (default): POSTs stalled after 4 of 1,000 body bytes; headers: requests stalled in
# their request line or headers.
#   web/load/slowclients.sh [connections] [seconds] [port] [body|headers]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/web/load/lib.sh"
N="${1:-300}"; S="${2:-30}"; PORT="${3:-18202}"; MODE="${4:-body}"
WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT
start_server "$PORT" "$WORK"
ulimit -n 4096 2>/dev/null || true
java "$ROOT/web/load/SlowClients.java" "$PORT" "$N" "$S" "$MODE"
