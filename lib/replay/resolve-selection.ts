import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import type { Actor } from "../auth/actor";
import { plantScope, PLANT_SCOPE_SQL, runQuery } from "../clickhouse/query";
import { idChunks } from "../clickhouse/id-chunks";
import { toClickHouseTime } from "../clickhouse/time";
import { GENEALOGY_MAX_DEPTH, walkGenealogy } from "../genealogy/trace-genealogy";
import { getGenealogyEdges } from "../queries/get-genealogy-edges";
import { lookupMessages, messageKey, type ReplayMessage } from "./message-lookup";
import { REPLAY_MAX_MESSAGES, type ReplaySelection } from "./selection";

type Pair = { correlationId: string; messageId: string };

export interface ResolvedSelection {
  pairs: Pair[];
  messages: Map<string, ReplayMessage>;
  /** More messages matched than one task may hold; the first REPLAY_MAX_MESSAGES are kept. */
  truncated: boolean;
}

const FAILED_STATUSES = ["failed", "dead_lettered"];

/** The failed messages on some correlation ids, oldest first. */
async function failedPairsOf(ch: ClickHouseClient, correlationIds: string[], actor: Actor): Promise<Pair[]> {
  const out: Pair[] = [];
  for (const ids of idChunks(correlationIds)) {
    const rows = await runQuery<Pair>(
      ch,
      "replay-failed-of-traces",
      `SELECT correlation_id AS correlationId, message_id AS messageId FROM events
       WHERE correlation_id IN {ids:Array(String)} AND message_id != '' AND status IN {statuses:Array(String)} AND ${PLANT_SCOPE_SQL}
       GROUP BY correlation_id, message_id ORDER BY min(time), message_id`,
      { ids, statuses: FAILED_STATUSES, ...plantScope(actor.plants) },
    );
    out.push(...rows);
  }
  return out;
}

async function candidatePairs(ch: ClickHouseClient, selection: ReplaySelection, actor: Actor): Promise<Pair[]> {
  if (selection.kind === "messages") return selection.messages;
  if (selection.kind === "lot") {
    const lots = selection.descendants
      ? [...(await walkGenealogy((d, l) => getGenealogyEdges(ch, d, l), selection.lotId, "forward", GENEALOGY_MAX_DEPTH)).depths.keys()]
      : [selection.lotId];
    const correlationIds: string[] = [];
    for (const chunk of idChunks(lots)) {
      const rows = await runQuery<{ correlationId: string }>(
        ch,
        "replay-lot-traces",
        `SELECT DISTINCT correlation_id AS correlationId FROM events_by_lot WHERE lot_id IN {lots:Array(String)} AND ${PLANT_SCOPE_SQL}`,
        { lots: chunk, ...plantScope(actor.plants) },
      );
      correlationIds.push(...rows.map((r) => r.correlationId));
    }
    return failedPairsOf(ch, [...new Set(correlationIds)], actor);
  }
  const f = selection.filter;
  return runQuery<Pair>(
    ch,
    "replay-filter",
    `SELECT correlation_id AS correlationId, message_id AS messageId FROM events_failed
     WHERE message_id != '' AND ${PLANT_SCOPE_SQL}
       AND ({plant:String} = '' OR plant = {plant:String})
       AND time >= parseDateTime64BestEffort({from:String}, 3, 'UTC') AND time <= parseDateTime64BestEffort({to:String}, 3, 'UTC')
     GROUP BY correlation_id, message_id ORDER BY min(time), message_id
     LIMIT {limit:UInt32}`,
    {
      ...plantScope(actor.plants),
      plant: f.plant ?? "",
      from: toClickHouseTime(f.from ? new Date(f.from) : 0),
      to: toClickHouseTime(f.to ? new Date(f.to) : Date.now() + 86_400_000),
      // Interface and system live in the payload: filtered after the lookup, so read generously.
      limit: REPLAY_MAX_MESSAGES * 4,
    },
  );
}

/**
 * The messages a selection names, each looked up once. A filter or lot selection keeps only
 * messages whose last outcome is one it asks for (failed or dead-lettered), matching its interface and system.
 */
export async function resolveSelection(ch: ClickHouseClient, selection: ReplaySelection, actor: Actor): Promise<ResolvedSelection> {
  const candidates = await candidatePairs(ch, selection, actor);
  const messages = await lookupMessages(ch, candidates);
  let pairs = candidates;
  if (selection.kind !== "messages") {
    const outcomes = new Set<string>(selection.kind === "filter" && selection.filter.outcome ? selection.filter.outcome : FAILED_STATUSES);
    const f = selection.kind === "filter" ? selection.filter : {};
    pairs = candidates.filter((p) => {
      const m = messages.get(messageKey(p.correlationId, p.messageId));
      if (!m || !outcomes.has(m.outcome)) return false;
      if (f.interface && m.interface !== f.interface) return false;
      if (f.system && m.from !== f.system && m.to !== f.system) return false;
      return true;
    });
  }
  const truncated = pairs.length > REPLAY_MAX_MESSAGES;
  return { pairs: truncated ? pairs.slice(0, REPLAY_MAX_MESSAGES) : pairs, messages, truncated };
}
