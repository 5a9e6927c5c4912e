import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir } from "./temp-dir";

const dir = makeTempDir("simulator-live");
process.env.LOTLINE_DATA_DIR = dir.path;
process.env.LOTLINE_SIMULATOR = "1";
process.env.LOTLINE_SIMULATOR_RATE = "600";
process.env.LOTLINE_ADMIN_PASSWORD = "integration-admin-pw";
process.env.LOTLINE_INGEST_FLUSH_MS = "50";

const { getRuntime } = await import("../lib/runtime");

async function scalar(query: string): Promise<number> {
  const { clickhouse } = await getRuntime();
  const rows = await (await clickhouse.query({ query, format: "JSONEachRow" })).json<{ v: string | number }>();
  return Number(rows[0]?.v ?? 0);
}

beforeAll(async () => {
  await getRuntime();
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("a fresh embedded start with the simulator on", () => {
  it("backfills history and keeps events arriving live through the ingest path", async () => {
    await expect.poll(() => scalar("SELECT count() AS v FROM events"), { timeout: 30_000, interval: 500 }).toBeGreaterThan(100);
    const before = await scalar("SELECT count() AS v FROM events");
    await expect.poll(() => scalar("SELECT count() AS v FROM events"), { timeout: 30_000, interval: 500 }).toBeGreaterThan(before);

    expect(await scalar("SELECT uniqExact(plant) AS v FROM events")).toBeGreaterThanOrEqual(3);
    expect(await scalar("SELECT countIf(type = 'mfg.order.released') AS v FROM events")).toBeGreaterThan(0);
    expect(await scalar("SELECT countIf(type = 'mfg.inspection.failed') AS v FROM events")).toBeGreaterThan(0);
    expect(await scalar("SELECT count() AS v FROM events_failed")).toBeGreaterThan(0);
    expect(await scalar("SELECT count() AS v FROM dead_letters WHERE channel = 'simulator'")).toBe(0);

    const stats = (await getRuntime()).ingest.stats();
    expect(stats.lastError).toBeNull();
    expect(stats.rejected).toBe(0);
    expect(stats.written).toBeGreaterThan(before);
  });
});
