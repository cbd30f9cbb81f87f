#!/usr/bin/env bash
# Lints the checked-in OpenAPI document (web/src/main/resources/io/serveplan/web/api/openapi.yaml)
# with Redocly CLI's recommended rules (redocly.yaml at the repository root); any error fails.
# Needs npx and the npm registry. Redocly CLI 2.x runs on Node >= 20.19 (20.x) or >= 22.12: with an
# older Node on PATH the same lint runs under Node 22 from the npm package "node" (also from the
# registry). Usage: scripts/openapi-lint.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REDOCLY="@redocly/cli@2.11.1"
NODE_FALLBACK="node@22.12.0"

command -v npx >/dev/null 2>&1 || { echo "openapi-lint: npx not found; install Node.js >= 20.19 with npm" >&2; exit 1; }

# Whether a Node version (major minor) satisfies redocly 2.x's engines: >=20.19 <21, or >=22.12.
fits() {
  local major=$1 minor=$2
  { [ "$major" -eq 20 ] && [ "$minor" -ge 19 ]; } || { [ "$major" -eq 22 ] && [ "$minor" -ge 12 ]; } || [ "$major" -ge 23 ]
}

version="$(node --version 2>/dev/null || echo v0.0.0)"
IFS=. read -r major minor _ <<<"${version#v}"
if [ "${OPENAPI_LINT_NODE_PACKAGE:-}" != 1 ] && fits "$major" "$minor"; then
  echo "openapi-lint: $REDOCLY under Node $version"
  npx --yes "$REDOCLY" lint --config redocly.yaml
else
  if [ "${OPENAPI_LINT_NODE_PACKAGE:-}" = 1 ]; then
    echo "openapi-lint: OPENAPI_LINT_NODE_PACKAGE=1: using $NODE_FALLBACK from npm"
  else
    echo "openapi-lint: Node $version does not run $REDOCLY (needs >= 20.19 or >= 22.12); using $NODE_FALLBACK from npm"
  fi
  if ! npx --yes -p "$NODE_FALLBACK" -p "$REDOCLY" -- redocly lint --config redocly.yaml; then
    echo "openapi-lint: failed (see above). If Node $NODE_FALLBACK could not be fetched, install Node >= 20.19 and rerun" >&2
    exit 1
  fi
fi
