import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClickHouse } from "../lib/clickhouse/client";
import { makeTempDir } from "./temp-dir";

const dir = makeTempDir("worker");

afterAll(() => dir.remove());

describe("npm run ingest (the worker alone)", () => {
  it("runs the simulator into ClickHouse, flushes on SIGTERM and exits 0", async () => {
    const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", "ingest/main.ts"], {
      env: { ...process.env, LOTLINE_DATA_DIR: dir.path, LOTLINE_SIMULATOR: "1", LOTLINE_SIMULATOR_RATE: "600" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    await expect.poll(() => output, { timeout: 60_000, interval: 200 }).toContain("ready: clickhouse embedded, database off, simulator on");
    await new Promise((r) => setTimeout(r, 2_000));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("SIGTERM: flushing");

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
    const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", "ingest/main.ts"], {
      env: { ...process.env, LOTLINE_DATA_DIR: dir.path, LOTLINE_SIMULATOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("LOTLINE_SIMULATOR=1");
  });
});
