#!/usr/bin/env bash
# Hostile-input check (not a test): a fresh `serveplan serve` on loopback, then Hostile.java's
# malformed and adversarial requests (8,400 by default); fails on any 5xx or leak.
#   web/load/hostile.sh [requests] [port]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/web/load/lib.sh"
N="${1:-8400}"; PORT="${2:-18201}"
WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT
start_server "$PORT" "$WORK" --max-requests 5000
java "$ROOT/web/load/Hostile.java" "$PORT" "$N" || RC=$?
echo "server log lines at SEVERE: $(grep -c '^SEVERE' "$LOG" || true); distinct (first 120 characters):"
grep '^SEVERE' "$LOG" | cut -c1-120 | sed 's/incident [0-9a-f-]*/incident <id>/' | sort | uniq -c | sort -rn | head -8 || true
exit "${RC:-0}"
