import "server-only";
import { emit } from "../audit/emit";
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import type { ExceptionInput } from "./exception-input";
import { autoResolve, onOccurrences, type GroupState, type Lifecycle } from "./lifecycle";

/** Business keys kept on a group: enough to filter and to show, not every lot of a storm. */
const KEYS_KEPT = 200;

export interface Closure {
  id: string;
  at: Date;
  reason: string;
}

export interface ApplyReport {
  created: number;
  updated: number;
  closed: number;
  regressed: string[];
  autoResolved: string[];
}

type GroupRow = Prisma.ExceptionGroupGetPayload<object>;

const lifecycleOf = (g: GroupRow): Lifecycle => ({
  state: g.state as GroupState,
  assigneeUserId: g.assigneeUserId,
  assigneeTeam: g.assigneeTeam,
  snoozedUntil: g.snoozedUntil,
  snoozeUntilCount: g.snoozeUntilCount,
  resolvedAt: g.resolvedAt,
  resolution: g.resolution,
  ignoredReason: g.ignoredReason,
});

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].filter((x) => x !== "").slice(0, KEYS_KEPT);

interface GroupDelta {
  occurrences: ExceptionInput[];
  opened: number;
  closed: Closure[];
}

const HOUR_MS = 3_600_000;

/** Adds the occurrences to their group's hourly counts: the inbox trend reads these. */
async function countHourly(tx: Prisma.TransactionClient, deltas: ReadonlyMap<string, GroupDelta>) {
  const counts = new Map<string, { groupId: string; plant: string; hour: Date; n: number }>();
  for (const [groupId, d] of deltas) {
    for (const o of d.occurrences) {
      const hour = new Date(Math.floor(o.occurredAt.getTime() / HOUR_MS) * HOUR_MS);
      const key = `${groupId}\u0000${o.plant}\u0000${hour.getTime()}`;
      const c = counts.get(key);
      if (c) c.n += 1;
      else counts.set(key, { groupId, plant: o.plant, hour, n: 1 });
    }
  }
  if (counts.size === 0) return;
  const rows = [...counts.values()];
  await tx.$executeRaw`
    INSERT INTO "exception_hourly" ("group_id", "plant", "hour", "n")
    SELECT * FROM unnest(${rows.map((r) => r.groupId)}::text[], ${rows.map((r) => r.plant)}::text[], ${rows.map((r) => r.hour)}::timestamp(3)[], ${rows.map((r) => r.n)}::int[])
    ON CONFLICT ("group_id", "hour", "plant") DO UPDATE SET "n" = "exception_hourly"."n" + EXCLUDED."n"`;
}

/**
 * Stores what the sources reported and what later telemetry closed, and keeps each touched
 * group's aggregates and lifecycle in step, in one transaction. Exception ids are stable, so a
 * re-read row changes nothing; a group's rows are locked first, so a person's action and the job
 * never overwrite each other (the action's version check sees the job's bump).
 */
