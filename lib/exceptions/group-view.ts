import type { Prisma } from "../generated/prisma/client";

type GroupRow = Prisma.ExceptionGroupGetPayload<object>;

export type Assignee = { kind: "user"; userId: string; name: string } | { kind: "team"; team: string } | null;

/** A group as the API shows it. `count` is of the caller's plants only when they are scoped. */
export interface GroupView {
  id: string;
  kind: string;
  signature: string;
  template: string;
  interface: string;
  from: string;
  to: string;
  code: string;
  workflow: string;
  plants: string[];
  systems: string[];
  count: number;
  openCount: number;
  firstSeen: string;
  lastSeen: string;
  lastError: string;
  state: string;
  assignee: Assignee;
  snoozedUntil: string | null;
  snoozeUntilCount: number | null;
  resolution: string;
  ignoredReason: string;
  /** Quality risk and what the group touches, as the exceptions job last computed them; null until it has. */
  qualityRisk: string;
  priority: number;
  impact: { lots: number; orders: number; shipments: number; customers: number; capped: boolean } | null;
  version: number;
  changedBy: string;
  changedAt: string;
}

function impactSummary(stored: Prisma.JsonValue | null): GroupView["impact"] {
  if (stored === null || typeof stored !== "object" || Array.isArray(stored)) return null;
  const n = (k: string) => (typeof stored[k] === "number" ? (stored[k] as number) : 0);
  return { lots: n("lots"), orders: n("orders"), shipments: n("shipments"), customers: n("customers"), capped: stored.capped === true };
}

export function countInScope(g: Pick<GroupRow, "count" | "plantCounts">, plants: readonly string[] | null): number {
  if (plants === null) return g.count;
  const counts = g.plantCounts as Record<string, number>;
  return plants.reduce((sum, p) => sum + (counts[p] ?? 0), 0);
}

export function assigneeOf(g: Pick<GroupRow, "assigneeUserId" | "assigneeTeam">, names: ReadonlyMap<string, string>): Assignee {
  if (g.assigneeUserId) return { kind: "user", userId: g.assigneeUserId, name: names.get(g.assigneeUserId) ?? g.assigneeUserId };
  if (g.assigneeTeam) return { kind: "team", team: g.assigneeTeam };
  return null;
}

export function groupView(g: GroupRow, plants: readonly string[] | null, names: ReadonlyMap<string, string>): GroupView {
  return {
    id: g.id,
    kind: g.kind,
    signature: g.signature,
    template: g.template,
    interface: g.interface,
    from: g.fromSystem,
    to: g.toSystem,
    code: g.code,
    workflow: g.workflow,
    plants: plants === null ? g.plants : g.plants.filter((p) => plants.includes(p)),
    systems: g.systems,
    count: countInScope(g, plants),
    openCount: g.openCount,
    firstSeen: g.firstSeen.toISOString(),
    lastSeen: g.lastSeen.toISOString(),
    lastError: g.lastError,
    state: g.state,
    assignee: assigneeOf(g, names),
    snoozedUntil: g.snoozedUntil?.toISOString() ?? null,
    snoozeUntilCount: g.snoozeUntilCount,
    resolution: g.resolution,
    ignoredReason: g.ignoredReason,
    qualityRisk: g.qualityRisk,
    priority: g.priority,
    // A plant manager's impact would be the whole group's, not their plants': shown on the group page, computed for them.
    impact: plants === null ? impactSummary(g.impact) : null,
    version: g.version,
    changedBy: g.changedBy,
    changedAt: g.changedAt.toISOString(),
  };
}
