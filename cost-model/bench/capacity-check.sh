#!/usr/bin/env bash
# Checks the recommender's steady-state capacity on the five sheets of cost-model/README.md against
# 20,000-request simulations (CapacityCheck: the highest rate such a run holds at the SLO, and the
# verdict at 1.1 x the reported capacity). Builds the project first if needed (bin/serveplan).
# Takes several minutes. Usage: cost-model/bench/capacity-check.sh [--requests N] [sheet.yaml...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$ROOT/bin/serveplan" --help >/dev/null
CP="$(ls "$ROOT"/web/target/lib/*.jar | tr '\n' ':')"
if [ "$#" -eq 0 ] || [ "${1:-}" = "--requests" ] && [ "$#" -le 2 ]; then
  set -- "$@" "$ROOT"/cost-model/examples/sheets/*.yaml
fi
exec java --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp "$CP" io.serveplan.cost.recommend.CapacityCheck "$@"
