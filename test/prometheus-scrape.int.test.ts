import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudEvent } from "../lib/events/contract";
import { WorkflowSpecSchema, type DefinitionVersion, type WorkflowSpec } from "../lib/workflows/definition-spec";
import { embeddedTestEnv } from "./embedded-env";
import { makeTempDir } from "./temp-dir";

// A real Prometheus (Debian's `prometheus`) scrapes /api/metrics with the scraper token after the
// SLA engine judged instances ingested through the ingest path, and its query API must return
// the SLO state per workflow and plant that those instances imply.
const METRICS_TOKEN = "test-metrics-token-prometheus-0123";
// Jobs off: only this test's engine, with its own definitions and clock, may set the SLO gauges.
const dir = embeddedTestEnv("prom-scrape", { LOTLINE_METRICS_TOKEN: METRICS_TOKEN, LOTLINE_JOBS: "0" });

const { getRuntime } = await import("../server/runtime");
const { createSlaEngine } = await import("../server/sla/sla-engine");
const { handleMetricsRequest } = await import("../lib/metrics-endpoint");
const { wallClock } = await import("../lib/slas/wall-clock");

const MIN = 60_000;
const WF = "prom-pick";
const started = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
let seq = 0;
const ce = (e: Partial<CloudEvent> & { type: string; time: string; correlationid: string; plant: string }): CloudEvent => ({
  specversion: "1.0",
  id: `prom-${++seq}`,
  source: `/plants/${e.plant}`,
  sourcesystem: "ERP",
  ...e,
});

// 10 minutes end to end, objective 90 %: the error budget is 10 % of decided instances.
const PICK: WorkflowSpec = WorkflowSpecSchema.parse({
  key: WF,
  name: "Pick to ship (Prometheus test)",
  trigger: { types: ["prom.pick.requested"] },
  stages: [
    { key: "requested", label: "Requested", system: "ERP", match: { types: ["prom.pick.requested"] } },
    { key: "picked", label: "Picked", system: "WMS", match: { types: ["prom.pick.done"] }, targetMs: 3 * MIN },
    { key: "shipped", label: "Shipped", system: "WMS", match: { types: ["prom.pick.shipped"] } },
  ],
  sla: { untilStage: "shipped", targetMs: 10 * MIN, objective: 0.9 },
});
const definitions = {
  workflows: [{ key: WF, version: 1, effectiveFrom: new Date(0), enabled: true, spec: PICK } satisfies DefinitionVersion<WorkflowSpec>],
  nonEvents: [],
  calendars: [],
};

/** One pick: requested `ageMin` ago, picked a minute later, shipped `shippedAfterMin` after the request (never when null). */
function pick(corr: string, plant: string, ageMin: number, shippedAfterMin: number | null): CloudEvent[] {
  const t0 = started - ageMin * MIN;
  return [
    ce({ type: "prom.pick.requested", time: iso(t0), correlationid: corr, plant }),
    ce({ type: "prom.pick.done", time: iso(t0 + MIN), correlationid: corr, plant, sourcesystem: "WMS" }),
    ...(shippedAfterMin === null ? [] : [ce({ type: "prom.pick.shipped", time: iso(t0 + shippedAfterMin * MIN), correlationid: corr, plant, sourcesystem: "WMS" })]),
  ];
}

// All decided within the last 5 minutes, so every burn window counts the same instances.
// P1: 3 met, 1 shipped late, 1 overdue and still open → 3/5 met, burn 4×, one open breach.
// P2: 2 met → 100 %, burn 0.
// P3: 2 overdue and open → 0 %, burn 10× over every window: the 6× policy fires, 14.4× does not.
const EVENTS: CloudEvent[] = [
  ...pick("p1-met-1", "P1", 8, 4),
  ...pick("p1-met-2", "P1", 8, 4),
  ...pick("p1-met-3", "P1", 8, 4),
  ...pick("p1-late", "P1", 14, 12),
  ...pick("p1-overdue", "P1", 12, null),
  ...pick("p2-met-1", "P2", 8, 4),
  ...pick("p2-met-2", "P2", 8, 4),
  ...pick("p3-overdue-1", "P3", 12, null),
  ...pick("p3-overdue-2", "P3", 13, null),
];

