import { describe, expect, it } from "vitest";
import { bySeverity, impactFlags, lotStateOf, NO_LOT_STATE, standingOfNode, summariseLotStates, type LotState } from "./lot-state";

const at = (minute: number) => `2026-12-01T08:${String(minute).padStart(2, "0")}:00.000Z`;
const change = (system: string, status: string, minute: number) => ({ system, status, time: at(minute) });

describe("lot state", () => {
  it("is rejected when a system's latest positional word rejects it, and says which word", () => {
    const s = lotStateOf([change("ERP", "received", 1), change("QMS", "rejected", 2), change("ERP", "blocked", 3)]);
    expect(s).toEqual({ standing: "rejected", divergent: false, status: "rejected", blockedIn: [{ system: "ERP", status: "blocked" }, { system: "QMS", status: "rejected" }], releasedIn: [] });
  });

  it("is held and divergent while one system blocks and another releases, in any input order", () => {
    const s = lotStateOf([change("QMS", "quality hold", 5), change("ERP", "unrestricted", 2)]);
    expect(s).toMatchObject({ standing: "held", divergent: true, status: "quality hold", releasedIn: ["ERP"] });
  });

  it("keeps a block through later neutral words, and a release lifts it", () => {
    expect(lotStateOf([change("ERP", "blocked", 1), change("ERP", "moved", 2)])).toMatchObject({ standing: "held", status: "blocked" });
    expect(lotStateOf([change("ERP", "blocked", 1), change("ERP", "unrestricted", 2), change("MES", "consumed", 3)])).toMatchObject({ standing: "released", divergent: false, status: "consumed" });
  });

  it("is unknown without a positional word, showing the newest word", () => {
    expect(lotStateOf([change("QMS", "in inspection", 1), change("MES", "consumed", 2)])).toMatchObject({ standing: "unknown", status: "consumed" });
    expect(lotStateOf([])).toBe(NO_LOT_STATE);
  });

  it("reads a genealogy node's standing from its deciding word", () => {
    expect(standingOfNode({ status: "rejected", held: true })).toBe("rejected");
    expect(standingOfNode({ status: "blocked", held: true })).toBe("held");
    expect(standingOfNode({ status: "unrestricted", held: false })).toBe("released");
    expect(standingOfNode({ status: "consumed", held: false })).toBe("unknown");
  });
});

const state = (standing: LotState["standing"], divergent = false): LotState => ({ ...NO_LOT_STATE, standing, divergent });

describe("worst state of a set of lots", () => {
  it("counts held and rejected lots and names the worst", () => {
    expect(summariseLotStates([state("released"), state("held", true), state("rejected"), state("unknown"), state("held")])).toEqual({
      lots: 5,
      rejected: 1,
      held: 2,
      divergent: 1,
      heldOrRejected: 3,
      worst: "rejected",
    });
    expect(summariseLotStates([state("unknown"), state("released")]).worst).toBe("released");
    expect(summariseLotStates([])).toEqual({ lots: 0, rejected: 0, held: 0, divergent: 0, heldOrRejected: 0, worst: null });
  });

  it("lists the worst lots first and keeps the given order among equals", () => {
    const items = [
      { id: "a", state: state("held") },
      { id: "b", state: state("rejected") },
      { id: "c", state: state("held", true) },
      { id: "d", state: state("held") },
    ];
    expect(bySeverity(items).map((i) => i.id)).toEqual(["b", "c", "a", "d"]);
  });

  it("puts the worst flag of an object, its inputs and outputs first in its header", () => {
    const inputs = summariseLotStates([state("released"), state("rejected")]);
    expect(impactFlags({ own: state("held", true), inputs })).toEqual(["input_rejected", "held", "divergent"]);
    expect(impactFlags({ own: state("rejected"), inputs })).toEqual(["rejected", "input_rejected"]);
    expect(impactFlags({ inputs: summariseLotStates([state("held")]), outputs: summariseLotStates([state("held")]), inspectionsFailed: 1 })).toEqual(["inspection_failed", "input_held", "output_held"]);
    expect(impactFlags({ own: state("released"), inputs: summariseLotStates([state("released")]) })).toEqual([]);
  });
});
