import { describe, expect, it } from "vitest";
import { cloudEventSchema } from "./contract";
import { passesContractFast } from "./contract-fast-check";

const base = {
  specversion: "1.0",
  id: "evt-1",
  source: "/mes",
  type: "mfg.lot.produced",
  time: "2026-12-06T10:00:00.123Z",
  lotid: "L-1",
  data: { a: 1 },
};

// Values of every kind, each tried in every attribute: the fast check may refuse more than the schema, never less.
const VALUES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  7 * 24 * 3600 * 1000,
  7 * 24 * 3600 * 1000 + 1,
  true,
  "",
  " ",
  "x",
  "1.0",
  "0.3",
  "has space",
  "tab\there",
  "é",
  "a".repeat(200),
  "a".repeat(201),
  "a".repeat(1001),
  "a".repeat(4001),
  "2026-12-06T10:00:00Z",
  "2026-12-06T10:00:00+05:30",
  "2026-02-30T00:00:00Z",
  "2026-12-06 10:00:00",
  "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
  "00-00000000000000000000000000000000-b7ad6b7169203331-01",
  "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
  "MES",
  "mes",
  "failed",
  "FAILED",
  "aGVsbG8=",
  [],
  {},
  { nested: [1] },
];

const ATTRIBUTES = [
  "specversion", "id", "source", "type", "time", "datacontenttype", "dataschema", "subject", "data", "data_base64", "correlationid", "lotid", "orderid",
  "plant", "traceparent", "tracestate", "sourcesystem", "messageid", "status", "durationms", "errormessage", "replayof", "someext", "Bad_Name", "averyveryverylongextensionname", "__proto__", "constructor", "tostring",
];

function variants(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const attribute of ATTRIBUTES) {
    for (const value of VALUES) {
      const e: Record<string, unknown> = { ...base };
      Object.defineProperty(e, attribute, { value, enumerable: true, writable: true, configurable: true });
      out.push(e);
    }
    const { [attribute]: _dropped, ...without } = base as Record<string, unknown>;
    out.push(without);
  }
  return out;
}

describe("passesContractFast", () => {
  it("accepts only events the contract schema accepts", () => {
    const all = variants();
    const wrong = all.filter((e) => passesContractFast(e) && !cloudEventSchema.safeParse(e).success);
    expect(wrong).toEqual([]);
    // And it is not a check that refuses everything: most of the schema's good variants pass it.
    const good = all.filter((e) => cloudEventSchema.safeParse(e).success);
    expect(good.filter((e) => passesContractFast(e)).length).toBeGreaterThan(good.length * 0.8);
  });

  it("refuses data together with data_base64, as the schema does", () => {
    expect(passesContractFast({ ...base, data_base64: "aGVsbG8=" })).toBe(false);
    const { data: _data, ...noData } = base;
    expect(passesContractFast({ ...noData, data_base64: "aGVsbG8=" })).toBe(true);
  });
});
