import path from "node:path";
import { z } from "zod";
import { otlpAttributeMapSchema } from "./events/otlp-attribute-map";

/**
 * The one place that reads the environment. Unset means embedded: chDB and PGlite in
 * LOTLINE_DATA_DIR. A wrong value fails at start with a message naming the variable.
 */

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const bool = (fallback: boolean) =>
  z.preprocess(emptyToUndefined, z.enum(["1", "0", "true", "false", "yes", "no", "on", "off"]).optional()).transform((v) =>
    v === undefined ? fallback : ["1", "true", "yes", "on"].includes(v),
  );
const url = (protocols: string[]) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol), `must be a URL starting with ${protocols.join(" or ")}//`)
      .optional(),
  );

const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(["development", "production", "test"]).default("development")),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  LOTLINE_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),

  CLICKHOUSE_URL: url(["http:", "https:"]),
  CLICKHOUSE_USER: optionalString,
  CLICKHOUSE_PASSWORD: optionalString,
  CLICKHOUSE_DATABASE: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a plain identifier").default("lotline")),
  CLICKHOUSE_CLUSTER: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "must be a plain identifier").optional()),

  DATABASE_URL: url(["postgres:", "postgresql:"]),

  KAFKA_BROKERS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((s) => s.split(",").map((b) => b.trim()).filter(Boolean))
      .refine((list) => list.length > 0 && list.every((b) => /^[^\s:]+:\d{1,5}$/.test(b)), "must be a comma-separated list of host:port")
      .optional(),
  ),
  KAFKA_TOPICS: z.preprocess(emptyToUndefined, z.string().default("lotline.events").transform((s) => s.split(",").map((t) => t.trim()).filter(Boolean))),
  KAFKA_GROUP_ID: z.preprocess(emptyToUndefined, z.string().default("lotline-ingest")),
  KAFKA_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().default("lotline")),
  KAFKA_SSL: bool(false),
  KAFKA_SASL_MECHANISM: z.preprocess(emptyToUndefined, z.enum(["plain", "scram-sha-256", "scram-sha-512"]).optional()),
  KAFKA_SASL_USERNAME: optionalString,
  KAFKA_SASL_PASSWORD: optionalString,
  // After a crash the group waits this long for the dead member before handing its partitions on.
  KAFKA_SESSION_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(6_000).max(300_000).default(30_000)),
  KAFKA_MAX_BYTES_PER_PARTITION: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(8 * 1024 * 1024)),
  // Group members in this process: one fetches while another's batch is inserted (ingest/sources/kafka.ts).
  KAFKA_CONSUMERS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(16).default(2)),

  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: url(["http:", "https:"]),
  LOTLINE_ADMIN_EMAIL: z.preprocess(emptyToUndefined, z.email("must be an email address").default("admin@lotline.local")),
  LOTLINE_ADMIN_PASSWORD: z.preprocess(emptyToUndefined, z.string().min(12, "must be at least 12 characters").optional()),
  LOTLINE_INGEST_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, "must be at least 16 characters").optional()),
  LOTLINE_OTLP_ATTRIBUTE_MAP: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default("{}")
      .transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: "custom", message: "must be JSON, e.g. {\"lotId\":[\"mfg.lot.id\"]}" });
          return z.NEVER;
        }
      })
      .pipe(otlpAttributeMapSchema),
  ),
  LOTLINE_METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, "must be at least 16 characters").optional()),
  // Payload field names masked wherever a payload is shown or exported (any depth, case-insensitive).
  LOTLINE_REDACT_FIELDS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default("password,secret,token,apiKey,authorization,email,phone")
      .transform((v) => v.split(",").map((f) => f.trim()).filter((f) => f !== ""))
      .pipe(z.array(z.string().regex(/^[\w.-]{1,100}$/, "field names are letters, digits, _ . -")).max(200)),
  ),

  OIDC_ISSUER: url(["https:", "http:"]),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_NAME: z.preprocess(emptyToUndefined, z.string().default("Single sign-on")),

  LOTLINE_SIMULATOR: z.preprocess(emptyToUndefined, z.enum(["1", "0", "true", "false", "on", "off"]).optional()),
  // Who runs the scheduled jobs: unset means the web app does and `npm run ingest` only with --jobs.
  LOTLINE_JOBS: z.preprocess(emptyToUndefined, z.enum(["1", "0", "true", "false", "on", "off"]).optional()),
  LOTLINE_SIMULATOR_SEED: z.preprocess(emptyToUndefined, z.coerce.number().int().default(4711)),
  LOTLINE_SIMULATOR_RATE: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(100_000).default(30)),
  // Days of event data to keep; unset keeps everything. Genealogy and lot status are never aged out.
  LOTLINE_RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(36_500).optional()),
  // Rows accepted but not yet written; beyond it the HTTP ingest answers 429 instead of growing memory.
  LOTLINE_INGEST_MAX_PENDING_ROWS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000_000).default(200_000)),
  LOTLINE_INGEST_BATCH_ROWS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(10_000)),
  LOTLINE_INGEST_FLUSH_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(60_000).default(200)),
  // How often a row is written and read back to prove acknowledged writes are stored.
  LOTLINE_WRITE_PROBE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(3_600_000).default(30_000)),
  // The SLA evaluator's cycle; a breach is alerted at most this long (plus the cycle) after its deadline.
  LOTLINE_SLA_EVALUATE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1_000).max(600_000).default(15_000)),
  // The exceptions job's cycle: how long a new failure takes at most to reach the inbox (docs/exceptions.md).
  LOTLINE_EXCEPTIONS_EVERY_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1_000).max(600_000).default(10_000)),

  // Alerting (docs/alerts.md). The base of every link in a notification; NEXTAUTH_URL, then localhost, when unset.
  LOTLINE_PUBLIC_URL: url(["http:", "https:"]),
  // smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465; unset turns email outlets into logged errors.
  LOTLINE_SMTP_URL: url(["smtp:", "smtps:"]),
  LOTLINE_ALERT_EMAIL_FROM: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(320)
      .regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'must be an address: alerts@example.com or "Lotline <alerts@example.com>"')
      .optional(),
  ),
  // Alertmanager's base URL (http://alertmanager:9093): every signal is posted to its v2 API, which groups and routes.
  ALERTMANAGER_URL: url(["http:", "https:"]),
  // How long a webhook, Alertmanager or SMTP send may take before it counts as failed (and is retried next cycle).
  LOTLINE_ALERT_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(120_000).default(10_000)),

  // Replay (docs/replay.md): a bulk replay of more messages than this waits for a second user's approval.
  LOTLINE_REPLAY_APPROVAL_THRESHOLD: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000_000).default(100)),
  // The simulator's replay API (the reference integration layer); unset: the embedded simulator picks 3901.
  LOTLINE_SIMULATOR_REPLAY_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3901)),
  LOTLINE_REPLAY_POLL_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(50).max(60_000).default(1_000)),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function crossCheck(env: Env): string[] {
  const issues: string[] = [];
  if (env.KAFKA_SASL_MECHANISM && (!env.KAFKA_SASL_USERNAME || !env.KAFKA_SASL_PASSWORD)) {
    issues.push("KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set");
  }
  if (env.OIDC_ISSUER && (!env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET)) {
    issues.push("OIDC_CLIENT_ID / OIDC_CLIENT_SECRET: required when OIDC_ISSUER is set");
  }
  if (env.LOTLINE_SMTP_URL && !env.LOTLINE_ALERT_EMAIL_FROM) {
    issues.push("LOTLINE_ALERT_EMAIL_FROM: required when LOTLINE_SMTP_URL is set (the sender of alert emails)");
  }
  if (env.NODE_ENV === "production" && !env.NEXTAUTH_SECRET) {
    // Without a fixed secret, sessions would not survive a restart and could not be shared across instances.
    issues.push("NEXTAUTH_SECRET: required in production (e.g. `openssl rand -base64 32`); `npm start` generates one into the data directory if unset");
  }
  return issues;
}

