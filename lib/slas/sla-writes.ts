import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { chTimeToMs, toClickHouseTime } from "../clickhouse/time";
import type { BreachKind, BreachRecord, BreachSeverity } from "./breaches";
import type { DecidedOutcome } from "./burn-windows";
import type { InstanceEvaluation } from "./evaluate-instance";

const FAR_FUTURE = Date.UTC(2100, 0, 1);
const t = (ms: number) => toClickHouseTime(ms);
const tn = (ms: number | null) => (ms === null ? null : toClickHouseTime(ms));

export async function writeInstanceStates(ch: ClickHouseClient, evaluations: readonly InstanceEvaluation[], nextChecks: ReadonlyMap<string, number>, evaluatedAt: number): Promise<void> {
  if (evaluations.length === 0) return;
  await ch.insert({
    table: "workflow_instance_states",
    format: "JSONEachRow",
    values: evaluations.map((e) => ({
      plant: e.plant,
      workflow: e.workflow,
      correlation_id: e.correlationId,
      version: e.version,
      trigger_time: t(e.triggerTime),
      status: e.status,
      sla_state: e.endToEnd.state,
      current_stage: e.currentStage,
      stage_keys: e.stages.map((s) => s.key),
      stage_times: e.stages.map((s) => tn(s.at)),
      deadline: t(e.endToEnd.deadline),
      reached_at: tn(e.endToEnd.reachedAt),
      time_to_breach_ms: e.endToEnd.timeToBreachMs,
      over_by_ms: e.endToEnd.overByMs,
      at_risk_reason: e.endToEnd.atRiskReason,
      failures: e.failures,
      retries: e.retries,
      dead_letters: e.deadLetters,
      lots: e.lots,
      orders: e.orders,
      last_event_at: t(e.lastEventAt),
      next_check_at: t(nextChecks.get(e.correlationId) ?? FAR_FUTURE),
      evaluated_at: t(evaluatedAt),
    })),
  });
}

/** Late or at risk and not completed, or failed: what the worklist lists by default (migration 0010's NEEDS_ACTION_SQL). */
export function needsAction(e: Pick<InstanceEvaluation, "status" | "endToEnd">): boolean {
  return (e.status !== "completed" && (e.endToEnd.state === "breached" || e.endToEnd.state === "at_risk")) || e.status === "failed";
}

/**
 * Removes from workflow_instance_worklist the instances among these that no longer need action.
 * Its view has already copied their newest state there, so the table answered right without
 * this; deleting every row of theirs keeps it to what needs action now instead of growing with
 * every instance that ever did. Looked up first: most instances judged were never on it.
 */
export async function dropFromWorklist(ch: ClickHouseClient, evaluations: readonly InstanceEvaluation[]): Promise<number> {
  const done = evaluations.filter((e) => !needsAction(e)).map((e) => e.correlationId);
  if (done.length === 0) return 0;
  const rs = await ch.query({
    query: "SELECT DISTINCT correlation_id FROM workflow_instance_worklist WHERE correlation_id IN {ids:Array(String)}",
    query_params: { ids: done },
    format: "JSONCompactEachRow",
    query_id: `sla-worklist-leaving-${crypto.randomUUID()}`,
  });
  const leaving = (await rs.json<[string]>()).map((r) => r[0]);
  if (leaving.length > 0) {
    await ch.command({ query: "DELETE FROM workflow_instance_worklist WHERE correlation_id IN {ids:Array(String)}", query_params: { ids: leaving } });
  }
  return leaving.length;
}

/**
 * Instances no workflow tracks but a request/response non-event waits on still need their due
 * time stored, or nothing would look at them again until their next event.
 */
