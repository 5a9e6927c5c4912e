import { describe, expect, it } from "vitest";
import { HttpError } from "../../lib/http/errors";
import { BATCH_TYPE, STRUCTURED_TYPE, UndecodableBody, decodeCloudEventsBody } from "./http-cloudevents";

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
