import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import { impactOf, type Impact } from "./impact";
import { priorityScore, qualityRiskOf, type QualityRisk } from "./priority";

/**
 * At most this long per job cycle goes to impacts (one takes tens of milliseconds), so a burst of
 * new groups is worked off over a few cycles instead of holding up the rest of the job.
 */
export const IMPACT_BUDGET_MS = 2_000;
/** An open group's impact is recomputed this often even when it saw nothing new: genealogy grows as lots are made from its lots. */
export const IMPACT_MAX_AGE_MS = 15 * 60_000;
const STALE_PER_READ = 200;

const CLOSED_STATES = ["resolved", "ignored"];

type GroupKeys = { id: string; kind: string; interface: string; workflow: string; lots: string[]; orders: string[] };

/** The risk of a group: its interface for a message, its definition for an SLA kind. */
export function groupRisk(g: Pick<GroupKeys, "kind" | "interface" | "workflow">): QualityRisk {
  return qualityRiskOf({ interface: g.interface || g.workflow, kind: g.kind });
}

async function store(db: Db, g: GroupKeys, impact: Impact, now: Date) {
  const risk = groupRisk(g);
  // updateMany so a group deleted meanwhile is not an error; priority is not triage, so no version bump.
  await db.exceptionGroup.updateMany({
    where: { id: g.id },
    data: { impact: impact as unknown as Prisma.InputJsonValue, impactAt: now, qualityRisk: risk, priority: priorityScore(impact, risk) },
  });
}

/**
 * Recomputes business impact and priority of the open groups that need it most: never computed,
 * seen again since, or older than IMPACT_MAX_AGE_MS, within `budgetMs`. Returns how many were refreshed.
 */
export async function refreshGroupImpacts(ch: ClickHouseClient, db: Db, now: Date, budgetMs = IMPACT_BUDGET_MS): Promise<number> {
  const started = performance.now();
  const stale = await db.$queryRaw<GroupKeys[]>`
    SELECT id, kind, interface, workflow, lots, orders FROM exception_groups
    WHERE state <> ALL(${CLOSED_STATES}::text[])
      AND (impact_at IS NULL OR impact_at < last_seen OR impact_at < ${new Date(now.getTime() - IMPACT_MAX_AGE_MS)})
    ORDER BY impact_at ASC NULLS FIRST, last_seen DESC
    LIMIT ${STALE_PER_READ}`;
  let refreshed = 0;
  for (const g of stale) {
    if (performance.now() - started > budgetMs) break;
    await store(db, g, await impactOf(ch, { lots: g.lots, orders: g.orders }), now);
    refreshed++;
  }
  return refreshed;
}

/**
 * The impact the group page shows: the stored one when it is at least as new as the group's last
 * occurrence, else computed now (and stored, so the next view and the inbox's ranking have it).
 */
export async function groupImpact(ch: ClickHouseClient, db: Db, g: GroupKeys & { lastSeen: Date; impact: Prisma.JsonValue | null; impactAt: Date | null }, keys: { lots: string[]; orders: string[] }, scoped: boolean, now = new Date()): Promise<Impact> {
  // A plant manager's keys are their plants' only, so their impact is computed for them and not stored.
  if (scoped) return impactOf(ch, keys);
  if (g.impact && g.impactAt && g.impactAt >= g.lastSeen) return g.impact as unknown as Impact;
  const impact = await impactOf(ch, keys);
  await store(db, g, impact, now);
  return impact;
}
