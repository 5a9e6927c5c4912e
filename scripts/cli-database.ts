// The database of a command-line tool: the same one the app uses, opened only when no other
// process has the embedded files open.
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import type { Config } from "../lib/config";
import { createDb, type Db } from "../lib/db/client";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { migrateDatabase } from "../lib/db/migrate";

/**
 * The process that has the embedded database open, if any. PGlite takes no lock of its own and a
 * second process on the same files would corrupt them, so look before opening: on Linux, any
 * process with a file open under the directory; elsewhere, the PID chDB writes to its status file
 * (the app opens both stores).
 */
function databaseHolder(pgDir: string, config: Config): number | null {
  if (!existsSync(pgDir)) return null;
  const dir = realpathSync(pgDir) + path.sep;
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid);
  } catch {
    pids = [];
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to inspect
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(dir)) return Number(pid);
      } catch {
        continue; // closed meanwhile
      }
    }
  }
  if (config.clickhouse.mode !== "embedded") return null;
  try {
    const pid = Number(/PID:\s*(\d+)/.exec(readFileSync(path.join(config.clickhouse.path, "status"), "utf8"))?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid) return null;
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM" ? -1 : null;
  }
}

/**
 * Opens the database the app uses, migrated: DATABASE_URL, else the embedded PGlite of the data
 * directory unless another process holds it (`busyHint` says what to do instead).
 */
export async function openDatabase(config: Config, busyHint: string): Promise<{ db: Db; close(): Promise<void> }> {
  if (config.database.mode === "server") {
    await migrateDatabase(config.database.url);
    const db = createDb(config.database.url);
    return { db, close: () => db.$disconnect() };
  }
  const dir = config.database.path;
  const holder = databaseHolder(dir, config);
  if (holder !== null) {
    throw new Error(
      `the embedded database ${dir} is open in ${holder > 0 ? `process ${holder}` : "another process"} — is Lotline running? ` +
        `Embedded Postgres serves one process at a time: ${busyHint}, or stop the app and run this again.`,
    );
  }
  const pg = await startEmbeddedPostgres(dir);
  try {
    await migrateDatabase(pg.connectionString);
  } catch (error) {
    await pg.stop();
    throw error;
  }
  const db = createDb(pg.connectionString, pg.maxConnections);
  return {
    db,
    async close() {
      await db.$disconnect();
      await pg.stop();
    },
  };
}
