#!/usr/bin/env bash
# A PostgreSQL cluster of this project's own, for the Audit Log's PostgreSQL sink (tests, local runs)
# and n8n's queue mode (n8n's own database). It never touches a system cluster.
#
#   scripts/postgres.sh start            start the cluster (installs PostgreSQL and runs initdb when needed)
#   scripts/postgres.sh stop             stop it
#   scripts/postgres.sh status           "running <port> <data dir>" (exit 0) or "stopped" (exit 3)
#   scripts/postgres.sh env [DB]         SLA_PG_* lines to source (eval "$(scripts/postgres.sh env)")
#   scripts/postgres.sh url [DB]         the connection URL alone
#   scripts/postgres.sh createdb NAME    create database NAME owned by role sla (no-op if it exists)
#   scripts/postgres.sh dropdb NAME      drop database NAME, closing its connections (no-op if absent)
#   scripts/postgres.sh psql [ARGS]      psql as the cluster's superuser over its socket
#
# Where: ${SLA_PG_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-sla-orchestrator/postgres}, holding data/
# (the cluster), run/ (its Unix socket) and server.log. Port ${SLA_PG_PORT:-54329}, on 127.0.0.1 only.
# Run as root, the server runs as the `postgres` OS user (PostgreSQL refuses root). When that user
# cannot reach the folder (root's home is 0700), the folder is a symlink to one under the postgres
# user's home; no permission of root's home is changed.
#
# Authentication: over TCP (127.0.0.1) every role needs its password: role `sla`, password `sla`
# (scram-sha-256), owner of database `sla` and of every database made with createdb. Over the Unix
# socket (mode 0700, only the server's OS user and root can reach it) the superuser `postgres` is
# trusted; this script administers the cluster that way. Nothing listens on any other address.
#
# Every command is idempotent and serialised by a lock file, so parallel test runs may call start.
set -euo pipefail

PORT="${SLA_PG_PORT:-54329}"
ROLE=sla
PASSWORD=sla
DEFAULT_DB=sla
STATE="${SLA_PG_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-sla-orchestrator/postgres}"

die() { echo "postgres.sh: $*" >&2; exit 1; }
note() { echo "postgres.sh: $*" >&2; }

# The newest installed server's bin folder (Debian keeps them in /usr/lib/postgresql/<major>/bin).
find_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir)"
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
  fi
  if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

ensure_installed() {
  BIN="$(find_bindir || true)"
  [ -n "$BIN" ] && return 0
  [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed; run this script as root once (it runs apt-get install postgresql) or install it yourself"
  note "installing PostgreSQL from the Debian packages (first time only)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends postgresql >&2; then
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends postgresql >&2
  fi
  BIN="$(find_bindir)" || die "apt-get installed postgresql but no initdb/postgres binaries were found"
}

# Runs a command as the OS user that owns the cluster (postgres when we are root, else ourselves).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Decides the real folder of the cluster (DIR) and makes STATE point at it.
resolve_dir() {
  if [ -L "$STATE" ] || [ -d "$STATE" ]; then
    DIR="$(readlink -f "$STATE")"
    return 0
  fi
  mkdir -p "$(dirname "$STATE")"
  if [ "$(id -u)" -ne 0 ]; then mkdir -p "$STATE"; DIR="$STATE"; return 0; fi
  id postgres >/dev/null 2>&1 || useradd --system --user-group --home-dir /var/lib/postgresql --create-home --shell /bin/bash postgres
  if runuser -u postgres -- test -x "$(dirname "$STATE")"; then
    mkdir -p "$STATE"
    DIR="$STATE"
  else
    local home
    home="$(getent passwd postgres | cut -d: -f6)"
    { [ -n "$home" ] && [ -d "$home" ] && runuser -u postgres -- test -w "$home"; } || home=/var/tmp
    DIR="$home/n8n-sla-orchestrator-$(printf '%s' "$STATE" | sha256sum | cut -c1-12)"
    mkdir -p "$DIR"
    ln -sfn "$DIR" "$STATE"
    note "the postgres user cannot reach $(dirname "$STATE"); the cluster lives in $DIR ($STATE links to it)"
  fi
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR"
  chmod 0700 "$DIR"
}

# The lock is taken on a file next to the state folder (root-owned is fine: only this script uses it).
with_lock() {
  mkdir -p "$(dirname "$STATE")"
  exec 9>"$STATE.lock"
  flock -w 120 9 || die "another postgres.sh holds $STATE.lock"
}

pg_ctl_() { as_owner "$BIN/pg_ctl" -D "$DIR/data" "$@"; }

# Running: the pid file names a live postgres process (a pid file left by a killed server or a container
# restart names a dead, zombie or reused pid, and is removed before starting).
running() {
  local pid
  [ -f "$DIR/data/postmaster.pid" ] || return 1
  pid="$(head -n 1 "$DIR/data/postmaster.pid")"
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = postgres ] || return 1
  # a killed server whose parent (pid 1 in a container) does not reap it stays a zombie
  case "$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$pid/status" 2>/dev/null)" in Z | X | '') return 1 ;; esac
}

