// The inbox's read path at scale: 100k open exceptions in 2,000 groups on embedded Postgres
// (PGlite), then the first inbox page and a group's detail, timed. `npm run bench:exceptions`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@clickhouse/client";
import type { Actor } from "../lib/auth/actor";
import { createDb } from "../lib/db/client";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { migrateDatabase } from "../lib/db/migrate";
import { groupDetail } from "../lib/exceptions/group-detail";
import { InboxFilterSchema } from "../lib/exceptions/inbox-filter";
import { listGroups } from "../lib/exceptions/inbox-query";
import { nearestRank } from "../lib/percentile";

const pct = (ms: number[], p: number) => nearestRank([...ms].sort((a, b) => a - b), p) ?? 0;

const EXCEPTIONS = Number(process.env.BENCH_EXCEPTIONS ?? 100_000);
const GROUPS = 2_000;
const RUNS = 60;
const PLANTS = ["P1", "P2", "P3", "P4"];

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-exceptions-"));
  const pg = await startEmbeddedPostgres(path.join(dir, "pg"));
  await migrateDatabase(pg.connectionString);
  const db = createDb(pg.connectionString, pg.maxConnections);
  const now = Date.now();
  const seedStart = performance.now();
  await db.exceptionGroup.createMany({
    data: Array.from({ length: GROUPS }, (_, g) => ({
      id: g.toString(16).padStart(16, "0"),
      kind: "integration",
      signature: `integration MES→ERP iface-${g % 40} ${400 + (g % 30)}: error template ${g}`,
      template: `error template ${g}`,
      interface: `iface-${g % 40}`,
      fromSystem: "MES",
      toSystem: "ERP",
      code: String(400 + (g % 30)),
      plants: PLANTS,
      systems: ["ERP", "MES"],
      plantCounts: Object.fromEntries(PLANTS.map((p) => [p, EXCEPTIONS / GROUPS / PLANTS.length])),
      count: EXCEPTIONS / GROUPS,
      openCount: EXCEPTIONS / GROUPS,
      firstSeen: new Date(now - 86_400_000),
      lastSeen: new Date(now - g * 1_000),
      state: ["new", "acknowledged", "assigned", "regressed"][g % 4]!,
    })),
  });
  // generate_series keeps the seed in the database: 100k rows through the client take minutes on PGlite.
  await db.$executeRaw`
    INSERT INTO exception_records (id, group_id, kind, plant, correlation_id, message_id, lots, orders, error, occurred_at, evidence)
    SELECT 'msg:corr-' || i || ':msg-' || i, lpad(to_hex(i % ${GROUPS}), 16, '0'), 'integration', (${PLANTS}::text[])[1 + i % ${PLANTS.length}],
      'corr-' || i, 'msg-' || i, ARRAY['LOT-' || i], ARRAY['ORD-' || i], 'error ' || i,
      ${new Date(now)}::timestamp - ((i % 86400) || ' seconds')::interval, '/trace/corr-' || i
    FROM generate_series(0, ${EXCEPTIONS - 1}) AS i`;
  if (process.env.BENCH_ANALYZE !== "0") await db.$executeRaw`ANALYZE`;
  const seedMs = performance.now() - seedStart;
  const admin: Actor = { id: "bench", email: "bench@x", name: "bench", role: "admin", plants: null };
  const manager: Actor = { ...admin, role: "plant_manager", plants: ["P2"] };
  const filter = InboxFilterSchema.parse({});
  // The detail's ClickHouse client is only for impact, which is not wired yet: never called.
  const ch = createClient({ url: "http://127.0.0.1:1" });
  const rows: [string, number[]][] = [
    ["inbox first page (admin)", await time(() => listGroups(db, admin, filter, { limit: 50 }))],
    ["inbox first page (plant manager)", await time(() => listGroups(db, manager, filter, { limit: 50 }))],
    ["inbox free text", await time(() => listGroups(db, admin, InboxFilterSchema.parse({ q: "template 1999" }), { limit: 50 }))],
    ["group detail (no impact)", await time(() => groupDetail(db, ch, admin, (7).toString(16).padStart(16, "0"), { limit: 50 }))],
  ];
  console.log(`seeded ${EXCEPTIONS} exceptions in ${GROUPS} groups in ${(seedMs / 1000).toFixed(1)} s (PGlite)`);
  console.log("| read | p50 ms | p95 ms |\n| --- | --- | --- |");
  for (const [name, ms] of rows) console.log(`| ${name} | ${pct(ms, 50).toFixed(1)} | ${pct(ms, 95).toFixed(1)} |`);
  console.log(JSON.stringify({ bench: "exceptions", exceptions: EXCEPTIONS, groups: GROUPS, ...Object.fromEntries(rows.map(([n, ms]) => [n.replace(/\W+/g, "_"), { p50: +pct(ms, 50).toFixed(1), p95: +pct(ms, 95).toFixed(1) }])) }));
  await db.$disconnect();
  await pg.stop();
  await ch.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
