#!/usr/bin/env bash
# n8n's queue mode on this machine, with this package: PostgreSQL (n8n's database: workflows,
# executions, Data Tables, the audit trail and the delivery claims) and Redis (the queue), a main
# process (editor, REST and public API), a webhook processor, and workers, all with this package
# installed as a community package and the templates imported (in their queue-mode form, see
# scripts/queue-templates.mjs) and published.
#
#   scripts/queue-mode.sh start     (npm run start:queue) starts the stack in the background, prints where the logs are
#   scripts/queue-mode.sh stop      (npm run stop:queue) stops the n8n processes, the local peers and Redis
#   scripts/queue-mode.sh status    one line per process: running/stopped
#
# PostgreSQL is the project's cluster of scripts/postgres.sh (port 54329), database ${SLA_QUEUE_DB:-n8n_queue};
# stop leaves the cluster running (other tools of the project use it): scripts/postgres.sh stop stops it.
# Everything else lives in ${SLA_QUEUE_DIR:-~/.cache/n8n-sla-orchestrator/queue}: n8n/ (the n8n user
# folder every process shares: the package in .n8n/nodes, the encryption key), redis/, logs/, run/ (pid files).
#
# Settings (environment): SLA_QUEUE_MAIN_PORT (5690), SLA_QUEUE_WEBHOOK_PORT (5691), SLA_QUEUE_REDIS_PORT
# (56379), SLA_QUEUE_BROKER_PORT (5692: the first of one task-broker port per n8n process), SLA_QUEUE_WORKERS
# (2), SLA_QUEUE_CONCURRENCY (jobs per worker, 10), SLA_QUEUE_TIMED_TRIGGERS=off (Schedule triggers disabled),
# N8N_ENCRYPTION_KEY (else one is made and kept in n8n/encryption-key), SLA_QUEUE_NODES_DIR (a .n8n/nodes folder
# with the package installed already, linked instead of building it). Slack and the helpdesk: SLA_SLACK_TOKEN
# with SLA_SLACK_API_URL, SLA_HELPDESK_URL with SLA_HELPDESK_TOKEN; without them local stand-ins run
# (as for npm start), on SLA_LOCAL_SLACK_PORT (5701), SLA_LOCAL_HELPDESK_PORT (5702), SLA_LOCAL_SMTP_PORT (5703; each serves what it received on its port + 10).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { echo "[$(date +%H:%M:%S)] queue-mode: $*"; }
die() { echo "queue-mode: $*" >&2; exit 1; }

STATE="${SLA_QUEUE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-sla-orchestrator/queue}"
MAIN_PORT="${SLA_QUEUE_MAIN_PORT:-5690}"
WEBHOOK_PORT="${SLA_QUEUE_WEBHOOK_PORT:-5691}"
REDIS_PORT="${SLA_QUEUE_REDIS_PORT:-56379}"
BROKER_PORT="${SLA_QUEUE_BROKER_PORT:-5692}"
WORKERS="${SLA_QUEUE_WORKERS:-2}"
CONCURRENCY="${SLA_QUEUE_CONCURRENCY:-10}"
DB="${SLA_QUEUE_DB:-n8n_queue}"
USER_FOLDER="$STATE/n8n"
LOGS="$STATE/logs"
RUN="$STATE/run"

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
processes() { echo main webhook; for i in $(seq 1 "$WORKERS"); do echo "worker-$i"; done; }

ensure_redis_installed() {
  command -v redis-server >/dev/null 2>&1 && return 0
  [ "$(id -u)" -eq 0 ] || die "Redis is not installed; run this script as root once (it runs apt-get install redis-server) or install it yourself"
  step "installing Redis from the Debian packages (first time only)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends redis-server >&2; then
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends redis-server >&2
  fi
}

start_redis() {
  ensure_redis_installed
  mkdir -p "$STATE/redis"
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then return 0; fi
  # Loopback only, no persistence beyond the queue's own (a restart of Redis loses only queued jobs,
  # which n8n's main process recovers from the executions table).
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STATE/redis" --daemonize yes \
    --pidfile "$RUN/redis.pid" --logfile "$LOGS/redis.log" --save "60 1" --appendonly no --protected-mode yes
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "Redis did not start on 127.0.0.1:$REDIS_PORT (log: $LOGS/redis.log)"
}

# The environment every n8n process of the stack shares, then what differs per process.
n8n_env() {
  export N8N_USER_FOLDER="$USER_FOLDER"
  # shellcheck source=scripts/n8n-env.sh
  source "$root/scripts/n8n-env.sh"
  export N8N_LOG_LEVEL=info NO_COLOR=1
  export N8N_ENCRYPTION_KEY
  export DB_TYPE=postgresdb DB_POSTGRESDB_HOST=127.0.0.1 DB_POSTGRESDB_PORT="$PG_PORT" DB_POSTGRESDB_DATABASE="$DB" \
    DB_POSTGRESDB_USER=sla DB_POSTGRESDB_PASSWORD=sla
  export EXECUTIONS_MODE=queue QUEUE_BULL_REDIS_HOST=127.0.0.1 QUEUE_BULL_REDIS_PORT="$REDIS_PORT"
  # Production webhooks go to the webhook processor only; manual runs from the editor go to the workers too.
  export N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true
  export WEBHOOK_URL="http://127.0.0.1:$WEBHOOK_PORT/" N8N_EDITOR_BASE_URL="http://127.0.0.1:$MAIN_PORT/"
  export N8N_CONCURRENCY_PRODUCTION_LIMIT="$CONCURRENCY"
}

