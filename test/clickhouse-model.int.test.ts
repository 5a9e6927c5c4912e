import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateRange } from "../ingest/simulator/estate";
import type { CloudEvent } from "../lib/events/contract";
import { embeddedTestEnv } from "./embedded-env";

const dir = embeddedTestEnv("ch-model");

const { getRuntime } = await import("../server/runtime");

let events: CloudEvent[];

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { clickhouse } = await getRuntime();
  return (await clickhouse.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}

beforeAll(async () => {
  const runtime = await getRuntime();
  const to = new Date(Math.floor(Date.now() / 1000) * 1000);
  events = simulateRange({ seed: 314, workflowsPerMinute: 90 }, new Date(to.getTime() - 60 * 60_000), to);
  await runtime.ingest.ingest(events, { channel: "simulator", requestId: "model-test" });
  // A split and a merge sent as other producers would: inputs with quantities and an operation.
  const at = to.toISOString();
  await runtime.ingest.ingest(
    [
      { specversion: "1.0", id: "split-1", source: "/mes", type: "mfg.lot.produced", time: at, lotid: "L-SPLIT-A", plant: "P100", sourcesystem: "MES", data: { operation: "split", inputs: [{ lotId: "L-BIG", quantity: 40, uom: "KG" }] } },
      { specversion: "1.0", id: "split-2", source: "/mes", type: "mfg.lot.produced", time: at, lotid: "L-SPLIT-B", plant: "P100", sourcesystem: "MES", data: { operation: "split", inputs: [{ lotId: "L-BIG", quantity: 60, uom: "KG" }] } },
      { specversion: "1.0", id: "merge-1", source: "/mes", type: "mfg.lot.produced", time: at, lotid: "L-MERGED", plant: "P100", sourcesystem: "MES", orderid: "PO-M-1", data: { operation: "merge", inputs: [{ lotId: "L-SPLIT-A", quantity: 40, uom: "KG" }, { lotId: "L-OTHER", quantity: 10, uom: "KG" }] } },
    ],
    { channel: "http", requestId: "model-test-2" },
  );
});

afterAll(async () => {
  await (await getRuntime()).stop();
  dir.remove();
});

describe("ClickHouse model: genealogy edges and lot status (real chDB)", () => {
  it("derives one edge per parent of every produced lot, keyed both ways", async () => {
    const produced = events.filter((e) => e.type === "mfg.lot.produced" || e.type === "mfg.shipment.confirmed");
    expect(produced.length).toBeGreaterThan(5);
    const expected = produced.flatMap((e) => (e.data as { inputs: { lotId: string }[] }).inputs.map((p) => `${p.lotId}>${e.lotid}`)).sort();
    const byParent = await rows<{ e: string }>("SELECT concat(parent_lot, '>', child_lot) AS e FROM lot_edges_by_parent FINAL WHERE child_lot NOT LIKE 'L-SPLIT%' AND child_lot != 'L-MERGED' ORDER BY e");
    const byChild = await rows<{ e: string }>("SELECT concat(parent_lot, '>', child_lot) AS e FROM lot_edges_by_child FINAL WHERE child_lot NOT LIKE 'L-SPLIT%' AND child_lot != 'L-MERGED' ORDER BY e");
    expect(byParent.map((r) => r.e)).toEqual(expected);
    expect(byChild.map((r) => r.e)).toEqual(expected);
  });

  it("keeps operation, quantity and order of split and merge edges", async () => {
    const forward = await rows<{ child_lot: string; operation: string; quantity: number }>(
      "SELECT child_lot, operation, quantity FROM lot_edges_by_parent FINAL WHERE parent_lot = {p:String} ORDER BY child_lot",
      { p: "L-BIG" },
    );
    expect(forward).toEqual([
      { child_lot: "L-SPLIT-A", operation: "split", quantity: 40 },
      { child_lot: "L-SPLIT-B", operation: "split", quantity: 60 },
    ]);
    const backward = await rows<{ parent_lot: string; operation: string; order_id: string }>(
      "SELECT parent_lot, operation, order_id FROM lot_edges_by_child FINAL WHERE child_lot = {c:String} ORDER BY parent_lot",
      { c: "L-MERGED" },
    );
    expect(backward).toEqual([
      { parent_lot: "L-OTHER", operation: "merge", order_id: "PO-M-1" },
      { parent_lot: "L-SPLIT-A", operation: "merge", order_id: "PO-M-1" },
    ]);
  });

  it("holds the latest status of each lot in each system", async () => {
    const latestBySystem = (lot: string) => {
      const latest = new Map<string, CloudEvent>();
      for (const e of events.filter((x) => x.lotid === lot && !x.type.startsWith("integration."))) {
        const prev = latest.get(e.sourcesystem!);
        if (!prev || prev.time! <= e.time!) latest.set(e.sourcesystem!, e);
      }
      return latest;
    };
    // A lot whose hold reached ERP last, and whose last word in QMS was the failed inspection.
    const lot = events.find(
      (e) => e.type === "mfg.hold.placed" && latestBySystem(e.lotid!).get("ERP")?.id === e.id && latestBySystem(e.lotid!).get("QMS")?.type === "mfg.inspection.failed",
    )?.lotid;
    expect(lot).toBeDefined();
    const status = await rows<{ source_system: string; status: string }>(
      "SELECT source_system, status FROM lot_status FINAL WHERE lot_id = {l:String} ORDER BY source_system",
      { l: lot },
    );
    expect(status.map((s) => s.source_system)).toEqual([...latestBySystem(lot!).keys()].sort());
    expect(status.find((s) => s.source_system === "ERP")?.status).toBe("blocked");
    expect(status.find((s) => s.source_system === "QMS")?.status).toBe("rejected");
  });
});
