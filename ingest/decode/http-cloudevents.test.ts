import { describe, expect, it } from "vitest";
import { HttpError } from "../../lib/http/errors";
import { BATCH_TYPE, STRUCTURED_TYPE, UndecodableBody, decodeCloudEventsBody, decodeCloudEventsRequest } from "./http-cloudevents";

describe("decodeCloudEventsBody", () => {
  it("reads structured and batch modes", () => {
    expect(decodeCloudEventsBody(`${STRUCTURED_TYPE}; charset=utf-8`, '{"id":"a"}')).toEqual({ mode: "structured", events: [{ id: "a" }] });
    expect(decodeCloudEventsBody(BATCH_TYPE, '[{"id":"a"},{"id":"b"}]').events).toHaveLength(2);
  });

  it("answers 415 for other media types", () => {
    expect(() => decodeCloudEventsBody("text/plain", "{}")).toThrow(expect.objectContaining({ status: 415 }) as HttpError);
  });

  it("marks bodies that are not JSON, or of the wrong shape, as undecodable", () => {
    expect(() => decodeCloudEventsBody(STRUCTURED_TYPE, "{nope")).toThrow(UndecodableBody);
    expect(() => decodeCloudEventsBody(BATCH_TYPE, '{"id":"a"}')).toThrow(UndecodableBody);
    expect(() => decodeCloudEventsBody(STRUCTURED_TYPE, "[]")).toThrow(UndecodableBody);
  });
});

describe("decodeCloudEventsRequest (binary mode)", () => {
  it("takes attributes from ce- headers and data from the body", () => {
    const headers = new Headers({
      "ce-specversion": "1.0",
      "ce-id": "b-1",
      "ce-source": "/mes",
      "ce-type": "mfg.lot.produced",
      "ce-lotid": "L-9",
      "ce-durationms": "120",
      "content-type": "application/json",
    });
    expect(decodeCloudEventsRequest(headers, Buffer.from('{"qty":3}'))).toEqual({
      mode: "binary",
      events: [{ specversion: "1.0", id: "b-1", source: "/mes", type: "mfg.lot.produced", lotid: "L-9", durationms: 120, datacontenttype: "application/json", data: { qty: 3 } }],
    });
  });

  it("keeps non-JSON data as base64 and rejects JSON that does not parse", () => {
    const xml = new Headers({ "ce-specversion": "1.0", "ce-id": "b-2", "content-type": "application/xml" });
    expect(decodeCloudEventsRequest(xml, Buffer.from("<a/>")).events[0]).toMatchObject({ data_base64: Buffer.from("<a/>").toString("base64") });
    const broken = new Headers({ "ce-specversion": "1.0", "content-type": "application/json" });
    expect(() => decodeCloudEventsRequest(broken, Buffer.from("{nope"))).toThrow(UndecodableBody);
  });

  it("falls back to structured and batch modes without ce-specversion", () => {
    const headers = new Headers({ "content-type": STRUCTURED_TYPE });
    expect(decodeCloudEventsRequest(headers, Buffer.from('{"id":"a"}'))).toEqual({ mode: "structured", events: [{ id: "a" }] });
  });
});
