import type { ClickHouseClient } from "@clickhouse/client";
import type { EngineDefinitions } from "../../lib/workflows/engine-definitions";
import type { AlertSignal } from "../../lib/alerts/signal";
import { metrics } from "../../lib/metrics";
import { instanceBreaches, missingResponseBreach, type BreachRecord } from "../../lib/slas/breaches";
import { burnTransitions } from "../../lib/slas/burn-breaches";
import { attainment, budgetRemaining, burnRate, type BurnWindow } from "../../lib/slas/burn-rate";
import { BURN_LOOKBACK_MS, createBurnWindows, type BurnWindows, type DecidedOutcome } from "../../lib/slas/burn-windows";
import { compileDefinitions, versionAt, type CompiledDefinitions } from "../../lib/slas/compiled-definitions";
import { evaluateInstance, evaluateMissingResponses, type InstanceEvaluation, type SlaClock, type StageLatency } from "../../lib/slas/evaluate-instance";
import { createDailyTotals, type DailyTotals } from "../../lib/slas/daily-totals";
import { eventMatchPatterns } from "../../lib/slas/event-predicate";
import { candidateIds, loadInstanceAggregates } from "../../lib/slas/instance-aggregates";
import { breachSignal } from "../../lib/slas/signals";
import { dailyTotals, plantsSending, recentOutcomes, recomputeDaily, stageLatencies, volumeCounts } from "../../lib/slas/sla-rollups";
import { breachesById, dropFromWorklist, openBreachIds, openBreaches, openBreachesDigest, readWatermark, sameOpenBreaches, upsertBreaches, writeInstanceStates, writeOutcomes, writePendingChecks, writeWatermark, type StoredBreach } from "../../lib/slas/sla-writes";
import { judgeVolume, lastCompleteWindow, volumeTransitions, type VolumeSpec } from "../../lib/slas/volume-non-events";
import type { BusinessCalendar, DefinitionVersion, NonEventSpec } from "../../lib/workflows/definition-spec";


export interface SlaEngineDeps {
  clickhouse: ClickHouseClient;
  definitions: () => Promise<EngineDefinitions>;
  clock: (calendars: readonly BusinessCalendar[]) => SlaClock;
  /** Called each cycle with every firing condition and those resolved in the cycle. */
  notify?: (signals: AlertSignal[], now: Date) => Promise<unknown>;
  log: (message: string) => void;
  /** Ids judged per read; bounds memory on a catch-up over millions of instances. */
  batchSize?: number;
  /** How far back each cycle looks for changes (an insert's rows carry its start time but show at its end). */
  visibilityMarginMs?: number;
}

export interface CycleReport {
  at: string;
  candidates: number;
  evaluated: number;
  opened: number;
  closed: number;
  firing: number;
  durationMs: number;
  phasesMs: Record<string, number>;
}

/** An open breach as the engine holds it, with what each cycle hands on built once. */
interface OpenEntry {
  breach: StoredBreach;
  signal: AlertSignal;
  /** Its series of lotline_sla_open_breaches. */
  gauge: { key: string; labels: { workflow: string; plant: string; kind: string } };
}

function openEntry(b: StoredBreach): OpenEntry {
  return { breach: b, signal: breachSignal(b), gauge: { key: `${b.definition}\u001f${b.plant}\u001f${b.kind}`, labels: { workflow: b.definition, plant: b.plant, kind: b.kind } } };
}

/** Events ingested just before a cycle may become visible just after it: look back this far by default. */
const VISIBILITY_MARGIN_MS = 30_000;
const LATENCY_REFRESH_MS = 5 * 60_000;
const LATENCY_MIN_SAMPLES = 20;
/** Today's rollup row is recounted at most this often; other days as soon as they change. */
const DAILY_REFRESH_MS = 60_000;
const PLANTS_REFRESH_MS = 5 * 60_000;
/** How often the open breaches held in memory are checked against the store (cheaply, by id). */
const OPEN_RESYNC_MS = 5 * 60_000;
const ATTAINMENT_DAYS = [1, 7, 30, 90];
const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The SLA evaluator: each cycle judges the instances that changed or fell due, records breach
 * transitions, refreshes rollups, budgets and burn rates, and hands the firing conditions to
 * alerting. State between cycles is a watermark in ClickHouse, so a restart resumes where it
 * stopped and a missed cycle is caught up by the next.
 *
 * What a cycle needs beyond the instances it judges — the open breaches, the outcomes of the
 * burn-rate windows, the daily totals behind the SLO gauges — is read from the store once and
 * then kept current in memory from what the engine itself writes, since it is their one writer:
 * re-reading them every cycle cost more than judging, and grew with history. Open breaches are
 * checked against the store by id every few minutes (retention removes old ones); a cycle that
 * fails forgets all of it, so the next one starts from the store again.
 */