# Starts one n8n process in the background (its own session, so it outlives this script).
launch() {
  local name="$1" port="$2" broker="$3"
  shift 3
  : >"$LOGS/$name.log"
  N8N_PORT="$port" N8N_RUNNERS_BROKER_PORT="$broker" setsid nohup "$n8n" "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

wait_for() {
  local name="$1" text="$2"
  for _ in $(seq 1 240); do
    grep -q "$text" "$LOGS/$name.log" 2>/dev/null && return 0
    alive "$name" || { tail -n 30 "$LOGS/$name.log" >&2; die "$name exited (log: $LOGS/$name.log)"; }
    sleep 1
  done
  die "$name did not get ready within 240 s (log: $LOGS/$name.log)"
}

start() {
  mkdir -p "$USER_FOLDER" "$LOGS" "$RUN"
  [ -d node_modules ] || { step "installing the project's dependencies (npm ci)"; npm ci --no-audit --no-fund --loglevel=error; }
  step "n8n ${N8N_VERSION:-2.8.4} from the cache of scripts/install-n8n.sh (the first install takes about 6 minutes)"
  n8n_dir="$(bash scripts/install-n8n.sh | tail -1)"
  n8n="$n8n_dir/node_modules/.bin/n8n"
  # A release that needs a newer Node.js (2.41 wants 24) brings it in its cache folder (install-n8n.sh).
  [ -x "$n8n_dir/node-runtime/node_modules/node/bin/node" ] && export PATH="$n8n_dir/node-runtime/node_modules/node/bin:$PATH"

  step "PostgreSQL (scripts/postgres.sh) and database $DB"
  bash scripts/postgres.sh start
  bash scripts/postgres.sh createdb "$DB"
  PG_PORT="$(bash scripts/postgres.sh status | cut -d' ' -f2)"
  step "Redis on 127.0.0.1:$REDIS_PORT"
  start_redis

  if [ -z "${N8N_ENCRYPTION_KEY:-}" ]; then
    [ -f "$USER_FOLDER/encryption-key" ] || (umask 077; node -e "console.log(require('crypto').randomBytes(24).toString('base64url'))" >"$USER_FOLDER/encryption-key")
    N8N_ENCRYPTION_KEY="$(cat "$USER_FOLDER/encryption-key")"
  fi
  n8n_env

  local name
  for name in $(processes); do
    if alive "$name"; then
      step "$name is running already: run scripts/queue-mode.sh stop first to restart the stack (main http://127.0.0.1:$MAIN_PORT)"
      return 0
    fi
  done

  if [ -n "${SLA_QUEUE_NODES_DIR:-}" ]; then
    # A folder where scripts/install-package-into-n8n.sh installed the package already (the e2e tests' run).
    mkdir -p "$USER_FOLDER/.n8n"
    [ -e "$USER_FOLDER/.n8n/nodes" ] || ln -s "$SLA_QUEUE_NODES_DIR" "$USER_FOLDER/.n8n/nodes"
  else
    step "building this package and installing it into $USER_FOLDER/.n8n/nodes (every process loads it from there)"
    bash scripts/install-package-into-n8n.sh "$USER_FOLDER" >/dev/null
  fi

  local slack_port="${SLA_LOCAL_SLACK_PORT:-5701}" helpdesk_port="${SLA_LOCAL_HELPDESK_PORT:-5702}" smtp_port="${SLA_LOCAL_SMTP_PORT:-5703}"
  local helpdesk_token="${SLA_HELPDESK_TOKEN:-}"
  if [ -z "${SLA_SLACK_TOKEN:-}" ] || [ -z "${SLA_HELPDESK_URL:-}" ]; then
    helpdesk_token="$(node -e "import('./scripts/setup-store.mjs').then(m => console.log(m.localSecrets(process.argv[1]).helpdeskToken))" "$USER_FOLDER")"
    if ! alive peers; then
      step "local Slack, helpdesk and SMTP stand-ins on ports $slack_port, $helpdesk_port, $smtp_port"
      setsid nohup npx tsx scripts/local-peers.ts "$slack_port" "$helpdesk_port" "$helpdesk_token" "$smtp_port" >"$LOGS/peers.log" 2>&1 </dev/null &
      echo $! >"$RUN/peers.pid"
    fi
  fi
  local slack_url="${SLA_SLACK_API_URL:-http://127.0.0.1:$slack_port/api/}"
  local slack_token="${SLA_SLACK_TOKEN:-xoxb-local-stand-in}"
  export SLA_HELPDESK_URL="${SLA_HELPDESK_URL:-http://127.0.0.1:$helpdesk_port}"

  # Imports into PostgreSQL, before the processes start (import:* are one-off CLI runs on the same database).
  local imported="$USER_FOLDER/sla-imported-templates"
  touch "$imported"
  if ! grep -qx queue-templates "$imported" || [ -n "${SLA_REIMPORT:-}" ]; then
    step "creating the credentials and importing the templates (queue-mode form)"
    local work
    work="$(mktemp -d)"
    node scripts/setup-store.mjs credentials "http://127.0.0.1:$MAIN_PORT" "$USER_FOLDER" "$slack_url" "$slack_token" "$helpdesk_token" "$smtp_port" >"$work/credentials.json"
    node -e '
      const [file, port] = process.argv.slice(1);
      const fs = require("fs");
      const list = JSON.parse(fs.readFileSync(file, "utf8"));
      import("./scripts/queue-templates.mjs").then(({ POSTGRES_CREDENTIAL }) => {
        list.push({ ...POSTGRES_CREDENTIAL, type: "slaAuditPostgresApi", data: { host: "127.0.0.1", port: Number(port), database: process.env.DB_POSTGRESDB_DATABASE, user: "sla", password: "sla", ssl: false } });
        fs.writeFileSync(file, JSON.stringify(list));
      });' "$work/credentials.json" "$PG_PORT"
    "$n8n" import:credentials --input="$work/credentials.json" >"$LOGS/import.log" 2>&1 || { cat "$LOGS/import.log" >&2; die "import:credentials failed"; }
    local flags=()
    [ "${SLA_QUEUE_TIMED_TRIGGERS:-on}" = off ] && flags+=(--no-timed-triggers)
    node scripts/queue-templates.mjs "$work/templates" "${flags[@]}"
    "$n8n" import:workflow --separate --input="$work/templates" >>"$LOGS/import.log" 2>&1 || { cat "$LOGS/import.log" >&2; die "import:workflow failed"; }
    rm -rf "$work"
    echo queue-templates >>"$imported"
  fi
  local publish=()
  for template in workflows/*.json; do
    if node -e "const w=require('./$template'); process.exit(w.nodes.some(n=>/webhook|scheduleTrigger|errorTrigger|executeWorkflowTrigger/.test(n.type))?0:1)"; then
      publish+=("$(node -p "require('./$template').id")")
    fi
  done

  step "starting the main process on http://127.0.0.1:$MAIN_PORT"
  launch main "$MAIN_PORT" "$BROKER_PORT" start
  wait_for main "Editor is now accessible"
  step "starting the webhook processor on http://127.0.0.1:$WEBHOOK_PORT"
  launch webhook "$WEBHOOK_PORT" "$((BROKER_PORT + 1))" webhook
  for i in $(seq 1 "$WORKERS"); do
    step "starting worker $i (concurrency $CONCURRENCY)"
    # A worker serves nothing on N8N_PORT (its health server stays off); each has its own task broker.
    launch "worker-$i" "$MAIN_PORT" "$((BROKER_PORT + 1 + i))" worker --concurrency="$CONCURRENCY"
  done
  wait_for webhook "Webhook listener waiting for requests"
  for i in $(seq 1 "$WORKERS"); do wait_for "worker-$i" "n8n worker is now ready"; done

  step "setting up the SLA store (owner, templates published, API key, Data Tables in PostgreSQL)"
  SLA_PUBLISH="$(IFS=,; echo "${publish[*]}")" SLA_WEBHOOK_BASE_URL="http://127.0.0.1:$WEBHOOK_PORT" \
    node scripts/setup-store.mjs setup "http://127.0.0.1:$MAIN_PORT" "$USER_FOLDER"
  step "ready: editor http://127.0.0.1:$MAIN_PORT, webhooks http://127.0.0.1:$WEBHOOK_PORT/webhook/…, $WORKERS workers"
  step "logs: $LOGS"
  step "stop with: npm run stop:queue"
}

stop_process() {
  local name="$1" pid
  [ -f "$RUN/$name.pid" ] || return 0
  pid="$(cat "$RUN/$name.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    # The process leads its own session (setsid): its task runner goes with it.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$RUN/$name.pid"
}

stop() {
  # Workers first (they finish their running jobs), then who feeds them.
  for i in $(seq "$WORKERS" -1 1); do stop_process "worker-$i"; done
  # Workers started with a larger SLA_QUEUE_WORKERS earlier.
  for file in "$RUN"/worker-*.pid; do [ -e "$file" ] && stop_process "$(basename "$file" .pid)"; done
  stop_process webhook
  stop_process main
  stop_process peers
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true; fi
  rm -f "$RUN/redis.pid"
  echo "queue-mode: stopped (PostgreSQL keeps running: scripts/postgres.sh stop)"
}

status() {
  local name
  for name in $(processes) peers; do
    if alive "$name"; then echo "$name running $(cat "$RUN/$name.pid")"; else echo "$name stopped"; fi
  done
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then echo "redis running 127.0.0.1:$REDIS_PORT"; else echo "redis stopped"; fi
  echo "postgres $(bash scripts/postgres.sh status || true)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
