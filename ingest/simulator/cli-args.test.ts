import { describe, expect, it } from "vitest";
import { camelCaseKeys, parseFlags, parseSimulateArgs, plantCodes } from "./cli-args";

describe("npm run simulate arguments", () => {
  const now = new Date("2026-11-24T10:00:00.000Z");

  it("parses every option, in both spellings, with defaults", () => {
    const r = parseSimulateArgs(["--target", "kafka", "--rate=600", "--duration", "30", "--seed", "9", "--faults", "qms-outage,duplicates"], {}, now);
    expect(r).toEqual({ ok: true, args: { target: "kafka", rate: 600, duration: 30, seed: 9, plants: 5, backfill: 0, start: now, faults: ["qms-outage", "duplicates"], url: "http://localhost:3000" } });
    expect(plantCodes(5)).toEqual(["P100", "P200", "P300", "P400", "P500"]);
  });

  it("takes the start time with any offset, and the URL from LOTLINE_URL unless --url says otherwise", () => {
    const r = parseSimulateArgs(["--target", "http", "--start", "2026-11-24T09:30:00+01:00"], { LOTLINE_URL: "http://lotline.internal:8080/ops" }, now);
    expect(r.ok && [r.args.start.toISOString(), r.args.url]).toEqual(["2026-11-24T08:30:00.000Z", "http://lotline.internal:8080/ops"]);
    const explicit = parseSimulateArgs(["--target", "http", "--url", "http://127.0.0.1:3001"], { LOTLINE_URL: "http://lotline.internal:8080" }, now);
    expect(explicit.ok && explicit.args.url).toBe("http://127.0.0.1:3001");
  });

  it.each([
    [["--rate", "10"], /--target must be http or kafka/],
    [["--target", "http", "--rate", "-5"], /--rate must be at least 1/],
    [["--target", "http", "--faults", "meteor"], /--faults takes a comma-separated list/],
    [["--target", "http", "--start", "yesterday"], /--start must be an ISO 8601 time/],
    [["--target", "http", "--duration", "1.5"], /--duration must be a whole number/],
    [["--target", "http", "--speed", "3"], /unknown option --speed/],
    [["--target"], /--target needs a value/],
    [["kafka"], /unexpected argument "kafka"/],
  ])("refuses %j with a message", (argv, message) => {
    const r = parseSimulateArgs(argv);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });
});

describe("command-line flags", () => {
  it("reads switches without a value, and still demands one for every other flag", () => {
    expect(camelCaseKeys(parseFlags(["--skip-lcp", "--data-dir", "/tmp/x", "--large"], ["large", "skip-lcp"]))).toEqual({ skipLcp: "true", dataDir: "/tmp/x", large: "true" });
    expect(() => parseFlags(["--data-dir"], ["large"])).toThrow("--data-dir needs a value");
    expect(() => parseFlags(["--large"])).toThrow("--large needs a value");
  });
});
