#!/usr/bin/env bash
# Load check (not a test): starts `serveplan serve` on a fresh H2 database, runs LoadCheck.java
# (50 clients submitting small what-if runs for 60 s by default), stops the server.
#   web/load/loadcheck.sh [clients] [seconds] [port]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLIENTS="${1:-50}"; SECONDS_="${2:-60}"; PORT="${3:-18090}"
WORK="$(mktemp -d)"
LOG="$WORK/server.log"
cleanup() {
  if [ -n "${PID:-}" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
"$ROOT/bin/serveplan" serve --port "$PORT" --db "jdbc:h2:file:$WORK/db/serveplan" >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 600); do
  grep -q 'ServePlan is ready at' "$LOG" && break
  kill -0 "$PID" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
grep -q 'ServePlan is ready at' "$LOG" || { echo "server did not start"; cat "$LOG"; exit 1; }
java "$ROOT/web/load/LoadCheck.java" "http://localhost:$PORT/" "$CLIENTS" "$SECONDS_"
