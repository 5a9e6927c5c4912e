// Seed data for `npm run bench:queries`: copies of a simulated hour, each re-keyed so every copy
// is a new set of workflow instances, lots and orders (an estate grows by new ids, not by
// more events per id), and a synthetic forward genealogy tree wide enough for the
// "8 levels reaching 10,000 lots" figure, which the simulator's BOM does not reach.
import { createHash } from "node:crypto";
import { simulateRange } from "../ingest/simulator/estate";
import type { CloudEvent } from "../lib/events/contract";

export interface Pool {
  /** The simulated hour, one serialised CloudEvent each, in time order. */
  events: string[];
  /** How far each copy is moved back in time: the pool's span, so copies follow each other. */
  spanMs: number;
  /** Per id family (L, SHP, PO): one more than the highest sequence number in the pool. */
  strides: Record<string, number>;
}

const SEQUENTIAL_ID = /\b(L|SHP|PO)-(P\d+)-(\d+)\b/g;

/** One hour of the five-plant estate at 600 workflow instances a minute (~258k events, ~5 s to simulate). */
export function simulatorPool(end: Date): Pool {
  const spanMs = 60 * 60_000;
  const events = simulateRange({ seed: 7, workflowsPerMinute: 600 }, new Date(end.getTime() - spanMs), end).map((e) => JSON.stringify(e));
  const strides: Record<string, number> = { L: 1, SHP: 1, PO: 1 };
  for (const json of events) {
    for (const m of json.matchAll(SEQUENTIAL_ID)) strides[m[1]!] = Math.max(strides[m[1]!]!, Number(m[3]) + 1);
  }
  return { events, spanMs, strides };
}

/** Per copy, eight 32-bit words to mask the random hex ids with; copy 0 keeps the simulator's own ids. */
export function copyMask(copy: number): number[] {
  if (copy === 0) return new Array<number>(8).fill(0);
  const digest = createHash("sha256").update(`lotline-bench-copy-${copy}`).digest();
  return Array.from({ length: 8 }, (_, i) => digest.readUInt32BE(i * 4));
}

/**
 * XOR, eight hex digits at a time, with the mask: a bijection on ids of one length, so a copy
 * has as many distinct ids as the pool, and the digits stay uniformly random for prefix search.
 */
function xorHex(hex: string, mask: readonly number[], word = 0): string {
  let out = "";
  for (let i = 0; i < hex.length; i += 8, word++) {
    const chunk = hex.slice(i, i + 8);
    const bits = chunk.length * 4;
    const m = bits === 32 ? mask[word % mask.length]! : mask[word % mask.length]! >>> (32 - bits);
    out += ((parseInt(chunk, 16) ^ m) >>> 0).toString(16).padStart(chunk.length, "0");
  }
  return out;
}

// Every id the simulator writes, wherever it appears: attributes, payload inputs and outputs,
// consumption lists, flagged work orders, and free text such as "lot L-P200-000003 released".
const IDS = /"time":"([^"]+)"|\b(L|SHP|PO)-(P\d+)-(\d+)\b|\b(evt|corr|msg)-([0-9a-f]+)\b|\b00-([0-9a-f]{32})-([0-9a-f]{16})-01\b|\bS(\d\d)-([0-9A-F]{6})\b/g;

/**
 * One pool event as it appears in copy `copy`: sequential ids (lots, shipments, orders) move
 * past the previous copies' numbers, random ids (events, correlations, messages, W3C traces,
 * supplier lots) are masked, and the time moves back by `copy` pool spans. The same id maps
 * to the same new id everywhere in a copy, so traces, genealogy and lot facts stay consistent.
 */
export function rekeyEvent(json: string, copy: number, pool: Pick<Pool, "spanMs" | "strides">, mask = copyMask(copy)): string {
  if (copy === 0) return json;
  const shift = copy * pool.spanMs;
  return json.replace(IDS, (match, time?: string, family?: string, plant?: string, seq?: string, kind?: string, hex?: string, traceId?: string, spanId?: string, supplierPrefix?: string, supplierHex?: string) => {
    if (time !== undefined) return `"time":"${new Date(Date.parse(time) - shift).toISOString()}"`;
    if (family !== undefined) return `${family}-${plant}-${String(copy * pool.strides[family]! + Number(seq)).padStart(seq!.length, "0")}`;
    if (kind !== undefined) return `${kind}-${xorHex(hex!, mask)}`;
    if (traceId !== undefined) return `00-${xorHex(traceId, mask)}-${xorHex(spanId!, mask, 4)}-01`;
    if (supplierHex !== undefined) return `S${supplierPrefix}-${xorHex(supplierHex.toLowerCase(), mask).toUpperCase()}`;
    return match;
  });
}

