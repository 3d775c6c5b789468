#!/usr/bin/env bash
# Installs n8n (the version our templates and end-to-end tests target) into a cache folder outside the
# clone, so a second run, a fresh clone or CI on the same machine reuse it. Prints the folder.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.8.4}"
dir="${N8N_RUNTIME_DIR:-$HOME/.cache/n8n-sla-orchestrator/n8n-$N8N_VERSION}"
if [ -x "$dir/node_modules/.bin/n8n" ] && [ -f "$dir/.complete" ]; then
  echo "$dir"
  exit 0
fi
mkdir -p "$dir"
# n8n's xlsx dependency points at a tarball host that cannot be reached here; the registry's 0.18.5 works.
cat > "$dir/package.json" <<JSON
{
  "name": "n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" }
}
JSON
echo "installing n8n $N8N_VERSION into $dir (first time only, about 6 minutes)" >&2
(cd "$dir" && npm install --no-audit --no-fund --loglevel=error --yes >&2)
touch "$dir/.complete"
echo "$dir"
