import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { createDb, type Db } from "../lib/db/client";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { migrateDatabase } from "../lib/db/migrate";
import { makeTempDir } from "./temp-dir";

/**
 * The PostgreSQL server the tests run against besides PGlite: `npm test` starts Debian's
 * PostgreSQL 15 (scripts/postgres-test-server.sh) and runs the tests that call these helpers a
 * second time with this variable set. Unset, the helpers use PGlite.
 */
export const TEST_POSTGRES_URL = process.env.LOTLINE_TEST_POSTGRES_URL;

/** Which database engine this run tests, for test names. */
export const DATABASE_ENGINE = TEST_POSTGRES_URL ? "PostgreSQL 15" : "PGlite";

/** A fresh, empty database on the test server, its URL, and a drop. */
export async function freshServerDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Env for `embeddedTestEnv` that points the app at a fresh PostgreSQL 15 database when the run
 * tests against the server, and at the embedded PGlite otherwise (empty env).
 */
export async function databaseEnv(prefix: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (!TEST_POSTGRES_URL) return { env: {}, drop: async () => {} };
  const database = await freshServerDatabase(TEST_POSTGRES_URL, prefix);
  return { env: { DATABASE_URL: database.url }, drop: database.drop };
}

/** A migrated database without chDB: PostgreSQL 15 when the run tests against it, PGlite otherwise. */
export async function testDb(prefix: string): Promise<{ db: Db; url: string; stop(): Promise<void> }> {
  if (TEST_POSTGRES_URL) {
    const database = await freshServerDatabase(TEST_POSTGRES_URL, prefix);
    await migrateDatabase(database.url);
    const db = createDb(database.url);
    return {
      db,
      url: database.url,
      async stop() {
        await db.$disconnect();
        await database.drop();
      },
    };
  }
  const dir = makeTempDir(prefix);
  const embedded = await startEmbeddedPostgres(path.join(dir.path, "pg"));
  await migrateDatabase(embedded.connectionString);
  const db = createDb(embedded.connectionString, embedded.maxConnections);
  return {
    db,
    url: embedded.connectionString,
    async stop() {
      await db.$disconnect();
      await embedded.stop();
      dir.remove();
    },
  };
}
