import { z } from "zod";

export const FAULT_NAMES = ["qms-outage", "late-erp", "lost-hold", "duplicates", "malformed"] as const;

const positiveInt = (name: string) => z.coerce.number({ error: `${name} must be a number` }).int(`${name} must be a whole number`);

export const simulateArgsSchema = z.object({
  target: z.enum(["http", "kafka"], { error: "--target must be http or kafka" }),
  rate: positiveInt("--rate").min(1, "--rate must be at least 1 workflow instance per minute").max(600_000).default(120),
  duration: positiveInt("--duration").min(0, "--duration must be ≥ 0 seconds (0 runs until interrupted)").default(60),
  seed: positiveInt("--seed").default(4711),
  plants: positiveInt("--plants").min(1).max(20, "--plants must be between 1 and 20").default(5),
  backfill: positiveInt("--backfill").min(0).max(7 * 24 * 60, "--backfill is at most a week of minutes").default(0),
  faults: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((f) => f.trim()).filter(Boolean))
    .pipe(z.array(z.enum(FAULT_NAMES, { error: `--faults takes a comma-separated list of ${FAULT_NAMES.join(", ")}` }))),
  url: z.url("--url must be a URL").default("http://localhost:3000"),
});

export type SimulateArgs = z.infer<typeof simulateArgsSchema>;

/** `--name value` and `--name=value` pairs into an object; a flag without a value is an error. */
export function parseFlags(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new Error(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

export function parseSimulateArgs(argv: readonly string[]): { ok: true; args: SimulateArgs } | { ok: false; message: string } {
  let flags: Record<string, string>;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const known = new Set(Object.keys(simulateArgsSchema.shape));
  const unknown = Object.keys(flags).filter((k) => !known.has(k));
  if (unknown.length > 0) return { ok: false, message: `unknown option --${unknown[0]}` };
  const parsed = simulateArgsSchema.safeParse(flags);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join("; ") };
  return { ok: true, args: parsed.data };
}

/** The plant codes of a run: P100, P200, … */
export const plantCodes = (n: number) => Array.from({ length: n }, (_, i) => `P${(i + 1) * 100}`);
