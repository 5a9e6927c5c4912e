import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "../../lib/events/contract";
import { TOO_DEEP, parseCloudEvent } from "../../lib/events/to-row";
import { decodeKafkaRecord } from "./kafka-cloudevents";

const event = { specversion: "1.0", id: "evt-1", source: "/erp/p100", type: "mfg.order.released", time: "2026-11-24T10:00:00.000Z", correlationid: "corr-1", lotid: "L-1" };

describe("decodeKafkaRecord", () => {
  it("decodes structured mode, with or without the content-type header", () => {
    const value = Buffer.from(JSON.stringify({ ...event, data: { qty: 5 } }));
    for (const headers of [{ "content-type": Buffer.from("application/cloudevents+json; charset=utf-8") }, {}]) {
      const decoded = decodeKafkaRecord({ value, headers });
      expect(decoded).toEqual({ ok: true, mode: "structured", event: { ...event, data: { qty: 5 } } });
    }
  });

  it("decodes binary mode: ce_* headers are attributes, the value is data", () => {
    const headers = Object.fromEntries([...Object.entries(event).map(([k, v]) => [`ce_${k}`, Buffer.from(v)]), ["ce_durationms", Buffer.from("250")], ["content-type", Buffer.from("application/json")]]);
    const decoded = decodeKafkaRecord({ value: Buffer.from('{"qty":5}'), headers });
    expect(decoded).toEqual({ ok: true, mode: "binary", event: { ...event, durationms: 250, datacontenttype: "application/json", data: { qty: 5 } } });
    if (!decoded.ok) throw new Error("unreachable");
    const parsed = parseCloudEvent(decoded.event, new Date());
    expect(parsed.ok && parsed.row).toMatchObject({ event_id: "evt-1", lot_id: "L-1", correlation_id: "corr-1", duration_ms: 250, payload: '{"qty":5}' });
  });

  it("keeps non-JSON binary data as base64", () => {
    const decoded = decodeKafkaRecord({ value: Buffer.from([0xde, 0xad]), headers: { ce_specversion: "1.0", ce_id: "x", ce_source: "/s", ce_type: "t", "content-type": "application/octet-stream" } });
    expect(decoded.ok && decoded.event.data_base64).toBe("3q0=");
  });

  it.each([
    [{ value: Buffer.from("not json{") }, /value is not valid JSON/],
    [{ value: Buffer.from("[1,2]") }, /must be one JSON object/],
    [{ value: Buffer.from("{}"), headers: { "content-type": Buffer.from("text/csv") } }, /unsupported content-type "text\/csv"/],
    [{ value: null }, /no value/],
    [{ value: Buffer.alloc(300_000, 32) }, /bytes; the limit is/],
    [{ value: Buffer.from("{oops"), headers: { ce_specversion: "1.0", "content-type": "application/json" } }, /binary-mode data is not valid JSON/],
  ])("rejects poison records with the reason (%#)", (record, reason) => {
    const decoded = decodeKafkaRecord(record);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.reason).toMatch(reason);
  });

  it("hands over records nested 10,000 levels, structured or binary, for parseCloudEvent to refuse by id rather than crash the worker", () => {
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const structured = decodeKafkaRecord({
      value: Buffer.from(`{"specversion":"1.0","id":"k-deep-1","source":"/s","type":"t","data":${deep}}`),
      headers: { "content-type": "application/cloudevents+json" },
    });
    const binary = decodeKafkaRecord({ value: Buffer.from(deep), headers: { ce_specversion: "1.0", ce_id: "k-deep-2", ce_source: "/s", ce_type: "t", "content-type": "application/json" } });
    for (const [decoded, id] of [
      [structured, "k-deep-1"],
      [binary, "k-deep-2"],
    ] as const) {
      expect(decoded.ok).toBe(true);
      expect(decoded.ok && parseCloudEvent(decoded.event, new Date())).toEqual({ ok: false, id, reason: `data: ${TOO_DEEP}` });
    }
    expect(TOO_DEEP).toBe(`nests deeper than the limit of ${MAX_JSON_DEPTH} levels of JSON objects and arrays`);
  });
});
