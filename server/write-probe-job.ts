import "server-only";
import { initialWriteProbeStatus, nextWriteProbeStatus, probeWriteReadback, type WriteProbeStatus } from "../lib/clickhouse/write-probe";
import { metrics } from "../lib/metrics";
import type { Job } from "./jobs";

/**
 * The write-readback self-check as a scheduled job. A failed check fails the run, so the job's
 * status (and health) turns red with it; the probe's own status keeps its history for /api/health.
 */
export function writeProbeJob(intervalMs: number): Job & { status(): WriteProbeStatus } {
  let status = initialWriteProbeStatus();
  return {
    name: "write-readback",
    intervalMs,
    status: () => status,
    async run({ clickhouse }) {
      const result = await probeWriteReadback(clickhouse);
      status = nextWriteProbeStatus(status, result, new Date());
      const m = metrics();
      m.writeReadbackOk.set(result.ok ? 1 : 0);
      m.writeReadbackSeconds.set(result.latencyMs / 1000);
      if (!result.ok) {
        m.writeReadbackFailures.inc();
        throw new Error(`write-readback self-check failed: ${result.error}`);
      }
    },
  };
}
