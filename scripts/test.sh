#!/usr/bin/env bash
# Installs everything (Debian's Chromium, Redis and HAProxy included when missing) and runs every
# test: types, lint, unit, protocol and storage tests on SQLite and PostgreSQL, the cluster tests
# (three instances, a private Redis and HAProxy each) and the browser end-to-end tests.
# PostgreSQL: DATABASE_URL's server, else the machine's on 127.0.0.1:5432, else a private cluster
# started (and Debian's postgresql installed) by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# Chromium for the browser tests; Redis and HAProxy for the cluster tests (each starts its own);
# epubcheck (with OpenJDK; run as a jar, its /usr/bin wrapper fails in containers) and
# poppler-utils (pdftotext, pdffonts) for the export tests.
bash scripts/ensure-packages.sh /usr/bin/chromium:chromium redis-server:redis-server haproxy:haproxy \
  /usr/share/java/epubcheck.jar:epubcheck pdftotext:poppler-utils
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
