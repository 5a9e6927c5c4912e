import { onCluster, type Migration } from "../ddl";

/**
 * `events_ingest`: where every source forwards the event bytes as they arrived. A Null table
 * stores nothing; its one view maps each CloudEvent into an `events` row in ClickHouse, so the
 * worker neither builds row objects nor serialises them again (measured: ~4 µs per event in JS,
 * the biggest single cost of the ingest path; shared/MEASURED.md). Its columns are named after
 * the CloudEvents attributes, so `FORMAT JSONEachRow` reads an event straight into them; unknown
 * extension attributes are skipped, objects and arrays arrive as their JSON text. Two columns a
 * CloudEvent can never carry (attribute names are lowercase letters and digits) come from the
 * worker, injected at the front of the object: `_origin` (the transport, Kafka only) and
 * `_payload` (the payload, when `data` is a string, number, boolean, null or `data_base64` is
 * used — the text JSONEachRow would read for those is not their JSON).
 *
 * The mapping is `cloudEventToRow` (lib/events/to-row.ts) in SQL; test/events-ingest-mapping.int.test.ts
 * holds the two equal on every kind of event. Inserts carry the Kafka range's deduplication token
 * to the views as before (`deduplicate_blocks_in_dependent_materialized_views`).
 */
export const EVENTS_INGEST_COLUMNS = `(
  id String,
  source String,
  type String,
  time String,
  sourcesystem String,
  plant String,
  correlationid String,
  traceparent String,
  lotid String,
  orderid String,
  messageid String,
  status String,
  durationms Float64,
  errormessage String,
  subject String,
  replayof String,
  data String,
  _origin String,
  _payload String
)`;

/** The subquery renames the attributes first: an alias may not reuse the name of a column it reads. */
export const EVENTS_INGEST_SELECT = `SELECT
  ce_id AS event_id,
  if(ce_time = '', now64(3), parseDateTime64BestEffort(ce_time, 3, 'UTC')) AS time,
  ce_kind AS kind,
  if(ce_sourcesystem != '', ce_sourcesystem, if(ce_kind = 'telemetry', 'MIDDLEWARE', 'UNKNOWN')) AS source_system,
  ce_source AS source,
  ce_type AS type,
  ce_plant AS plant,
  ce_correlationid AS correlation_id,
  splitByChar('-', ce_traceparent)[2] AS trace_id,
  splitByChar('-', ce_traceparent)[3] AS span_id,
  ce_lotid AS lot_id,
  ce_orderid AS order_id,
  ce_messageid AS message_id,
  if(ce_status != '', ce_status,
    if(ce_kind = 'telemetry', multiIf(endsWith(ce_type, '.failed'), 'failed', endsWith(ce_type, '.deadlettered'), 'dead_lettered', endsWith(ce_type, '.retried'), 'retrying', 'ok'), 'ok')) AS status,
  toUInt32(ce_durationms) AS duration_ms,
  ce_errormessage AS error,
  if(ce_payload_override != '', ce_payload_override, ce_data) AS payload,
  ce_route.1 AS interface,
  ce_route.2 AS from_system,
  ce_route.3 AS to_system,
  ce_subject AS subject,
  ce_replayof AS replay_of,
  ce_origin AS origin
FROM (
  SELECT id AS ce_id, time AS ce_time, if(startsWith(type, 'integration.'), 'telemetry', 'business') AS ce_kind, sourcesystem AS ce_sourcesystem,
    source AS ce_source, type AS ce_type, plant AS ce_plant, correlationid AS ce_correlationid, traceparent AS ce_traceparent,
    lotid AS ce_lotid, orderid AS ce_orderid, messageid AS ce_messageid, status AS ce_status, durationms AS ce_durationms,
    errormessage AS ce_errormessage, data AS ce_data, _payload AS ce_payload_override, subject AS ce_subject, replayof AS ce_replayof, _origin AS ce_origin,
    -- One parse of the data for the three route fields.
    if(ce_kind = 'telemetry' AND startsWith(data, '{'), JSONExtract(data, 'Tuple(interface String, from String, to String)'), tuple('', '', '')) AS ce_route
  FROM events_ingest
)`;

export const migration0013: Migration = {
  version: 13,
  name: "events_ingest",
  statements: (ctx) => [
    `CREATE TABLE IF NOT EXISTS events_ingest${onCluster(ctx)} ${EVENTS_INGEST_COLUMNS} ENGINE = Null`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS events_ingest_mv${onCluster(ctx)} TO events AS
${EVENTS_INGEST_SELECT}`,
  ],
};