export async function writePendingChecks(ch: ClickHouseClient, pending: readonly { correlationId: string; plant: string; firstTime: number; lastTime: number; nextCheckAt: number }[], evaluatedAt: number): Promise<void> {
  if (pending.length === 0) return;
  await ch.insert({
    table: "workflow_instance_states",
    format: "JSONEachRow",
    values: pending.map((p) => ({
      plant: p.plant,
      workflow: "",
      correlation_id: p.correlationId,
      version: 0,
      trigger_time: t(p.firstTime),
      status: "open",
      sla_state: "open",
      current_stage: "",
      deadline: t(p.nextCheckAt),
      time_to_breach_ms: 0,
      over_by_ms: 0,
      last_event_at: t(p.lastTime),
      next_check_at: t(p.nextCheckAt),
      evaluated_at: t(evaluatedAt),
    })),
  });
}

/** Writes the decided end-to-end outcomes among these evaluations and returns them as written. */
export async function writeOutcomes(ch: ClickHouseClient, evaluations: readonly InstanceEvaluation[], writtenAt: number): Promise<DecidedOutcome[]> {
  const decided = evaluations.filter((e) => e.outcome !== null);
  if (decided.length === 0) return [];
  const written: DecidedOutcome[] = [];
  await ch.insert({
    table: "sla_outcomes",
    format: "JSONEachRow",
    values: decided.map((e) => {
      const o = e.outcome!;
      const day = new Date(o.decidedAt).toISOString().slice(0, 10);
      written.push({ day, workflow: e.workflow, plant: e.plant, correlationId: e.correlationId, decidedAt: o.decidedAt, met: o.met });
      return {
        decided_day: day,
        workflow: e.workflow,
        plant: e.plant,
        correlation_id: e.correlationId,
        decided_at: t(o.decidedAt),
        met: o.met ? 1 : 0,
        latency_ms: o.latencyMs,
        stage_keys: e.stages.map((s) => s.key),
        stage_ms: o.stageMs,
        written_at: t(writtenAt),
      };
    }),
  });
  return written;
}

export interface StoredBreach extends BreachRecord {
  detectedAt: number;
  closedAt: number | null;
}

interface BreachRow {
  breach_id: string;
  kind: BreachKind;
  severity: BreachSeverity;
  definition: string;
  plant: string;
  stage: string;
  correlation_id: string;
  started_at: string;
  ended_at: string | null;
  over_by_ms: string;
  status: "open" | "closed";
  summary: string;
  labels: Record<string, string>;
  detected_at: string;
  closed_at: string | null;
}

const BREACH_COLUMNS = "breach_id, kind, severity, definition, plant, stage, correlation_id, started_at, ended_at, over_by_ms, status, summary, labels, detected_at, closed_at";

function fromRow(r: BreachRow): StoredBreach {
  return {
    breachId: r.breach_id,
    kind: r.kind,
    severity: r.severity,
    definition: r.definition,
    plant: r.plant,
    stage: r.stage,
    correlationId: r.correlation_id,
    startedAt: chTimeToMs(r.started_at),
    endedAt: r.ended_at ? chTimeToMs(r.ended_at) : null,
    overByMs: Number(r.over_by_ms),
    status: r.status,
    summary: r.summary,
    labels: r.labels,
    detectedAt: chTimeToMs(r.detected_at),
    closedAt: r.closed_at ? chTimeToMs(r.closed_at) : null,
  };
}

export async function breachesById(ch: ClickHouseClient, ids: readonly string[]): Promise<Map<string, StoredBreach>> {
  if (ids.length === 0) return new Map();
  const rs = await ch.query({
    query: `SELECT ${BREACH_COLUMNS} FROM sla_breaches FINAL WHERE breach_id IN {ids:Array(String)}`,
    query_params: { ids },
    format: "JSONEachRow",
    query_id: `sla-breaches-by-id-${crypto.randomUUID()}`,
  });
  return new Map((await rs.json<BreachRow>()).map((r) => [r.breach_id, fromRow(r)]));
}

export async function openBreaches(ch: ClickHouseClient): Promise<StoredBreach[]> {
  const rs = await ch.query({
    query: `SELECT ${BREACH_COLUMNS} FROM sla_breaches FINAL WHERE status = 'open'`,
    format: "JSONEachRow",
    query_id: `sla-open-breaches-${crypto.randomUUID()}`,
  });
  return (await rs.json<BreachRow>()).map(fromRow);
}

