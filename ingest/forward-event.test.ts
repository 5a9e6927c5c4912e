import { describe, expect, it } from "vitest";
import { passesContractFast } from "../lib/events/contract-fast-check";
import { TOO_DEEP, parseCloudEvent } from "../lib/events/to-row";
import { simulateRange } from "./simulator/estate";
import { forwardEvent, type ForwardLine } from "./forward-event";

const text = (line: ForwardLine) => (typeof line === "string" ? line : Buffer.isBuffer(line) ? line.toString() : `${line[0]}${line[1].toString()}`);

const base = { specversion: "1.0", id: "evt-1", source: "/mes", type: "mfg.lot.produced", time: "2026-12-06T10:00:00.123Z" };

describe("forwardEvent", () => {
  it("refuses what the contract refuses, with the schema's own reason", () => {
    for (const bad of [{ ...base, specversion: "0.3" }, { ...base, id: "has space" }, { ...base, lotid: 7 }, { ...base, Bad: 1 }]) {
      const event = JSON.parse(JSON.stringify(bad)) as Record<string, unknown>;
      const parsed = parseCloudEvent(event, new Date());
      expect(parsed.ok).toBe(false);
      expect(forwardEvent(event)).toEqual(parsed);
    }
    expect(forwardEvent([base])).toEqual({ ok: false, id: null, reason: "event must be a JSON object" });
  });

  it("refuses nesting beyond the limit and an event over maxBytes", () => {
    let deep: unknown = {};
    for (let i = 0; i < 100; i++) deep = { deep };
    expect(forwardEvent({ ...base, data: deep })).toEqual({ ok: false, id: "evt-1", reason: `data: ${TOO_DEEP}` });
    expect(forwardEvent({ ...base, data: "x".repeat(2_000) }, { maxBytes: 1_000 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^event is \d+ bytes; the limit is 1000$/) });
  });

  it("forwards bytes untouched, with the worker's fields put first", () => {
    const bytes = Buffer.from(` \n{"specversion":"1.0","id":"evt-1","source":"/mes","type":"mfg.lot.produced","data":"text"}`);
    const f = forwardEvent(JSON.parse(bytes.toString()) as unknown, { bytes, origin: '{"kafka":{}}' });
    expect(f.ok && text(f.line)).toBe(`{"_origin":{"kafka":{}},"_payload":"\\"text\\"","specversion":"1.0","id":"evt-1","source":"/mes","type":"mfg.lot.produced","data":"text"}`);
    const plain = Buffer.from(JSON.stringify({ ...base, data: { a: 1 } }));
    const g = forwardEvent(JSON.parse(plain.toString()) as unknown, { bytes: plain });
    expect(g.ok && g.line).toBe(plain);
  });

  it("carries the event time for the freshness metric, or now without one", () => {
    expect(forwardEvent(base)).toMatchObject({ ok: true, id: "evt-1", timeMs: Date.parse(base.time) });
    const { time: _t, ...noTime } = base;
    const f = forwardEvent(noTime);
    expect(f.ok && Math.abs(f.timeMs - Date.now())).toBeLessThan(1_000);
  });

  it("takes every simulator event on the fast path (the schema is only asked about events it doubts)", () => {
    const to = new Date("2026-12-06T11:00:00Z");
    const events = simulateRange({ seed: 5, workflowsPerMinute: 60 }, new Date(to.getTime() - 20 * 60_000), to).map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
    expect(events.length).toBeGreaterThan(500);
    expect(events.filter((e) => !passesContractFast(e)).map((e) => e.id)).toEqual([]);
  });
});
