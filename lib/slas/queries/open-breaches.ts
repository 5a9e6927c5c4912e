import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { z } from "zod";
import { PLANT_SCOPE_SQL } from "../../clickhouse/query";
import { chTimeToIso } from "../../clickhouse/time";
import { select } from "./select";

export interface OpenBreach {
  breachId: string;
  kind: "end_to_end" | "stage" | "missing_response" | "volume" | "burn_rate";
  severity: string;
  definition: string;
  plant: string;
  stage: string;
  correlationId: string;
  startedAt: string;
  overByMs: number;
  summary: string;
}

const params = z.object({ scopeAll: z.union([z.literal(0), z.literal(1)]), scopePlants: z.array(z.string().max(100)).max(500), limit: z.number().int().min(1).max(1000) });

// Burn-rate alerts first (a whole SLO is burning), then the oldest breaches: the longest-standing is the one to chase.
const SQL = `SELECT breach_id, kind, severity, definition, plant, stage, correlation_id, started_at, over_by_ms, summary
FROM sla_breaches FINAL
WHERE status = 'open' AND ${PLANT_SCOPE_SQL}
ORDER BY kind = 'burn_rate' DESC, started_at ASC
LIMIT {limit:UInt32}`;

/** Breaches and burn-rate alerts still open, in the caller's plants. */
export async function openBreaches(ch: ClickHouseClient, scope: { scopeAll: 0 | 1; scopePlants: string[] }, limit = 200): Promise<OpenBreach[]> {
  const rows = await select<Record<string, string>, typeof params>(ch, "slas-open-breaches", SQL, params, { ...scope, limit });
  return rows.map((r) => ({
    breachId: r.breach_id!,
    kind: r.kind as OpenBreach["kind"],
    severity: r.severity!,
    definition: r.definition!,
    plant: r.plant!,
    stage: r.stage!,
    correlationId: r.correlation_id!,
    startedAt: chTimeToIso(r.started_at!),
    overByMs: Number(r.over_by_ms),
    summary: r.summary!,
  }));
}
