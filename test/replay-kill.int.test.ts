import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import type { CloudEvent } from "../lib/events/contract";
import { DATABASE_ENGINE, databaseEnv } from "./database-env";
import { embeddedTestEnv } from "./embedded-env";
import { deadLetteredReleases } from "./replay-harness";
import { startWorker } from "./worker-process";

// The replay worker as a process of its own (`npm run ingest -- --jobs=replay-worker`), killed
// with SIGKILL twice during a 1,000-message bulk replay to the simulator's replay API, which runs
// here and outlives it. chDB binds a data directory to one process, so this process seeds the
// events and creates the task, then hands the stores to the worker. On PostgreSQL 15 the worker
// talks to the server; on PGlite it owns the embedded database, so the kill takes the database
// down with it and the next start recovers it.
const database = await databaseEnv("replay_kill");
const RATE = 200;
const dir = embeddedTestEnv("replay-kill", { ...database.env, LOTLINE_REPLAY_POLL_MS: "200" });

const { getRuntime } = await import("../server/runtime");
const { getConfig } = await import("../lib/config");
const { createDb } = await import("../lib/db/client");
const { startEmbeddedPostgres } = await import("../lib/db/embedded-postgres");
const { startReplayServer } = await import("../ingest/simulator/replay-server");
const { createTarget } = await import("../lib/replay/replay-targets");
const { createReplayTask } = await import("../lib/replay/replay-tasks");
const { inDoubtAtMost } = await import("../server/replay/replay-worker");

const MESSAGES = 1000;
const telemetry: CloudEvent[] = [];
let server: Awaited<ReturnType<typeof startReplayServer>>;
let taskId = "";

/** The relational store, opened by this process while no worker runs. */
async function openDb() {
  const config = getConfig().database;
  if (config.mode === "server") {
    const db = createDb(config.url);
    return { db, close: () => db.$disconnect() };
  }
  const pg = await startEmbeddedPostgres(config.path);
  const db = createDb(pg.connectionString, pg.maxConnections);
  return {
    db,
    close: async () => {
      await db.$disconnect();
      await pg.stop();
    },
  };
}

/** What the simulator's replay API says it has seen, over HTTP as an operator would read it. */
async function stats(): Promise<{ keys: number; processed: number; duplicates: number }> {
  return (await (await fetch(`${server.url}/replay/stats`)).json()) as { keys: number; processed: number; duplicates: number };
}

const worker = () => startWorker({}, ["--jobs=replay-worker"]);

