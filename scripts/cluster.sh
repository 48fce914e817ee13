#!/usr/bin/env bash
# A local wethink cluster in one command: PostgreSQL, Redis, three instances and HAProxy in front,
# each installed from Debian when missing and started privately (state in .cluster/, free ports).
# Prints the URL; Ctrl+C stops everything. Settings: CLUSTER_PORT (site port, default 8080),
# INSTANCES (default 3), DATABASE_URL / REDIS_URL to use servers you already run, CLUSTER_STATE
# (state folder, default .cluster), CLUSTER_SKIP_BUILD=1 when client and server are built already.
# Each instance's id, port and pid are listed in <state>/instances.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
state="${CLUSTER_STATE:-$root/.cluster}"
mkdir -p "$state/logs"
bash scripts/bootstrap.sh >/dev/null
bash scripts/ensure-packages.sh redis-server:redis-server haproxy:haproxy curl:curl
[ -n "${DATABASE_URL:-}" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
  bash scripts/ensure-packages.sh /nonexistent-initdb:postgresql
export PATH="$root/.tools/node_modules/.bin:$PATH"

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"; }
pids=()
cleanup() {
  trap '' INT TERM # a second Ctrl+C must not leave PostgreSQL running
  trap - EXIT
  echo "stopping the cluster…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${pg_bin:-}" ]; then as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" -m fast stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT INT TERM

# PostgreSQL: the only source of truth. A private cluster unless DATABASE_URL names one.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -z "${DATABASE_URL:-}" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pg_port=$(free_port)
  if [ ! -f "$state/postgres/PG_VERSION" ]; then
    mkdir -p "$state/postgres"
    # As root, PostgreSQL runs as the postgres user: it must reach and own its folder.
    if [ "$(id -u)" = 0 ]; then chmod o+x "$state" && chown postgres "$state/postgres"; fi
    as_postgres "$pg_bin/initdb" -D "$state/postgres" -A trust -U postgres -E UTF8 >"$state/logs/initdb.log"
  fi
  as_postgres "$pg_bin/pg_ctl" -D "$state/postgres" -l "$state/postgres/server.log" -w \
    -o "-p $pg_port -k $state/postgres -c listen_addresses=127.0.0.1" start >/dev/null
  DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
fi

# Redis: carries updates, cursors and role changes between instances; stores nothing.
if [ -z "${REDIS_URL:-}" ]; then
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$state/logs/redis.log" 2>&1 &
  pids+=($!)
  REDIS_URL="redis://127.0.0.1:$redis_port"
fi

# Every instance must accept every other's sessions and tokens: one secret, kept across runs.
[ -f "$state/auth-secret" ] || node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" >"$state/auth-secret"
[ "${CLUSTER_SKIP_BUILD:-}" = 1 ] || pnpm -s build >/dev/null
: >"$state/instances"

servers=""
for n in $(seq 1 "${INSTANCES:-3}"); do
  port=$(free_port)
  (cd server && STORAGE=postgres DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" \
    AUTH_SECRET="$(cat "$state/auth-secret")" INSTANCE_ID="i$n" PORT="$port" HOST=127.0.0.1 \
    TRUST_PROXY=true DATA_DIR="$state/data-i$n" exec node --enable-source-maps dist/main.js) \
    >"$state/logs/i$n.log" 2>&1 &
  pids+=($!)
  echo "i$n $port $!" >>"$state/instances"
  servers+="  server i$n 127.0.0.1:$port"$'\n'
  # The first one migrates the schema before the others start.
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
done

site_port=${CLUSTER_PORT:-8080}
SERVERS="$servers" LISTEN="127.0.0.1:$site_port" node -e "
  const fs = require('fs');
  const text = fs.readFileSync('deploy/haproxy.cfg.template', 'utf8')
    .replace('@LISTEN@', process.env.LISTEN).replace('@SERVERS@', process.env.SERVERS);
  fs.writeFileSync('$state/haproxy.cfg', text);"
haproxy -db -f "$state/haproxy.cfg" >"$state/logs/haproxy.log" 2>&1 &
haproxy_pid=$!
pids+=($haproxy_pid)
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$site_port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

echo "wethink: http://127.0.0.1:$site_port  (${INSTANCES:-3} instances behind HAProxy; logs in .cluster/logs)"
echo "PostgreSQL: $DATABASE_URL   Redis: $REDIS_URL"
# An instance may die (the others carry on: that is the point); the site ends with the balancer.
wait "$haproxy_pid" || true
echo "haproxy exited; see $state/logs" >&2
