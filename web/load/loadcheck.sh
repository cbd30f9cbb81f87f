#!/usr/bin/env bash
# Load check (not a test): starts `serveplan serve` on a fresh H2 database, runs LoadCheck.java
# (50 clients submitting small what-if runs for 60 s by default), stops the server.
#   web/load/loadcheck.sh [clients] [seconds] [port]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/web/load/lib.sh"
CLIENTS="${1:-50}"; SECONDS_="${2:-60}"; PORT="${3:-18090}"
WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT
start_server "$PORT" "$WORK"
java "$ROOT/web/load/LoadCheck.java" "http://localhost:$PORT/" "$CLIENTS" "$SECONDS_"