# The port the running server listens on (line 4 of postmaster.pid), else the configured one.
current_port() {
  if [ -f "$DIR/data/postmaster.pid" ]; then sed -n 4p "$DIR/data/postmaster.pid"; else echo "$PORT"; fi
}

init_cluster() {
  [ -f "$DIR/data/PG_VERSION" ] && return 0
  note "creating a cluster in $DIR/data"
  rm -rf "$DIR/data"
  as_owner mkdir -p "$DIR/run"
  as_owner chmod 0700 "$DIR/run"
  # initdb runs as the owner; it does not need a password for the superuser (socket trust, TCP scram).
  as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -E UTF8 --no-locale --no-sync \
    --auth-local=trust --auth-host=scram-sha-256 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; rm -rf "$DIR/data"; die "initdb failed"; }
  # Loopback TCP only; the socket in our folder; enough connections for several n8n workers' pools.
  as_owner tee -a "$DIR/data/postgresql.conf" >/dev/null <<CONF

# --- n8n-sla-orchestrator (scripts/postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR/run'
unix_socket_permissions = 0700
max_connections = 200
password_encryption = scram-sha-256
CONF
  as_owner tee "$DIR/data/pg_hba.conf" >/dev/null <<HBA
# --- n8n-sla-orchestrator (scripts/postgres.sh) ---
local   all   postgres                   trust
host    all   all        127.0.0.1/32    scram-sha-256
HBA
}

psql_() {
  PGOPTIONS='-c client_min_messages=warning' "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR/run" -p "$(current_port)" -U postgres "$@"
}

ensure_role_and_db() {
  psql_ -d postgres -tA >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD';
  END IF;
END \$\$;
SQL
  create_db "$DEFAULT_DB"
}

valid_name() { [[ "$1" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "database name '$1' must be lower-case letters, digits and _ (at most 63)"; }

create_db() {
  valid_name "$1"
  if [ "$(psql_ -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" != 1 ]; then
    psql_ -d postgres -c "CREATE DATABASE \"$1\" OWNER $ROLE" 2>"$DIR/createdb.err" \
      || grep -q 'already exists' "$DIR/createdb.err" || { cat "$DIR/createdb.err" >&2; die "could not create database $1"; }
  fi
}

start() {
  ensure_installed
  resolve_dir
  init_cluster
  if ! running; then
    as_owner mkdir -p "$DIR/run"
    rm -f "$DIR/data/postmaster.pid"
    as_owner touch "$DIR/server.log"
    # 9>&-: the server must not inherit the lock, or it would hold it for as long as it runs.
    pg_ctl_ start -w -t 60 -l "$DIR/server.log" -o "-p $PORT" >/dev/null 9>&- \
      || { tail -n 20 "$DIR/server.log" >&2; die "the server did not start (log: $DIR/server.log)"; }
  fi
  ensure_role_and_db
}

url() { echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$(current_port)/${1:-$DEFAULT_DB}"; }

need_running() {
  BIN="$(find_bindir)" || die "PostgreSQL is not installed (scripts/postgres.sh start installs it)"
  [ -e "$STATE" ] || die "no cluster yet: run scripts/postgres.sh start"
  DIR="$(readlink -f "$STATE")"
  running || die "the cluster is not running: run scripts/postgres.sh start"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  start)
    with_lock
    start
    echo "running on 127.0.0.1:$(current_port) ($DIR)" >&2
    ;;
  stop)
    with_lock
    BIN="$(find_bindir || true)"
    if [ -n "$BIN" ] && [ -e "$STATE" ]; then
      DIR="$(readlink -f "$STATE")"
      if running; then pg_ctl_ stop -m fast -w -t 60 >/dev/null; fi
    fi
    ;;
  status)
    BIN="$(find_bindir || true)"
    if [ -n "$BIN" ] && [ -e "$STATE" ]; then
      DIR="$(readlink -f "$STATE")"
      if running; then echo "running $(current_port) $DIR"; exit 0; fi
    fi
    echo stopped
    exit 3
    ;;
  env)
    need_running
    db="${1:-$DEFAULT_DB}"
    valid_name "$db"
    cat <<ENV
SLA_PG_HOST=127.0.0.1
SLA_PG_PORT=$(current_port)
SLA_PG_USER=$ROLE
SLA_PG_PASSWORD=$PASSWORD
SLA_PG_DATABASE=$db
SLA_PG_URL=$(url "$db")
ENV
    ;;
  url)
    need_running
    valid_name "${1:-$DEFAULT_DB}"
    url "${1:-}"
    ;;
  createdb)
    [ $# -eq 1 ] || die "usage: postgres.sh createdb NAME"
    with_lock
    need_running
    create_db "$1"
    ;;
  dropdb)
    [ $# -eq 1 ] || die "usage: postgres.sh dropdb NAME"
    valid_name "$1"
    [ "$1" != "$DEFAULT_DB" ] && [ "$1" != postgres ] || die "refusing to drop database $1"
    with_lock
    need_running
    psql_ -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"
    ;;
  psql)
    need_running
    psql_ "$@"
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
