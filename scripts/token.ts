// `npm run token -- --name NAME --role ROLE [--plants P100,P200] [--expires-days D]`
// Creates an API token for the JSON API in the database the app uses (DATABASE_URL, else the
// embedded PGlite in $LOTLINE_DATA_DIR/postgres) and prints it once. Embedded Postgres can be
// open in one process only: while the app runs, create tokens in the UI (Admin → API tokens).
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseFlags } from "../ingest/simulator/cli-args";
import { createApiToken, MAX_EXPIRY_DAYS, parseApiTokenInput, type ParsedApiTokenInput } from "../lib/auth/api-tokens";
import { ROLES } from "../lib/auth/roles";
import { ConfigError, getConfig, type Config } from "../lib/config";
import { createDb, type Db } from "../lib/db/client";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { migrateDatabase } from "../lib/db/migrate";

const USAGE = `usage: npm run token -- --name NAME --role ${ROLES.join("|")} [--plants P100,P200] [--expires-days DAYS]`;

const FLAG_OF: Record<string, string> = { name: "--name", role: "--role", plants: "--plants", expiresInDays: "--expires-days" };

const argsSchema = z
  .object({
    name: z.string({ error: "--name is required" }),
    role: z.enum(ROLES, { error: `--role must be one of ${ROLES.join(", ")}` }),
    plants: z
      .string()
      .optional()
      .transform((s) => (s ?? "").split(",").map((p) => p.trim()).filter(Boolean)),
    "expires-days": z.coerce
      .number({ error: "--expires-days must be a number of days" })
      .int("--expires-days must be a whole number of days")
      .min(1, "--expires-days must be at least 1")
      .max(MAX_EXPIRY_DAYS, `--expires-days is at most ${MAX_EXPIRY_DAYS}`)
      .optional(),
  })
  .strict();

/** Flags → a validated token request, or the message to print (exit 2). */
function parseArgs(argv: readonly string[]): { ok: true; input: ParsedApiTokenInput } | { ok: false; message: string } {
  let flags: Record<string, string>;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const unknown = Object.keys(flags).find((k) => !(k in argsSchema.shape));
  if (unknown !== undefined) return { ok: false, message: `unknown option --${unknown}` };
  const args = argsSchema.safeParse(flags);
  if (!args.success) return { ok: false, message: args.error.issues.map((i) => i.message).join("; ") };
  const input = parseApiTokenInput({ name: args.data.name, role: args.data.role, plants: args.data.plants, expiresInDays: args.data["expires-days"] });
  if (!input.ok) return { ok: false, message: input.issues.map((i) => `${FLAG_OF[i.field] ?? i.field}: ${i.message}`).join("; ") };
  return { ok: true, input: input.value };
}

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

class DatabaseBusyError extends Error {}

async function openDatabase(config: Config): Promise<{ db: Db; close(): Promise<void> }> {
  if (config.database.mode === "server") {
    await migrateDatabase(config.database.url);
    const db = createDb(config.database.url);
    return { db, close: () => db.$disconnect() };
  }
  const dir = config.database.path;
  const holder = databaseHolder(dir, config);
  if (holder !== null) {
    throw new DatabaseBusyError(
      `the embedded database ${dir} is open in ${holder > 0 ? `process ${holder}` : "another process"} — is Lotline running? ` +
        "Embedded Postgres serves one process at a time: create the token in the UI (Admin → API tokens, /admin/tokens), or stop the app and run this again.",
    );
  }
  const pg = await startEmbeddedPostgres(dir);
  try {
    await migrateDatabase(pg.connectionString);
  } catch (error) {
    await pg.stop();
    throw error;
  }
  const db = createDb(pg.connectionString);
  return {
    db,
    async close() {
      await db.$disconnect();
      await pg.stop();
    },
  };
}

function cliLabel(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli";
  }
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    console.error(`token: ${parsed.message}\n${USAGE}`);
    process.exit(2);
  }
  let config: Config;
  try {
    config = getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`token: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const { db, close } = await openDatabase(config);
  try {
    const { token, record } = await createApiToken(parsed.input, { db, label: cliLabel() });
    const scope = record.role === "plant_manager" ? `, plants ${record.plants.join(", ")}` : "";
    const expiry = record.expiresAt ? `expires ${record.expiresAt}` : "never expires";
    // The token alone on stdout, so `$(npm run -s token -- …)` captures it; the rest on stderr.
    console.error(`token: created "${record.name}" (id ${record.id}, role ${record.role}${scope}, ${expiry})`);
    console.log(token);
    console.error("token: copy it now — it is not stored and will not be shown again. Send it as `Authorization: Bearer <token>`.");
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