/** Starts the worker, SIGKILLs it once the target has processed `atKeys` keys, and checks what the crash left. */
async function killAt(atKeys: number) {
  const w = worker();
  const deadline = Date.now() + 120_000;
  while ((await stats()).keys < atKeys) {
    if (w.child.exitCode !== null) throw new Error(`the worker exited before the kill:\n${w.output()}`);
    if (Date.now() > deadline) throw new Error(`the target saw fewer than ${atKeys} keys in 120 s:\n${w.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  w.child.kill("SIGKILL");
  expect(await w.exited).toBe("SIGKILL");
  const seen = await stats();
  expect(seen.keys, "killed mid-task").toBeLessThan(MESSAGES);

  const { db, close } = await openDb();
  try {
    const task = await db.replayTask.findUniqueOrThrow({ where: { id: taskId } });
    const items = await db.replayItem.findMany({ where: { taskId }, select: { idempotencyKey: true, status: true } });
    const count = (status: string) => items.filter((i) => i.status === status).length;
    const keys = server.keyCounts();
    for (const item of items) {
      // Marked before sent: nothing the target took is still `pending`.
      if (keys.has(item.idempotencyKey)) expect(["succeeded", "sending"], item.idempotencyKey).toContain(item.status);
      if (item.status === "succeeded") expect(keys.has(item.idempotencyKey), item.idempotencyKey).toBe(true);
    }
    // Outcomes and counts are written by one statement: the crash cannot split them.
    expect(task).toMatchObject({ status: "running", succeeded: count("succeeded"), sent: count("succeeded"), failed: 0, remaining: MESSAGES - count("succeeded") });
    expect(count("sending")).toBeLessThanOrEqual(inDoubtAtMost(RATE));
    expect(count("succeeded") + count("sending") + count("pending")).toBe(MESSAGES);
    return { atKill: seen.keys, succeeded: count("succeeded"), sending: count("sending") };
  } finally {
    await close();
  }
}

beforeAll(async () => {
  server = await startReplayServer({ port: 0, sink: async (events) => void telemetry.push(...events) });
  const runtime = await getRuntime();
  const db = runtime.db!;
  const user = await db.user.findFirstOrThrow({ where: { role: "admin" } });
  const admin: Actor = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
  const seeded = deadLetteredReleases(MESSAGES, "P100", Date.now() - 3_600_000, 41);
  await runtime.ingest.ingest(seeded.events, { channel: "http", requestId: "seed-kill" });
  await createTarget(db, admin, { interface: "erp-mes-order", kind: "http", url: `${server.url}/replay`, ratePerSecond: RATE });
  const selection = { kind: "messages", messages: seeded.messages.map(({ correlationId, messageId }) => ({ correlationId, messageId })) };
  const task = await createReplayTask({ clickhouse: runtime.clickhouse, db }, admin, { selection, reason: "MES back after the outage" }, MESSAGES);
  expect(task).toMatchObject({ status: "running", remaining: MESSAGES });
  taskId = task.id;
  // The worker process takes over chDB and, on PGlite, the database.
  await runtime.stop();
}, 180_000);

afterAll(async () => {
  await server?.close();
  await database.drop();
  dir.remove();
});

describe(`replay worker killed with SIGKILL mid-task (${DATABASE_ENGINE})`, () => {
  it("resumes after two kills and every one of 1,000 messages is processed exactly once at the target", async () => {
    const first = await killAt(300);
    const second = await killAt(700);
    expect(second.succeeded).toBeGreaterThan(first.succeeded);

    const last = worker();
    await last.waitFor(`replay ${taskId}: completed`, 120_000);
    last.child.kill("SIGTERM");
    expect(await last.exited).toBe(0);

    const { db, close } = await openDb();
    try {
      const task = await db.replayTask.findUniqueOrThrow({ where: { id: taskId } });
      expect(task).toMatchObject({ status: "completed", total: MESSAGES, sent: MESSAGES, succeeded: MESSAGES, failed: 0, remaining: 0 });
      const items = await db.replayItem.findMany({ where: { taskId }, select: { idempotencyKey: true, status: true, attempts: true } });
      expect(items.filter((i) => i.status === "succeeded")).toHaveLength(MESSAGES);
      const keys = server.keyCounts();
      expect(keys.size).toBe(MESSAGES);
      for (const item of items) {
        expect(keys.has(item.idempotencyKey), item.idempotencyKey).toBe(true);
        // A key that arrived twice belongs to an item sent twice: one in flight at a kill.
        if (keys.get(item.idempotencyKey)! > 1) expect(item.attempts, item.idempotencyKey).toBeGreaterThan(1);
      }
      const duplicates = [...keys.values()].reduce((a, n) => a + n - 1, 0);
      expect(duplicates).toBeLessThanOrEqual(first.sending + second.sending);
      console.log(`SIGKILL at ${first.atKill} and ${second.atKill} keys (${first.sending} and ${second.sending} messages in doubt): ${duplicates} duplicate arrivals, each key processed once`);
    } finally {
      await close();
    }
    // The target processed each key once: one replay, one outcome per message in its telemetry.
    expect(server.processed()).toBe(MESSAGES);
    await server.flush();
    const replayed = telemetry.filter((e) => e.type === "integration.message.replayed");
    expect(replayed).toHaveLength(MESSAGES);
    expect(new Set(replayed.map((e) => `${e.correlationid} ${e.messageid}`)).size).toBe(MESSAGES);
  }, 480_000);
});
