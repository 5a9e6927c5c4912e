import { describe, expect, it } from "vitest";
import { parseSimulateArgs, plantCodes } from "./cli-args";

describe("npm run simulate arguments", () => {
  it("parses every option, in both spellings, with defaults", () => {
    const r = parseSimulateArgs(["--target", "kafka", "--rate=600", "--duration", "30", "--seed", "9", "--faults", "qms-outage,duplicates"]);
    expect(r).toEqual({ ok: true, args: { target: "kafka", rate: 600, duration: 30, seed: 9, plants: 5, backfill: 0, faults: ["qms-outage", "duplicates"], url: "http://localhost:3000" } });
    expect(plantCodes(5)).toEqual(["P100", "P200", "P300", "P400", "P500"]);
  });

  it.each([
    [["--rate", "10"], /--target must be http or kafka/],
    [["--target", "http", "--rate", "-5"], /--rate must be at least 1/],
    [["--target", "http", "--faults", "meteor"], /--faults takes a comma-separated list/],
    [["--target", "http", "--speed", "3"], /unknown option --speed/],
    [["--target"], /--target needs a value/],
    [["kafka"], /unexpected argument "kafka"/],
  ])("refuses %j with a message", (argv, message) => {
    const r = parseSimulateArgs(argv);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });
});
