import { z } from "zod";

export const GROUP_STATES = ["new", "acknowledged", "assigned", "snoozed", "resolved", "regressed", "ignored"] as const;
export type GroupState = (typeof GROUP_STATES)[number];

/** States in which a group still needs someone: the inbox's default. */
export const OPEN_STATES: readonly GroupState[] = ["new", "acknowledged", "assigned", "snoozed", "regressed"];

export const ActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("acknowledge") }),
  z.object({ type: z.literal("assign"), userId: z.string().min(1).max(64).optional(), team: z.string().min(1).max(80).optional() }).refine((a) => (a.userId === undefined) !== (a.team === undefined), "name either a userId or a team"),
  z.object({ type: z.literal("unassign") }),
  z
    .object({ type: z.literal("snooze"), until: z.coerce.date().optional(), occurrences: z.number().int().min(1).max(1_000_000).optional() })
    .refine((a) => a.until !== undefined || a.occurrences !== undefined, "snooze until a time, for a number of occurrences, or both"),
  z.object({ type: z.literal("resolve"), reason: z.string().max(500).default("") }),
  z.object({ type: z.literal("ignore"), reason: z.string().trim().min(1, "say why it is ignored").max(500) }),
  z.object({ type: z.literal("reopen") }),
]);
export type Action = z.infer<typeof ActionSchema>;

/** The lifecycle fields of a group, as stored. */
export interface Lifecycle {
  state: GroupState;
  assigneeUserId: string | null;
  assigneeTeam: string | null;
  snoozedUntil: Date | null;
  /** Snoozed by count: the group's occurrence count at which it wakes. */
  snoozeUntilCount: number | null;
  resolvedAt: Date | null;
  resolution: string;
  ignoredReason: string;
}

export class TransitionError extends Error {}

const cleared = (l: Lifecycle): Lifecycle => ({ ...l, snoozedUntil: null, snoozeUntilCount: null });

/** Where a person's action takes a group; an action that makes no sense in the state is a TransitionError. */
export function applyAction(l: Lifecycle, action: Action, count: number, now: Date): Lifecycle {
  switch (action.type) {
    case "acknowledge":
      if (l.state === "resolved" || l.state === "ignored") throw new TransitionError(`a ${l.state} group cannot be acknowledged; reopen it first`);
      return { ...cleared(l), state: l.assigneeUserId || l.assigneeTeam ? "assigned" : "acknowledged" };
    case "assign":
      if (l.state === "ignored") throw new TransitionError("an ignored group cannot be assigned; reopen it first");
      return { ...cleared(l), state: "assigned", assigneeUserId: action.userId ?? null, assigneeTeam: action.team ?? null, resolvedAt: null, resolution: "" };
    case "unassign":
      return { ...l, assigneeUserId: null, assigneeTeam: null, state: l.state === "assigned" ? "acknowledged" : l.state };
    case "snooze":
      if (l.state === "resolved" || l.state === "ignored") throw new TransitionError(`a ${l.state} group cannot be snoozed`);
      if (action.until && action.until.getTime() <= now.getTime()) throw new TransitionError("snooze until a time in the future");
      return { ...l, state: "snoozed", snoozedUntil: action.until ?? null, snoozeUntilCount: action.occurrences !== undefined ? count + action.occurrences : null };
    case "resolve":
      return { ...cleared(l), state: "resolved", resolvedAt: now, resolution: action.reason || "resolved by hand", ignoredReason: "" };
    case "ignore":
      return { ...cleared(l), state: "ignored", ignoredReason: action.reason };
    case "reopen":
      if (l.state !== "resolved" && l.state !== "ignored") throw new TransitionError(`a ${l.state} group is open already`);
      return { ...cleared(l), state: l.assigneeUserId || l.assigneeTeam ? "assigned" : "new", resolvedAt: null, resolution: "", ignoredReason: "" };
  }
}

/**
 * What new occurrences do to a group (the job): a resolved group regresses, a snoozed one wakes
 * when its time has passed or its count is reached; an ignored group stays ignored.
 */
export function onOccurrences(l: Lifecycle, countAfter: number, now: Date): Lifecycle {
  if (l.state === "resolved") return { ...cleared(l), state: "regressed", resolvedAt: null, resolution: "" };
  if (l.state === "snoozed") {
    const byTime = l.snoozedUntil !== null && l.snoozedUntil.getTime() <= now.getTime();
    const byCount = l.snoozeUntilCount !== null && countAfter >= l.snoozeUntilCount;
    if (byTime || byCount) return { ...cleared(l), state: l.assigneeUserId || l.assigneeTeam ? "assigned" : "acknowledged" };
  }
  return l;
}

/** A snooze whose time has passed wakes without a new occurrence too. */
export function wakeIfDue(l: Lifecycle, now: Date): Lifecycle {
  if (l.state === "snoozed" && l.snoozedUntil !== null && l.snoozedUntil.getTime() <= now.getTime()) return { ...cleared(l), state: l.assigneeUserId || l.assigneeTeam ? "assigned" : "acknowledged" };
  return l;
}

/** When the job finds every occurrence of a group closed by later telemetry: resolved, with why. */
export function autoResolve(l: Lifecycle, why: string, now: Date): Lifecycle {
  if (l.state === "resolved" || l.state === "ignored") return l;
  return { ...cleared(l), state: "resolved", resolvedAt: now, resolution: why };
}