/** The simulator events of the seed, `batchSize` at a time: whole copies of the pool, the last one cut at `total`. */
export function* simulatorBatches(pool: Pool, total: number, batchSize: number): Generator<unknown[]> {
  let batch: unknown[] = [];
  for (let i = 0; i < total; i++) {
    const copy = Math.floor(i / pool.events.length);
    const json = pool.events[i % pool.events.length]!;
    batch.push(JSON.parse(rekeyEvent(json, copy, pool)));
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export const GENEALOGY_ROOT = "L-GEN-000000";
export const GENEALOGY_LEVELS = 8;
export const GENEALOGY_LOTS = 10_000;

/** Lots per level: fan-out 3 for seven levels (3 … 2,187), the eighth fills up to 10,000 lots below the root. */
function levelSizes(): number[] {
  const sizes = [1];
  for (let d = 1; d < GENEALOGY_LEVELS; d++) sizes.push(3 ** d);
  sizes.push(GENEALOGY_LOTS - sizes.slice(1).reduce((a, b) => a + b, 0));
  return sizes;
}

/**
 * A forward tree from one supplier lot: a receipt for the root, then one `mfg.lot.produced`
 * event per lot naming its parents as `inputs`, exactly what the genealogy views read. Every
 * seventh lot below level 1 is a merge with a second parent from the level above.
 */
export function genealogyTree(end: Date): CloudEvent[] {
  const sizes = levelSizes();
  const hour = 60 * 60_000;
  const base = end.getTime() - (GENEALOGY_LEVELS + 1) * hour;
  const ids: string[][] = [];
  let serial = 0;
  for (const size of sizes) ids.push(Array.from({ length: size }, () => `L-GEN-${String(serial++).padStart(6, "0")}`));
  const envelope = (n: number, time: number) => ({
    specversion: "1.0" as const,
    id: `evt-gen-${String(n).padStart(6, "0")}`,
    time: new Date(time).toISOString(),
    datacontenttype: "application/json",
    plant: "P100",
    correlationid: `corr-gen-${String(n).padStart(6, "0")}`,
  });
  const events: CloudEvent[] = [
    {
      ...envelope(0, base),
      source: "/plants/P100/erp",
      type: "mfg.lot.received",
      sourcesystem: "ERP",
      lotid: GENEALOGY_ROOT,
      data: { item: "RESIN-GEN-1", description: "Bench genealogy root", supplier: "Bench Polymers", supplierLot: "S00-GEN000", quantity: 100_000, uom: "KG" },
    },
  ];
  for (let d = 1; d < sizes.length; d++) {
    const parents = ids[d - 1]!;
    ids[d]!.forEach((lot, j) => {
      const p = Math.floor((j * parents.length) / ids[d]!.length);
      const inputs = [{ lotId: parents[p]!, quantity: 10, uom: "KG" }];
      if (d > 1 && j % 7 === 3) inputs.push({ lotId: parents[(p + 1) % parents.length]!, quantity: 5, uom: "KG" });
      events.push({
        ...envelope(events.length, base + d * hour + j),
        source: "/plants/P100/mes",
        type: "mfg.lot.produced",
        sourcesystem: "MES",
        lotid: lot,
        orderid: `PO-GEN-${parents[p]!.slice("L-GEN-".length)}`,
        data: { item: `ASSY-GEN-L${d}`, quantity: 10, uom: "EA", operation: inputs.length > 1 ? "merge" : "produce", inputs },
      });
    });
  }
  return events;
}

// ClickHouse-side growth for stores too large to seed through the ingest path in a sitting
// (100M events took ~90 min that way here): each copy of the simulator events already stored is
// inserted into the real `events` table with INSERT … SELECT, so every materialized view fires
// as on ingest. Ids are re-keyed with text rules ClickHouse can apply to every column and to the
// payload alike, so each copy is a new set of instances, lots and orders, consistent everywhere:
// `L-P100-000123` → `L-P100x3-000123`, `corr-9f…` → `corr-039f…` (two hex digits of the copy
// number in front), the same for W3C trace and span ids and supplier lots (`S12-03A1B2C3`).
// The genealogy tree is not copied. Prefixes of copied ids are therefore not uniformly random:
// the search figures of a grown store are not comparable with a store seeded through ingest.
const REKEY = (column: string) => `replaceRegexpAll(replaceRegexpAll(replaceRegexpAll(replaceRegexpAll(${column},
    '\\\\b(L|SHP|PO)-(P\\\\d+)-', concat('\\\\1-\\\\2x', toString({copy:UInt32}), '-')),
    '\\\\b(evt|corr|msg)-', concat('\\\\1-', {hex:String})),
    '\\\\b00-[0-9a-f]{2}([0-9a-f]{30})-[0-9a-f]{2}([0-9a-f]{14})-01\\\\b', concat('00-', {hex:String}, '\\\\1-', {hex:String}, '\\\\2-01')),
    '\\\\bS(\\\\d\\\\d)-([0-9A-F]{6})\\\\b', concat('S\\\\1-', upper({hex:String}), '\\\\2'))`;
const REKEY_HEX = (column: string) => `if(${column} = '', '', concat({hex:String}, substring(${column}, 3)))`;

/** `{rows:UInt64}` events of one re-keyed copy, `{copy:UInt32}` ≥ 1 with `{hex:String}` its two hex digits, moved back `{shiftMs:Int64}`. */
export const EVENTS_COPY_SQL = `INSERT INTO events SELECT * REPLACE (
    ${REKEY("event_id")} AS event_id,
    time - toIntervalMillisecond({shiftMs:Int64}) AS time,
    now64(3) AS ingested_at,
    ${REKEY("source")} AS source,
    ${REKEY("correlation_id")} AS correlation_id,
    ${REKEY_HEX("trace_id")} AS trace_id,
    ${REKEY_HEX("span_id")} AS span_id,
    ${REKEY("lot_id")} AS lot_id,
    ${REKEY("order_id")} AS order_id,
    ${REKEY("message_id")} AS message_id,
    ${REKEY("error")} AS error,
    ${REKEY("payload")} AS payload,
    ${REKEY("subject")} AS subject,
    ${REKEY("replay_of")} AS replay_of,
    ${REKEY("origin")} AS origin)
  -- A subquery: WHERE would otherwise see the re-keyed columns by their aliases.
  FROM (SELECT * FROM events
        WHERE NOT startsWith(correlation_id, 'corr-gen-') AND toUnixTimestamp64Milli(ingested_at) <= {baseIngestedUntilMs:Int64}
        LIMIT {rows:UInt64})`;

/** The two hex digits a copy's random ids start with. */
export const copyHex = (copy: number): string => (copy % 256).toString(16).padStart(2, "0");
