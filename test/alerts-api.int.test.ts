import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import { embeddedTestEnv } from "./embedded-env";
import { alertsConfig, httpReceiver, quietLog, testSignal } from "./alerts-harness";

// The alerting API's route handlers on the real runtime (PGlite and chDB in a fresh data
// directory), called with plain Requests and API tokens of each role.
const dir = embeddedTestEnv("alerts-api");

const { getRuntime, getDb } = await import("../server/runtime");
const { createApiToken } = await import("../lib/auth/api-tokens");
const { createNotifier } = await import("../lib/alerts/notifier");
const rulesRoute = await import("../app/api/v1/alerts/rules/route");
const ruleRoute = await import("../app/api/v1/alerts/rules/[id]/route");
const silencesRoute = await import("../app/api/v1/alerts/silences/route");
const silenceRoute = await import("../app/api/v1/alerts/silences/[id]/route");
const deliveriesRoute = await import("../app/api/v1/alerts/deliveries/route");
const alertsRoute = await import("../app/api/v1/alerts/route");

const BASE = "http://lotline.test";
const noParams = { params: Promise.resolve({}) as Promise<Record<string, never>> };
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });
const tokens: Record<"admin" | "executive" | "viewer" | "pm", string> = { admin: "", executive: "", viewer: "", pm: "" };
let receiver: Awaited<ReturnType<typeof httpReceiver>>;

