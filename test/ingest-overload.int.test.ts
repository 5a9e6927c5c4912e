import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_INGEST_TOKEN, embeddedTestEnv } from "./embedded-env";

// Rows wait up to 400 ms for a flush and at most 120 may wait: concurrent requests overflow it.
const dir = embeddedTestEnv("ingest-overload", {
  LOTLINE_INGEST_FLUSH_MS: "400",
  LOTLINE_INGEST_BATCH_ROWS: "100000",
  LOTLINE_INGEST_MAX_PENDING_ROWS: "120",
});
const TOKEN = TEST_INGEST_TOKEN;

const { handleIngestRequest } = await import("../ingest/http-ingest");
const { getRuntime } = await import("../server/runtime");

beforeAll(async () => {
  await getRuntime();
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

function batch(request: number) {
  return Array.from({ length: 50 }, (_, i) => ({
    specversion: "1.0",
    id: `ovl-${request}-${i}`,
    source: "/load",
    type: "mfg.order.released",
    time: "2026-11-22T10:00:00.000Z",
    correlationid: `corr-ovl-${request}`,
  }));
}

describe("HTTP ingest under overload", () => {
  it("answers 429 with Retry-After instead of queueing without bound, and loses nothing it accepted", async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, r) =>
        handleIngestRequest(
          new Request("http://localhost/api/v1/ingest/events", {
            method: "POST",
            headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/cloudevents-batch+json" },
            body: JSON.stringify(batch(r)),
          }),
        ).then((res) => ({ r, res })),
      ),
    );
    const accepted = responses.filter(({ res }) => res.status === 202).map(({ r }) => r);
    const refused = responses.filter(({ res }) => res.status === 429);
    expect(accepted.length + refused.length).toBe(8);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const { res } of refused) {
      expect(res.headers.get("retry-after")).toBe("1");
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(((await res.json()) as { detail: string }).detail).toMatch(/at capacity.*retry/);
    }

    const { clickhouse } = await getRuntime();
    const stored = await (await clickhouse.query({ query: "SELECT correlation_id AS c, count() AS n FROM events GROUP BY c ORDER BY c", format: "JSONEachRow" })).json<{ c: string; n: string }>();
    expect(stored.map((s) => s.c)).toEqual(accepted.map((r) => `corr-ovl-${r}`).sort());
    expect(stored.every((s) => Number(s.n) === 50)).toBe(true);
    expect((await getRuntime()).ingest.stats().pendingRows).toBe(0);
  });
});
