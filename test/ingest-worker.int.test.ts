import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClickHouse } from "../lib/clickhouse/client";
import { makeTempDir } from "./temp-dir";
import { startWorker } from "./worker-process";

const dir = makeTempDir("worker");

afterAll(() => dir.remove());

describe("npm run ingest (the worker alone)", () => {
  it("runs the simulator into ClickHouse, flushes on SIGTERM and exits 0", async () => {
    const worker = startWorker({ LOTLINE_DATA_DIR: dir.path, LOTLINE_SIMULATOR: "1", LOTLINE_SIMULATOR_RATE: "600" });
    await worker.waitFor("ready: clickhouse embedded, database off, simulator on");
    // Mid-backfill: the flush on SIGTERM has thousands of rows to write before exiting.
    await new Promise((r) => setTimeout(r, 2_000));
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain("SIGTERM: flushing");

    const client = await createClickHouse({ mode: "embedded", path: path.join(dir.path, "clickhouse"), database: "default", cluster: undefined });
    try {
      const rows = await (await client.query({ query: "SELECT count() AS n, uniqExact(plant) AS plants FROM events", format: "JSONEachRow" })).json<{ n: string; plants: string }>();
      expect(Number(rows[0]!.n)).toBeGreaterThan(1000);
      expect(Number(rows[0]!.plants)).toBe(5);
    } finally {
      await client.close();
    }
  });

  it("refuses to start without a source, saying what to set", async () => {
    const worker = startWorker({ LOTLINE_DATA_DIR: dir.path, LOTLINE_SIMULATOR: "0" });
    expect(await worker.exited).toBe(2);
    expect(worker.output()).toContain("LOTLINE_SIMULATOR=1");
  });
});