function request(path: string, token: string, init: { method?: string; body?: unknown; raw?: string } = {}) {
  return new Request(`${BASE}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
}

beforeAll(async () => {
  await getRuntime();
  const db = await getDb();
  const user = await db.user.findFirstOrThrow({ where: { role: "admin" } });
  const admin: Actor = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
  tokens.admin = (await createApiToken({ name: "alerts-admin", role: "admin", createdBy: admin }, { db })).token;
  tokens.executive = (await createApiToken({ name: "alerts-exec", role: "executive", createdBy: admin }, { db })).token;
  tokens.viewer = (await createApiToken({ name: "alerts-viewer", role: "viewer", createdBy: admin }, { db })).token;
  tokens.pm = (await createApiToken({ name: "alerts-pm", role: "plant_manager", plants: ["P200"], createdBy: admin }, { db })).token;
  receiver = await httpReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await (await getRuntime()).stop();
  dir.remove();
});

const SLACK = "https://hooks.slack.com/services/T000/B000/secret-token";
const goodRule = () => ({ name: "Holds at P100", plant: "P100", kinds: ["sla_breach"], minSeverity: "critical", webhooks: [{ url: SLACK, format: "slack" }, { url: `${receiver.url}/json` }], emails: ["ops@plant.example"], repeatIntervalSec: 900 });

describe("alert rules API", () => {
  let ruleId = "";

  it("refuses a bad rule with a 400 problem+json naming each field, and writes nothing", async () => {
    const bad = await rulesRoute.POST(request("/api/v1/alerts/rules", tokens.admin, { method: "POST", body: { ...goodRule(), webhooks: [{ url: "ftp://files.example/hook" }], repeatIntervalSec: 1 } }), noParams);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await bad.json()) as { status: number; detail: string; issues: { field: string; message: string }[] };
    expect(problem.status).toBe(400);
    expect(problem.issues.map((i) => i.field)).toEqual(expect.arrayContaining(["webhooks.0.url", "repeatIntervalSec"]));
    expect(problem.issues.find((i) => i.field === "webhooks.0.url")!.message).toBe("must be an http:// or https:// URL");
    expect((await rulesRoute.POST(request("/api/v1/alerts/rules", tokens.admin, { method: "POST", raw: "{not json" }), noParams)).status).toBe(400);
    expect((await rulesRoute.POST(request("/api/v1/alerts/rules", tokens.admin, { method: "POST", body: { name: "No outlets" } }), noParams)).status).toBe(400);
    expect(await (await getDb()).alertRule.count()).toBe(0);
  });

  it("executives and plant managers read, cannot write (403); viewers cannot read", async () => {
    expect((await rulesRoute.GET(request("/api/v1/alerts/rules", tokens.executive), noParams)).status).toBe(200);
    const refused = await rulesRoute.POST(request("/api/v1/alerts/rules", tokens.executive, { method: "POST", body: goodRule() }), noParams);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect((await rulesRoute.POST(request("/api/v1/alerts/rules", tokens.pm, { method: "POST", body: goodRule() }), noParams)).status).toBe(403);
    expect((await rulesRoute.GET(request("/api/v1/alerts/rules", tokens.viewer), noParams)).status).toBe(403);
    expect((await silencesRoute.POST(request("/api/v1/alerts/silences", tokens.executive, { method: "POST", body: { plant: "P100", durationMinutes: 60, comment: "x" } }), noParams)).status).toBe(403);
  });

  it("POST creates a rule (201, Location), audited with the URL redacted; the same name again is a 409", async () => {
    const created = await rulesRoute.POST(request("/api/v1/alerts/rules", tokens.admin, { method: "POST", body: goodRule() }), noParams);
    expect(created.status).toBe(201);
    const body = (await created.json()) as { rule: { id: string; webhooks: { url: string; format: string }[]; updatedAt: string }; warnings: string[] };
    ruleId = body.rule.id;
    expect(created.headers.get("location")).toBe(`/api/v1/alerts/rules/${ruleId}`);
    expect(body.rule.webhooks).toEqual([{ url: SLACK, format: "slack" }, { url: `${receiver.url}/json`, format: "json" }]);
    expect(body.warnings.join(" ")).toContain("LOTLINE_SMTP_URL");
    const audit = await (await getDb()).auditLog.findFirstOrThrow({ where: { action: "alert_rule.created", entityId: ruleId } });
    expect(audit).toMatchObject({ actorLabel: "token:alerts-admin", entityType: "alert_rule", before: null, after: { name: "Holds at P100", plant: "P100", webhooks: [{ format: "slack", url: "https://hooks.slack.com/services/…" }, expect.anything()] } });
    expect(JSON.stringify(audit.after)).not.toContain("secret-token");

    const dup = await rulesRoute.POST(request("/api/v1/alerts/rules", tokens.admin, { method: "POST", body: { ...goodRule(), name: "holds at p100" } }), noParams);
    expect(dup.status).toBe(409);
    expect(dup.headers.get("content-type")).toContain("application/problem+json");
  });

  it("GET masks webhook URLs and addresses for readers who cannot manage alerts; 400 on a malformed id, 404 on an unknown one", async () => {
    const asExec = (await (await ruleRoute.GET(request(`/api/v1/alerts/rules/${ruleId}`, tokens.executive), idParams(ruleId))).json()) as { rule: { webhooks: { url: string }[]; emails: string[] } };
    expect(asExec.rule.webhooks[0]!.url).toBe("https://hooks.slack.com/services/…");
    expect(asExec.rule.emails).toEqual(["o•••@plant.example"]);
    const list = (await (await rulesRoute.GET(request("/api/v1/alerts/rules", tokens.executive), noParams)).json()) as { rules: unknown[] };
    expect(JSON.stringify(list)).not.toContain("secret-token");
    const asAdmin = (await (await ruleRoute.GET(request(`/api/v1/alerts/rules/${ruleId}`, tokens.admin), idParams(ruleId))).json()) as { rule: { webhooks: { url: string }[] } };
    expect(asAdmin.rule.webhooks[0]!.url).toBe(SLACK);
    expect((await ruleRoute.GET(request("/api/v1/alerts/rules/NOT%20AN%20ID", tokens.admin), idParams("NOT AN ID"))).status).toBe(400);
    const missing = await ruleRoute.GET(request("/api/v1/alerts/rules/cnotthereatall0000000000", tokens.admin), idParams("cnotthereatall0000000000"));
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
  });

  it("PUT replaces the rule with before and after audited; a no-op writes nothing; a stale baseUpdatedAt is a 409", async () => {
    const db = await getDb();
    const current = (await (await ruleRoute.GET(request(`/api/v1/alerts/rules/${ruleId}`, tokens.admin), idParams(ruleId))).json()) as { rule: { updatedAt: string } };
    const put = (body: unknown, token = tokens.admin) => ruleRoute.PUT(request(`/api/v1/alerts/rules/${ruleId}`, token, { method: "PUT", body }), idParams(ruleId));
    expect((await put({ ...goodRule(), minSeverity: "warning" }, tokens.executive)).status).toBe(403);

    const saved = await put({ ...goodRule(), minSeverity: "warning", emails: [], baseUpdatedAt: current.rule.updatedAt });
    expect(saved.status).toBe(200);
    const savedBody = (await saved.json()) as { changed: boolean; rule: { minSeverity: string; updatedAt: string }; warnings: string[] };
    expect(savedBody).toMatchObject({ changed: true, rule: { minSeverity: "warning" }, warnings: [] });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "alert_rule.updated", entityId: ruleId } });
    expect(audit.before).toMatchObject({ minSeverity: "critical", emails: ["ops@plant.example"] });
    expect(audit.after).toMatchObject({ minSeverity: "warning", emails: [] });

    const stale = await put({ ...goodRule(), name: "Renamed", baseUpdatedAt: current.rule.updatedAt });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ status: 409, currentUpdatedAt: savedBody.rule.updatedAt });

    const again = await put({ ...goodRule(), minSeverity: "warning", emails: [] });
    expect(await again.json()).toMatchObject({ changed: false });
    expect(await db.auditLog.count({ where: { action: "alert_rule.updated", entityId: ruleId } })).toBe(1);

    expect((await put({ ...goodRule(), webhooks: [{ url: "file:///etc/passwd" }] })).status).toBe(400);
  });

  it("deliveries and current alerts show what the notifier did; a plant manager sees only their plants' alerts", async () => {
    const db = await getDb();
    // Only the local receiver: the Slack URL is not reachable from a test.
    await ruleRoute.PUT(request(`/api/v1/alerts/rules/${ruleId}`, tokens.admin, { method: "PUT", body: { ...goodRule(), plant: null, emails: [], webhooks: [{ url: `${receiver.url}/json` }] } }), idParams(ruleId));
    const { log } = quietLog();
    const notifier = createNotifier({ db, config: alertsConfig(), log });
    await notifier.notify([testSignal({ id: "br:api-1" }), testSignal({ id: "br:api-2", plant: "P200" })], new Date());
    expect(receiver.received).toHaveLength(1);

    const deliveries = (await (await deliveriesRoute.GET(request("/api/v1/alerts/deliveries?limit=10", tokens.executive), noParams)).json()) as { deliveries: { ok: boolean; alertCount: number; ruleName: string; signalIds: string[] }[] };
    expect(deliveries.deliveries).toEqual([expect.objectContaining({ ok: true, alertCount: 2, ruleName: "Holds at P100", signalIds: ["br:api-1", "br:api-2"] })]);
    expect((await deliveriesRoute.GET(request("/api/v1/alerts/deliveries?limit=9999", tokens.executive), noParams)).status).toBe(400);

    const all = (await (await alertsRoute.GET(request("/api/v1/alerts", tokens.executive), noParams)).json()) as { alerts: { signalId: string; state: string; outlets: { status: string; ruleName: string }[] }[] };
    expect(all.alerts.map((a) => a.signalId).sort()).toEqual(["br:api-1", "br:api-2"]);
    expect(all.alerts[0]).toMatchObject({ state: "firing", outlets: [{ status: "firing", ruleName: "Holds at P100" }] });
    const pm = (await (await alertsRoute.GET(request("/api/v1/alerts", tokens.pm), noParams)).json()) as { alerts: { signalId: string }[] };
    expect(pm.alerts.map((a) => a.signalId)).toEqual(["br:api-2"]);
  });

  it("DELETE removes the rule (204) with its alert states, audited with before; then 404", async () => {
    const db = await getDb();
    expect((await ruleRoute.DELETE(request(`/api/v1/alerts/rules/${ruleId}`, tokens.executive, { method: "DELETE" }), idParams(ruleId))).status).toBe(403);
    expect((await ruleRoute.DELETE(request(`/api/v1/alerts/rules/${ruleId}`, tokens.admin, { method: "DELETE" }), idParams(ruleId))).status).toBe(204);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "alert_rule.deleted", entityId: ruleId } });
    expect(audit).toMatchObject({ before: { name: "Holds at P100" }, after: null });
    expect(await db.alertNotificationState.count({ where: { ruleId } })).toBe(0);
    expect(await db.alertDelivery.count()).toBe(1);
    expect((await ruleRoute.GET(request(`/api/v1/alerts/rules/${ruleId}`, tokens.admin), idParams(ruleId))).status).toBe(404);
    expect((await ruleRoute.DELETE(request(`/api/v1/alerts/rules/${ruleId}`, tokens.admin, { method: "DELETE" }), idParams(ruleId))).status).toBe(404);
  });
});

describe("silences API", () => {
  it("creates (audited), lists, expires (audited before/after), and refuses to expire twice", async () => {
    const db = await getDb();
    const bad = await silencesRoute.POST(request("/api/v1/alerts/silences", tokens.admin, { method: "POST", body: { durationMinutes: 60, comment: "" } }), noParams);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { field: string }[] }).issues.map((i) => i.field)).toEqual(expect.arrayContaining(["definition", "comment"]));
    const past = await silencesRoute.POST(request("/api/v1/alerts/silences", tokens.admin, { method: "POST", body: { plant: "P100", endsAt: "2020-01-01T00:00:00Z", comment: "old" } }), noParams);
    expect(past.status).toBe(400);

    const created = await silencesRoute.POST(request("/api/v1/alerts/silences", tokens.admin, { method: "POST", body: { plant: "P100", definition: "inspection-to-hold", durationMinutes: 120, comment: "ERP maintenance window" } }), noParams);
    expect(created.status).toBe(201);
    const { silence } = (await created.json()) as { silence: { id: string; state: string; startsAt: string; endsAt: string; createdBy: string } };
    expect(silence).toMatchObject({ state: "active", createdBy: "token:alerts-admin" });
    expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBe(120 * 60_000);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "alert_silence.created", entityId: silence.id } })).toMatchObject({ before: null, after: { plant: "P100", comment: "ERP maintenance window" } });

    const list = (await (await silencesRoute.GET(request("/api/v1/alerts/silences", tokens.executive), noParams)).json()) as { silences: { id: string; state: string }[] };
    expect(list.silences).toEqual([expect.objectContaining({ id: silence.id, state: "active" })]);

    expect((await silenceRoute.DELETE(request(`/api/v1/alerts/silences/${silence.id}`, tokens.executive, { method: "DELETE" }), idParams(silence.id))).status).toBe(403);
    const expired = await silenceRoute.DELETE(request(`/api/v1/alerts/silences/${silence.id}`, tokens.admin, { method: "DELETE" }), idParams(silence.id));
    expect(expired.status).toBe(200);
    expect(((await expired.json()) as { silence: { state: string } }).silence.state).toBe("expired");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "alert_silence.expired", entityId: silence.id } });
    expect((audit.before as { endsAt: string }).endsAt).toBe(silence.endsAt);
    expect(Date.parse((audit.after as { endsAt: string }).endsAt)).toBeLessThan(Date.parse(silence.endsAt));

    const twice = await silenceRoute.DELETE(request(`/api/v1/alerts/silences/${silence.id}`, tokens.admin, { method: "DELETE" }), idParams(silence.id));
    expect(twice.status).toBe(409);
    expect((await silenceRoute.DELETE(request("/api/v1/alerts/silences/cnotthereatall0000000000", tokens.admin, { method: "DELETE" }), idParams("cnotthereatall0000000000"))).status).toBe(404);
    const after = (await (await silencesRoute.GET(request("/api/v1/alerts/silences", tokens.admin), noParams)).json()) as { silences: { id: string; state: string }[] };
    expect(after.silences).toEqual([expect.objectContaining({ id: silence.id, state: "expired" })]);
  });
});
