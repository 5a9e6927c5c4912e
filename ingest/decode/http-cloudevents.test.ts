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

  it("keeps non-JSON data as base64 and rejects JSON that does not parse, keeping the attributes for the dead letter", () => {
    const xml = new Headers({ "ce-specversion": "1.0", "ce-id": "b-2", "content-type": "application/xml" });
    expect(decodeCloudEventsRequest(xml, Buffer.from("<a/>")).events[0]).toMatchObject({ data_base64: Buffer.from("<a/>").toString("base64") });
    const broken = new Headers({ "ce-specversion": "1.0", "ce-id": "b-3", "content-type": "application/json" });
    expect(() => decodeCloudEventsRequest(broken, Buffer.from("{nope"))).toThrow(UndecodableBody);
    expect(() => decodeCloudEventsRequest(broken, Buffer.from("{nope"))).toThrow(
      expect.objectContaining({ status: 400, raw: "ce-id: b-3\nce-specversion: 1.0\ncontent-type: application/json\n\n{nope" }) as UndecodableBody,
    );
  });

  it("percent-decodes header values, keeping a bare % as sent", () => {
    const headers = new Headers({ "ce-specversion": "1.0", "ce-source": "/plants/P300/m%C3%A9s", "ce-errormessage": "95% full", "ce-durationms": "1.5" });
    expect(decodeCloudEventsRequest(headers, Buffer.alloc(0)).events[0]).toEqual({ specversion: "1.0", source: "/plants/P300/més", errormessage: "95% full", durationms: "1.5" });
  });

  it("falls back to structured and batch modes without ce-specversion, and prefers them when the media type says so", () => {
    const headers = new Headers({ "content-type": STRUCTURED_TYPE });
    expect(decodeCloudEventsRequest(headers, Buffer.from('{"id":"a"}'))).toEqual({ mode: "structured", events: [{ id: "a" }] });
    const stray = new Headers({ "content-type": BATCH_TYPE, "ce-specversion": "1.0" });
    expect(decodeCloudEventsRequest(stray, Buffer.from('[{"id":"a"}]'))).toEqual({ mode: "batch", events: [{ id: "a" }] });
    expect(() => decodeCloudEventsRequest(new Headers({ "content-type": "application/json" }), Buffer.from("{}"))).toThrow(
      expect.objectContaining({ status: 415, message: expect.stringContaining("ce-specversion") as string }) as HttpError,
    );
  });
});
