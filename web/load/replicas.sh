#!/usr/bin/env bash
# Memory check (not a test): a fresh `serveplan serve` with a 2 GB heap (the default budget fits
# it), then one `replicas: 10000` simulation; prints its answer and the server's peak RSS (VmHWM)
# before and after, sampled from /proc.
#   web/load/replicas.sh [replicas] [port]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/web/load/lib.sh"
REPLICAS="${1:-10000}"; PORT="${2:-18204}"
WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT
SERVEPLAN_JAVA_OPTS="-Xmx2g ${SERVEPLAN_JAVA_OPTS:-}" start_server "$PORT" "$WORK"
rss() { awk '/VmRSS/{r=$2} /VmHWM/{h=$2} END{printf "rss_mb=%d peak_rss_mb=%d", r/1024, h/1024}' "/proc/$PID/status"; }
echo "before: $(rss)"
curl -s -o "$WORK/answer" -w 'status=%{http_code} seconds=%{time_total}\n' -H 'Content-Type: application/json' \
  -d "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"replicas\":$REPLICAS,\"workload\":{\"num_requests\":1000}}" \
  "http://127.0.0.1:$PORT/api/v1/simulations"
head -c 600 "$WORK/answer"; echo
id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$WORK/answer" | head -1)
if [ -n "$id" ]; then
  for _ in $(seq 1 600); do
    s=$(curl -s "http://127.0.0.1:$PORT/api/v1/simulations/$id" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' | head -1)
    case "$s" in done|failed|cancelled) break;; esac
    sleep 1
  done
  echo "run $id: $s"
fi
curl -s -o /dev/null -w 'health status=%{http_code} seconds=%{time_total}\n' "http://127.0.0.1:$PORT/api/v1/health"
echo "after: $(rss)"
