import { createServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import path from "node:path";
import type { AlertSignal } from "../lib/alerts/signal";
import type { AlertsConfig } from "../lib/config";
import { createDb, type Db } from "../lib/db/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { migrateDatabase } from "../lib/db/migrate";
import { makeTempDir } from "./temp-dir";

/** A migrated PGlite in a temp directory: the notifier's store, without chDB. */
export async function alertsDb(prefix: string): Promise<{ db: Db; stop(): Promise<void> }> {
  const dir = makeTempDir(prefix);
  const pg: EmbeddedPostgres = await startEmbeddedPostgres(path.join(dir.path, "pg"));
  await migrateDatabase(pg.connectionString);
  const db = createDb(pg.connectionString, pg.maxConnections);
  return {
    db,
    async stop() {
      await db.$disconnect();
      await pg.stop();
      dir.remove();
    },
  };
}

export interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

/** A real HTTP receiver on loopback that records every POST; `status` decides the answer. */
export async function httpReceiver(status: (req: Received) => number = () => 200): Promise<{ url: string; received: Received[]; close(): Promise<void>; waitFor(n: number, timeoutMs?: number): Promise<Received[]> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      const r: Received = { path: req.url ?? "/", headers: req.headers, body };
      const code = status(r);
      if (code < 300) received.push(r);
      res.writeHead(code, { "content-type": "text/plain" }).end(code < 300 ? "ok" : "receiver says no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async waitFor(n, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} requests, got ${received.length} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return received;
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no address");
  return address.port;
}

export const alertsConfig = (over: Partial<AlertsConfig> = {}): { alerts: AlertsConfig } => ({
  alerts: { publicUrl: "https://lotline.test", smtpUrl: null, emailFrom: null, alertmanagerUrl: null, timeoutMs: 3_000, ...over },
});

export const testSignal = (over: Partial<AlertSignal> = {}): AlertSignal => ({
  id: "br:int-1",
  kind: "sla_breach",
  state: "firing",
  severity: "critical",
  definition: "inspection-to-hold",
  plant: "P100",
  stage: "hold-posted",
  summary: "Inspection to hold at P100: hold posted 4 min late",
  path: "/trace/corr-int-1",
  startsAt: new Date(Date.now() - 5 * 60_000),
  endsAt: null,
  labels: { correlationId: "corr-int-1" },
  ...over,
});

export const resolvedSignal = (s: AlertSignal, endsAt = new Date()): AlertSignal => ({ ...s, state: "resolved", endsAt });

export const quietLog = () => {
  const lines: string[] = [];
  return { lines, log: (m: string) => void lines.push(m) };
};
