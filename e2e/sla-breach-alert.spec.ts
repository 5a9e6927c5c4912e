import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

// A breach end to end in the running app: an admin defines a workflow with a 5-second SLA and an
// alert rule with a JSON webhook (a real HTTP receiver in this test); a trigger arrives through the
// ingest API and nothing follows, the evaluator job breaches it and the webhook hears "firing";
// the late message arrives and it hears "resolved", once each. The pages show both sides.

interface Hook {
  status: string;
  alerts: { id: string; status: string; reason: string; url: string; kind: string }[];
}

const ingestToken = () => readFileSync(path.join("e2e", ".data", ".ingest-token"), "utf8").trim();
const received: Hook[] = [];
let receiver: Server;
let hookUrl: string;

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push(JSON.parse(body) as Hook);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

test("a breach fires a webhook alert when its deadline passes and resolves once the late message arrives", async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const run = Date.now().toString(36);
  const key = `e2e-pick-${run}`;
  const corr = `corr-e2e-breach-${run}`;
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);

  const workflow = await page.request.post("/api/v1/workflows", {
    data: {
      spec: {
        key,
        name: `E2E pick ${run}`,
        trigger: { types: ["e2e.pick.requested"] },
        stages: [
          { key: "requested", label: "Requested", system: "ERP", match: { types: ["e2e.pick.requested"] } },
          { key: "shipped", label: "Shipped", system: "WMS", match: { types: ["e2e.pick.shipped"] } },
        ],
        sla: { untilStage: "shipped", targetMs: 5_000 },
      },
    },
  });
  expect(workflow.status(), await workflow.text()).toBe(201);
  const rule = await page.request.post("/api/v1/alerts/rules", { data: { name: `Picks ${run}`, definition: key, kinds: ["sla_breach"], webhooks: [{ url: hookUrl, format: "json" }], repeatIntervalSec: 3_600 } });
  expect(rule.status(), await rule.text()).toBe(201);

  const send = async (type: string, sourcesystem: string) => {
    const answer = await page.request.post("/api/v1/ingest/events", {
      headers: { authorization: `Bearer ${ingestToken()}`, "content-type": "application/cloudevents-batch+json" },
      data: [{ specversion: "1.0", id: `${corr}-${type}`, source: "/plants/P100/e2e", type, time: new Date().toISOString(), plant: "P100", sourcesystem, correlationid: corr, data: {} }],
    });
    expect(answer.status(), await answer.text()).toBe(202);
  };
  const alertsFor = (status: string) => received.flatMap((h) => h.alerts).filter((a) => a.url.includes(encodeURIComponent(corr)) && a.status === status);

  await send("e2e.pick.requested", "ERP");
  // Deadline in 5 s, an evaluator cycle every 2 s (playwright.config.ts): firing well within a minute.
  await expect.poll(() => alertsFor("firing").length, { timeout: 60_000 }).toBe(1);
  expect(alertsFor("firing")[0]).toMatchObject({ kind: "sla_breach", reason: "new" });

  await page.goto(`/trace/${encodeURIComponent(corr)}`);
  await expect(page.getByTestId("workflow-sla")).toHaveText("SLA breached");
  await page.goto(`/worklist?workflow=${key}`);
  await expect(page.getByRole("link", { name: corr })).toBeVisible();
  await page.goto("/admin/alerts");
  // The workflow's budget burns too (one instance, all of it late); the rule above listens to breaches only.
  const current = page.getByTestId("current-alert").filter({ hasText: `E2E pick ${run}` }).filter({ hasText: "Shipped (end to end)" });
  await expect(current).toContainText("firing");
  await snapshot(page, testInfo, "30-alert-firing");

  await send("e2e.pick.shipped", "WMS");
  await expect.poll(() => alertsFor("resolved").length, { timeout: 60_000 }).toBe(1);
  // A few more cycles: still exactly one firing and one resolved notice.
  await page.waitForTimeout(5_000);
  expect(alertsFor("firing")).toHaveLength(1);
  expect(alertsFor("resolved")).toHaveLength(1);

  await page.goto(`/trace/${encodeURIComponent(corr)}`);
  await expect(page.getByTestId("workflow-sla")).toHaveText("SLA breached");
  await page.goto("/admin/alerts");
  await expect(page.getByTestId("alert-delivery").filter({ hasText: `Picks ${run}` })).toHaveCount(2);
  await expect(page.getByTestId("alert-delivery").filter({ hasText: `Picks ${run}` }).first()).toContainText("resolved");
  await expect(page.getByTestId("alert-delivery").first()).toBeVisible();
  await snapshot(page, testInfo, "31-alert-resolved");
});
