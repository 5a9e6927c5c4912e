import "server-only";
import type { AlertSignal } from "../../lib/alerts/signal";
import { businessClock } from "../../lib/slas/business-clock";
import { loadEngineDefinitions } from "../../lib/workflows/engine-definitions";
import type { Job, JobContext } from "../jobs";
import { createSlaEngine, type CycleReport } from "./sla-engine";

export type Notify = (signals: AlertSignal[], now: Date) => Promise<unknown>;

export interface SlaJobOptions {
  intervalMs: number;
  /** Builds alerting for this process once, from the job's stores; absent: breaches are recorded, nobody is told. */
  notifier?: (ctx: JobContext & { db: NonNullable<JobContext["db"]> }) => Notify;
}

/**
 * The SLA evaluator as a scheduled job: definitions and plant calendars are read from Postgres
 * each cycle (an admin's edit applies from the next one), deadlines count business hours where a
 * target asks for it, and firing or resolved conditions go to alerting. The engine is built on
 * the first run, so its caches live as long as the process.
 */
export function slaEvaluatorJob(options: SlaJobOptions): Job & { lastCycle(): CycleReport | null } {
  let engine: ReturnType<typeof createSlaEngine> | null = null;
  let last: CycleReport | null = null;
  return {
    name: "sla-evaluator",
    intervalMs: options.intervalMs,
    lastCycle: () => last,
    async run(ctx) {
      const { db } = ctx;
      if (!db) throw new Error("the SLA evaluator needs the relational database (definitions and calendars live there)");
      engine ??= createSlaEngine({
        clickhouse: ctx.clickhouse,
        definitions: () => loadEngineDefinitions(db, { onInvalid: (what, message) => ctx.log(`sla: ${what} is not a valid definition and is skipped: ${message}`) }),
        clock: businessClock,
        notify: options.notifier?.({ ...ctx, db }),
        log: ctx.log,
      });
      last = await engine.cycle(Date.now());
    },
  };
}
