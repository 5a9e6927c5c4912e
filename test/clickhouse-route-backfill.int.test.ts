import { afterAll, describe, expect, it } from "vitest";
import { createClickHouse } from "../lib/clickhouse/client";
import { migrateClickHouse } from "../lib/clickhouse/migrate";
import { clickhouseMigrations } from "../lib/clickhouse/migrations";
import { makeTempDir } from "./temp-dir";

// Its own file: chDB opens one data directory per process, and this one starts before migration 0011.
const dir = makeTempDir("ch-route-backfill");

afterAll(() => dir.remove());

describe("migrations 0011 and 0012 (real chDB)", () => {
  it("fills the route columns of events stored before it from their payload, telemetry only", async () => {
    const client = await createClickHouse({ mode: "embedded", path: dir.path, database: "default", cluster: undefined });
    try {
      await migrateClickHouse(client, {}, clickhouseMigrations.filter((m) => m.version < 11));
      const row = (id: string, kind: string, payload: string, more: Record<string, string> = {}) => ({ event_id: id, time: "2026-11-22 10:00:00.000", kind, source_system: "MIDDLEWARE", source: "/m", type: kind === "telemetry" ? "integration.message.failed" : "mfg.lot.produced", plant: "P100", correlation_id: "c-route", trace_id: "", span_id: "", lot_id: "", order_id: "", message_id: id, status: "failed", duration_ms: 0, error: "", payload, ...more });
      await client.insert({ table: "events", format: "JSONEachRow", values: [row("t1", "telemetry", '{"interface":"qms-erp-hold","from":"QMS","to":"ERP"}'), row("b1", "business", '{"interface":"x","from":"y"}')] });
      // A delivery stored before 0012, naming a lot and an order: the supersession table is back-filled with both keys.
      await client.insert({ table: "events", format: "JSONEachRow", values: [row("t2", "telemetry", '{"interface":"erp-mes-order","from":"ERP","to":"MES"}', { type: "integration.message.delivered", status: "ok", lot_id: "L-1", order_id: "PO-1", correlation_id: "c-deliv" })] });
      expect((await migrateClickHouse(client, {}, clickhouseMigrations.filter((m) => m.version <= 12))).applied).toEqual([11, 12]);
      const routes = await (await client.query({ query: "SELECT event_id, interface, from_system, to_system FROM events ORDER BY event_id", format: "JSONEachRow" })).json();
      expect(routes).toEqual([
        { event_id: "b1", interface: "", from_system: "", to_system: "" },
        { event_id: "t1", interface: "qms-erp-hold", from_system: "QMS", to_system: "ERP" },
        { event_id: "t2", interface: "erp-mes-order", from_system: "ERP", to_system: "MES" },
      ]);
      const deliveries = await (await client.query({ query: "SELECT key, interface, correlation_id, message_id FROM deliveries_by_key ORDER BY key", format: "JSONEachRow" })).json();
      expect(deliveries).toEqual([
        { key: "lot:L-1", interface: "erp-mes-order", correlation_id: "c-deliv", message_id: "t2" },
        { key: "order:PO-1", interface: "erp-mes-order", correlation_id: "c-deliv", message_id: "t2" },
      ]);
    } finally {
      await client.close();
    }
  });
});
