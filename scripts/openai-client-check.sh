#!/usr/bin/env bash
# Starts serve-model (CPU, stories-15m, random weights) on a free port, runs the official OpenAI
# client (npm "openai", installed into a temporary directory on first use) against it, stops it.
# Needs node and npm, and the npm registry once. Usage: scripts/openai-client-check.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="${OPENAI_CLIENT_DIR:-${TMPDIR:-/tmp}/serveplan-openai-client}"
if [ ! -d "$DEPS/node_modules/openai" ]; then
  mkdir -p "$DEPS" && (cd "$DEPS" && npm install --no-audit --no-fund openai@5 >&2)
fi
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$ROOT/bin/serveplan" serve-model --backend cpu --model stories-15m --port "$PORT" --kv-tokens 4096 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break
  sleep 1
done
cp "$ROOT/scripts/openai-client-check.mjs" "$DEPS/"
node "$DEPS/openai-client-check.mjs" "http://127.0.0.1:$PORT/v1" stories-15m