/**
 * How many breaches are open and the sum of their ids' last eight hex digits: one row that tells
 * whether the open breaches the evaluator holds are still the stored ones, without reading them.
 */
export async function openBreachesDigest(ch: ClickHouseClient): Promise<{ count: number; sum: number }> {
  const rs = await ch.query({
    query: "SELECT count() AS n, sum(reinterpretAsUInt32(reverse(unhex(right(breach_id, 8))))) AS s FROM sla_breaches FINAL WHERE status = 'open'",
    format: "JSONEachRow",
    query_id: `sla-open-breaches-digest-${crypto.randomUUID()}`,
  });
  const [row] = await rs.json<{ n: string; s: string }>();
  return { count: Number(row?.n ?? 0), sum: Number(row?.s ?? 0) };
}

/** Whether these ids give the stored digest (every breach id ends in 24 hex digits). */
export function sameOpenBreaches(digest: { count: number; sum: number }, ids: Iterable<string>): boolean {
  let count = 0;
  let sum = 0;
  for (const id of ids) {
    count += 1;
    sum += parseInt(id.slice(-8), 16);
  }
  return count === digest.count && sum === digest.sum;
}

/** The ids of the breaches open now. */
export async function openBreachIds(ch: ClickHouseClient): Promise<string[]> {
  const rs = await ch.query({
    query: "SELECT breach_id FROM sla_breaches FINAL WHERE status = 'open'",
    format: "JSONCompactEachRow",
    query_id: `sla-open-breach-ids-${crypto.randomUUID()}`,
  });
  return (await rs.json<[string]>()).map((r) => r[0]);
}

/**
 * Writes breaches that are new or changed status since their stored version, and returns what
 * changed: a breach is stored when first seen and again when it closes, never once per cycle.
 */
export async function upsertBreaches(ch: ClickHouseClient, current: readonly BreachRecord[], prior: ReadonlyMap<string, StoredBreach>, now: number): Promise<{ opened: StoredBreach[]; closed: StoredBreach[] }> {
  const opened: StoredBreach[] = [];
  const closed: StoredBreach[] = [];
  const rows: StoredBreach[] = [];
  for (const b of current) {
    const before = prior.get(b.breachId);
    if (before && before.status === b.status) continue;
    const stored: StoredBreach = { ...b, detectedAt: before?.detectedAt ?? now, closedAt: b.status === "closed" ? now : null };
    rows.push(stored);
    if (b.status === "open") opened.push(stored);
    else closed.push(stored);
  }
  if (rows.length > 0) {
    await ch.insert({
      table: "sla_breaches",
      format: "JSONEachRow",
      values: rows.map((b) => ({
        breach_id: b.breachId,
        kind: b.kind,
        severity: b.severity,
        definition: b.definition,
        plant: b.plant,
        stage: b.stage,
        correlation_id: b.correlationId,
        started_at: t(b.startedAt),
        ended_at: tn(b.endedAt),
        over_by_ms: b.overByMs,
        status: b.status,
        summary: b.summary,
        labels: b.labels,
        detected_at: t(b.detectedAt),
        closed_at: tn(b.closedAt),
        updated_at: t(now),
      })),
    });
  }
  return { opened, closed };
}

export async function readWatermark(ch: ClickHouseClient): Promise<number | null> {
  const rs = await ch.query({ query: "SELECT toUnixTimestamp64Milli(watermark) AS ms FROM sla_evaluator_watermark FINAL WHERE id = 1", format: "JSONEachRow" });
  const [row] = await rs.json<{ ms: string }>();
  return row ? Number(row.ms) : null;
}

export async function writeWatermark(ch: ClickHouseClient, watermark: number, now: number): Promise<void> {
  await ch.insert({ table: "sla_evaluator_watermark", format: "JSONEachRow", values: [{ id: 1, watermark: t(watermark), updated_at: t(now) }] });
}
