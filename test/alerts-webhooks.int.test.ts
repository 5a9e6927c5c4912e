import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifier } from "../lib/alerts/notifier";
import type { Db } from "../lib/db/client";
import { alertsConfig, alertsDb, httpReceiver, quietLog, resolvedSignal, testSignal } from "./alerts-harness";

// The notifier on real PGlite, sending over real HTTP to a node:http receiver: JSON, Slack and
// Teams bodies, firing then resolved, no duplicates, repeat only after the interval, retry after a failure.
let store: Awaited<ReturnType<typeof alertsDb>>;
let db: Db;
let receiver: Awaited<ReturnType<typeof httpReceiver>>;
let failing = false;

beforeAll(async () => {
  store = await alertsDb("alerts-webhooks");
  db = store.db;
  receiver = await httpReceiver((r) => (failing && r.path === "/json" ? 503 : 200));
});

afterAll(async () => {
  await receiver?.close();
  await store?.stop();
});

const byPath = (path: string) => receiver.received.filter((r) => r.path === path);

describe("webhook outlets against a real HTTP receiver", () => {
  it("delivers firing, nothing on an unchanged cycle, a repeat after the interval, then resolved once", async () => {
    const rule = await db.alertRule.create({
      data: {
        name: "Holds at P100",
        plant: "P100",
        repeatIntervalSec: 600,
        webhooks: [
          { url: `${receiver.url}/json`, format: "json" },
          { url: `${receiver.url}/slack`, format: "slack" },
          { url: `${receiver.url}/teams`, format: "teams" },
        ],
      },
    });
    const { log, lines } = quietLog();
    const notifier = createNotifier({ db, config: alertsConfig(), log });
    const signal = testSignal();
    const t0 = new Date();

    const first = await notifier.notify([signal, testSignal({ id: "br:elsewhere", plant: "P200" })], t0);
    expect(first).toMatchObject({ deliveries: 3, failed: 0, messages: 3 });
    expect(receiver.received).toHaveLength(3);

    const json = byPath("/json")[0]!;
    expect(json.headers["content-type"]).toBe("application/json");
    expect(json.body).toMatchObject({
      version: "1",
      status: "firing",
      rule: { id: rule.id, name: "Holds at P100" },
      alerts: [{ id: "br:int-1", status: "firing", reason: "new", plant: "P100", url: "https://lotline.test/trace/corr-int-1", labels: { correlationId: "corr-int-1", severity: "critical" } }],
      links: { alerts: "https://lotline.test/admin/alerts" },
    });
    expect(byPath("/slack")[0]!.body).toMatchObject({ text: expect.stringContaining("[FIRING:1] Holds at P100"), blocks: expect.arrayContaining([expect.objectContaining({ type: "header" })]) });
    expect(byPath("/teams")[0]!.body).toMatchObject({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: { type: "AdaptiveCard" } }] });

    // The engine reports the same firing signal every cycle: nothing more is sent.
    expect(await notifier.notify([signal], new Date(t0.getTime() + 15_000))).toMatchObject({ deliveries: 0 });
    expect(await notifier.notify([signal], new Date(t0.getTime() + 30_000))).toMatchObject({ deliveries: 0 });
    expect(receiver.received).toHaveLength(3);

    // Once the repeat interval has passed, one repeat per outlet.
    await notifier.notify([signal], new Date(t0.getTime() + 600_000));
    expect(receiver.received).toHaveLength(6);
    expect(byPath("/json")[1]!.body).toMatchObject({ status: "firing", alerts: [{ reason: "repeat" }] });

    // Resolved: once per outlet, and never again.
    const ended = resolvedSignal(signal, new Date(t0.getTime() + 605_000));
    await notifier.notify([ended], new Date(t0.getTime() + 615_000));
    await notifier.notify([], new Date(t0.getTime() + 630_000));
    expect(receiver.received).toHaveLength(9);
    expect(byPath("/json")[2]!.body).toMatchObject({ status: "resolved", alerts: [{ status: "resolved", endsAt: ended.endsAt!.toISOString() }] });
    expect(byPath("/slack")[2]!.body).toMatchObject({ text: expect.stringContaining("[RESOLVED:1]") });

    const deliveries = await db.alertDelivery.findMany({ where: { ruleId: rule.id }, orderBy: { at: "asc" } });
    expect(deliveries).toHaveLength(9);
    expect(deliveries.every((d) => d.ok && d.alertCount === 1)).toBe(true);
    expect(deliveries.map((d) => d.status)).toEqual([...Array(6).fill("firing"), ...Array(3).fill("resolved")]);
    expect(deliveries[0]!.target).toMatch(/webhook http:\/\/127\.0\.0\.1:\d+\/json$/);
    const states = await db.alertNotificationState.findMany({ where: { ruleId: rule.id } });
    expect(states.map((s) => s.status)).toEqual(["resolved", "resolved", "resolved"]);
    expect(states.every((s) => s.sendCount === 3 && /^[0-9a-f]{64}$/.test(s.fingerprint))).toBe(true);
    expect(lines).toEqual([]);
    await db.alertRule.delete({ where: { id: rule.id } });
  });

  it("records a failed send, retries it next cycle without duplicating the outlets that succeeded, and owes the resolved notice", async () => {
    receiver.received.length = 0;
    const rule = await db.alertRule.create({
      data: { name: "Retry", webhooks: [{ url: `${receiver.url}/json`, format: "json" }, { url: `${receiver.url}/slack`, format: "slack" }] },
    });
    const { log, lines } = quietLog();
    const notifier = createNotifier({ db, config: alertsConfig(), log });
    const signal = testSignal({ id: "br:int-retry" });
    const t0 = new Date();

    failing = true;
    expect(await notifier.notify([signal], t0)).toMatchObject({ deliveries: 2, failed: 1 });
    expect(byPath("/slack")).toHaveLength(1);
    expect(byPath("/json")).toHaveLength(0);
    const failed = await db.alertDelivery.findFirstOrThrow({ where: { ruleId: rule.id, ok: false } });
    expect(failed.error).toMatch(/HTTP 503 receiver says no/);
    expect(lines.join("\n")).toMatch(/failed, retrying with back-off/);

    failing = false;
    expect(await notifier.notify([signal], new Date(t0.getTime() + 15_000))).toMatchObject({ deliveries: 1, failed: 0 });
    expect(byPath("/json")).toHaveLength(1);
    expect(byPath("/json")[0]!.body).toMatchObject({ alerts: [{ reason: "retry" }] });
    expect(byPath("/slack")).toHaveLength(1);

    // The resolved notice fails, the engine moves on (reports it once); the notifier keeps owing it.
    failing = true;
    await notifier.notify([resolvedSignal(signal)], new Date(t0.getTime() + 30_000));
    const owed = await db.alertNotificationState.findMany({ where: { ruleId: rule.id }, orderBy: { outlet: "asc" } });
    expect(owed.map((s) => s.status).sort()).toEqual(["resolved", "resolving"]);
    failing = false;
    await notifier.notify([], new Date(t0.getTime() + 45_000));
    await notifier.notify([], new Date(t0.getTime() + 60_000));
    expect(byPath("/json").map((r) => (r.body as { status: string }).status)).toEqual(["firing", "resolved"]);
    expect(byPath("/slack")).toHaveLength(2);
    await db.alertRule.delete({ where: { id: rule.id } });
  });

  it("never throws when a webhook is unreachable: the error is recorded", async () => {
    await db.alertRule.create({ data: { name: "Nowhere", definition: "nowhere", webhooks: [{ url: "http://127.0.0.1:9/hook", format: "json" }] } });
    const { log, lines } = quietLog();
    const notifier = createNotifier({ db, config: alertsConfig({ timeoutMs: 1_000 }), log });
    const report = await notifier.notify([testSignal({ id: "br:nowhere", definition: "nowhere" })], new Date());
    expect(report).toMatchObject({ deliveries: 1, failed: 1 });
    const row = await db.alertDelivery.findFirstOrThrow({ where: { ruleName: "Nowhere" } });
    expect(row.error).toMatch(/ECONNREFUSED|fetch failed/);
    expect(lines).toHaveLength(1);
  });
});
