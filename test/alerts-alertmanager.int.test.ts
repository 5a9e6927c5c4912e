import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifier } from "../lib/alerts/notifier";
import type { Db } from "../lib/db/client";
import { alertsConfig, alertsDb, freePort, httpReceiver, quietLog, resolvedSignal, testSignal } from "./alerts-harness";
import { makeTempDir } from "./temp-dir";

// Debian's prometheus-alertmanager, started here with a temporary config: Lotline posts its
// alerts to the v2 API, Alertmanager groups them and calls a test webhook (send_resolved).
// No binary is a failure with instructions, never a skip.
const BIN = process.env.ALERTMANAGER_BIN ?? "prometheus-alertmanager";

interface AmWebhook {
  version: string;
  status: "firing" | "resolved";
  receiver: string;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; generatorURL: string }[];
}

let store: Awaited<ReturnType<typeof alertsDb>>;
let db: Db;
let receiver: Awaited<ReturnType<typeof httpReceiver>>;
let am: ChildProcess | undefined;
let amUrl: string;
const amLog: string[] = [];
const dir = makeTempDir("alertmanager");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  const found = spawnSync("sh", ["-c", `command -v ${BIN}`], { encoding: "utf8" });
  if (found.status !== 0) {
    throw new Error(`${BIN} is not installed: run \`bash scripts/ensure-system-deps.sh\` (or apt-get install -y prometheus-alertmanager), or point ALERTMANAGER_BIN at the binary`);
  }
  store = await alertsDb("alerts-am");
  db = store.db;
  receiver = await httpReceiver();
  const port = await freePort();
  amUrl = `http://127.0.0.1:${port}`;
  const config = path.join(dir.path, "alertmanager.yml");
  writeFileSync(
    config,
    [
      "route:",
      "  receiver: lotline-test",
      "  group_by: ['alertname', 'lotline_id']",
      "  group_wait: 1s",
      "  group_interval: 1s",
      "  repeat_interval: 24h",
      "receivers:",
      "  - name: lotline-test",
      "    webhook_configs:",
      `      - url: ${receiver.url}/alertmanager`,
      "        send_resolved: true",
      "",
    ].join("\n"),
  );
  am = spawn(BIN, [`--config.file=${config}`, `--storage.path=${path.join(dir.path, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--cluster.listen-address=", "--log.level=info"], { stdio: ["ignore", "pipe", "pipe"] });
  am.stdout?.on("data", (c: Buffer) => amLog.push(c.toString()));
  am.stderr?.on("data", (c: Buffer) => amLog.push(c.toString()));
  const until = Date.now() + 30_000;
  for (;;) {
    if (am.exitCode !== null) throw new Error(`alertmanager exited with ${am.exitCode}:\n${amLog.join("")}`);
    const ready = await fetch(`${amUrl}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > until) throw new Error(`alertmanager not ready within 30 s:\n${amLog.join("")}`);
    await sleep(200);
  }
});

afterAll(async () => {
  if (am && am.exitCode === null) {
    const exited = new Promise((r) => am!.once("exit", r));
    am.kill("SIGTERM");
    await Promise.race([exited, sleep(5_000)]);
  }
  await receiver?.close();
  await store?.stop();
  dir.remove();
});

const webhooks = () => receiver.received.map((r) => r.body as AmWebhook);

