import { BUSINESS_TYPES } from "../workflows/catalog";
import { positionOf, type StatusChange } from "./divergence";

/**
 * A lot's quality standing, worst first: `rejected` when some system's latest positional word
 * (lib/lots/divergence.ts) rejects or scraps it, `held` when one blocks it otherwise, `released`
 * when systems only release it, `unknown` when no system took a position yet. Divergence (one
 * system blocks, another releases) is a flag beside it: a divergent lot is always held or rejected.
 */
export type LotStanding = "rejected" | "held" | "released" | "unknown";

/** The blocking words that say the material itself is bad, not only that it waits for a decision. */
export const REJECTED_WORDS = ["rejected", "scrapped"] as const;
const REJECTED = new Set<string>(REJECTED_WORDS);

export interface LotState {
  standing: LotStanding;
  divergent: boolean;
  /** The word that decides the standing (the rejecting or blocking one), else the newest word any system said. */
  status: string;
  /** Each system's latest positional word that blocks the lot, by system. */
  blockedIn: { system: string; status: string }[];
  releasedIn: string[];
}

export const NO_LOT_STATE: LotState = { standing: "unknown", divergent: false, status: "", blockedIn: [], releasedIn: [] };

/**
 * The standing of one lot from its status history in any order (or from each system's latest
 * word and latest positional word: the same answer, which is what the batch query returns).
 */
export function lotStateOf(history: readonly StatusChange[]): LotState {
  if (history.length === 0) return NO_LOT_STATE;
  const ordered = [...history].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  const positional = new Map<string, { status: string; blocked: boolean }>();
  for (const h of ordered) {
    const p = positionOf(h.status, h.system);
    if (p !== null) positional.set(h.system, { status: h.status, blocked: p === "blocked" });
  }
  const systems = [...positional.keys()].sort();
  const blockedIn = systems.filter((s) => positional.get(s)!.blocked).map((system) => ({ system, status: positional.get(system)!.status }));
  const releasedIn = systems.filter((s) => !positional.get(s)!.blocked);
  const rejecting = blockedIn.find((b) => REJECTED.has(b.status.toLowerCase()));
  const standing: LotStanding = rejecting ? "rejected" : blockedIn.length > 0 ? "held" : releasedIn.length > 0 ? "released" : "unknown";
  return {
    standing,
    divergent: blockedIn.length > 0 && releasedIn.length > 0,
    status: (rejecting ?? blockedIn[0])?.status ?? ordered.at(-1)!.status,
    blockedIn,
    releasedIn,
  };
}

/** The standing a genealogy node implies (it keeps the deciding word and whether it is held). */
export function standingOfNode(node: { status: string; held: boolean }): LotStanding {
  if (node.held) return REJECTED.has(node.status.toLowerCase()) ? "rejected" : "held";
  return positionOf(node.status) === "released" ? "released" : "unknown";
}

const SEVERITY: Record<LotStanding, number> = { rejected: 3, held: 2, released: 1, unknown: 0 };

export const isHeldOrRejected = (s: Pick<LotState, "standing">) => s.standing === "rejected" || s.standing === "held";

export interface LotSetSummary {
  lots: number;
  rejected: number;
  held: number;
  divergent: number;
  heldOrRejected: number;
  /** The worst standing among the lots, null for an empty set. */
  worst: LotStanding | null;
}

/** How bad a set of lots is: counts per standing and the worst of them. */
export function summariseLotStates(states: Iterable<Pick<LotState, "standing" | "divergent">>): LotSetSummary {
  const out: LotSetSummary = { lots: 0, rejected: 0, held: 0, divergent: 0, heldOrRejected: 0, worst: null };
  for (const s of states) {
    out.lots++;
    if (s.standing === "rejected") out.rejected++;
    if (s.standing === "held") out.held++;
    if (s.divergent) out.divergent++;
    if (out.worst === null || SEVERITY[s.standing] > SEVERITY[out.worst]) out.worst = s.standing;
  }
  out.heldOrRejected = out.rejected + out.held;
  return out;
}

/** Worst first, then the given order: the lots a warning lists. */
export function bySeverity<T extends { state: Pick<LotState, "standing" | "divergent"> }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => SEVERITY[b.state.standing] - SEVERITY[a.state.standing] || Number(b.state.divergent) - Number(a.state.divergent));
}

/**
 * Business events whose arrival is bad news for a lot, with the word pages show for them: a
 * workflow stage they complete is done, yet never shown as a success, nor is the event itself.
 */
export const ADVERSE_EVENTS: Readonly<Record<string, "inspection_failed">> = { [BUSINESS_TYPES.inspectionFailed]: "inspection_failed" };
export const ADVERSE_EVENT_TYPES: readonly string[] = Object.keys(ADVERSE_EVENTS);

/**
 * Words of lib/ui/status-labels.ts for what an object header says, worst first. `input_*` is the
 * worst of what the object is made from, `output_*` of what an order produced.
 */
export type ImpactFlag = "rejected" | "input_rejected" | "inspection_failed" | "output_rejected" | "held" | "input_held" | "output_held" | "divergent";
const FLAG_ORDER: readonly ImpactFlag[] = ["rejected", "input_rejected", "inspection_failed", "output_rejected", "held", "input_held", "output_held", "divergent"];

const flagOf = (prefix: "" | "input_" | "output_", s: LotSetSummary | null): ImpactFlag[] =>
  s?.worst === "rejected" ? [`${prefix}rejected` as ImpactFlag] : s?.worst === "held" ? [`${prefix}held` as ImpactFlag] : [];

/**
 * The badges of an object's header, worst first: its own standing, the worst of its inputs and
 * outputs, failed inspections and divergence. Empty when nothing is known to be wrong.
 */
export function impactFlags(parts: { own?: LotState; inputs?: LotSetSummary; outputs?: LotSetSummary; inspectionsFailed?: number }): ImpactFlag[] {
  const own = parts.own ? summariseLotStates([parts.own]) : null;
  const flags = new Set<ImpactFlag>([
    ...flagOf("", own),
    ...flagOf("input_", parts.inputs ?? null),
    ...flagOf("output_", parts.outputs ?? null),
    ...((parts.inspectionsFailed ?? 0) > 0 ? (["inspection_failed"] as const) : []),
    ...(parts.own?.divergent ? (["divergent"] as const) : []),
  ]);
  return FLAG_ORDER.filter((f) => flags.has(f));
}
