import type { ClickHouseClient } from "@clickhouse/client";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_INGEST_TOKEN, embeddedTestEnv } from "./embedded-env";

// The examples integrators read in docs/event-contract.md, sent as they stand through the ingest
// API of an embedded runtime: the genealogy and statuses the doc promises are what Lotline stores.
const dir = embeddedTestEnv("contract-examples");

const { handleIngestRequest } = await import("../ingest/http-ingest");
const { getRuntime } = await import("../server/runtime");
const { getGenealogyEdges } = await import("../lib/queries/get-genealogy-edges");
const { getGenealogyLots } = await import("../lib/queries/get-genealogy-lots");

const CONTRACT = readFileSync(path.join(import.meta.dirname, "..", "docs", "event-contract.md"), "utf8");
const EXAMPLES = [...CONTRACT.matchAll(/^```json example\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

let ch!: ClickHouseClient;

beforeAll(async () => {
  ch = (await getRuntime()).clickhouse;
  await getRuntime();
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("the examples of docs/event-contract.md (real chDB)", () => {
  it("are accepted as sent", async () => {
    expect(EXAMPLES.length).toBe(2);
    for (const body of EXAMPLES) {
      const response = await handleIngestRequest(
        new Request("http://localhost/api/v1/ingest/events", {
          method: "POST",
          headers: { "content-type": "application/cloudevents-batch+json", authorization: `Bearer ${TEST_INGEST_TOKEN}` },
          body,
        }),
      );
      expect(response.status, await response.clone().text()).toBe(202);
      expect(((await response.json()) as { accepted: number }).accepted).toBe((JSON.parse(body) as unknown[]).length);
    }
  });

  it("give the genealogy edges the contract names", async () => {
    const edges = await getGenealogyEdges(ch, "backward", ["L-DOC-HOUSING-1", "L-DOC-HOUSING-1A", "L-DOC-HOUSING-1B", "SHP-DOC-1"]);
    const simple = edges.map(({ from, to, operation, orderId, quantity, uom }) => ({ from, to, operation, orderId, quantity, uom }));
    const key = (e: { from: string; to: string }) => `${e.from} ${e.to}`;
    expect(simple.sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual([
      { from: "L-DOC-HOUSING-1", to: "L-DOC-HOUSING-1A", operation: "split", orderId: "", quantity: 0, uom: "" },
      { from: "L-DOC-HOUSING-1", to: "L-DOC-HOUSING-1B", operation: "split", orderId: "", quantity: 0, uom: "" },
      { from: "L-DOC-HOUSING-1B", to: "SHP-DOC-1", operation: "ship", orderId: "", quantity: 100, uom: "EA" },
      { from: "L-DOC-INSERT-1", to: "L-DOC-HOUSING-1", operation: "assemble", orderId: "PO-DOC-1", quantity: 200, uom: "EA" },
      { from: "L-DOC-RESIN-1", to: "L-DOC-HOUSING-1", operation: "assemble", orderId: "PO-DOC-1", quantity: 40, uom: "KG" },
    ]);
  });

  it("give each lot the status words the contract names, per system", async () => {
    const { statuses } = await getGenealogyLots(ch, ["L-DOC-RESIN-1", "L-DOC-HOUSING-1A", "SHP-DOC-1"]);
    const words = Object.fromEntries(
      [...new Set(statuses.map((s) => s.lotId))].map((lot) => [lot, Object.fromEntries(statuses.filter((s) => s.lotId === lot).map((s) => [s.system, s.status]))]),
    );
    expect(words).toEqual({
      "L-DOC-RESIN-1": { ERP: "received", QMS: "released" },
      "L-DOC-HOUSING-1A": { MES: "produced", WMS: "blocked" },
      "SHP-DOC-1": { ERP: "confirmed" },
    });
  });
});