describe("Alertmanager outlet against a real prometheus-alertmanager", () => {
  it("posts firing alerts each cycle, Alertmanager notifies once, then resolved once after the signal resolves", async () => {
    const { log, lines } = quietLog();
    const notifier = createNotifier({ db, config: alertsConfig({ alertmanagerUrl: amUrl }), log });
    const signal = testSignal({ id: "br:am-1" });

    expect(await notifier.notify([signal], new Date())).toMatchObject({ deliveries: 1, failed: 0, messages: 1 });
    expect(lines).toEqual([]);
    const [firing] = await receiver.waitFor(1);
    const body = firing!.body as AmWebhook;
    expect(body).toMatchObject({ version: "4", status: "firing", receiver: "lotline-test" });
    expect(body.alerts).toHaveLength(1);
    expect(body.alerts[0]).toMatchObject({
      status: "firing",
      labels: { alertname: "LotlineSlaBreach", lotline_id: "br:am-1", kind: "sla_breach", severity: "critical", definition: "inspection-to-hold", plant: "P100", stage: "hold-posted", correlation_id: "corr-int-1" },
      annotations: { summary: signal.summary, lotline_url: "https://lotline.test/trace/corr-int-1" },
      generatorURL: "https://lotline.test/trace/corr-int-1",
    });
    // Alertmanager re-renders times in Go's RFC 3339 form, trailing zeros of the fraction dropped (.250Z → .25Z).
    expect(Date.parse(body.alerts[0]!.startsAt)).toBe(signal.startsAt.getTime());

    // Re-posted every cycle (Alertmanager would otherwise resolve it after resolve_timeout); across
    // several group intervals that is still one notification.
    for (let i = 0; i < 4; i++) {
      await sleep(1_200);
      expect(await notifier.notify([signal], new Date())).toMatchObject({ deliveries: 1, failed: 0 });
    }
    const active = (await (await fetch(`${amUrl}/api/v2/alerts?filter=lotline_id%3D%22br%3Aam-1%22`)).json()) as { status: { state: string } }[];
    expect(active).toHaveLength(1);
    expect(active[0]!.status.state).toBe("active");
    expect(webhooks().map((w) => w.status)).toEqual(["firing"]);

    await notifier.notify([resolvedSignal(signal)], new Date());
    await receiver.waitFor(2);
    const resolved = webhooks()[1]!;
    expect(resolved.status).toBe("resolved");
    expect(resolved.alerts[0]).toMatchObject({ status: "resolved", labels: { lotline_id: "br:am-1" } });
    expect(Date.parse(resolved.alerts[0]!.endsAt)).toBeGreaterThan(signal.startsAt.getTime());

    // Nothing more: not from Lotline (the resolution was posted once) nor from Alertmanager.
    expect(await notifier.notify([], new Date())).toMatchObject({ deliveries: 0 });
    await sleep(3_000);
    expect(webhooks().map((w) => w.status)).toEqual(["firing", "resolved"]);

    const log2 = await db.alertDelivery.findMany({ where: { outlet: "alertmanager" }, orderBy: { at: "asc" } });
    // Routine re-posts are not logged: the first post and the resolution are.
    expect(log2.map((d) => [d.status, d.ok])).toEqual([
      ["firing", true],
      ["resolved", true],
    ]);
  });

  it("records a failed post (Alertmanager down) and posts the alert once it answers", async () => {
    const { log } = quietLog();
    const down = createNotifier({ db, config: alertsConfig({ alertmanagerUrl: "http://127.0.0.1:9", timeoutMs: 1_000 }), log });
    const signal = testSignal({ id: "br:am-2", severity: "warning", stage: "" });
    expect(await down.notify([signal], new Date())).toMatchObject({ failed: 1 });
    expect(await db.alertNotificationState.findFirstOrThrow({ where: { signalId: "br:am-2" } })).toMatchObject({ status: "pending" });

    const up = createNotifier({ db, config: alertsConfig({ alertmanagerUrl: amUrl }), log });
    // A failed post is retried with back-off: not in the cycle right after, then 15 s after it.
    expect(await up.notify([signal], new Date())).toMatchObject({ deliveries: 0 });
    expect(await up.notify([signal], new Date(Date.now() + 15_000))).toMatchObject({ deliveries: 1, failed: 0 });
    await receiver.waitFor(3);
    const third = webhooks()[2]!;
    expect(third.alerts[0]).toMatchObject({ status: "firing", labels: { lotline_id: "br:am-2", severity: "warning" } });
    expect(third.alerts[0]!.labels).not.toHaveProperty("stage");
  });
});
