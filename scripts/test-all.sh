#!/usr/bin/env bash
# `npm test`: every check CI runs, in order of cost.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh
[ -d lib/generated/prisma ] || node scripts/prisma-generate.mjs

echo "== typecheck"; npm run --silent typecheck
echo "== lint"; npm run --silent lint
echo "== unit and integration tests (real chDB, PGlite, Kafka)"; npx vitest run
echo "== production build"; npm run --silent build
echo "== end-to-end (Playwright, Debian Chromium)"; npx playwright test
