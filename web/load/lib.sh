#!/usr/bin/env bash
# Shared by the scripts in web/load/: start `serveplan serve` on loopback with a fresh (or given)
# H2 database, wait until it is ready, stop it. Source it; set ROOT first.
#   start_server PORT DBDIR [serve options...]   → sets PID, LOG
#   stop_server                                   → SIGTERM, wait
#   kill_server                                   → SIGKILL (a crash), wait
start_server() {
  local port="$1" dbdir="$2"; shift 2
  LOG="$dbdir/server.log"
  mkdir -p "$dbdir"
  "$ROOT/bin/serveplan" serve --port "$port" --db "jdbc:h2:file:$dbdir/db/serveplan" "$@" >>"$LOG" 2>&1 &
  PID=$!
  local before; before=$(grep -c 'ServePlan is ready at' "$LOG" 2>/dev/null || true)
  for _ in $(seq 1 600); do
    [ "$(grep -c 'ServePlan is ready at' "$LOG" 2>/dev/null || true)" -gt "${before:-0}" ] && return 0
    kill -0 "$PID" 2>/dev/null || { cat "$LOG"; return 1; }
    sleep 0.5
  done
  echo "server did not start"; cat "$LOG"; return 1
}
stop_server() {
  if [ -n "${PID:-}" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  PID=
}
kill_server() {
  if [ -n "${PID:-}" ] && kill -0 "$PID" 2>/dev/null; then kill -9 "$PID"; wait "$PID" 2>/dev/null || true; fi
  PID=
}
# The Java process of the server: bin/serveplan execs java, so it is PID itself.
listening_sockets() {
  ss -H -ltnup 2>/dev/null | grep "pid=$1," || true
}
