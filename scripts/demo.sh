#!/usr/bin/env bash
# The demo: installs what is needed (pinned pnpm through npx), builds, starts the embedded local
# Hub server with a temporary data folder and walks through a real session against it.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
bash scripts/pnpm.sh install --frozen-lockfile --reporter=silent
bash scripts/pnpm.sh run --silent demo
