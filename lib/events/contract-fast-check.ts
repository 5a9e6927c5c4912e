import { regexes } from "zod";
import { EVENT_STATUSES, SOURCE_SYSTEMS } from "./contract";

/**
 * The event contract's rules (`cloudEventSchema`) written out by hand for the ingest hot path:
 * zod's object parse was 14 % of the worker's CPU (shared/MEASURED.md). This check is
 * conservative: `true` only for an event the schema accepts (contract-fast-check.test.ts holds it
 * to that over generated good and bad events); `false` sends the event through the schema, which
 * decides and words the reason. Nesting depth and size are checked by the caller before.
 */

const KEY = /^[\x21-\x7e]{1,200}$/;
const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;
// The schema's lookaheads (ids not all zero) as two comparisons: the regex was 1.3 % of the worker's CPU.
const TRACEPARENT_SHAPE = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ZERO_TRACE_ID = "0".repeat(32);
const ZERO_SPAN_ID = "0".repeat(16);
const isTraceparent = (v: unknown) => typeof v === "string" && TRACEPARENT_SHAPE.test(v) && v.slice(3, 35) !== ZERO_TRACE_ID && v.slice(36, 52) !== ZERO_SPAN_ID;
const DATETIME = regexes.datetime({ offset: true });
const MAX_DURATION_MS = 7 * 24 * 3600 * 1000;
const SYSTEMS: ReadonlySet<string> = new Set(SOURCE_SYSTEMS);
const STATUSES: ReadonlySet<string> = new Set(EVENT_STATUSES);

const isKey = (v: unknown) => typeof v === "string" && KEY.test(v);
const isText = (v: unknown, min: number, max: number) => typeof v === "string" && v.length >= min && v.length <= max;

type Rule = (value: unknown) => boolean;

// A Map, not an object literal: an attribute named `__proto__` or `constructor` must not find Object's own members.
const RULES = new Map<string, Rule>(Object.entries({
  specversion: (v) => v === "1.0",
  id: isKey,
  source: (v) => isText(v, 1, 1000),
  type: (v) => isText(v, 1, 200),
  time: (v) => typeof v === "string" && DATETIME.test(v),
  datacontenttype: (v) => isText(v, 0, 200),
  dataschema: (v) => isText(v, 0, 1000),
  subject: (v) => isText(v, 0, 1000),
  data: () => true,
  data_base64: (v) => typeof v === "string",
  correlationid: isKey,
  lotid: isKey,
  orderid: isKey,
  plant: isKey,
  traceparent: isTraceparent,
  tracestate: (v) => isText(v, 0, 512),
  sourcesystem: (v) => typeof v === "string" && SYSTEMS.has(v),
  messageid: isKey,
  status: (v) => typeof v === "string" && STATUSES.has(v),
  durationms: (v) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= MAX_DURATION_MS,
  errormessage: (v) => isText(v, 0, 4000),
  replayof: isKey,
} satisfies Record<string, Rule>));

export function passesContractFast(event: Record<string, unknown>): boolean {
  if (event.specversion !== "1.0" || event.id === undefined || event.source === undefined || event.type === undefined) return false;
  let hasData = false;
  for (const key in event) {
    // An own-property walk: JSON.parse never yields inherited enumerable keys, but input built in code might.
    if (!Object.prototype.hasOwnProperty.call(event, key)) return false;
    const value = event[key];
    const rule = RULES.get(key);
    if (rule) {
      // The schema reads an explicit `undefined` as absent, but only for optional attributes.
      if (value === undefined) return false;
      if (!rule(value)) return false;
      if (key === "data") hasData = true;
      else if (key === "data_base64" && hasData) return false;
    } else if (!EXTENSION_NAME.test(key)) {
      return false;
    }
  }
  return !(hasData && event.data_base64 !== undefined);
}
