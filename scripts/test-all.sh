#!/usr/bin/env bash
# `npm test`: every check CI runs, in order of cost.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh
[ -d lib/generated/prisma ] || node scripts/prisma-generate.mjs

echo "== typecheck"; npm run --silent typecheck
echo "== lint"; npm run --silent lint
echo "== unit and integration tests (real chDB, PGlite, Kafka)"; npx vitest run
echo "== integration tests of the relational store against PostgreSQL 15"
pg_server=$(bash scripts/postgres-test-server.sh)
trap 'bash scripts/postgres-test-server.sh stop "${pg_server%% *}"' EXIT
LOTLINE_TEST_POSTGRES_URL="${pg_server#* }" npx vitest run $(grep -l "database-env" test/*.int.test.ts)
echo "== production build"; npm run --silent build
echo "== end-to-end (Playwright, Debian Chromium)"; npx playwright test
