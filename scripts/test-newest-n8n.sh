#!/usr/bin/env bash
# Runs the end-to-end suite (test/e2e) against the newest n8n release that installs here, on the
# Node.js it needs, besides the pinned one (scripts/install-n8n.sh, 2.8.4) that `npm run test:e2e` uses.
# Installs that release first when it is not in the cache (~/.cache/n8n-sla-orchestrator), then runs
# the test files one after the other, each in a jest run of its own, and prints how long each took.
#
#   bash scripts/test-newest-n8n.sh                 # NEWEST below; queue mode and PostgreSQL left out
#   N8N_VERSION=2.40.7 bash scripts/test-newest-n8n.sh
#   SLA_E2E_ALL=1 bash scripts/test-newest-n8n.sh   # with queue-mode.test.ts and audit-postgres.test.ts
#   bash scripts/test-newest-n8n.sh test/e2e/sla-clock.test.ts   # given files only
#
# NEWEST is the newest release whose dependencies are all on the registry: 2.41.3 (`latest` when this
# was written) depends on @n8n/agents@0.26.2, which was never published, so it cannot be installed.
# When a newer release comes out, try `N8N_VERSION=<it> bash scripts/test-newest-n8n.sh` and move NEWEST.
set -euo pipefail
NEWEST=2.41.1
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export N8N_VERSION="${N8N_VERSION:-$NEWEST}"

seconds() { date +%s; }
elapsed() { local s=$(($(seconds) - $1)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

started=$(seconds)
echo "== n8n $N8N_VERSION: install (cached after the first time)"
install_started=$(seconds)
dir="$(bash scripts/install-n8n.sh | tail -n 1)"
install_took="$(elapsed "$install_started")"
echo "== n8n $N8N_VERSION in $dir ($install_took)"

if [ "$#" -gt 0 ]; then
  files=("$@")
else
  files=()
  for file in test/e2e/*.test.ts; do
    case "$(basename "$file")" in
      # a PostgreSQL, Redis and four n8n processes; the second needs PostgreSQL (scripts/postgres.sh)
      queue-mode.test.ts | audit-postgres.test.ts) [ -n "${SLA_E2E_ALL:-}" ] || continue ;;
    esac
    files+=("$file")
  done
fi

# Test paths go before --selectProjects (after it, jest takes them as more project names). One jest
# run builds and installs the package once (about a minute); SLA_E2E_EACH=1 gives each file a run of
# its own instead, so a file that hangs does not hold up the others.
logs="${SLA_E2E_LOGS:-${TMPDIR:-/tmp}/sla-e2e-n8n-$N8N_VERSION}"
mkdir -p "$logs"
runs=()
if [ -n "${SLA_E2E_EACH:-}" ]; then
  for file in "${files[@]}"; do runs+=("$file"); done
else
  runs=("${files[*]}")
fi
results=()
failed=0
for run in "${runs[@]}"; do
  # shellcheck disable=SC2206
  paths=($run)
  log="$logs/$( [ "${#paths[@]}" -eq 1 ] && basename "${paths[0]}" .test.ts || echo all).log"
  echo "== ${paths[*]} (log: $log)"
  run_started=$(seconds)
  if npx jest "${paths[@]}" --selectProjects e2e --runInBand --forceExit >"$log" 2>&1; then
    outcome=pass
  else
    outcome=FAIL
    failed=$((failed + 1))
  fi
  # jest's own line per file ("PASS e2e test/e2e/x.test.ts (74.4 s)") and the names of failed tests
  grep -E '^(PASS|FAIL) |^\s+● .* › ' "$log" | sort -u || true
  results+=("$(printf '%-4s %7s  %s' "$outcome" "$(elapsed "$run_started")" "${paths[*]}")")
done

echo
echo "== n8n $N8N_VERSION: install $install_took, whole run $(elapsed "$started")"
printf '%s\n' "${results[@]}"
[ "$failed" -eq 0 ] || { echo "e2e tests failed on n8n $N8N_VERSION (logs in $logs)"; exit 1; }
