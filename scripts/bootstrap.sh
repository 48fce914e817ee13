#!/usr/bin/env bash
# Installs the pinned pnpm into .tools/ and then the workspace's dependencies.
# No corepack: on this machine kind the registry serves no signatures, so corepack and pnpm's own
# self-switching fail (see ../shared/TOOLCHAIN.md). Plain npm into a project folder works.
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
pnpm_bin=.tools/node_modules/.bin/pnpm
if [ ! -x "$pnpm_bin" ] || [ "$("$pnpm_bin" --version)" != "$pnpm_version" ]; then
  mkdir -p .tools
  [ -f .tools/package.json ] || echo '{ "private": true }' > .tools/package.json
  (cd .tools && npm install --no-audit --no-fund --loglevel=error "pnpm@$pnpm_version")
fi
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 pnpm install --frozen-lockfile
