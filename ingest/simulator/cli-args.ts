import { z } from "zod";
import { FAULT_NAMES } from "./run";

const wholeNumber = (name: string) => z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`);

type Env = Readonly<Record<string, string | undefined>>;

function argsSchema(env: Env, now: Date) {
  return z.object({
    target: z.enum(["http", "kafka"], { error: "--target must be http or kafka" }),
    rate: wholeNumber("--rate").min(1, "--rate must be at least 1 workflow instance per minute").max(600_000, "--rate is at most 600000 workflow instances per minute").default(120),
    duration: wholeNumber("--duration").min(0, "--duration must be ≥ 0 seconds (0 runs until interrupted)").default(60),
    seed: wholeNumber("--seed").default(4711),
    plants: wholeNumber("--plants").min(1, "--plants must be between 1 and 20").max(20, "--plants must be between 1 and 20").default(5),
    backfill: wholeNumber("--backfill").min(0, "--backfill must be ≥ 0 minutes").max(7 * 24 * 60, "--backfill is at most a week of minutes").default(0),
    start: z.iso
      .datetime({ offset: true, error: "--start must be an ISO 8601 time, e.g. 2026-11-24T08:00:00Z" })
      .default(now.toISOString())
      .transform((s) => new Date(s)),
    faults: z
      .string()
      .default("")
      .transform((s) => s.split(",").map((f) => f.trim()).filter(Boolean))
      .pipe(z.array(z.enum(FAULT_NAMES, { error: `--faults takes a comma-separated list of ${FAULT_NAMES.join(", ")}` }))),
    url: z.url("--url must be a URL").default(env.LOTLINE_URL || "http://localhost:3000"),
  });
}

export type SimulateArgs = z.infer<ReturnType<typeof argsSchema>>;

export const USAGE =
  "usage: npm run simulate -- --target http|kafka [--rate WORKFLOWS_PER_MINUTE] [--duration SECONDS] [--seed K] [--start ISO_TIME] [--backfill MINUTES] [--plants N] [--faults qms-outage,late-erp,lost-hold,duplicates,malformed] [--url URL]";

/**
 * `--name value` and `--name=value` pairs into an object; a flag without a value is an error,
 * except the `switches`, which take none and read as "true".
 */
export function parseFlags(argv: readonly string[], switches: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const value = inline ?? (switches.includes(name) ? "true" : argv[++i]);
    if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new Error(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

/** The environment (LOTLINE_URL) and the clock (the default --start) are parameters so tests can pin them. */
/** `skip-lcp` → `skipLcp`, so flags parse against a zod object of camelCase keys. */
export function camelCaseKeys(flags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(flags).map(([k, v]) => [k.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), v]));
}

export function parseSimulateArgs(
  argv: readonly string[],
  env: Env = process.env,
  now: Date = new Date(),
): { ok: true; args: SimulateArgs } | { ok: false; message: string } {
  let flags: Record<string, string>;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const schema = argsSchema(env, now);
  const known = new Set(Object.keys(schema.shape));
  const unknown = Object.keys(flags).filter((k) => !known.has(k));
  if (unknown.length > 0) return { ok: false, message: `unknown option --${unknown[0]}` };
  const parsed = schema.safeParse(flags);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join("; ") };
  return { ok: true, args: parsed.data };
}

/** The plant codes of a run: P100, P200, … */
export const plantCodes = (n: number) => Array.from({ length: n }, (_, i) => `P${(i + 1) * 100}`);
