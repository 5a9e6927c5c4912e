import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudEvent } from "../../lib/events/contract";
import { plantCodes } from "./cli-args";
import { runRange } from "./run";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TOKEN = "simulate-cli-test-token";

function simulate(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { LOTLINE_URL: _url, LOTLINE_INGEST_TOKEN: _token, LOTLINE_DATA_DIR: _dir, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/simulate.ts", ...args], { cwd: ROOT, env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("npm run simulate (the script, spawned)", () => {
  it("refuses bad arguments with a message, the usage and exit code 2", async () => {
    const { code, stderr } = await simulate(["--rate", "-5"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--rate must be at least 1");
    expect(stderr).toContain("usage: npm run simulate -- --target http|kafka");
  });

  it("exits 1 with the reason when the ingest API cannot be reached", async () => {
    const { code, stderr } = await simulate(["--target", "http", "--url", "http://127.0.0.1:9", "--start", "2026-11-24T06:00:00Z", "--duration", "600"], { LOTLINE_INGEST_TOKEN: TOKEN });
    expect(code).toBe(1);
    expect(stderr).toMatch(/simulate: cannot reach http:\/\/127\.0\.0\.1:9\/api\/v1\/ingest\/events/);
  });
});

describe("npm run simulate --target http, against a recording ingest API", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lotline-simulate-"));
  const requests: { authorization: string | undefined; contentType: string | undefined; body: string; at: number }[] = [];
  let server: Server;
  let url: string;
  let refusedAt: number | undefined;

  beforeAll(async () => {
    writeFileSync(path.join(dataDir, ".ingest-token"), `${TOKEN}\n`);
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const contentType = req.headers["content-type"];
        // The first batch meets a full ingest queue: the client must wait as told and send it again.
        if (contentType === "application/cloudevents-batch+json" && refusedAt === undefined) {
          refusedAt = Date.now();
          res.writeHead(429, { "retry-after": "1" }).end();
          return;
        }
        requests.push({ authorization: req.headers.authorization, contentType, body, at: Date.now() });
        res.writeHead(contentType === "application/cloudevents-batch+json" ? 202 : 400).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(() => {
    server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("sends exactly the run of its seed and start, in batches, with the token from the data directory, and sums it up", async () => {
    const start = new Date("2026-11-24T06:00:00.000Z");
    const { code, stdout, stderr } = await simulate(
      ["--target", "http", "--url", url, "--seed", "5", "--rate", "240", "--start", start.toISOString(), "--duration", "900", "--faults", "duplicates,malformed"],
      { LOTLINE_DATA_DIR: dataDir },
    );
    expect(code, stderr).toBe(0);

    const expected = runRange({ seed: 5, plants: plantCodes(5), workflowsPerMinute: 240, faults: ["duplicates", "malformed"], from: start }, new Date(start.getTime() + 900_000));
    const expectedEvents = expected.flatMap((o) => (o.kind === "event" ? [o.event] : []));
    const expectedMalformed = expected.flatMap((o) => (o.kind === "malformed" ? [o.raw] : []));
    expect(requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const batches = requests.filter((r) => r.contentType === "application/cloudevents-batch+json");
    expect(batches[0]!.at - refusedAt!).toBeGreaterThanOrEqual(950);
    const sent = batches.flatMap((r) => JSON.parse(r.body) as CloudEvent[]);
    expect(sent.length).toBe(expectedEvents.length);
    expect(JSON.stringify(sent)).toBe(JSON.stringify(expectedEvents));
    expect(requests.filter((r) => r.contentType === "application/cloudevents+json").map((r) => r.body)).toEqual(expectedMalformed);

    const duplicates = expected.filter((o) => o.kind === "event" && o.duplicate).length;
    expect(duplicates).toBeGreaterThan(0);
    expect(expectedMalformed.length).toBeGreaterThan(0);
    expect(stdout).toMatch(
      new RegExp(`^simulate: sent ${expectedEvents.length - duplicates} events, ${duplicates} duplicates, ${expectedMalformed.length} malformed to http in \\d+\\.\\d s \\(\\d+ events/s\\)\\n$`),
    );
  });
});
