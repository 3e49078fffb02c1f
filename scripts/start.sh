#!/usr/bin/env bash
# npm start: from a fresh clone to a running API + worker with the demo partnership loaded.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node scripts/check-services.mjs
npm run --silent build
node dist/scripts/migrate.js
node dist/scripts/seed-demo.js

node dist/apps/worker/src/main.js &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
node dist/apps/api/src/main.js