export function parseConfig(source: Record<string, string | undefined>) {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const env = result.data;
  const issues = crossCheck(env);
  if (issues.length > 0) throw new ConfigError(issues);
  const dataDir = path.resolve(env.LOTLINE_DATA_DIR);
  const clickhouseEmbedded = env.CLICKHOUSE_URL === undefined;
  return {
    env,
    dataDir,
    clickhouse: clickhouseEmbedded
      ? // chDB ignores the client's database option, so embedded mode always uses its default database.
        ({ mode: "embedded", path: path.join(dataDir, "clickhouse"), database: "default", cluster: undefined } as const)
      : ({
          mode: "server",
          url: env.CLICKHOUSE_URL!,
          username: env.CLICKHOUSE_USER ?? "default",
          password: env.CLICKHOUSE_PASSWORD ?? "",
          database: env.CLICKHOUSE_DATABASE,
          cluster: env.CLICKHOUSE_CLUSTER,
        } as const),
    database: env.DATABASE_URL
      ? ({ mode: "server", url: env.DATABASE_URL } as const)
      : ({ mode: "embedded", path: path.join(dataDir, "postgres") } as const),
    kafka: env.KAFKA_BROKERS
      ? {
          brokers: env.KAFKA_BROKERS,
          topics: env.KAFKA_TOPICS,
          groupId: env.KAFKA_GROUP_ID,
          clientId: env.KAFKA_CLIENT_ID,
          ssl: env.KAFKA_SSL,
          maxBytesPerPartition: env.KAFKA_MAX_BYTES_PER_PARTITION,
          sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
          consumers: env.KAFKA_CONSUMERS,
          sasl: env.KAFKA_SASL_MECHANISM
            ? { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME!, password: env.KAFKA_SASL_PASSWORD! }
            : undefined,
        }
      : undefined,
    auth: {
      secret: env.NEXTAUTH_SECRET,
      adminEmail: env.LOTLINE_ADMIN_EMAIL,
      adminPassword: env.LOTLINE_ADMIN_PASSWORD,
      oidc: env.OIDC_ISSUER
        ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID!, clientSecret: env.OIDC_CLIENT_SECRET!, name: env.OIDC_NAME }
        : undefined,
    },
    metricsToken: env.LOTLINE_METRICS_TOKEN,
    alerts: {
      publicUrl: (env.LOTLINE_PUBLIC_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
      smtpUrl: env.LOTLINE_SMTP_URL ?? null,
      emailFrom: env.LOTLINE_ALERT_EMAIL_FROM ?? null,
      alertmanagerUrl: env.ALERTMANAGER_URL ? env.ALERTMANAGER_URL.replace(/\/+$/, "") : null,
      timeoutMs: env.LOTLINE_ALERT_TIMEOUT_MS,
    },
    retentionDays: env.LOTLINE_RETENTION_DAYS ?? null,
    otlpAttributeMap: env.LOTLINE_OTLP_ATTRIBUTE_MAP,
    redactFields: env.LOTLINE_REDACT_FIELDS,
    ingest: {
      token: env.LOTLINE_INGEST_TOKEN,
      batchRows: env.LOTLINE_INGEST_BATCH_ROWS,
      maxPendingRows: env.LOTLINE_INGEST_MAX_PENDING_ROWS,
      flushMs: env.LOTLINE_INGEST_FLUSH_MS,
      writeProbeMs: env.LOTLINE_WRITE_PROBE_MS,
    },
    sla: { evaluateEveryMs: env.LOTLINE_SLA_EVALUATE_MS },
    exceptions: { everyMs: env.LOTLINE_EXCEPTIONS_EVERY_MS },
    replay: { approvalThreshold: env.LOTLINE_REPLAY_APPROVAL_THRESHOLD, simulatorPort: env.LOTLINE_SIMULATOR_REPLAY_PORT, pollMs: env.LOTLINE_REPLAY_POLL_MS },
    /** LOTLINE_JOBS as set: null leaves the choice to the process (web app yes, worker only with --jobs). */
    jobs: env.LOTLINE_JOBS === undefined ? null : ["1", "true", "on"].includes(env.LOTLINE_JOBS),
    simulator: {
      // On by default only when everything is embedded: a fresh start shows live data, a production estate does not get fake events.
      enabled: env.LOTLINE_SIMULATOR === undefined ? clickhouseEmbedded : ["1", "true", "on"].includes(env.LOTLINE_SIMULATOR),
      seed: env.LOTLINE_SIMULATOR_SEED,
      workflowsPerMinute: env.LOTLINE_SIMULATOR_RATE,
    },
  };
}

export type Config = ReturnType<typeof parseConfig>;
export type AlertsConfig = Config["alerts"];

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
