import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../queries/get-trace";
import { BUSINESS_TYPES, TELEMETRY_TYPES } from "../workflows/catalog";
import { buildTrace } from "./build-trace";

let seq = 0;
function event(type: string, status: string, messageId: string, second: number): TraceEvent {
  seq += 1;
  return {
    id: `e-${seq}`, time: new Date(Date.UTC(2026, 10, 24, 13, 0, second)).toISOString(), correlationId: "corr-1", system: type.startsWith("integration.") ? "MIDDLEWARE" : "ERP",
    plant: "P100", type, kind: type.startsWith("integration.") ? "telemetry" : "business", status, lotId: "", orderId: "PO-1", messageId,
    traceId: "", spanId: "", durationMs: 0, error: status === "ok" ? "" : "timeout", source: "/erp", payload: "{}",
  };
}

const released = () => event(BUSINESS_TYPES.orderReleased, "ok", "", 0);
const sent = (m: string, s: number) => event(TELEMETRY_TYPES.received, "ok", m, s);
const failed = (m: string, s: number) => event(TELEMETRY_TYPES.failed, "failed", m, s);
const retried = (m: string, s: number) => event(TELEMETRY_TYPES.retried, "retrying", m, s);
const deadLettered = (m: string, s: number) => event(TELEMETRY_TYPES.deadLettered, "dead_lettered", m, s);
const replayed = (m: string, s: number) => event(TELEMETRY_TYPES.replayed, "ok", m, s);
const delivered = (m: string, s: number) => event(TELEMETRY_TYPES.delivered, "ok", m, s);
const acknowledged = () => event(BUSINESS_TYPES.orderAcknowledged, "ok", "", 30);

describe("buildTrace: outcome is the final state, failures and retries the history", () => {
  it("a message dead-lettered, then replayed and delivered, with the workflow complete, is recovered, not failed", () => {
    const trace = buildTrace("corr-1", [released(), sent("m1", 1), failed("m1", 2), retried("m1", 3), failed("m1", 4), deadLettered("m1", 5), replayed("m1", 20), delivered("m1", 21), acknowledged()]);
    expect(trace.outcome).toBe("recovered");
    expect(trace.failures).toBe(3);
    expect(trace.retries).toBe(1);
  });

  it("a retry delivered at the millisecond of its failure has recovered it", () => {
    expect(buildTrace("corr-1", [released(), failed("m1", 2), delivered("m1", 2)]).outcome).toBe("recovered");
  });

  it("is failed while the latest attempt of any message failed and nothing later delivered it", () => {
    expect(buildTrace("corr-1", [released(), failed("m1", 2), retried("m1", 3), deadLettered("m1", 4)]).outcome).toBe("failed");
    // Delivered once, then sent again and lost: the latest word on the message is a failure.
    expect(buildTrace("corr-1", [released(), delivered("m1", 1), failed("m1", 5)]).outcome).toBe("failed");
    // One message recovered does not recover another.
    expect(buildTrace("corr-1", [released(), failed("m1", 1), delivered("m1", 2), deadLettered("m2", 3)]).outcome).toBe("failed");
    // A failure that names no message has nothing that could deliver it.
    expect(buildTrace("corr-1", [released(), event(BUSINESS_TYPES.orderReceived, "failed", "", 2), delivered("m1", 3)]).outcome).toBe("failed");
  });

  it("is ok when nothing failed, whatever was retried", () => {
    const trace = buildTrace("corr-1", [released(), sent("m1", 1), retried("m1", 2), delivered("m1", 3), acknowledged()]);
    expect(trace).toMatchObject({ outcome: "ok", failures: 0, retries: 1 });
  });
});