export async function applyExceptionChanges(db: Db, upserts: readonly ExceptionInput[], closures: readonly Closure[], now: Date): Promise<ApplyReport> {
  const report: ApplyReport = { created: 0, updated: 0, closed: 0, regressed: [], autoResolved: [] };
  const byId = new Map<string, ExceptionInput>();
  for (const item of upserts) {
    // A message's later rows (another attempt, its dead letter) keep the group of its first
    // failure, which names the HTTP status the dead letter does not; the latest error is shown.
    const earlier = byId.get(item.id);
    byId.set(item.id, earlier ? { ...earlier, error: item.error, status: item.status, closedReason: item.closedReason } : item);
  }
  const closeById = new Map(closures.map((c) => [c.id, c]));
  if (byId.size === 0 && closeById.size === 0) return report;

  await db.$transaction(
    async (tx) => {
      const existing = new Map(
        (await tx.exceptionRecord.findMany({ where: { id: { in: [...byId.keys(), ...closeById.keys()] } }, select: { id: true, status: true, error: true, groupId: true, closedAt: true } })).map((r) => [r.id, r]),
      );
      const deltas = new Map<string, GroupDelta>();
      const delta = (groupId: string) => {
        let d = deltas.get(groupId);
        if (!d) deltas.set(groupId, (d = { occurrences: [], opened: 0, closed: [] }));
        return d;
      };
      const creates: Prisma.ExceptionRecordCreateManyInput[] = [];
      for (const item of byId.values()) {
        const before = existing.get(item.id);
        if (!before) {
          creates.push({
            id: item.id,
            groupId: item.group.id,
            kind: item.kind,
            plant: item.plant,
            correlationId: item.correlationId,
            messageId: item.messageId,
            lots: item.lots,
            orders: item.orders,
            error: item.error,
            status: item.status,
            occurredAt: item.occurredAt,
            closedAt: item.status === "closed" ? now : null,
            closedReason: item.closedReason,
            evidence: item.evidence,
          });
          const d = delta(item.group.id);
          d.occurrences.push(item);
          if (item.status === "open") d.opened += 1;
          continue;
        }
        if (before.status === "open" && item.status === "closed") {
          closeById.set(item.id, { id: item.id, at: now, reason: item.closedReason });
        } else if (before.status === "closed" && item.status === "open" && before.closedAt && item.occurredAt > before.closedAt) {
          // Failed again after a delivery closed it (a replay that failed): open, and an occurrence.
          await tx.exceptionRecord.update({ where: { id: item.id }, data: { status: "open", closedAt: null, closedReason: "", error: item.error } });
          const d = delta(before.groupId);
          d.occurrences.push(item);
          d.opened += 1;
          report.updated += 1;
        } else if (before.error !== item.error && item.status === "open") {
          await tx.exceptionRecord.update({ where: { id: item.id }, data: { error: item.error } });
          report.updated += 1;
        }
      }
      if (creates.length > 0) await tx.exceptionRecord.createMany({ data: creates });
      report.created = creates.length;

      for (const c of closeById.values()) {
        const before = existing.get(c.id);
        if (!before || before.status !== "open") continue;
        await tx.exceptionRecord.update({ where: { id: c.id }, data: { status: "closed", closedAt: c.at, closedReason: c.reason } });
        delta(before.groupId).closed.push(c);
        report.closed += 1;
      }

      await countHourly(tx, deltas);

      const groupIds = [...deltas.keys()];
      if (groupIds.length === 0) return;
      await tx.$queryRaw`SELECT id FROM exception_groups WHERE id = ANY(${groupIds}::text[]) FOR UPDATE`;
      const groups = new Map((await tx.exceptionGroup.findMany({ where: { id: { in: groupIds } } })).map((g) => [g.id, g]));
      for (const [groupId, d] of deltas) {
        const first = d.occurrences[0];
        let g = groups.get(groupId);
        if (!g) {
          if (!first) continue;
          const k = first.group;
          g = await tx.exceptionGroup.create({
            data: { id: k.id, kind: k.kind, signature: k.signature, template: k.template, interface: k.interface, fromSystem: k.from, toSystem: k.to, code: k.code, workflow: k.workflow, systems: k.systems, firstSeen: first.occurredAt, lastSeen: first.occurredAt },
          });
        }
        const plantCounts = { ...(g.plantCounts as Record<string, number>) };
        for (const o of d.occurrences) plantCounts[o.plant] = (plantCounts[o.plant] ?? 0) + 1;
        const times = d.occurrences.map((o) => o.occurredAt.getTime());
        const count = g.count + d.occurrences.length;
        const openCount = Math.max(0, g.openCount + d.opened - d.closed.length);
        const latest = [...d.occurrences].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())[0];
        const before = lifecycleOf(g);
        let after = d.occurrences.length > 0 ? onOccurrences(before, count, now) : before;
        const lastClosure = d.closed.at(-1);
        if (openCount === 0 && lastClosure) after = autoResolve(after, lastClosure.reason, now);
        const lifecycleChanged = JSON.stringify(before) !== JSON.stringify(after);
        await tx.exceptionGroup.update({
          where: { id: groupId },
          data: {
            count,
            openCount,
            plantCounts,
            plants: union(g.plants, d.occurrences.map((o) => o.plant)),
            systems: union(g.systems, first?.group.systems ?? []),
            lots: union(g.lots, d.occurrences.flatMap((o) => o.lots)),
            orders: union(g.orders, d.occurrences.flatMap((o) => o.orders)),
            firstSeen: times.length > 0 ? new Date(Math.min(g.firstSeen.getTime(), ...times)) : g.firstSeen,
            lastSeen: times.length > 0 ? new Date(Math.max(g.lastSeen.getTime(), ...times)) : g.lastSeen,
            ...(latest ? { lastError: latest.error } : {}),
            ...(lifecycleChanged ? { ...after, version: { increment: 1 }, changedBy: "system", changedAt: now } : {}),
          },
        });
        if (!lifecycleChanged) continue;
        const entity = { type: "exception_group", id: groupId };
        if (after.state === "regressed") {
          report.regressed.push(groupId);
          await emit(tx, undefined, { action: "exception_group.regressed", entity, before: { state: before.state }, after: { state: after.state, occurrences: d.occurrences.length }, at: now });
        } else if (after.state === "resolved") {
          report.autoResolved.push(groupId);
          await emit(tx, undefined, { action: "exception_group.auto_resolved", entity, before: { state: before.state }, after: { state: after.state, resolution: after.resolution }, at: now });
        }
      }
    },
    { timeout: 60_000 },
  );
  return report;
}
