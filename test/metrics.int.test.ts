import type { Db } from "../lib/db/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "../lib/auth/actor";
import { TEST_INGEST_TOKEN, embeddedTestEnv } from "./embedded-env";

const METRICS_TOKEN = "test-metrics-token-0123456789";
const dir = embeddedTestEnv("metrics", {
  LOTLINE_METRICS_TOKEN: METRICS_TOKEN,
});
const INGEST_TOKEN = TEST_INGEST_TOKEN;

const { handleIngestRequest } = await import("../ingest/http-ingest");
const { handleMetricsRequest } = await import("../lib/metrics-endpoint");
const { getRuntime, getDb } = await import("../server/runtime");
const { createApiToken } = await import("../lib/auth/api-tokens");

// Outside a request scope there is no cookie to read: a caller without a bearer has no session.
vi.mock("next-auth", () => ({ getServerSession: () => Promise.resolve(null) }));

const scrape = (token: string | null) =>
  handleMetricsRequest(new Request("http://localhost/api/metrics", token ? { headers: { authorization: `Bearer ${token}` } } : {}), getRuntime);

function metricValue(text: string, name: string, labels: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

let db!: Db;

beforeAll(async () => {
  db = (await getRuntime()).db!;
  await getRuntime();
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("GET /api/metrics with an API token", () => {
  it("answers an admin token, refuses a token whose role lacks system:read, and asks anyone else to authenticate", async () => {
    const user = await (await getDb()).user.findFirstOrThrow({ where: { role: "admin" } });
    const admin: Actor = { kind: "user", id: user.id, email: user.email, name: user.email, role: "admin", plants: null };
    const { token: adminToken } = await createApiToken({ name: "prometheus", role: "admin", createdBy: admin }, { db });
    const { token: viewerToken } = await createApiToken({ name: "dashboard", role: "viewer", createdBy: admin }, { db });

    const scraped = await scrape(adminToken);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain("lotline_ingest_events_received_total");
    expect((await scrape(viewerToken)).status).toBe(403);
    expect((await scrape("llt_not-a-token")).status).toBe(401);
    expect((await scrape(null)).status).toBe(401);
  });
});

describe("GET /api/metrics with the scraper token", () => {
  it("counts what the ingest API received, wrote and dead-lettered, with insert timings", async () => {
    const before = await (await scrape(METRICS_TOKEN)).text();
    const now = new Date().toISOString();
    const events = [
      { specversion: "1.0", id: "m-1", source: "/erp", type: "mfg.order.released", time: now, plant: "P100" },
      { specversion: "1.0", id: "m-2", source: "/erp", type: "mfg.order.released", time: now, plant: "P100" },
      { specversion: "0.3", id: "m-bad", source: "/erp", type: "x" },
    ];
    const response = await handleIngestRequest(
      new Request("http://localhost/api/v1/ingest/events", {
        method: "POST",
        headers: { "content-type": "application/cloudevents-batch+json", authorization: `Bearer ${INGEST_TOKEN}` },
        body: JSON.stringify(events),
      }),
    );
    expect(response.status).toBe(400);

    const res = await scrape(METRICS_TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const after = await res.text();
    const delta = (name: string, labels: string) => metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta("lotline_ingest_events_received_total", 'source="http"')).toBe(3);
    expect(delta("lotline_ingest_events_written_total", 'pipeline="batched"')).toBe(2);
    expect(delta("lotline_ingest_dead_letters_total", 'source="http"')).toBe(1);
    expect(delta("lotline_ingest_insert_seconds_count", 'pipeline="batched"')).toBeGreaterThanOrEqual(1);
    // Both events were a few milliseconds old when written: they land in the lowest freshness buckets.
    expect(delta("lotline_ingest_freshness_seconds_bucket", 'le="1",pipeline="batched"')).toBe(2);
    expect(after).toContain("lotline_process_cpu_seconds_total");
    expect(after).toContain("lotline_nodejs_heap_size_used_bytes");
  });
});
