#!/usr/bin/env bash
# Builds this package, packs it as npm would publish it, and installs the tarball into an n8n user
# folder the way n8n installs community packages (<user folder>/.n8n/nodes). Node types are then
# n8n-nodes-sla-orchestrator.<name>, exactly as for users who install from npm.
# Usage: install-package-into-n8n.sh <n8n user folder>
set -euo pipefail
user_folder="$(mkdir -p "$1" && cd "$1" && pwd)"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# One build at a time: two test runs (or a bench beside a test) building at once delete each other's dist.
exec 9>"${TMPDIR:-/tmp}/n8n-sla-orchestrator-build.lock"
flock 9
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
rm -rf dist
if ! npx tsc -p tsconfig.build.json; then
  # Developers may package work in progress with type errors; CI and `npm test` never set this.
  [ -n "${ALLOW_TYPE_ERRORS:-}" ] || { echo "build failed: fix the type errors above" >&2; exit 1; }
fi
npx gulp build:icons --silent
# the dashboard page (its script with uPlot bundled) is part of dist, as `npm run build` makes it
node scripts/build-dashboard.mjs >/dev/null
nodes_dir="$user_folder/.n8n/nodes"
mkdir -p "$nodes_dir"
packed="$(npm pack --ignore-scripts --silent --pack-destination "$nodes_dir" | tail -1)"
cd "$nodes_dir"
mv -f "$packed" n8n-nodes-sla-orchestrator.tgz
[ -f package.json ] || echo '{ "name": "installed-nodes", "private": true, "dependencies": {} }' > package.json
rm -rf node_modules/n8n-nodes-sla-orchestrator package-lock.json
npm install --legacy-peer-deps --no-audit --no-fund --loglevel=error ./n8n-nodes-sla-orchestrator.tgz
echo "installed $(node -p "require('./node_modules/n8n-nodes-sla-orchestrator/package.json').version") into $nodes_dir"
