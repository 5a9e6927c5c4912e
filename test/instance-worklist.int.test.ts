import type { ClickHouseClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClickHouse } from "../lib/clickhouse/client";
import { migrateClickHouse } from "../lib/clickhouse/migrate";
import { clickhouseMigrations } from "../lib/clickhouse/migrations";
import { makeTempDir } from "./temp-dir";

// Migration 0010 on real chDB: the worklist table is back-filled from the states already stored,
// then its view copies every state that needs action and every later state of an instance
// already there, so FINAL over it answers as FINAL over the states does.
const dir = makeTempDir("ch-worklist");
let client: ClickHouseClient;

const state = (correlationId: string, status: string, slaState: string, evaluatedAt: string, extra: Record<string, unknown> = {}) => ({
  plant: "P1",
  workflow: "wf",
  correlation_id: correlationId,
  version: 1,
  trigger_time: "2026-12-04 08:00:00.000",
  status,
  sla_state: slaState,
  current_stage: "",
  deadline: "2026-12-04 09:00:00.000",
  time_to_breach_ms: 0,
  over_by_ms: 0,
  last_event_at: "2026-12-04 08:00:00.000",
  next_check_at: "2100-01-01 00:00:00.000",
  evaluated_at: evaluatedAt,
  ...extra,
});

const write = (rows: ReturnType<typeof state>[]) => client.insert({ table: "workflow_instance_states", format: "JSONEachRow", values: rows });

async function latest(table: string): Promise<string[]> {
  const rs = await client.query({
    query: `SELECT concat(correlation_id, ' ', status, ' ', sla_state) AS s FROM ${table} FINAL WHERE workflow != '' ORDER BY correlation_id`,
    format: "JSONEachRow",
  });
  return (await rs.json<{ s: string }>()).map((r) => r.s);
}

beforeAll(async () => {
  client = await createClickHouse({ mode: "embedded", path: dir.path, database: "default", cluster: undefined });
  await migrateClickHouse(
    client,
    {},
    clickhouseMigrations.filter((m) => m.version < 10),
  );
});

afterAll(async () => {
  await client.close();
  dir.remove();
});

describe("instance worklist (migration 0010, real chDB)", () => {
  it("back-fills the instances that need action now, with their latest state", async () => {
    await write([
      state("c-late", "open", "at_risk", "2026-12-04 08:50:00.000"),
      state("c-late", "open", "breached", "2026-12-04 09:00:01.000"),
      state("c-recovered", "failed", "at_risk", "2026-12-04 08:10:00.000"),
      state("c-recovered", "completed", "met", "2026-12-04 08:20:00.000"),
      state("c-met", "completed", "met", "2026-12-04 08:30:00.000"),
      state("c-failed", "failed", "open", "2026-12-04 08:40:00.000"),
      state("c-done-late", "completed", "breached", "2026-12-04 09:30:00.000"),
      // A request only a non-event waits on: never a worklist row.
      state("c-pending", "open", "breached", "2026-12-04 08:00:00.000", { workflow: "" }),
    ]);
    const result = await migrateClickHouse(client, {});
    expect(result.applied).toEqual(clickhouseMigrations.filter((m) => m.version >= 10).map((m) => m.version));
    expect(await latest("workflow_instance_worklist")).toEqual(["c-failed failed open", "c-late open breached"]);
  });

  it("follows an instance in the table through every later state, and takes in only those that join it", async () => {
    await write([
      // Leaves the worklist: its newest state must replace the breached one, not leave it standing.
      state("c-late", "completed", "breached", "2026-12-04 10:00:00.000"),
      state("c-failed", "recovered", "open", "2026-12-04 10:00:00.000"),
      // Join it; one of them completes in time at once.
      state("c-new", "open", "at_risk", "2026-12-04 10:00:00.000"),
      state("c-stuck", "recovered", "at_risk", "2026-12-04 10:00:00.000"),
      // Never on it.
      state("c-quiet", "open", "open", "2026-12-04 10:00:00.000"),
    ]);
    await write([state("c-new", "completed", "met", "2026-12-04 10:05:00.000")]);
    expect(await latest("workflow_instance_worklist")).toEqual(["c-failed recovered open", "c-late completed breached", "c-new completed met", "c-stuck recovered at_risk"]);

    // Whatever the table holds is the instance's latest state, and every instance that needs action is there.
    const states = await latest("workflow_instance_states");
    for (const row of await latest("workflow_instance_worklist")) expect(states).toContain(row);
    const needsAction = states.filter((row) => {
      const [, status, slaState] = row.split(" ");
      return status === "failed" || (status !== "completed" && (slaState === "breached" || slaState === "at_risk"));
    });
    expect(needsAction.length).toBeGreaterThan(0);
    expect(await latest("workflow_instance_worklist")).toEqual(expect.arrayContaining(needsAction));
  });
});
