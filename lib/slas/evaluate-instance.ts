import { versionAt, type CompiledDefinitions, type CompiledMissingResponse, type CompiledWorkflow } from "./compiled-definitions";
import type { EventPredicate } from "./event-predicate";

export interface FirstSeen {
  type: string;
  source: string;
  at: number;
}

/** What the instances table holds for one correlation id (times in epoch ms; 0 = never). */
export interface InstanceAggregate {
  correlationId: string;
  firstTime: number;
  lastTime: number;
  plant: string;
  /** The first time of each (event type, source system) pair seen. */
  firsts: readonly FirstSeen[];
  /**
   * The same for events under other correlation ids that share one of this instance's orders or
   * lots: where stages whose key changes mid-flow (`carriedBy`) find their events. Loaded only
   * when a definition has such a stage.
   */
  linked?: { order: readonly FirstSeen[]; lot: readonly FirstSeen[] };
  lots: string[];
  orders: string[];
  failures: number;
  retries: number;
  deadLetters: number;
  replays: number;
  lastFailureAt: number;
  lastDeliveredAt: number;
}

/** Turns "so much SLA time after `from`" into an instant: wall-clock, or the plant's business hours. */
export interface SlaClock {
  deadline(plant: string, from: number, targetMs: number, businessHours: boolean): number;
}

/** Recent completion latency per workflow stage (from the previous stage's completion). */
export interface StageLatency {
  p95(workflow: string, stage: string): number | undefined;
}

export type SlaState = "open" | "at_risk" | "breached" | "met";
export type InstanceStatus = "open" | "completed" | "failed" | "recovered";
export type AtRiskReason = "" | "share" | "latency" | "failed";

export interface TargetEvaluation {
  kind: "end_to_end" | "stage";
  /** The stage whose completion closes the target. */
  stage: string;
  targetMs: number;
  deadline: number;
  reachedAt: number | null;
  state: SlaState;
  /** Deadline minus now; negative once breached. */
  timeToBreachMs: number;
  /** How late: completion (or now, while still missing) minus deadline; 0 unless breached. */
  overByMs: number;
  atRiskReason: AtRiskReason;
  /** When this target's state changes without a new event (becomes at risk, breaches), if ever. */
  nextCheckAt: number | null;
}

export interface InstanceEvaluation {
  correlationId: string;
  workflow: string;
  version: number;
  name: string;
  plant: string;
  triggerTime: number;
  status: InstanceStatus;
  stages: { key: string; label: string; system: string; at: number | null }[];
  /** The first stage not completed yet ("" when all are). */
  currentStage: string;
  endToEnd: TargetEvaluation;
  stageTargets: TargetEvaluation[];
  /** The end-to-end verdict once it cannot change: met in time, or the deadline passed. */
  outcome: { decidedAt: number; met: boolean; latencyMs: number; stageMs: number[] } | null;
  nextCheckAt: number | null;
  failures: number;
  retries: number;
  deadLetters: number;
  lots: string[];
  orders: string[];
  lastEventAt: number;
}

export interface MissingResponseEvaluation {
  key: string;
  version: number;
  name: string;
  correlationId: string;
  plant: string;
  requestAt: number;
  deadline: number;
  responseAt: number | null;
  /** pending: still within time; missing: overdue; answered: in time; late: answered after the deadline. */
  state: "pending" | "missing" | "answered" | "late";
  nextCheckAt: number | null;
}

function firstIn(firsts: readonly FirstSeen[], predicate: EventPredicate, notBefore = -Infinity): number | null {
  let best: number | null = null;
  for (const f of firsts) if (f.at >= notBefore && predicate(f.type, f.source) && (best === null || f.at < best)) best = f.at;
  return best;
}

function firstMatch(aggregate: InstanceAggregate, predicate: EventPredicate): number | null {
  return firstIn(aggregate.firsts, predicate);
}

/** A stage's completion: under the instance's own correlation id, or (carried by its order or lot) after the trigger under another. */
function stageTime(aggregate: InstanceAggregate, predicate: EventPredicate, carriedBy: "order" | "lot" | undefined, triggerTime: number): number | null {
  const own = firstMatch(aggregate, predicate);
  const linked = carriedBy && aggregate.linked ? firstIn(aggregate.linked[carriedBy], predicate, triggerTime) : null;
  if (own === null) return linked;
  return linked === null ? own : Math.min(own, linked);
}

