#!/usr/bin/env bash
# Builds the class-data-sharing archive bin/serveplan starts the CLI with (web/target/serveplan.jsa):
# the classes a `simulate` run loads (picocli, Jackson, SnakeYAML, the catalogs, the simulator),
# parsed and verified once here instead of at every start. Run by `mvn package` (web module) after
# the jars are in place. The archive is an optimisation only: when it cannot be made, or no longer
# matches the jars, the launcher runs without it (the JVM checks and silently ignores a stale one).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JSA="$ROOT/web/target/serveplan.jsa"
rm -f "$JSA"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'workload: {num_requests: 300, rate: 5}\n' > "$work/run.yaml"
if SERVEPLAN_NO_BUILD=1 SERVEPLAN_CDS=off \
    SERVEPLAN_JAVA_OPTS="-XX:ArchiveClassesAtExit=$JSA -Xlog:cds=off -Xlog:cds+dynamic=off" \
    "$ROOT/bin/serveplan" simulate --spec "$work/run.yaml" --format json --out "$work/result.json" \
    > "$work/log" 2>&1 && [ -s "$JSA" ]; then
  echo "web: CDS archive $(du -h "$JSA" | cut -f1) for the CLI"
else
  rm -f "$JSA"
  echo "web: no CDS archive (the launcher starts without one): $(tail -n 1 "$work/log")"
fi
exit 0
