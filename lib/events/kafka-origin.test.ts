import { describe, expect, it } from "vitest";
import { headerBytes, kafkaOriginJson, MAX_ORIGIN_BYTES, parseStoredOrigin } from "./kafka-origin";

const place = { topic: "erp.orders", partition: 2, offset: 41 };

describe("kafkaOriginJson", () => {
  it("keeps the key and the non-ce headers, repeated ones in order, binary ones as base64", () => {
    const headers = {
      ce_specversion: Buffer.from("1.0"),
      ce_id: Buffer.from("e-1"),
      "content-type": Buffer.from("application/json; charset=utf-8"),
      "x-tenant": Buffer.from("acme"),
      "x-route": [Buffer.from("a"), "b"],
      "x-bin": Buffer.from([0xde, 0xad, 0xbe, 0xef]),
      "x-note": Buffer.from('say "hi" \\ grüß'),
      "x-none": undefined,
    };
    const origin = parseStoredOrigin(kafkaOriginJson(place, { key: Buffer.from("ORD-1"), headers }, "binary", "application/json; charset=utf-8")).kafka!;
    expect(origin).toEqual({
      ...place,
      key: "ORD-1",
      contentType: "application/json; charset=utf-8",
      headers: [
        { name: "x-tenant", value: "acme" },
        { name: "x-route", value: "a" },
        { name: "x-route", value: "b" },
        { name: "x-bin", base64: "3q2+7w==" },
        { name: "x-note", value: 'say "hi" \\ grüß' },
      ],
    });
    expect(headerBytes(origin.headers[3]!)).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  });

  it("keeps a binary key as base64 and no key as none", () => {
    expect(parseStoredOrigin(kafkaOriginJson(place, { key: Buffer.from([0xff, 0x00]) }, "binary", undefined)).kafka).toEqual({ ...place, keyBase64: "/wA=", headers: [] });
    expect(parseStoredOrigin(kafkaOriginJson(place, { key: null }, "binary", undefined)).kafka).toEqual({ ...place, headers: [] });
  });

  it("in structured mode takes the data's content type from datacontenttype, not the envelope's header", () => {
    const headers = { "content-type": Buffer.from("application/cloudevents+json") };
    expect(parseStoredOrigin(kafkaOriginJson(place, { key: null, headers }, "structured", "text/xml")).kafka).toEqual({ ...place, contentType: "text/xml", headers: [] });
    expect(parseStoredOrigin(kafkaOriginJson(place, { key: null, headers }, "structured", undefined)).kafka).toEqual({ ...place, headers: [] });
  });

  it("beyond the size cap drops what does not fit, names it, and keeps the rest", () => {
    const big = Buffer.alloc(MAX_ORIGIN_BYTES - 100, "x");
    const headers = { "x-first": big, "x-too-big": Buffer.alloc(200, "y"), "x-small": Buffer.from("ok") };
    const origin = parseStoredOrigin(kafkaOriginJson(place, { key: Buffer.from("k"), headers }, "binary", undefined)).kafka!;
    expect(origin.headers.map((h) => h.name)).toEqual(["x-first", "x-small"]);
    expect(origin.dropped).toEqual(["x-too-big"]);
    const hugeKey = parseStoredOrigin(kafkaOriginJson(place, { key: Buffer.alloc(MAX_ORIGIN_BYTES + 1, "k") }, "binary", undefined)).kafka!;
    expect(hugeKey).toEqual({ ...place, headers: [], dropped: ["key"] });
  });
});

describe("parseStoredOrigin", () => {
  it("reads empty or foreign text as no origin", () => {
    expect(parseStoredOrigin("")).toEqual({});
    expect(parseStoredOrigin("not json")).toEqual({});
    expect(parseStoredOrigin('{"kafka":{"topic":1}}')).toEqual({});
  });
});