/** The workflow an instance belongs to: the one whose trigger it saw first (definition order breaks ties). */
function assignWorkflow(aggregate: InstanceAggregate, definitions: CompiledDefinitions): { wf: CompiledWorkflow; triggerTime: number } | null {
  let best: { wf: CompiledWorkflow; triggerTime: number } | null = null;
  for (const versions of definitions.workflows) {
    // The trigger is matched by any version; the version in effect at that time then judges it.
    let triggerTime: number | null = null;
    for (const v of versions) {
      const t = firstMatch(aggregate, v.trigger);
      if (t !== null && (triggerTime === null || t < triggerTime)) triggerTime = t;
    }
    if (triggerTime === null) continue;
    const wf = versionAt(versions, triggerTime);
    if (!wf?.enabled) continue;
    if (!best || triggerTime < best.triggerTime) best = { wf, triggerTime };
  }
  return best;
}

interface TargetInput {
  kind: TargetEvaluation["kind"];
  index: number;
  targetMs: number;
  businessHours: boolean;
}

function evaluateTarget(
  input: TargetInput,
  ctx: { wf: CompiledWorkflow; plant: string; triggerTime: number; stageTimes: (number | null)[]; failed: boolean; now: number; clock: SlaClock; latency: StageLatency },
): TargetEvaluation {
  const { wf, plant, triggerTime, stageTimes, now, clock } = ctx;
  const stages = wf.spec.stages;
  const stage = stages[input.index]!.key;
  const deadline = clock.deadline(plant, triggerTime, input.targetMs, input.businessHours);
  const reachedAt = stageTimes[input.index] ?? null;
  const base = { kind: input.kind, stage, targetMs: input.targetMs, deadline, reachedAt };
  if (reachedAt !== null) {
    const late = reachedAt > deadline;
    return { ...base, state: late ? "breached" : "met", timeToBreachMs: deadline - now, overByMs: late ? reachedAt - deadline : 0, atRiskReason: "", nextCheckAt: null };
  }
  if (now >= deadline) return { ...base, state: "breached", timeToBreachMs: deadline - now, overByMs: now - deadline, atRiskReason: "", nextCheckAt: null };

  const shareAt = clock.deadline(plant, triggerTime, Math.floor(input.targetMs * wf.spec.sla.atRiskShare), input.businessHours);
  // A typical-slow (p95) completion of every stage still to come must fit before the deadline.
  const pending = stageTimes.findIndex((t, i) => i <= input.index && t === null);
  let latencyAt: number | null = null;
  let latencyRisk = false;
  if (pending >= 0) {
    const p95s = stages.slice(pending, input.index + 1).map((s) => ctx.latency.p95(wf.key, s.key));
    if (p95s.every((p) => p !== undefined)) {
      const previous = Math.max(triggerTime, ...stageTimes.slice(0, pending).map((t) => t ?? 0));
      const rest = (p95s as number[]).slice(1).reduce((a, b) => a + b, 0);
      const projected = Math.max(now, previous + p95s[0]!) + rest;
      latencyRisk = projected > deadline;
      latencyAt = deadline - rest;
    }
  }
  const atRiskReason: AtRiskReason = ctx.failed ? "failed" : now >= shareAt ? "share" : latencyRisk ? "latency" : "";
  const upcoming = [shareAt, latencyAt, deadline].filter((t): t is number => t !== null && t > now);
  return { ...base, state: atRiskReason ? "at_risk" : "open", timeToBreachMs: deadline - now, overByMs: 0, atRiskReason, nextCheckAt: Math.min(...upcoming) };
}

/**
 * Judges one instance against the workflow it belongs to, or returns null when it belongs to
 * none. Pure: the same aggregate, definitions, clock and `now` give the same verdict, so the
 * evaluator job and a trace page agree.
 */