const promDir = makeTempDir("prometheus");
let engine: ReturnType<typeof createSlaEngine>;
let lotline: Server;
let prometheus: ChildProcess | null = null;
let promUrl = "";
let promLog = "";

async function ingest(events: CloudEvent[]) {
  const result = await (await getRuntime()).ingest.ingest(events, { channel: "http", requestId: `prom-${seq}` });
  expect(result, JSON.stringify(result)).toMatchObject({ accepted: events.length });
}

/** The real /api/metrics handler on a node:http server, as Prometheus reaches the web app. */
async function serveMetrics(): Promise<Server> {
  const server = createServer((req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    void handleMetricsRequest(new Request(`http://${req.headers.host}${req.url}`, { headers }), getRuntime).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The alerting rules block of docs/slas.md, so the documented PromQL is what gets tested. */
function documentedRules(): string {
  const doc = readFileSync(path.join(import.meta.dirname, "../docs/slas.md"), "utf8");
  const block = /```yaml\n# lotline-slo-rules\.yml\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error("docs/slas.md lost its `# lotline-slo-rules.yml` block");
  return block;
}

function startPrometheus(target: string, port: number): ChildProcess {
  const found = spawnSync("sh", ["-c", "command -v prometheus"], { encoding: "utf8" });
  const bin = found.stdout.trim();
  if (found.status !== 0 || !bin) {
    throw new Error("Debian `prometheus` is not installed: run `bash scripts/ensure-system-deps.sh` (or `apt-get install -y prometheus`). This test needs a real Prometheus and is never skipped.");
  }
  const config = path.join(promDir.path, "prometheus.yml");
  const job = (name: string, token: string) => `
  - job_name: ${name}
    scrape_interval: 1s
    scrape_timeout: 1s
    metrics_path: /api/metrics
    authorization:
      type: Bearer
      credentials: ${token}
    static_configs:
      - targets: ["${target}"]
        labels: { env: test }`;
  const rules = path.join(promDir.path, "lotline-slo-rules.yml");
  writeFileSync(rules, documentedRules());
  writeFileSync(config, `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: ["${rules}"]\nscrape_configs:${job("lotline", METRICS_TOKEN)}${job("lotline-bad-token", "not-the-scraper-token-0123456789")}\n`);
  const child = spawn(bin, [`--config.file=${config}`, `--storage.tsdb.path=${path.join(promDir.path, "tsdb")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => void (promLog = (promLog + chunk.toString()).slice(-8_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return child;
}

async function promApi<T>(pathAndQuery: string): Promise<T> {
  const res = await fetch(`${promUrl}${pathAndQuery}`);
  const body = (await res.json()) as { status: string; data: T; error?: string };
  if (body.status !== "success") throw new Error(`Prometheus ${pathAndQuery}: ${body.error ?? res.status}`);
  return body.data;
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

const query = (promql: string) => promApi<{ resultType: string; result: Sample[] }>(`/api/v1/query?query=${encodeURIComponent(promql)}`).then((d) => d.result);

/** Polls until `check` passes (Prometheus scrapes every second), then returns its last result. */
async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  while (Date.now() < deadline) {
    if (prometheus?.exitCode !== null) throw new Error(`Prometheus exited with ${prometheus?.exitCode}:\n${promLog}`);
    try {
      last = await read();
      if (check(last)) return last;
    } catch (e) {
      error = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}${error ? `; error: ${String(error)}` : ""}\nPrometheus log:\n${promLog}`);
}

/** `plant → value` of a query's series for the test workflow, scraped by the good job. */
const byPlant = (samples: Sample[]) => Object.fromEntries(samples.map((s) => [s.metric.plant, Number(s.value[1])]));
const perPlant = (promql: string) => query(promql).then(byPlant);

beforeAll(async () => {
  const runtime = await getRuntime();
  engine = createSlaEngine({ clickhouse: runtime.clickhouse, definitions: async () => definitions, clock: () => wallClock, log: () => {}, visibilityMarginMs: 500 });
  await ingest(EVENTS);
  const report = await engine.cycle(Date.now());
  expect(report.evaluated).toBe(EVENTS.filter((e) => e.type === "prom.pick.requested").length);

  lotline = await serveMetrics();
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prometheus = startPrometheus(`127.0.0.1:${(lotline.address() as AddressInfo).port}`, port);
  await eventually(
    "Prometheus to be ready",
    () => fetch(`${promUrl}/-/ready`).then((r) => r.status),
    (status) => status === 200,
  );
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus!.once("exit", resolve));
    prometheus.kill("SIGTERM");
    const timer = setTimeout(() => prometheus?.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await new Promise((resolve) => lotline?.close(resolve));
  await (await getRuntime()).stop();
  promDir.remove();
  dir.remove();
});

interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: "pending" | "firing";
}

/** `alertname/plant` of every pending or firing alert, sorted. */
const alertsNow = () =>
  promApi<{ alerts: Alert[] }>("/api/v1/alerts").then((d) => d.alerts.map((a) => `${a.labels.alertname}/${a.labels.plant}`).sort());

interface Target {
  labels: Record<string, string>;
  health: "up" | "down" | "unknown";
  lastError: string;
  scrapeUrl: string;
}

describe("Prometheus scraping /api/metrics", () => {
  it("scrapes with the scraper token, and marks a target with a wrong token down with a 401", async () => {
    const targets = await eventually(
      "both targets scraped",
      () => promApi<{ activeTargets: Target[] }>("/api/v1/targets?state=active").then((d) => d.activeTargets),
      (ts) => ts.length === 2 && ts.every((t) => t.health !== "unknown"),
    );
    const job = (name: string) => targets.find((t) => t.labels.job === name)!;
    expect(job("lotline")).toMatchObject({ health: "up", lastError: "" });
    expect(job("lotline").scrapeUrl).toMatch(/\/api\/metrics$/);
    expect(job("lotline-bad-token").health).toBe("down");
    expect(job("lotline-bad-token").lastError).toMatch(/401/);
    expect(await query('up{job="lotline"}')).toMatchObject([{ value: [expect.any(Number), "1"] }]);
    expect(await query('up{job="lotline-bad-token"}')).toMatchObject([{ value: [expect.any(Number), "0"] }]);
  });

  it("holds the attainment, objective and error budget left per workflow and plant that the ingested instances imply", async () => {
    const attainment = await eventually(
      "attainment series",
      () => perPlant(`lotline_slo_attainment_ratio{job="lotline",workflow="${WF}",window="7d"}`),
      (v) => Object.keys(v).length === 3,
    );
    expect(attainment).toEqual({ P1: 0.6, P2: 1, P3: 0 });
    expect(await query(`lotline_slo_objective_ratio{job="lotline",workflow="${WF}"}`)).toMatchObject([{ value: [expect.any(Number), "0.9"] }]);
    // Budget left = 1 - bad / (10 % of decided): P1 spent 2 where 0.5 was allowed.
    const left = await perPlant(`lotline_slo_error_budget_remaining_ratio{job="lotline",workflow="${WF}",window="30d"}`);
    expect(left.P1).toBeCloseTo(-3, 9);
    expect(left.P2).toBe(1);
    expect(left.P3).toBeCloseTo(-9, 9);
    const windows = await query(`count by (window) (lotline_slo_attainment_ratio{job="lotline",workflow="${WF}"})`);
    expect(windows.map((s) => s.metric.window).sort()).toEqual(["1d", "30d", "7d", "90d"]);
  });

  it("holds the burn rate per workflow, plant and window", async () => {
    for (const window of ["5m", "30m", "1h", "6h"]) {
      const rate = await perPlant(`lotline_slo_burn_rate{job="lotline",workflow="${WF}",window="${window}"}`);
      expect(Object.keys(rate).sort()).toEqual(["P1", "P2", "P3"]);
      expect(rate.P1).toBeCloseTo(4, 9);
      expect(rate.P2).toBe(0);
      expect(rate.P3).toBeCloseTo(10, 9);
    }
  });

  it("raises the alerts documented in docs/slas.md for the plants that deserve them, and only those", async () => {
    const groups = await promApi<{ groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] }>("/api/v1/rules").then((d) => d.groups);
    const rules = groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.name).sort()).toEqual(["LotlineSlaBreachesOpen", "LotlineSloBudgetExhausted", "LotlineSloFastBurn", "LotlineSloSlowBurn"]);
    const expected = [
      "LotlineSlaBreachesOpen/P1",
      "LotlineSlaBreachesOpen/P3",
      "LotlineSloBudgetExhausted/P1",
      "LotlineSloBudgetExhausted/P3",
      // P3 burns 10×: above the 6× policy, below the 14.4× one; P1 burns 4×, below both.
      "LotlineSloSlowBurn/P3",
    ];
    const alerts = await eventually(
      "the documented alerts to be pending",
      () => alertsNow(),
      (a) => a.length === expected.length,
    );
    expect(alerts).toEqual(expected);
    const annotated = await promApi<{ alerts: Alert[] }>("/api/v1/alerts").then((d) => d.alerts.find((a) => a.labels.alertname === "LotlineSloSlowBurn"));
    expect(annotated).toMatchObject({ state: "pending", labels: { severity: "warning", workflow: WF, plant: "P3" } });
    expect(annotated!.annotations.summary).toBe(`${WF} at P3 burns its error budget 10.0x over 6 h`);
    expect(rules.every((r) => r.health === "ok"), JSON.stringify(rules)).toBe(true);
  });

  it("counts open breaches per workflow, plant and kind", async () => {
    const open = await query(`lotline_sla_open_breaches{job="lotline"}`);
    const counts = Object.fromEntries(open.map((s) => [`${s.metric.workflow}/${s.metric.plant}/${s.metric.kind}`, Number(s.value[1])]));
    // P1's late pick closed its breach when it shipped; the overdue ones stay open; P3's burn raised one of its own.
    expect(counts).toEqual({ [`${WF}/P1/end_to_end`]: 1, [`${WF}/P3/end_to_end`]: 2, [`${WF}/P3/burn_rate`]: 1 });
    expect(await query(`sum by (plant) (lotline_sla_open_breaches{job="lotline",workflow="${WF}"})`).then(byPlant)).toEqual({ P1: 1, P3: 3 });
  });

  it("drops a series once its workflow and plant have nothing behind it, instead of leaving it stale", async () => {
    // The overdue pick at P1 ships: its breach closes and P1 has no open breach left.
    await ingest([ce({ type: "prom.pick.shipped", time: iso(Date.now()), correlationid: "p1-overdue", plant: "P1", sourcesystem: "WMS" })]);
    await engine.cycle(Date.now());
    await eventually(
      "P1's open-breach series to go",
      () => query(`lotline_sla_open_breaches{job="lotline",plant="P1"}`),
      (s) => s.length === 0,
    );
    expect(await perPlant(`lotline_sla_open_breaches{job="lotline",kind="end_to_end"}`)).toEqual({ P3: 2 });
    await eventually(
      "P1's open-breach alert to go",
      () => alertsNow(),
      (a) => !a.includes("LotlineSlaBreachesOpen/P1"),
    );

    // Seven hours on, nothing was decided in the last 6 h: no burn-rate series at all, the burn
    // breach closed, while the 7-day attainment still counts the day's instances.
    await engine.cycle(Date.now() + 7 * 60 * MIN);
    await eventually(
      "burn-rate series to go",
      () => query(`lotline_slo_burn_rate{job="lotline"}`),
      (s) => s.length === 0,
    );
    expect(await query(`lotline_sla_open_breaches{job="lotline",kind="burn_rate"}`)).toEqual([]);
    expect(await perPlant(`lotline_slo_attainment_ratio{job="lotline",workflow="${WF}",window="7d"}`)).toEqual({ P1: 0.6, P2: 1, P3: 0 });
  });
});