export function createSlaEngine(deps: SlaEngineDeps) {
  const ch = deps.clickhouse;
  const batchSize = deps.batchSize ?? 5_000;
  const margin = deps.visibilityMarginMs ?? VISIBILITY_MARGIN_MS;
  let watermark: number | null | undefined;
  let latency: { at: number; byStage: Map<string, { p95: number; samples: number }> } | null = null;
  // Rollup groups written since the last recount: every combination of these days, workflows and plants is recounted.
  const dailyPending = { days: new Set<string>(), workflows: new Set<string>(), plants: new Set<string>() };
  let dailyFlushedAt = 0;
  let open: Map<string, OpenEntry> | null = null;
  let openSyncedAt = 0;
  let slo: { burns: BurnWindows; daily: DailyTotals } | null = null;
  let plantsCache = new Map<string, { at: number; plants: string[] }>();
  const volumeWindowsDone = new Map<string, number>();
  let lastReport: CycleReport | null = null;

  async function stageLatency(now: number): Promise<StageLatency> {
    if (!latency || now - latency.at > LATENCY_REFRESH_MS) latency = { at: now, byStage: await stageLatencies(ch, 7) };
    const byStage = latency.byStage;
    return {
      p95: (workflow, stage) => {
        const s = byStage.get(`${workflow}/${stage}`);
        return s && s.samples >= LATENCY_MIN_SAMPLES ? s.p95 : undefined;
      },
    };
  }

  async function judgeInstances(defs: CompiledDefinitions, clock: SlaClock, now: number, phases: Record<string, number>, burns: BurnWindows) {
    const since = watermark ?? 0;
    let t0 = performance.now();
    // Every check the previous cycle stored lies after its `now`, which is the watermark, and stored
    // rows are visible once written: only ingest needs the look-back.
    const ids = await candidateIds(ch, { changedSince: since - margin, dueFrom: since, dueTo: now });
    phases.candidates = performance.now() - t0;
    const stageLat = await stageLatency(now);
    let evaluated = 0;
    const opened: StoredBreach[] = [];
    const closed: StoredBreach[] = [];
    for (let i = 0; i < ids.length; i += batchSize) {
      t0 = performance.now();
      const aggregates = await loadInstanceAggregates(ch, ids.slice(i, i + batchSize), { linked: defs.needsLinkedEvents });
      phases.load = (phases.load ?? 0) + performance.now() - t0;
      t0 = performance.now();
      const evaluations: InstanceEvaluation[] = [];
      const nextChecks = new Map<string, number>();
      const pending: Parameters<typeof writePendingChecks>[1][number][] = [];
      const breaches: BreachRecord[] = [];
      for (const a of aggregates) {
        const e = evaluateInstance(a, defs, clock, stageLat, now);
        const responses = evaluateMissingResponses(a, defs, now);
        const checks = [e?.nextCheckAt ?? null, ...responses.map((r) => r.nextCheckAt)].filter((c): c is number => c !== null);
        const next = checks.length > 0 ? Math.min(...checks) : null;
        if (e) {
          evaluations.push(e);
          breaches.push(...instanceBreaches(e));
          if (next !== null) nextChecks.set(a.correlationId, next);
        } else if (next !== null) {
          pending.push({ correlationId: a.correlationId, plant: a.plant, firstTime: a.firstTime, lastTime: a.lastTime, nextCheckAt: next });
        }
        for (const r of responses) {
          const b = missingResponseBreach(r, now);
          if (b) breaches.push(b);
        }
      }
      evaluated += evaluations.length;
      phases.evaluate = (phases.evaluate ?? 0) + performance.now() - t0;
      t0 = performance.now();
      const prior = await breachesById(
        ch,
        breaches.map((b) => b.breachId),
      );
      const changes = await upsertBreaches(ch, breaches, prior, now);
      opened.push(...changes.opened);
      closed.push(...changes.closed);
      await writeInstanceStates(ch, evaluations, nextChecks, now);
      await dropFromWorklist(ch, evaluations);
      await writePendingChecks(ch, pending, now);
      const outcomes = await writeOutcomes(ch, evaluations, now);
      burns.record(outcomes, now);
      addPending(outcomes);
      phases.write = (phases.write ?? 0) + performance.now() - t0;
    }
    return { candidates: ids.length, evaluated, opened, closed };
  }

  function addPending(outcomes: readonly DecidedOutcome[]) {
    for (const o of outcomes) {
      dailyPending.days.add(o.day);
      dailyPending.workflows.add(o.workflow);
      dailyPending.plants.add(o.plant);
    }
  }

  async function flushDaily(now: number, phases: Record<string, number>, daily: DailyTotals) {
    const today = dayOf(now);
    const onlyToday = [...dailyPending.days].every((d) => d === today);
    if (dailyPending.days.size === 0 || (onlyToday && now - dailyFlushedAt < DAILY_REFRESH_MS)) return;
    const t0 = performance.now();
    const groups = { days: [...dailyPending.days].sort(), workflows: [...dailyPending.workflows], plants: [...dailyPending.plants] };
    await recomputeDaily(ch, groups, now);
    daily.set(await dailyTotals(ch, groups.days[0]!, groups));
    for (const set of Object.values(dailyPending)) set.clear();
    dailyFlushedAt = now;
    phases.daily = performance.now() - t0;
  }

  /** The open breaches as stored: read whole once, then checked against a digest of the store every few minutes and re-synced by id when it differs. */
  async function openNow(now: number): Promise<Map<string, OpenEntry>> {
    if (!open) {
      open = new Map((await openBreaches(ch)).map((b) => [b.breachId, openEntry(b)]));
      openSyncedAt = now;
    } else if (now - openSyncedAt >= OPEN_RESYNC_MS) {
      openSyncedAt = now;
      if (!sameOpenBreaches(await openBreachesDigest(ch), open.keys())) {
        const ids = new Set(await openBreachIds(ch));
        for (const id of open.keys()) if (!ids.has(id)) open.delete(id);
        const missing = [...ids].filter((id) => !open!.has(id));
        for (const b of (await breachesById(ch, missing)).values()) if (b.status === "open") open.set(b.breachId, openEntry(b));
      }
    }
    return open;
  }

  /** Burn-window outcomes and daily totals as stored: read once, then fed with what this engine writes. */
  async function sloState(now: number, phases: Record<string, number>) {
    if (!slo) {
      const t0 = performance.now();
      const burns = createBurnWindows();
      burns.record(await recentOutcomes(ch, now - BURN_LOOKBACK_MS), now);
      const daily = createDailyTotals();
      daily.set(await dailyTotals(ch, dayOf(now - (Math.max(...ATTAINMENT_DAYS) - 1) * DAY_MS)));
      slo = { burns, daily };
      phases.sloLoad = performance.now() - t0;
    }
    return slo;
  }

  async function judgeVolumes(defs: EngineDefinitions, now: number, open: readonly StoredBreach[]): Promise<{ opened: StoredBreach[]; closed: StoredBreach[] }> {
    const latest = new Map<string, DefinitionVersion<NonEventSpec>>();
    for (const d of defs.nonEvents) if (d.spec.kind === "volume" && (latest.get(d.key)?.version ?? -1) < d.version) latest.set(d.key, d);
    const prior = new Map(open.map((b) => [b.breachId, b]));
    const transitions: BreachRecord[] = [];
    for (const def of latest.values()) {
      const spec = def.spec as VolumeSpec;
      const openForDef = new Map(open.filter((b) => b.definition === spec.key).map((b) => [b.plant, b]));
      // A disabled definition closes what it had open.
      if (!def.enabled) {
        transitions.push(...[...openForDef.values()].map((b) => ({ ...b, status: "closed" as const, endedAt: now })));
        continue;
      }
      const window = lastCompleteWindow(spec.windowMs, now);
      if (volumeWindowsDone.get(spec.key) === window.start) continue;
      const patterns = eventMatchPatterns(spec.match);
      let cached = plantsCache.get(spec.key);
      if (!cached || now - cached.at >= PLANTS_REFRESH_MS) plantsCache.set(spec.key, (cached = { at: now, plants: await plantsSending(ch, patterns, now) }));
      const counts = await volumeCounts(ch, patterns, window);
      transitions.push(...volumeTransitions(spec, window, judgeVolume(spec, cached.plants, counts), openForDef));
      volumeWindowsDone.set(spec.key, window.start);
    }
    return upsertBreaches(ch, transitions, prior, now);
  }

  async function judgeBurns(compiled: CompiledDefinitions, now: number, open: readonly StoredBreach[], burns: BurnWindows) {
    const objectives = new Map<string, { objective: number; name: string }>();
    for (const versions of compiled.workflows) {
      const current = versionAt(versions, now);
      if (current) objectives.set(current.key, { objective: current.spec.sla.objective, name: current.spec.name });
    }
    const counts = burns.counts(now);
    const keys = new Map<string, { workflow: string; plant: string }>();
    for (const c of counts) keys.set(`${c.workflow}\u001f${c.plant}`, c);
    for (const b of open) keys.set(`${b.definition}\u001f${b.plant}`, { workflow: b.definition, plant: b.plant });
    const transitions: BreachRecord[] = [];
    for (const { workflow, plant } of keys.values()) {
      const slo = objectives.get(workflow);
      const windows = counts.find((c) => c.workflow === workflow && c.plant === plant)?.windows ?? null;
      const openHere = open.filter((b) => b.definition === workflow && b.plant === plant);
      transitions.push(...burnTransitions({ workflow, name: slo?.name ?? workflow, plant, objective: slo?.objective ?? 0.99, windows: slo ? windows : null }, openHere, now));
    }
    const changes = await upsertBreaches(ch, transitions, new Map(open.map((b) => [b.breachId, b])), now);
    return { ...changes, counts, objectives };
  }

  function publishMetrics(now: number, burns: Awaited<ReturnType<typeof judgeBurns>>, daily: DailyTotals, firing: Iterable<OpenEntry>) {
    // Nothing here may yield between the reset and the last set, or a scrape in between sees no
    // SLO series at all (Prometheus marks them stale and `for:` alerts start over).
    const attained = daily.counts(ATTAINMENT_DAYS, now);
    const m = metrics();
    for (const g of [m.sloAttainment, m.sloBudgetRemaining, m.sloBurnRate, m.slaOpenBreaches, m.sloObjective]) g.reset();
    for (const [workflow, { objective }] of burns.objectives) m.sloObjective.set({ workflow }, objective);
    for (const a of attained) {
      const objective = burns.objectives.get(a.workflow)?.objective ?? 0.99;
      for (const [window, counts] of Object.entries(a.windows)) {
        const att = attainment(counts);
        const left = budgetRemaining(counts, objective);
        if (att !== null) m.sloAttainment.set({ workflow: a.workflow, plant: a.plant, window }, att);
        if (left !== null) m.sloBudgetRemaining.set({ workflow: a.workflow, plant: a.plant, window }, left);
      }
    }
    for (const c of burns.counts) {
      const objective = burns.objectives.get(c.workflow)?.objective ?? 0.99;
      for (const [window, counts] of Object.entries(c.windows) as [BurnWindow, { total: number; bad: number }][]) {
        const rate = burnRate(counts, objective);
        if (rate !== null) m.sloBurnRate.set({ workflow: c.workflow, plant: c.plant, window }, rate);
      }
    }
    // Counted first: one gauge update per series instead of one per breach.
    const perSeries = new Map<string, { labels: OpenEntry["gauge"]["labels"]; n: number }>();
    for (const { gauge } of firing) {
      const series = perSeries.get(gauge.key);
      if (series) series.n += 1;
      else perSeries.set(gauge.key, { labels: gauge.labels, n: 1 });
    }
    for (const { labels, n } of perSeries.values()) m.slaOpenBreaches.set(labels, n);
  }

  let prepared: { key: string; compiled: CompiledDefinitions; clock: SlaClock } | null = null;

  async function cycle(nowMs = Date.now()): Promise<CycleReport> {
    try {
      return await runCycle(nowMs);
    } catch (error) {
      // Some of the cycle's writes may have landed without their effect on the state in memory.
      open = null;
      slo = null;
      throw error;
    }
  }

  async function runCycle(nowMs: number): Promise<CycleReport> {
    const started = performance.now();
    const phases: Record<string, number> = {};
    const defs = await deps.definitions();
    // Definitions are read every cycle but rarely change: recompiling would throw away the
    // predicates' and the business clock's memos every 15 s.
    const defsKey = JSON.stringify(defs);
    if (prepared?.key !== defsKey) prepared = { key: defsKey, compiled: compileDefinitions(defs.workflows, defs.nonEvents), clock: deps.clock(defs.calendars) };
    const { compiled, clock } = prepared;
    if (watermark === undefined) watermark = await readWatermark(ch);

    let t0 = performance.now();
    const openMap = await openNow(nowMs);
    // Only these kinds are judged as a whole each cycle; instance breaches are looked up by id.
    const openOf = { volume: [] as StoredBreach[], burn_rate: [] as StoredBreach[] };
    for (const { breach } of openMap.values()) if (breach.kind === "volume" || breach.kind === "burn_rate") openOf[breach.kind].push(breach);
    phases.open = performance.now() - t0;
    const { burns: burnWindows, daily } = await sloState(nowMs, phases);

    const instances = await judgeInstances(compiled, clock, nowMs, phases, burnWindows);
    await flushDaily(nowMs, phases, daily);
    t0 = performance.now();
    const volumes = await judgeVolumes(
      defs,
      nowMs,
      openOf.volume,
    );
    phases.volume = performance.now() - t0;
    t0 = performance.now();
    const burns = await judgeBurns(
      compiled,
      nowMs,
      openOf.burn_rate,
      burnWindows,
    );
    phases.burn = performance.now() - t0;

    t0 = performance.now();
    const resolved = [...instances.closed, ...volumes.closed, ...burns.closed];
    for (const b of [...instances.opened, ...volumes.opened, ...burns.opened]) openMap.set(b.breachId, openEntry(b));
    for (const b of resolved) openMap.delete(b.breachId);
    publishMetrics(nowMs, burns, daily, openMap.values());
    phases.metrics = performance.now() - t0;
    if (deps.notify) {
      t0 = performance.now();
      const signals: AlertSignal[] = [];
      for (const { signal } of openMap.values()) signals.push(signal);
      for (const b of resolved) signals.push(breachSignal(b));
      try {
        await deps.notify(signals, new Date(nowMs));
      } catch (error) {
        deps.log(`sla: notifying failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      phases.notify = performance.now() - t0;
    }
    await writeWatermark(ch, nowMs, nowMs);
    watermark = nowMs;

    const durationMs = Math.round(performance.now() - started);
    const m = metrics();
    m.slaCycleSeconds.set(durationMs / 1000);
    m.slaCycleInstances.set(instances.evaluated);
    lastReport = {
      at: new Date(nowMs).toISOString(),
      candidates: instances.candidates,
      evaluated: instances.evaluated,
      opened: instances.opened.length + volumes.opened.length + burns.opened.length,
      closed: resolved.length,
      firing: openMap.size,
      durationMs,
      phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)])),
    };
    return lastReport;
  }

  return {
    cycle,
    lastReport: () => lastReport,
    /** Forgets in-memory caches and state (stage latencies, plants, volume windows, compiled definitions, open breaches, burn windows, daily totals), as a restart would. */
    reset() {
      watermark = undefined;
      latency = null;
      open = null;
      slo = null;
      plantsCache = new Map();
      volumeWindowsDone.clear();
      prepared = null;
    },
  };
}

export type SlaEngine = ReturnType<typeof createSlaEngine>;
