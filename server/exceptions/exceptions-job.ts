import "server-only";
import { DEFAULT_CYCLE, runExceptionsCycle, type CycleOptions, type CycleReport } from "../../lib/exceptions/exceptions-cycle";
import type { Job } from "../jobs";

/**
 * The exceptions job: keeps the inbox's groups in Postgres in step with the failures, breaches
 * and dead letters ClickHouse holds, reading each after its watermark (docs/exceptions.md).
 */
export function exceptionsJob(intervalMs: number, options: CycleOptions = DEFAULT_CYCLE): Job & { lastCycle(): CycleReport | null } {
  let last: CycleReport | null = null;
  return {
    name: "exceptions",
    intervalMs,
    lastCycle: () => last,
    async run(ctx) {
      if (!ctx.db) throw new Error("the exceptions job needs the relational database (groups and their lifecycle live there)");
      last = await runExceptionsCycle(ctx.clickhouse, ctx.db, new Date(), options);
    },
  };
}
