import "server-only";
import { createClient, type ClickHouseClient } from "@clickhouse/client";
import type { Config } from "../config";
import { withQueryScopedSettings } from "./query-scoped-settings";
import { registerChdbRawInsert } from "./raw-insert";

export type ClickHouseSettings = Config["clickhouse"];
type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>["connection"]>;

/** One client per process: chDB binds a single data directory per process. */
export async function createClickHouse(settings: ClickHouseSettings): Promise<ClickHouseClient> {
  if (settings.mode === "embedded") {
    const { mkdir } = await import("node:fs/promises");
    await mkdir(settings.path, { recursive: true });
    const { createChdbConnection } = await import("chdb/connection");
    // chdb types its Connection against the deprecated @clickhouse/client-common package; the shapes are
    // the same at run time (chdb's own parity tests), only the declaration files are two copies.
    const connection = createChdbConnection({ path: settings.path }) as unknown as ClientConnection;
    const client = createClient({ connection: withQueryScopedSettings(connection) });
    registerChdbRawInsert(client, connection as unknown as Parameters<typeof registerChdbRawInsert>[1]);
    return client;
  }
  await ensureServerDatabase(settings);
  return createClient({
    url: settings.url,
    username: settings.username,
    password: settings.password,
    database: settings.database,
    application: "lotline",
    request_timeout: 60_000,
    clickhouse_settings: { date_time_input_format: "best_effort" },
  });
}

async function ensureServerDatabase(settings: Extract<ClickHouseSettings, { mode: "server" }>) {
  const admin = createClient({ url: settings.url, username: settings.username, password: settings.password, application: "lotline" });
  try {
    // Identifiers cannot be bound as parameters; the name is validated as a plain identifier by the config schema.
    const onCluster = settings.cluster ? ` ON CLUSTER ${settings.cluster}` : "";
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${settings.database}${onCluster}` });
  } finally {
    await admin.close();
  }
}
