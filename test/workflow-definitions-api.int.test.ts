import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import type { WorkflowSpec } from "../lib/workflows/definition-spec";
import { embeddedTestEnv } from "./embedded-env";

// The route handlers Next.js serves, called with plain Requests and API tokens, on the real
// runtime (PGlite and chDB in a fresh data directory), which seeds the defaults at start.
const dir = embeddedTestEnv("definitions-api");

const { getRuntime, getDb } = await import("../server/runtime");
const { createApiToken } = await import("../lib/auth/api-tokens");
const workflowsRoute = await import("../app/api/v1/workflows/route");
const workflowRoute = await import("../app/api/v1/workflows/[key]/route");
const nonEventsRoute = await import("../app/api/v1/non-events/route");
const calendarsRoute = await import("../app/api/v1/calendars/route");
const calendarRoute = await import("../app/api/v1/calendars/[plant]/route");

const BASE = "http://lotline.test";
const noParams = { params: Promise.resolve({}) as Promise<Record<string, never>> };
const keyParams = (key: string) => ({ params: Promise.resolve({ key }) });
let adminToken: string;
let executiveToken: string;

function request(path: string, token: string, init: { method?: string; body?: unknown } = {}) {
  return new Request(`${BASE}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

beforeAll(async () => {
  await getRuntime();
  const user = await (await getDb()).user.findFirstOrThrow({ where: { role: "admin" } });
  const admin: Actor = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
  adminToken = (await createApiToken({ name: "definitions-admin", role: "admin", createdBy: admin }, { db: await getDb() })).token;
  executiveToken = (await createApiToken({ name: "definitions-exec", role: "executive", createdBy: admin }, { db: await getDb() })).token;
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("definitions API", () => {
  it("lists the seeded workflows and non-events for roles with slas:read", async () => {
    const list = await workflowsRoute.GET(request("/api/v1/workflows", executiveToken), noParams);
    expect(list.status).toBe(200);
    const { workflows } = (await list.json()) as { workflows: { key: string; current: { version: number } }[] };
    expect(workflows).toHaveLength(8);
    const nonEvents = (await (await nonEventsRoute.GET(request("/api/v1/non-events", executiveToken), noParams)).json()) as { nonEvents: unknown[] };
    expect(nonEvents.nonEvents).toHaveLength(2);
  });

  it("PUT saves version 2 for an admin; 403 for an executive; 409 when stale; 400 with issue paths", async () => {
    const got = await workflowRoute.GET(request("/api/v1/workflows/order-to-shipment", executiveToken), keyParams("order-to-shipment"));
    const { definition } = (await got.json()) as { definition: { current: { version: number; spec: WorkflowSpec } } };
    const spec = { ...definition.current.spec, sla: { ...definition.current.spec.sla, targetMs: 45 * 60_000 } };
    const put = (token: string, body: unknown) => workflowRoute.PUT(request("/api/v1/workflows/order-to-shipment", token, { method: "PUT", body }), keyParams("order-to-shipment"));

    const refused = await put(executiveToken, { baseVersion: 1, spec });
    expect(refused.status).toBe(403);
    const saved = await put(adminToken, { baseVersion: 1, spec });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { definition: { current: { version: number } }; changed: boolean })).toMatchObject({ changed: true, definition: { current: { version: 2 } } });

    const stale = await put(adminToken, { baseVersion: 1, spec });
    expect(stale.status).toBe(409);
    expect(stale.headers.get("content-type")).toContain("application/problem+json");
    expect(await stale.json()).toMatchObject({ status: 409, currentVersion: 2 });

    const bad = await put(adminToken, { baseVersion: 2, spec: { ...spec, sla: { ...spec.sla, targetMs: 10 } } });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { detail: string; issues: { path: unknown[]; field: string }[] };
    expect(problem.issues[0]).toMatchObject({ path: ["spec", "sla", "targetMs"], field: "spec.sla.targetMs" });
    expect(problem.detail).toContain("spec.sla.targetMs");

    expect((await workflowRoute.GET(request("/api/v1/workflows/BAD_KEY", adminToken), keyParams("BAD_KEY"))).status).toBe(400);
    expect((await workflowRoute.GET(request("/api/v1/workflows/nope", adminToken), keyParams("nope"))).status).toBe(404);
    const audit = await (await getDb()).auditLog.findFirstOrThrow({ where: { action: "workflow_definition.updated", entityId: "order-to-shipment" } });
    expect(audit).toMatchObject({ actorLabel: "token:definitions-admin", before: { version: 1 }, after: { version: 2 } });
    // The audit trail comes with the definition for readers allowed to audit, and only for them.
    const withAudit = (await (await workflowRoute.GET(request("/api/v1/workflows/order-to-shipment", adminToken), keyParams("order-to-shipment"))).json()) as { audit: { action: string; after: { spec: WorkflowSpec } }[] };
    expect(withAudit.audit.map((a) => a.action)).toEqual(["workflow_definition.updated", "workflow_definition.created"]);
    expect(withAudit.audit[0]!.after.spec.sla.targetMs).toBe(45 * 60_000);
    expect(await (await workflowRoute.GET(request("/api/v1/workflows/order-to-shipment", executiveToken), keyParams("order-to-shipment"))).json()).not.toHaveProperty("audit");
  });

  it("POST creates a workflow (201 with Location), a second time 409", async () => {
    const base = (await (await workflowRoute.GET(request("/api/v1/workflows/downtime-to-planning", adminToken), keyParams("downtime-to-planning"))).json()) as { definition: { current: { spec: WorkflowSpec } } };
    const spec = { ...base.definition.current.spec, key: "downtime-to-planning-night", name: "Downtime to planning (night shift)" };
    const created = await workflowsRoute.POST(request("/api/v1/workflows", adminToken, { method: "POST", body: { spec } }), noParams);
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe("/api/v1/workflows/downtime-to-planning-night");
    expect((await workflowsRoute.POST(request("/api/v1/workflows", adminToken, { method: "POST", body: { spec } }), noParams)).status).toBe(409);
  });

  it("PUT and GET a plant calendar", async () => {
    const plant = { params: Promise.resolve({ plant: "P300" }) };
    expect((await calendarRoute.GET(request("/api/v1/calendars/P300", executiveToken), plant)).status).toBe(404);
    const body = { baseRevision: null, calendar: { timeZone: "America/Chicago", weekly: [{ day: 1, start: "06:00", end: "22:00" }], holidays: [] } };
    const saved = await calendarRoute.PUT(request("/api/v1/calendars/P300", adminToken, { method: "PUT", body }), plant);
    expect(saved.status).toBe(200);
    const list = (await (await calendarsRoute.GET(request("/api/v1/calendars", executiveToken), noParams)).json()) as { calendars: { calendar: { plant: string }; revision: number }[] };
    expect(list.calendars).toEqual([expect.objectContaining({ revision: 1, calendar: expect.objectContaining({ plant: "P300", timeZone: "America/Chicago" }) })]);
    expect((await calendarRoute.PUT(request("/api/v1/calendars/P300", adminToken, { method: "PUT", body }), plant)).status).toBe(409);
    expect((await calendarRoute.PUT(request("/api/v1/calendars/P300", executiveToken, { method: "PUT", body }), plant)).status).toBe(403);
  });
});
