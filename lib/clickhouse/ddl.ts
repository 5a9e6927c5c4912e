/**
 * DDL helpers so one migration text serves a single server, chDB and a cluster: with a
 * cluster name every statement gains `ON CLUSTER` and every MergeTree family engine its
 * Replicated variant (replica path and name from the server's default_replica_* settings).
 */
export interface DdlContext {
  cluster?: string;
}

export function onCluster(ctx: DdlContext): string {
  return ctx.cluster ? ` ON CLUSTER ${ctx.cluster}` : "";
}

export function engine(ctx: DdlContext, family: "MergeTree" | "ReplacingMergeTree" | "SummingMergeTree" | "AggregatingMergeTree", args = ""): string {
  return `${ctx.cluster ? "Replicated" : ""}${family}(${args})`;
}

/** Settings that differ per engine family: the insert-token window only exists to be set on non-replicated tables. */
export function dedupSettings(ctx: DdlContext): string {
  return ctx.cluster ? "" : "non_replicated_deduplication_window = 1000";
}

export interface Migration {
  version: number;
  name: string;
  statements: (ctx: DdlContext) => string[];
}
