#!/usr/bin/env bash
# `npm start`: from a fresh clone, installs what is needed and starts n8n 2.8.4 (embedded SQLite, user
# folder .n8n-local/ inside the project) with this package installed as a community package and the
# templates in workflows/ imported. Templates with a webhook and no credentials are published so their
# webhooks answer at once; the others wait for you to add credentials and publish them in the editor.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
n8n_dir="$(bash scripts/install-n8n.sh | tail -1)"
n8n="$n8n_dir/node_modules/.bin/n8n"
export N8N_USER_FOLDER="$root/.n8n-local"
# shellcheck source=scripts/n8n-env.sh
source scripts/n8n-env.sh
export N8N_PORT="${N8N_PORT:-5678}"
export N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-5679}"

bash scripts/install-package-into-n8n.sh "$N8N_USER_FOLDER"

known="$("$n8n" list:workflow 2>/dev/null | cut -d'|' -f1 || true)"
for template in workflows/*.json; do
  id="$(node -p "require('./$template').id")"
  if [ -n "${SLA_REIMPORT:-}" ] || ! grep -qx "$id" <<<"$known"; then
    "$n8n" import:workflow --input="$template" 2>&1 | grep -v -i "python" || true
    if node -e "const w=require('./$template'); const hook=w.nodes.some(n=>n.type==='n8n-nodes-base.webhook'); const creds=w.nodes.some(n=>n.credentials&&Object.keys(n.credentials).length); process.exit(hook&&!creds?0:1)"; then
      "$n8n" publish:workflow --id="$id" 2>&1 | grep -v -i "python" || true
    fi
  fi
done

echo "n8n is starting on http://localhost:$N8N_PORT (set up the owner account on first visit)"
exec "$n8n" start
