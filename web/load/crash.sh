#!/usr/bin/env bash
# Crash check (not a test): ROUNDS times (default 3) start `serveplan serve` on one H2 database,
# let CrashCheck.java finish 10 runs and acknowledge 10 larger ones, kill -9 the server at once,
# restart it and verify every run of every round so far; also checks that the killed instance's
# Payara folder is gone from the temp directory after the restart.
#   web/load/crash.sh [rounds] [port]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/web/load/lib.sh"
ROUNDS="${1:-3}"; PORT="${2:-18203}"
WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT
TMP="${TMPDIR:-/tmp}"
start_server "$PORT" "$WORK"
for r in $(seq 1 "$ROUNDS"); do
  java "$ROOT/web/load/CrashCheck.java" submit "$PORT" "$WORK/state"
  killed=$PID
  kill_server
  echo "round $r: killed $killed; its Payara folders: $(ls -d "$TMP"/serveplan-payara-"$killed"-* 2>/dev/null | wc -l)"
  start_server "$PORT" "$WORK"
  echo "round $r: after restart, folders of $killed left: $(ls -d "$TMP"/serveplan-payara-"$killed"-* 2>/dev/null | wc -l)"
  java "$ROOT/web/load/CrashCheck.java" verify "$PORT" "$WORK/state"
done
