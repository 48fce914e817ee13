#!/usr/bin/env bash
# Installs everything (Debian's Chromium included when missing) and runs every test: types, lint,
# unit, protocol and storage tests on SQLite and PostgreSQL, and the browser end-to-end tests.
# PostgreSQL: DATABASE_URL's server, else the machine's on 127.0.0.1:5432, else a private cluster
# started (and Debian's postgresql installed) by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium
fi
bash scripts/install-export-tools.sh
export PATH="$PWD/.tools/node_modules/.bin:$PATH" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# A database for the end-to-end smoke spec on PostgreSQL, held until the tests end.
postgres_log=$(mktemp)
(cd server && exec node --import tsx test/support/postgres-for-e2e.ts) >"$postgres_log" &
postgres_pid=$!
trap 'kill "$postgres_pid" 2>/dev/null; wait "$postgres_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q '^DATABASE_URL=' "$postgres_log" && break
  kill -0 "$postgres_pid" 2>/dev/null || { cat "$postgres_log"; echo "no PostgreSQL for the tests" >&2; exit 1; }
  sleep 0.5
done
WETHINK_E2E_DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' "$postgres_log" | head -n 1)
export WETHINK_E2E_DATABASE_URL

pnpm test
