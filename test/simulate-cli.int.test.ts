import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_INGEST_TOKEN, embeddedTestEnv } from "./embedded-env";

const dir = embeddedTestEnv("simulate-cli");
const TOKEN = TEST_INGEST_TOKEN;

const { handleIngestRequest } = await import("../ingest/http-ingest");
const { getRuntime } = await import("../server/runtime");

let server: Server;
let url: string;

function simulate(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/simulate.ts", ...args], {
    env: { ...process.env, LOTLINE_INGEST_TOKEN: TOKEN },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

beforeAll(async () => {
  await getRuntime();
  // The real ingest route handler behind a plain HTTP server: what `npm start` serves at that path.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
      void handleIngestRequest(new Request(`http://localhost${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) })).then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers.entries()));
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server?.close();
  await (await getRuntime()).stop();
  dir.remove();
});

describe("npm run simulate", () => {
  it("refuses bad arguments with a message and exit code 2", async () => {
    const { code, output } = await simulate(["--target", "http", "--rate", "-5"]);
    expect(code).toBe(2);
    expect(output).toContain("--rate must be at least 1");
  });

  it("sends a backfilled multi-plant estate with duplicates and malformed messages to the HTTP API", async () => {
    const { code, output } = await simulate(["--target", "http", "--url", url, "--rate", "300", "--duration", "2", "--backfill", "20", "--seed", "5", "--faults", "duplicates,malformed,lost-hold"]);
    expect(code).toBe(0);
    const m = /sent (\d+) events, (\d+) duplicates, (\d+) malformed/.exec(output);
    expect(m, output).not.toBeNull();
    const [events, duplicates, malformed] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(events).toBeGreaterThan(1_000);
    expect(duplicates).toBeGreaterThan(0);
    expect(malformed).toBeGreaterThan(0);

    const { clickhouse } = await getRuntime();
    const one = async (query: string) => Number((await (await clickhouse.query({ query, format: "JSONEachRow" })).json<{ v: string }>())[0]!.v);
    expect(await one("SELECT count() AS v FROM events FINAL")).toBe(events);
    expect(await one("SELECT uniqExact(plant) AS v FROM events")).toBe(5);
    expect(await one("SELECT count() AS v FROM dead_letters")).toBe(malformed);
  }, 120_000);
});
