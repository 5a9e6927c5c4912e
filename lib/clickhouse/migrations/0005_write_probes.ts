import { dedupSettings, engine, onCluster, type Migration } from "../ddl";

/**
 * The write-readback self-check's table (lib/clickhouse/write-probe.ts). It carries the same
 * deduplication window as `events`, because a window is what turns a leaked insert token into
 * silently dropped rows: a probe table without one would stay green through exactly that loss.
 */
export const migration0005: Migration = {
  version: 5,
  name: "write_probes",
  statements: (ctx) => {
    const settings = dedupSettings(ctx);
    return [
      `CREATE TABLE IF NOT EXISTS write_probes${onCluster(ctx)} (
  probe_id String,
  written_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ${engine(ctx, "MergeTree")}
ORDER BY probe_id
TTL toDateTime(written_at) + INTERVAL 1 DAY${settings ? `\nSETTINGS ${settings}` : ""}`,
    ];
  },
};
