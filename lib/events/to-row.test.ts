import { describe, expect, it } from "vitest";
import { toClickHouseTime } from "../clickhouse/time";
import { parseCloudEvent } from "./to-row";

const base = {
  specversion: "1.0",
  id: "evt-1",
  source: "/plants/P100/qms",
  type: "mfg.inspection.failed",
  time: "2026-11-22T10:00:00.123Z",
  correlationid: "corr-1",
  lotid: "L-1",
  plant: "P100",
  sourcesystem: "QMS",
  traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
  data: { characteristic: "hardness" },
};

describe("parseCloudEvent", () => {
  it("maps the envelope and extensions to a row", () => {
    const r = parseCloudEvent(base, new Date());
    expect(r).toEqual({
      ok: true,
      row: expect.objectContaining({
        event_id: "evt-1",
        time: "2026-11-22 10:00:00.123",
        kind: "business",
        source_system: "QMS",
        correlation_id: "corr-1",
        lot_id: "L-1",
        order_id: "",
        plant: "P100",
        trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
        span_id: "00f067aa0ba902b7",
        status: "ok",
        payload: '{"characteristic":"hardness"}',
      }),
    });
  });

  it("derives telemetry kind and status from the type", () => {
    const failed = parseCloudEvent({ ...base, type: "integration.message.failed", sourcesystem: undefined }, new Date());
    const dead = parseCloudEvent({ ...base, type: "integration.message.deadlettered" }, new Date());
    expect(failed.ok && failed.row).toMatchObject({ kind: "telemetry", status: "failed", source_system: "MIDDLEWARE" });
    expect(dead.ok && dead.row.status).toBe("dead_lettered");
  });

  it("carries a telemetry event's route as columns, and none for business events", () => {
    const hop = parseCloudEvent({ ...base, type: "integration.message.failed", data: { interface: "qms-erp-hold", from: "QMS", to: "ERP", attempt: 2 } }, new Date());
    expect(hop.ok && hop.row).toMatchObject({ interface: "qms-erp-hold", from_system: "QMS", to_system: "ERP" });
    const odd = parseCloudEvent({ ...base, type: "integration.message.received", data: { interface: 7, from: ["QMS"] } }, new Date());
    // As ClickHouse's JSONExtractString reads them: a number or array as its JSON text, null as empty.
    expect(odd.ok && odd.row).toMatchObject({ interface: "7", from_system: '["QMS"]', to_system: "" });
    const business = parseCloudEvent({ ...base, data: { interface: "not-a-route", from: "QMS" } }, new Date());
    expect(business.ok && business.row).toMatchObject({ interface: "", from_system: "", to_system: "" });
  });

  it("uses the receipt time when the event has none", () => {
    const { time: _time, ...noTime } = base;
    const received = new Date("2026-01-02T03:04:05.006Z");
    const r = parseCloudEvent(noTime, received);
    expect(r.ok && r.row.time).toBe(toClickHouseTime(received));
  });

  it.each([
    [{ ...base, specversion: "0.3" }, "specversion"],
    [{ ...base, id: "" }, "id"],
    [{ ...base, source: undefined }, "source"],
    [{ ...base, time: "yesterday" }, "time"],
    [{ ...base, traceparent: "00-abc" }, "traceparent"],
    [{ ...base, "Bad-Name": 1 }, "Bad-Name"],
    [{ ...base, data_base64: "AA==" }, "mutually exclusive"],
  ])("rejects %#, saying %s", (event, reason) => {
    const r = parseCloudEvent(event, new Date());
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });

  it("keeps subject and replayof only when the event has them", () => {
    const plain = parseCloudEvent(base, new Date());
    expect(plain.ok && "subject" in plain.row).toBe(false);
    expect(plain.ok && "replay_of" in plain.row).toBe(false);
    const replayed = parseCloudEvent({ ...base, id: "evt-1-replay-1", subject: "lot/L-1", replayof: "evt-1" }, new Date());
    expect(replayed.ok && replayed.row).toMatchObject({ event_id: "evt-1-replay-1", subject: "lot/L-1", replay_of: "evt-1" });
    expect(parseCloudEvent({ ...base, replayof: "not an id" }, new Date()).ok).toBe(false);
  });

  it("rejects non-objects without throwing", () => {
    expect(parseCloudEvent("text", new Date())).toEqual({ ok: false, id: null, reason: "event must be a JSON object" });
    expect(parseCloudEvent([base], new Date()).ok).toBe(false);
  });
});
