#!/usr/bin/env bash
# Installs everything, builds the client and starts wethink on the embedded SQLite default.
# Configuration comes from the environment (README: Configuration).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
exec pnpm start
