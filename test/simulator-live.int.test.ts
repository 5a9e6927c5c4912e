import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedTestEnv } from "./embedded-env";

const dir = embeddedTestEnv("simulator-live", {
  LOTLINE_SIMULATOR: "1",
  LOTLINE_SIMULATOR_RATE: "600",
  LOTLINE_INGEST_FLUSH_MS: "50",
});

const { bootRuntime, getRuntime } = await import("../server/runtime");
const { getConfig } = await import("../lib/config");

async function scalar(query: string): Promise<number> {
  const { clickhouse } = await getRuntime();
  const rows = await (await clickhouse.query({ query, format: "JSONEachRow" })).json<{ v: string | number }>();
  return Number(rows[0]?.v ?? 0);
}

beforeAll(async () => {
  await getRuntime();
});

let restarted: Awaited<ReturnType<typeof bootRuntime>> | undefined;

afterAll(async () => {
  await restarted?.stop();
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

  it("after a restart generates no second copy of the history it already wrote", async () => {
    await (await getRuntime()).stop();
    type Runtime = Awaited<ReturnType<typeof bootRuntime>>;
    const value = async (runtime: Runtime, query: string, params: Record<string, unknown> = {}) =>
      Number((await (await runtime.clickhouse.query({ query, query_params: params, format: "JSONEachRow" })).json<{ v: string }>())[0]?.v);
    const historyBefore = (runtime: Runtime, end: number) =>
      value(runtime, "SELECT count() AS v FROM events WHERE time < fromUnixTimestamp64Milli({end:Int64})", { end });

    // Snapshot the old history with the simulator off, before a new process writes anything.
    const probe = await bootRuntime(getConfig(), { relational: false, simulator: false, jobs: false, log: () => {} });
    const historyEnd = await value(probe, "SELECT toUnixTimestamp(toStartOfMinute(max(time))) * 1000 AS v FROM events");
    const historyCount = await historyBefore(probe, historyEnd);
    await probe.stop();
    expect(historyCount).toBeGreaterThan(100);

    restarted = await bootRuntime(getConfig(), { relational: false, simulator: true, jobs: false, log: () => {} });
    const runtime = restarted;
    const totalAtBoot = await value(runtime, "SELECT count() AS v FROM events");
    await expect.poll(() => value(runtime, "SELECT count() AS v FROM events"), { timeout: 30_000, interval: 500 }).toBeGreaterThan(totalAtBoot);
    // Live traffic resumed, yet the history before the last minute of the old process is untouched.
    expect(await historyBefore(runtime, historyEnd)).toBe(historyCount);
  });
});
