import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { z } from "zod";
import { chTimeToIso } from "../../clickhouse/time";
import { BLOCKED_WORDS, divergenceOf, latestBySystem, RELEASED_WORDS, STOCK_RECEIPT_WORDS, STOCK_SYSTEM, type StatusChange } from "../../lots/divergence";
import { select } from "./select";

export interface LotException {
  lotId: string;
  plant: string;
  /** Systems whose latest word blocks the lot, each since when. */
  blocked: { system: string; status: string; since: string }[];
  /** Held since the first blocking system's word; the systems disagree when another releases it. */
  heldSince: string;
  divergent: boolean;
  divergentSince: string | null;
  releasedIn: string[];
}

const params = z.object({
  blocked: z.array(z.string()),
  positional: z.array(z.string()),
  receipts: z.array(z.string()),
  stockSystem: z.string(),
  scopeAll: z.union([z.literal(0), z.literal(1)]),
  scopePlants: z.array(z.string().max(100)).max(500),
  limit: z.number().int().min(1).max(5000),
});

// Only words that take a position count (lib/lots/divergence.ts); a lot qualifies when some
// system's latest such word blocks it. Its positional history then comes back whole, so
// "since when" is judged by the same code as the lot page. A lot without a home plant is no one's to hide.
const POSITIONAL = `(lower(status) IN {positional:Array(String)} OR (source_system = {stockSystem:String} AND lower(status) IN {receipts:Array(String)}))`;
const SQL = `SELECT h.lot_id AS lot, any(home.home_plant) AS home_plant, groupArray((h.source_system, h.status, h.time)) AS hist
FROM (SELECT lot_id, source_system, status, time FROM lot_status_history WHERE ${POSITIONAL} AND lot_id IN (
        SELECT lot_id FROM (SELECT lot_id, source_system, argMax(lower(status), time) AS latest FROM lot_status_history WHERE ${POSITIONAL} GROUP BY lot_id, source_system)
        WHERE latest IN {blocked:Array(String)})
      ORDER BY time LIMIT 1 BY lot_id, source_system, time, status) AS h
LEFT JOIN (SELECT lot_id, tupleElement(home, 3) AS home_plant FROM lot_home FINAL) AS home ON home.lot_id = h.lot_id
GROUP BY lot
HAVING home_plant = '' OR {scopeAll:UInt8} = 1 OR home_plant IN {scopePlants:Array(String)}
LIMIT {limit:UInt32}`;

/** Lots held in some system now, with whether another system still releases them, oldest hold first. */
export async function lotExceptions(ch: ClickHouseClient, scope: { scopeAll: 0 | 1; scopePlants: string[] }, now: number, limit = 1000): Promise<LotException[]> {
  const rows = await select<{ lot: string; home_plant: string; hist: [string, string, string][] }, typeof params>(ch, "slas-lot-exceptions", SQL, params, {
    blocked: [...BLOCKED_WORDS],
    positional: [...BLOCKED_WORDS, ...RELEASED_WORDS],
    receipts: [...STOCK_RECEIPT_WORDS],
    stockSystem: STOCK_SYSTEM,
    ...scope,
    limit,
  });
  const out: LotException[] = [];
  for (const r of rows) {
    const history: StatusChange[] = r.hist.map(([system, status, time]) => ({ system, status, time: chTimeToIso(time) })).sort((a, b) => a.time.localeCompare(b.time));
    const latest = latestBySystem(history);
    const blocked = Object.entries(latest)
      .filter(([, s]) => s.position === "blocked")
      .map(([system, s]) => ({ system, status: s.status, since: s.since }))
      .sort((a, b) => a.since.localeCompare(b.since));
    if (blocked.length === 0) continue;
    const d = divergenceOf(history, now);
    out.push({ lotId: r.lot, plant: r.home_plant, blocked, heldSince: blocked[0]!.since, divergent: d.divergent, divergentSince: d.since, releasedIn: d.releasedIn });
  }
  return out.sort((a, b) => a.heldSince.localeCompare(b.heldSince));
}
