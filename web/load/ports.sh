#!/usr/bin/env bash
# Which sockets a running `serveplan serve` has open for listening (TCP and UDP), read with ss for
# the server's own process. Expected: one line, its HTTP port on 127.0.0.1.
#   web/load/ports.sh [port]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/web/load/lib.sh"
PORT="${1:-18200}"
WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT
start_server "$PORT" "$WORK"
sleep 5   # anything started late (a cluster member joins after boot) has had time to bind
echo "listening sockets of pid $PID:"
listening_sockets "$PID"
echo "hz.* threads: $(jstack "$PID" 2>/dev/null | grep -c '"hz\.' || true)"
n=$(listening_sockets "$PID" | wc -l)
echo "count=$n"
[ "$n" -eq 1 ] && listening_sockets "$PID" | grep -qE "127\.0\.0\.1\]?:$PORT "
