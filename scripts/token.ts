// `npm run token -- --name NAME --role ROLE [--plants P100,P200] [--expires-days D]`
// Creates an API token for the JSON API in the database the app uses (DATABASE_URL, else the
// embedded PGlite in $LOTLINE_DATA_DIR/postgres) and prints it once. Embedded Postgres can be
// open in one process only: while the app runs, create tokens in the UI (Admin → API tokens).
import { userInfo } from "node:os";
import { z } from "zod";
import { parseFlags } from "../ingest/simulator/cli-args";
import { createApiToken, MAX_EXPIRY_DAYS, parseApiTokenInput, type ParsedApiTokenInput } from "../lib/auth/api-tokens";
import { ROLES } from "../lib/auth/roles";
import { ConfigError, getConfig, type Config } from "../lib/config";
import { openDatabase } from "./cli-database";

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
  const { db, close } = await openDatabase(config, "create the token in the UI (Admin → API tokens, /admin/tokens)");
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
