import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  it("defaults to embedded stores under ./data with the simulator on", () => {
    const c = parseConfig({});
    expect(c.clickhouse.mode).toBe("embedded");
    expect(c.database.mode).toBe("embedded");
    expect(c.dataDir.endsWith("/data")).toBe(true);
    expect(c.simulator.enabled).toBe(true);
    expect(c.kafka).toBeUndefined();
  });

  it("reads the alerting outlets; links default to NEXTAUTH_URL, then localhost", () => {
    expect(parseConfig({}).alerts).toEqual({ publicUrl: "http://localhost:3000", smtpUrl: null, emailFrom: null, alertmanagerUrl: null, timeoutMs: 10_000 });
    expect(parseConfig({ NEXTAUTH_URL: "https://lotline.example/" }).alerts.publicUrl).toBe("https://lotline.example");
    const c = parseConfig({
      LOTLINE_PUBLIC_URL: "https://ops.example/lotline/",
      LOTLINE_SMTP_URL: "smtp://user:pass@mail.example:587",
      LOTLINE_ALERT_EMAIL_FROM: "Lotline <alerts@example.com>",
      ALERTMANAGER_URL: "http://alertmanager:9093/",
      LOTLINE_ALERT_TIMEOUT_MS: "3000",
    });
    expect(c.alerts).toEqual({ publicUrl: "https://ops.example/lotline", smtpUrl: "smtp://user:pass@mail.example:587", emailFrom: "Lotline <alerts@example.com>", alertmanagerUrl: "http://alertmanager:9093", timeoutMs: 3000 });
  });

  it("leaves the jobs to the process unless LOTLINE_JOBS says otherwise", () => {
    expect(parseConfig({}).jobs).toBeNull();
    expect(parseConfig({ LOTLINE_JOBS: "0" }).jobs).toBe(false);
    expect(parseConfig({ LOTLINE_JOBS: "on" }).jobs).toBe(true);
  });

  it("switches to servers when URLs are set and turns the simulator off by default", () => {
    const c = parseConfig({ CLICKHOUSE_URL: "http://ch:8123", DATABASE_URL: "postgresql://u:p@db/lotline", KAFKA_BROKERS: "k1:9092, k2:9092" });
    expect(c.clickhouse).toMatchObject({ mode: "server", url: "http://ch:8123", database: "lotline" });
    expect(c.database).toEqual({ mode: "server", url: "postgresql://u:p@db/lotline" });
    expect(c.kafka?.brokers).toEqual(["k1:9092", "k2:9092"]);
    expect(c.simulator.enabled).toBe(false);
  });

  it.each([
    [{ CLICKHOUSE_URL: "ch:8123" }, "CLICKHOUSE_URL"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ KAFKA_BROKERS: "no-port" }, "KAFKA_BROKERS"],
    [{ PORT: "99999" }, "PORT"],
    [{ LOTLINE_ADMIN_PASSWORD: "short" }, "LOTLINE_ADMIN_PASSWORD"],
    [{ LOTLINE_SIMULATOR: "maybe" }, "LOTLINE_SIMULATOR"],
    [{ LOTLINE_JOBS: "sometimes" }, "LOTLINE_JOBS"],
    [{ KAFKA_SASL_MECHANISM: "plain" }, "KAFKA_SASL_USERNAME"],
    [{ NODE_ENV: "production" }, "NEXTAUTH_SECRET"],
    [{ ALERTMANAGER_URL: "am:9093" }, "ALERTMANAGER_URL"],
    [{ LOTLINE_SMTP_URL: "http://mail" }, "LOTLINE_SMTP_URL"],
    [{ LOTLINE_SMTP_URL: "smtp://mail:25" }, "LOTLINE_ALERT_EMAIL_FROM"],
    [{ LOTLINE_SMTP_URL: "smtp://mail:25", LOTLINE_ALERT_EMAIL_FROM: "not an address" }, "LOTLINE_ALERT_EMAIL_FROM"],
    [{ LOTLINE_PUBLIC_URL: "ops.example" }, "LOTLINE_PUBLIC_URL"],
  ])("rejects %j naming %s", (env, variable) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(variable);
  });
});
