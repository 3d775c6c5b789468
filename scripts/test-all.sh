#!/usr/bin/env bash
# `npm test`: lint, type-check, unit tests (engine and nodes), end-to-end tests in real n8n, then
# browser tests of n8n's editor (Debian's Chromium, installed by scripts/install-chromium.sh if missing).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
results="$(mktemp -d)"

echo "== lint"
npm run lint --silent
echo "== type-check"
npx tsc --noEmit -p tsconfig.json
echo "== unit tests"
unit_status=0
npx jest --selectProjects unit --json --outputFile="$results/unit.json" || unit_status=$?
echo "== end-to-end tests in real n8n"
e2e_status=0
npx jest --selectProjects e2e --runInBand --json --outputFile="$results/e2e.json" || e2e_status=$?
echo "== browser tests of the editor (screenshots in test-artifacts/browser/)"
browser_status=0
npx jest --selectProjects browser --runInBand --json --outputFile="$results/browser.json" || browser_status=$?

node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const f of process.argv.slice(1)) {
  if (!fs.existsSync(f)) { failed++; continue; }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
}
console.log(`${passed} passed, ${failed} failed`);
' "$results/unit.json" "$results/e2e.json" "$results/browser.json"
rm -rf "$results"
[ "$unit_status" = 0 ] && [ "$e2e_status" = 0 ] && [ "$browser_status" = 0 ]
