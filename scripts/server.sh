#!/usr/bin/env bash
# Starts only the local Hub server, with persistent data in .hub-data/ and a "demo" user whose
# write token is created once (kept in .hub-data/seed.json). Prints the URL and the token, then
# serves until Ctrl-C. Explore it with the CLI or the official Python client:
#   HF_ENDPOINT=http://127.0.0.1:7860 HF_TOKEN=<token> node apps/cli/dist/cli.js repo create demo/x
# Options: HUB_HOST (default 127.0.0.1), HUB_PORT (default 7860), HUB_DATA (default .hub-data).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
host="${HUB_HOST:-127.0.0.1}"
port="${HUB_PORT:-7860}"
data="${HUB_DATA:-.hub-data}"
if [ ! -f apps/server/dist/cli.js ] || [ ! -f apps/cli/dist/cli.js ]; then
  bash scripts/pnpm.sh install --frozen-lockfile --reporter=silent
  bash scripts/pnpm.sh exec turbo run build --filter=@hub/server --filter=@hub/cli --output-logs=errors-only
fi
mkdir -p "$data"
if [ ! -f "$data/seed.json" ]; then
  token="hf_$(node -e 'process.stdout.write(require("node:crypto").randomBytes(20).toString("hex"))')"
  printf '{"users":[{"name":"demo","fullname":"Demo User","email":"demo@example.com","tokens":[{"value":"%s","role":"write","name":"demo-write"}]}]}\n' "$token" > "$data/seed.json"
  chmod 600 "$data/seed.json"
fi
token=$(node -p 'require(require("node:path").resolve(process.argv[1])).users[0].tokens[0].value' "$data/seed.json")
url="http://$host:$port"
cat <<INFO
Local Hub server: $url   (data in $data/, user "demo")
Token (write):    $token

  export HF_ENDPOINT=$url HF_TOKEN=$token
  node apps/cli/dist/cli.js auth whoami            # the hub CLI
  python -c 'from huggingface_hub import HfApi; print(HfApi().whoami())'   # the official Python client

Ctrl-C stops the server.
INFO
exec node apps/server/dist/cli.js --host "$host" --port "$port" --data "$data" --seed "$data/seed.json"
