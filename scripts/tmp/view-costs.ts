import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { simulateRange } from "../../ingest/simulator/estate";
import { createEventSink } from "../../ingest/sinks/clickhouse";
import { createClickHouse } from "../../lib/clickhouse/client";
import { migrateClickHouse } from "../../lib/clickhouse/migrate";

const N = Number(process.argv[2] ?? 200_000);
const only = process.argv[3];
const now = Date.now();
const pool = simulateRange({ seed: 7, workflowsPerMinute: 600 }, new Date(now - 60 * 60_000), new Date(now));
const values: Buffer[] = [];
for (let i = 0; i < N; i++) { const b = pool[i % pool.length]!; values.push(Buffer.from(JSON.stringify({ ...b, id: `${b.id}-${i}` }))); }

async function run(keep: string[] | "all", settings = "") {
  const dir = mkdtempSync(path.join(tmpdir(), "vc-"));
  const ch = await createClickHouse({ mode: "embedded", path: dir, database: "default", cluster: undefined });
  await migrateClickHouse(ch, {});
  const views = await (await ch.query({ query: "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView' AND name != 'events_ingest_mv'", format: "JSONEachRow" })).json<{ name: string }>();
  if (keep !== "all") for (const { name } of views) if (!keep.includes(name)) await ch.command({ query: `DROP VIEW ${name}` });
  const sink = createEventSink(ch);
  const t = performance.now();
  for (let i = 0; i < values.length; i += 50_000) await sink.forwardEvents(values.slice(i, i + 50_000));
  const s = (performance.now() - t) / 1000;
  await ch.close();
  rmSync(dir, { recursive: true, force: true });
  return { s, views: views.map((v) => v.name) };
}

async function main() {
  const base = await run([]);
  const all = await run("all");
  console.log(`base ${Math.round(N / base.s)}/s (${(base.s / N * 1e6).toFixed(2)} µs), all ${Math.round(N / all.s)}/s (${(all.s / N * 1e6).toFixed(2)} µs)`);
  for (const v of all.views) {
    if (only && !v.includes(only)) continue;
    const r = await run([v]);
    console.log(`${v.padEnd(40)} +${(((r.s - base.s) / N) * 1e6).toFixed(2)} µs/event`);
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