export function evaluateInstance(aggregate: InstanceAggregate, definitions: CompiledDefinitions, clock: SlaClock, latency: StageLatency, now: number): InstanceEvaluation | null {
  const assigned = assignWorkflow(aggregate, definitions);
  if (!assigned) return null;
  const { wf, triggerTime } = assigned;
  const { spec } = wf;
  const plant = aggregate.plant;
  const override = spec.plantOverrides[plant];
  const stageTimes = wf.stages.map((p, i) => stageTime(aggregate, p, spec.stages[i]!.carriedBy, triggerTime));
  const untilReached = stageTimes[wf.untilIndex] !== null;
  const failedForGood = aggregate.lastFailureAt > 0 && aggregate.lastFailureAt > aggregate.lastDeliveredAt && !untilReached;
  const everFailed = aggregate.failures + aggregate.deadLetters > 0;
  const complete = stageTimes.every((t) => t !== null);
  const status: InstanceStatus = failedForGood ? "failed" : complete ? "completed" : everFailed ? "recovered" : "open";
  const businessHours = override?.businessHours ?? spec.sla.businessHours;
  const ctx = { wf, plant, triggerTime, stageTimes, failed: failedForGood, now, clock, latency };

  const endToEnd = evaluateTarget({ kind: "end_to_end", index: wf.untilIndex, targetMs: override?.targetMs ?? spec.sla.targetMs, businessHours }, ctx);
  const stageTargets = spec.stages.flatMap((s, index) => {
    const targetMs = override?.stageTargets[s.key] ?? s.targetMs;
    return targetMs === undefined ? [] : [evaluateTarget({ kind: "stage", index, targetMs, businessHours }, ctx)];
  });

  // Each stage's own latency: from the latest completion before it (or the trigger).
  let previous = triggerTime;
  const stageMs = stageTimes.map((t) => {
    if (t === null) return -1;
    const ms = Math.max(0, t - previous);
    previous = Math.max(previous, t);
    return ms;
  });
  const decided = endToEnd.state === "met" || endToEnd.state === "breached";
  const outcome = decided
    ? {
        decidedAt: endToEnd.state === "met" ? endToEnd.reachedAt! : endToEnd.deadline,
        met: endToEnd.state === "met",
        latencyMs: endToEnd.reachedAt !== null ? endToEnd.reachedAt - triggerTime : -1,
        stageMs,
      }
    : null;
  const checks = [endToEnd, ...stageTargets].map((t) => t.nextCheckAt).filter((t): t is number => t !== null);
  const currentIndex = stageTimes.findIndex((t) => t === null);
  return {
    correlationId: aggregate.correlationId,
    workflow: wf.key,
    version: wf.version,
    name: spec.name,
    plant,
    triggerTime,
    status,
    stages: spec.stages.map((s, i) => ({ key: s.key, label: s.label, system: s.system, at: stageTimes[i] ?? null })),
    currentStage: currentIndex >= 0 ? spec.stages[currentIndex]!.key : "",
    endToEnd,
    stageTargets,
    outcome,
    nextCheckAt: checks.length > 0 ? Math.min(...checks) : null,
    failures: aggregate.failures,
    retries: aggregate.retries,
    deadLetters: aggregate.deadLetters,
    lots: aggregate.lots,
    orders: aggregate.orders,
    lastEventAt: aggregate.lastTime,
  };
}

function evaluateMissingResponse(versions: readonly CompiledMissingResponse[], aggregate: InstanceAggregate, now: number): MissingResponseEvaluation | null {
  let requestAt: number | null = null;
  for (const v of versions) {
    const t = firstMatch(aggregate, v.request);
    if (t !== null && (requestAt === null || t < requestAt)) requestAt = t;
  }
  if (requestAt === null) return null;
  const def = versionAt(versions, requestAt);
  if (!def?.enabled) return null;
  if (def.spec.plants.length > 0 && !def.spec.plants.includes(aggregate.plant)) return null;
  const deadline = requestAt + def.spec.withinMs;
  const responseAt = firstMatch(aggregate, def.response);
  const state = responseAt !== null ? (responseAt > deadline ? "late" : "answered") : now >= deadline ? "missing" : "pending";
  return {
    key: def.key,
    version: def.version,
    name: def.spec.name,
    correlationId: aggregate.correlationId,
    plant: aggregate.plant,
    requestAt,
    deadline,
    responseAt,
    state,
    nextCheckAt: state === "pending" ? deadline : null,
  };
}

/** Every request/response non-event the instance is subject to. */
export function evaluateMissingResponses(aggregate: InstanceAggregate, definitions: CompiledDefinitions, now: number): MissingResponseEvaluation[] {
  return definitions.missingResponses.flatMap((versions) => {
    const e = evaluateMissingResponse(versions, aggregate, now);
    return e ? [e] : [];
  });
}
