#!/usr/bin/env bash
# Runs the pnpm pinned in package.json "packageManager"; installs nothing globally.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(node -p 'require("./package.json").packageManager.split("@")[1].split("+")[0]')
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$want" ]; then
  exec pnpm "$@"
fi
exec npx --yes "pnpm@${want}" "$@"
