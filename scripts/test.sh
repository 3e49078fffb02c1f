#!/usr/bin/env bash
# npm test: from a fresh clone to a full test run (install, services check, all suites).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node scripts/check-services.mjs
# Each medium test file clones its own database from a template migrated in test/global-setup.ts.
npx vitest run "$@"
