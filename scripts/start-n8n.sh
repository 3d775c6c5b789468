#!/usr/bin/env bash
# `npm start`: from a fresh clone, installs what is needed and starts n8n 2.8.4 (embedded SQLite, user
# folder .n8n-local/ inside the project) with this package installed as a community package, the
# templates in workflows/ imported and published, their credentials created, and the SLA store's Data
# Tables set up. Without SLA_SLACK_TOKEN / SLA_HELPDESK_URL it also runs local stand-ins for Slack,
# a Zendesk-style helpdesk and SMTP (SLA_SMTP_HOST/PORT/USER/PASSWORD for a real one), so the whole loop (intake, sweep, escalation, write-back, report) runs here.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { echo "[$(date +%H:%M:%S)] $*"; }

if [ ! -d node_modules ]; then
  step "installing the project's dependencies (npm ci, about a minute)"
  npm ci --no-audit --no-fund --loglevel=error
fi
step "installing n8n ${N8N_VERSION:-2.8.4} (cached after the first run; the first takes about 6 minutes)"
n8n_dir="$(bash scripts/install-n8n.sh | tail -1)"
n8n="$n8n_dir/node_modules/.bin/n8n"
export N8N_USER_FOLDER="$root/.n8n-local"
# shellcheck source=scripts/n8n-env.sh
source scripts/n8n-env.sh
export N8N_PORT="${N8N_PORT:-5678}"
export N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-5679}"
base_url="http://localhost:$N8N_PORT"
slack_port="${SLA_LOCAL_SLACK_PORT:-5681}"
helpdesk_port="${SLA_LOCAL_HELPDESK_PORT:-5682}"
smtp_port="${SLA_LOCAL_SMTP_PORT:-5683}"
mkdir -p "$N8N_USER_FOLDER"

step "building this package and installing it into $N8N_USER_FOLDER/.n8n/nodes"
bash scripts/install-package-into-n8n.sh "$N8N_USER_FOLDER" >/dev/null

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

if [ -z "${SLA_SLACK_TOKEN:-}" ] || [ -z "${SLA_HELPDESK_URL:-}" ]; then
  helpdesk_token="$(node -e "import('./scripts/setup-store.mjs').then(m => console.log(m.localSecrets(process.argv[1]).helpdeskToken))" "$N8N_USER_FOLDER")"
  npx tsx scripts/local-peers.ts "$slack_port" "$helpdesk_port" "$helpdesk_token" "$smtp_port" &
  pids+=($!)
fi
slack_url="${SLA_SLACK_API_URL:-http://127.0.0.1:$slack_port/api/}"
[ -n "${SLA_SLACK_TOKEN:-}" ] && slack_url="${SLA_SLACK_API_URL:-https://slack.com/api/}"
export SLA_HELPDESK_URL="${SLA_HELPDESK_URL:-http://127.0.0.1:$helpdesk_port}"

# What an earlier run imported is listed in the user folder (one template id a line).
imported="$N8N_USER_FOLDER/sla-imported-templates"
touch "$imported"
if ! grep -qx "credentials" "$imported" || [ -n "${SLA_REIMPORT:-}" ]; then
  step "creating the templates' credentials"
  credentials="$N8N_USER_FOLDER/sla-credentials-import.json"
  node scripts/setup-store.mjs credentials "http://127.0.0.1:$N8N_PORT" "$N8N_USER_FOLDER" "$slack_url" "${SLA_SLACK_TOKEN:-xoxb-local-stand-in}" "${SLA_HELPDESK_TOKEN:-}" "$smtp_port" > "$credentials"
  "$n8n" import:credentials --input="$credentials" 2>&1 | grep -v -i "python" || true
  rm -f "$credentials"
  echo credentials >> "$imported"
fi

# Templates not imported yet are imported with one CLI call; the ones with a trigger (and the
# sub-workflows) are published through n8n's REST API by the setup step, once n8n is up.
pending_dir="$(mktemp -d)"
publish=()
for template in workflows/*.json; do
  id="$(node -p "require('./$template').id")"
  if [ -n "${SLA_REIMPORT:-}" ] || ! grep -qx "$id" "$imported"; then
    cp "$template" "$pending_dir/"
    if node -e "const w=require('./$template'); process.exit(w.nodes.some(n=>/webhook|scheduleTrigger|errorTrigger|executeWorkflowTrigger/.test(n.type))?0:1)"; then
      publish+=("$id")
    fi
  fi
done
if [ -n "$(ls -A "$pending_dir")" ]; then
  step "importing $(ls "$pending_dir" | wc -l) templates"
  "$n8n" import:workflow --separate --input="$pending_dir" 2>&1 | grep -v -i "python" || true
fi
rm -rf "$pending_dir"
export SLA_PUBLISH="$(IFS=,; echo "${publish[*]:-}")"

step "starting n8n on $base_url"
log="$N8N_USER_FOLDER/n8n.log"
N8N_LOG_LEVEL=info "$n8n" start > >(tee "$log") 2>&1 &
n8n_pid=$!
pids+=("$n8n_pid")
for _ in $(seq 1 240); do
  grep -q "Editor is now accessible" "$log" 2>/dev/null && break
  kill -0 "$n8n_pid" 2>/dev/null || { echo "n8n exited; see $log" >&2; exit 1; }
  sleep 1
done
step "setting up the SLA store (owner account, templates published, API key, Data Tables, configuration)"
node scripts/setup-store.mjs setup "$base_url" "$N8N_USER_FOLDER"
for template in workflows/*.json; do
  id="$(node -p "require('./$template').id")"
  grep -qx "$id" "$imported" || echo "$id" >> "$imported"
done
step "ready: open $base_url — stop with Ctrl-C"
wait "$n8n_pid"
