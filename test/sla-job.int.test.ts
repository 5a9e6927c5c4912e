import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import type { CloudEvent } from "../lib/events/contract";
import type { WorkflowSpec } from "../lib/workflows/definition-spec";
import { embeddedTestEnv } from "./embedded-env";

// The evaluator job as the app schedules it: definitions and calendars from Postgres (seeded
// defaults, then an admin's edit), instances through the ingest path, judged on real chDB.
const dir = embeddedTestEnv("sla-job");

const { getRuntime, getDb } = await import("../server/runtime");
const { slaEvaluatorJob } = await import("../server/sla/sla-job");
const { createDefinition, getDefinition, saveDefinitionVersion } = await import("../lib/workflows/definitions-store");
const { saveCalendar } = await import("../lib/workflows/calendars-store");
const { loadViewDefinitions } = await import("../lib/slas/view-definitions");
const { judgeInstance } = await import("../lib/slas/judge-instance");

const KEY = "order-release-to-mes";
const job = slaEvaluatorJob({ intervalMs: 60_000 });
let admin: Actor;
let trigger: string;
let seq = 0;

const released = (correlationid: string, time: number, plant = "P1"): CloudEvent => ({
  specversion: "1.0",
  id: `job-${++seq}`,
  source: `/plants/${plant}`,
  sourcesystem: "ERP",
  plant,
  type: trigger,
  time: new Date(time).toISOString(),
  correlationid,
  orderid: `O-${correlationid}`,
});

async function ingest(events: CloudEvent[]) {
  const result = await (await getRuntime()).ingest.ingest(events, { channel: "http", requestId: `job-${seq}` });
  expect(result).toMatchObject({ accepted: events.length });
}

async function runJob() {
  const runtime = await getRuntime();
  await job.run({ config: runtime.config, clickhouse: runtime.clickhouse, db: runtime.db, log: () => {} }, new AbortController().signal);
  return job.lastCycle()!;
}

async function state(correlationId: string) {
  const rs = await (await getRuntime()).clickhouse.query({
    query: "SELECT version, sla_state, toUnixTimestamp64Milli(deadline) AS deadline FROM workflow_instance_states FINAL WHERE correlation_id = {c:String}",
    query_params: { c: correlationId },
    format: "JSONEachRow",
  });
  const [row] = await rs.json<{ version: number; sla_state: string; deadline: string }>();
  return row && { version: Number(row.version), slaState: row.sla_state, deadline: Number(row.deadline) };
}

beforeAll(async () => {
  await getRuntime();
  const db = await getDb();
  const user = await db.user.findFirstOrThrow({ where: { role: "admin" } });
  admin = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
  trigger = (await getDefinition(db, "workflow", KEY))!.current.spec.trigger.types[0]!;
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("SLA evaluator job", () => {
  it("judges by the version in effect at each instance's trigger, and business hours where the plant's target asks for them", async () => {
    const db = await getDb();
    const v1 = (await getDefinition(db, "workflow", KEY))!.current;
    expect(v1.version).toBe(1);
    // Released 30 s ago under version 1 (minutes of SLA): open.
    await ingest([released("c-v1", Date.now() - 30_000)]);

    // The admin tightens the SLA to one second, and plant P7 counts its business hours only.
    const spec: WorkflowSpec = { ...v1.spec, sla: { ...v1.spec.sla, targetMs: 1_000 }, plantOverrides: { P7: { stageTargets: {}, businessHours: true } } };
    const saved = await saveDefinitionVersion(db, "workflow", admin, KEY, { baseVersion: 1, enabled: true, spec });
    expect(saved).toMatchObject({ changed: true, definition: { current: { version: 2 } } });
    // P7 opens one day a week, three days from today: a business second is days away.
    const openDay = ((new Date().getUTCDay() + 3 + 6) % 7) + 1;
    await saveCalendar(db, admin, "P7", { baseRevision: null, calendar: { timeZone: "UTC", weekly: [{ day: openDay, start: "08:00", end: "16:00" }], holidays: [] } });

    await new Promise((r) => setTimeout(r, 20));
    const triggered = Date.now();
    await ingest([released("c-v2", triggered), released("c-p7", triggered, "P7")]);
    await new Promise((r) => setTimeout(r, 1_500));
    const report = await runJob();
    expect(report.evaluated).toBeGreaterThanOrEqual(3);

    // History is not rewritten: the instance triggered before the edit keeps version 1's target.
    expect(await state("c-v1")).toMatchObject({ version: 1, slaState: expect.stringMatching(/^(open|at_risk)$/) });
    expect(await state("c-v2")).toMatchObject({ version: 2, slaState: "breached" });
    const p7 = await state("c-p7");
    expect(p7).toMatchObject({ version: 2, slaState: "open" });
    expect(p7!.deadline).toBeGreaterThan(triggered + 86_400_000);

    // The pages judge with the same stored definitions and calendars.
    const view = await loadViewDefinitions(db, Date.now() + 60_000);
    expect(await judgeInstance((await getRuntime()).clickhouse, "c-v2", view)).toMatchObject({ version: 2, endToEnd: { state: "breached" } });
    expect(await judgeInstance((await getRuntime()).clickhouse, "c-p7", view)).toMatchObject({ version: 2, endToEnd: { state: "open", deadline: p7!.deadline } });
    expect(view.workflows.find((w) => w.key === KEY)).toMatchObject({ targetMs: 1_000 });
  });

  it("follows an instance whose key changes mid-flow: a stage carried by the order completes under another correlation id", async () => {
    const db = await getDb();
    await createDefinition(db, "workflow", admin, {
      spec: {
        key: "release-to-ship",
        name: "Release to shipment",
        trigger: { types: ["test.handoff.released"] },
        stages: [
          { key: "released", label: "Released", system: "ERP", match: { types: ["test.handoff.released"] } },
          { key: "shipped", label: "Shipped", system: "WMS", match: { types: ["test.handoff.shipped"] }, carriedBy: "order" },
        ],
        sla: { untilStage: "shipped", targetMs: 3_600_000 },
      },
    });
    const at = Date.now();
    const event = (type: string, correlationid: string, time: number): CloudEvent => ({ ...released(correlationid, time), type, orderid: "O-HANDOFF-1" });
    // The shipment is its own integration flow with its own correlation id; only the order links them.
    await ingest([event("test.handoff.released", "c-handoff-order", at - 60_000), event("test.handoff.shipped", "c-handoff-shipment", at - 30_000)]);
    await runJob();
    const rs = await (await getRuntime()).clickhouse.query({
      query: "SELECT workflow, status, sla_state FROM workflow_instance_states FINAL WHERE correlation_id = {c:String}",
      query_params: { c: "c-handoff-order" },
      format: "JSONEachRow",
    });
    expect(await rs.json()).toEqual([{ workflow: "release-to-ship", status: "completed", sla_state: "met" }]);
    const view = await loadViewDefinitions(db, Date.now() + 120_000);
    expect(await judgeInstance((await getRuntime()).clickhouse, "c-handoff-order", view)).toMatchObject({ status: "completed", stages: [{ key: "released" }, { key: "shipped", at: at - 30_000 }] });
  });

  it("reports a missing database instead of judging without definitions", async () => {
    const runtime = await getRuntime();
    const lonely = slaEvaluatorJob({ intervalMs: 60_000 });
    await expect(lonely.run({ config: runtime.config, clickhouse: runtime.clickhouse, db: null, log: () => {} }, new AbortController().signal)).rejects.toThrow(/needs the relational database/);
  });
});
