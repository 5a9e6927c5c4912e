import "server-only";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { AlertsConfig } from "../config";
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import { groupFingerprint } from "./fingerprint";
import { OutletError, postAlertmanagerAlerts, sendEmail, sendWebhook, type FetchFn, type MailTransport } from "./outlets";
import { alertmanagerPayload } from "./payloads/alertmanager";
import type { PayloadContext } from "./payloads/context";
import { emailContent } from "./payloads/email";
import { slackPayload } from "./payloads/slack";
import { teamsPayload } from "./payloads/teams";
import { webhookJsonPayload } from "./payloads/webhook-json";
import { planNotifications, settlePlan, type DeliveryOutcome, type NotificationState, type PlannedDelivery, type StateKey } from "./plan";
import { ruleFromRow, silenceFromRow, stateFromRow, stateToRow } from "./rule-rows";
import type { AlertRule } from "./rule-spec";
import type { AlertSignal } from "./signal";

export interface NotifierOptions {
  db: Db;
  /** The process configuration, or just its `alerts` part: `{ alerts: config.alerts }`. */
  config: { alerts: AlertsConfig };
  log: (message: string) => void;
  /** For webhooks and Alertmanager; the global fetch when unset. */
  fetch?: FetchFn;
  /** For email; a nodemailer SMTP transport from LOTLINE_SMTP_URL when unset (none when that is unset too). */
  transport?: MailTransport | null;
}

export interface NotifyReport {
  /** Sends attempted this cycle (one per outlet and cycle, more only past 100 alerts). */
  deliveries: number;
  failed: number;
  /** Alert notices in them. */
  messages: number;
  /** States written (changed) this cycle. */
  stateChanges: number;
  durationMs: number;
}

export interface Notifier {
  /**
   * One alerting cycle: `signals` is every firing signal now and those resolved since the last
   * call. Sends what is owed, records states and deliveries, and never throws: a failing outlet
   * is logged, recorded and retried next cycle.
   */
  notify(signals: readonly AlertSignal[], now: Date): Promise<NotifyReport>;
}

/** Resolved states kept for the admin page; delivery log rows kept. */
const RESOLVED_KEEP_MS = 7 * 86_400_000;
const DELIVERIES_KEEP_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
const SEND_CONCURRENCY = 4;
const WRITE_CHUNK = 500;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function smtpTransport(config: AlertsConfig): Promise<MailTransport | null> {
  if (!config.smtpUrl) return null;
  const nodemailer = await import("nodemailer");
  // Bounded waits: a dead mail server must not hold up the cycle beyond the alert timeout.
  const options: SMTPTransport.Options = { url: config.smtpUrl, connectionTimeout: config.timeoutMs, greetingTimeout: config.timeoutMs, socketTimeout: config.timeoutMs };
  return nodemailer.createTransport(options);
}

export function createNotifier(options: NotifierOptions): Notifier {
  const { db, log } = options;
  const config = options.config.alerts;
  const fetchFn: FetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  let transport: Promise<MailTransport | null> | undefined = options.transport === undefined ? undefined : Promise.resolve(options.transport);
  const mail = () => (transport ??= smtpTransport(config));
  let lastPrune = 0;
  // Outlets whose last send failed, with the failures since: logged when an outlet starts and stops
  // failing, not on every retry (the delivery log on /admin/alerts has each attempt).
  const failing = new Map<string, number>();

  function logOutletHealth(records: ReturnType<typeof settlePlan>["records"]) {
    const failedNow = new Map<string, (typeof records)[number]>();
    const sentNow = new Set<string>();
    for (const r of records) {
      if (r.ok) sentNow.add(r.target);
      else if (!failedNow.has(r.target)) failedNow.set(r.target, r);
    }
    for (const [target, r] of failedNow) {
      const failures = failing.get(target);
      if (failures === undefined) log(`alerts: ${target} (rule "${r.ruleName}", ${r.alertCount} alert${r.alertCount === 1 ? "" : "s"}) failed, retrying with back-off: ${r.error}`);
      failing.set(target, (failures ?? 0) + 1);
    }
    for (const target of sentNow) {
      const failures = failing.get(target);
      if (failures === undefined || failedNow.has(target)) continue;
      failing.delete(target);
      log(`alerts: ${target} delivers again after ${failures} failed send${failures === 1 ? "" : "s"}`);
    }
  }

  let chain: Promise<unknown> = Promise.resolve();

  async function deliver(d: PlannedDelivery, now: Date): Promise<DeliveryOutcome> {
    const started = performance.now();
    const ctx: PayloadContext = { rule: d.rule, publicUrl: config.publicUrl, now, groupKey: groupFingerprint(d.messages.map((m) => m.fingerprint)) };
    try {
      const target = d.target;
      switch (target.kind) {
        case "webhook": {
          const body = target.format === "slack" ? slackPayload(d.messages, ctx) : target.format === "teams" ? teamsPayload(d.messages, ctx) : webhookJsonPayload(d.messages, ctx);
          await sendWebhook(fetchFn, target.url, body, config.timeoutMs);
          break;
        }
        case "email": {
          const content = emailContent(d.messages, ctx);
          if (!config.emailFrom) throw new OutletError("email is not configured: set LOTLINE_SMTP_URL and LOTLINE_ALERT_EMAIL_FROM");
          await sendEmail(await mail(), { from: config.emailFrom, to: target.to, ...content, headers: { "X-Lotline-Group": ctx.groupKey } });
          break;
        }
        case "alertmanager":
          await postAlertmanagerAlerts(fetchFn, target.url, alertmanagerPayload(d.messages, ctx), config.timeoutMs);
          break;
      }
      return { ok: true, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { ok: false, error: errorText(error), durationMs: Math.round(performance.now() - started) };
    }
  }

  async function runAll(deliveries: PlannedDelivery[], now: Date): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = new Array<DeliveryOutcome>(deliveries.length);
    let next = 0;
    const worker = async () => {
      while (next < deliveries.length) {
        const i = next++;
        outcomes[i] = await deliver(deliveries[i]!, now);
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, deliveries.length) }, worker));
    return outcomes;
  }

  async function load(now: Date): Promise<{ rules: AlertRule[]; states: NotificationState[]; silences: ReturnType<typeof silenceFromRow>[] }> {
    const [ruleRows, silenceRows, stateRows] = await Promise.all([
      db.alertRule.findMany({ where: { enabled: true } }),
      db.alertSilence.findMany({ where: { startsAt: { lte: now }, endsAt: { gt: now } } }),
      db.alertNotificationState.findMany({ where: { status: { not: "resolved" } } }),
    ]);
    const rules: AlertRule[] = [];
    for (const row of ruleRows) {
      try {
        rules.push(ruleFromRow(row));
      } catch (error) {
        log(`alerts: rule ${row.id} is not valid and is skipped: ${errorText(error)}`);
      }
    }
    const states: NotificationState[] = [];
    for (const row of stateRows) {
      try {
        states.push(stateFromRow(row));
      } catch (error) {
        log(`alerts: notification state ${row.fingerprint}/${row.outlet} is not valid and is dropped: ${errorText(error)}`);
        await db.alertNotificationState.delete({ where: { fingerprint_outlet: { fingerprint: row.fingerprint, outlet: row.outlet } } });
      }
    }
    return { rules, states, silences: silenceRows.map(silenceFromRow) };
  }

  async function write(upserts: NotificationState[], deletes: StateKey[], records: ReturnType<typeof settlePlan>["records"]) {
    const keys = [...deletes, ...upserts.map((u) => ({ fingerprint: u.fingerprint, outlet: u.outlet }))];
    await db.$transaction(
      async (tx) => {
        // Delete then insert: one statement each per chunk, however many alerts changed.
        for (let i = 0; i < keys.length; i += WRITE_CHUNK) {
          await tx.alertNotificationState.deleteMany({ where: { OR: keys.slice(i, i + WRITE_CHUNK) } });
        }
        for (let i = 0; i < upserts.length; i += WRITE_CHUNK) {
          await tx.alertNotificationState.createMany({ data: upserts.slice(i, i + WRITE_CHUNK).map((u) => ({ ...stateToRow(u), signal: stateToRow(u).signal as unknown as Prisma.InputJsonValue })) });
        }
        if (records.length > 0) {
          await tx.alertDelivery.createMany({ data: records.map((r) => ({ ...r, error: r.error?.slice(0, 2_000) ?? null })) });
        }
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  async function prune(now: Date) {
    if (now.getTime() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = now.getTime();
    await db.alertNotificationState.deleteMany({ where: { status: "resolved", updatedAt: { lt: new Date(now.getTime() - RESOLVED_KEEP_MS) } } });
    await db.alertDelivery.deleteMany({ where: { at: { lt: new Date(now.getTime() - DELIVERIES_KEEP_MS) } } });
  }

  async function cycle(signals: readonly AlertSignal[], now: Date): Promise<NotifyReport> {
    const started = performance.now();
    const report: NotifyReport = { deliveries: 0, failed: 0, messages: 0, stateChanges: 0, durationMs: 0 };
    try {
      const { rules, states, silences } = await load(now);
      const plan = planNotifications({ signals, states, rules, silences, now, alertmanagerUrl: config.alertmanagerUrl });
      const outcomes = await runAll(plan.deliveries, now);
      const settled = settlePlan(plan, outcomes, now);
      await write(settled.upserts, settled.deletes, settled.records);
      report.deliveries = plan.deliveries.length;
      report.messages = plan.deliveries.reduce((n, d) => n + d.messages.length, 0);
      report.failed = outcomes.filter((o) => !o.ok).length;
      report.stateChanges = settled.upserts.length + settled.deletes.length;
      logOutletHealth(settled.records);
      await prune(now);
    } catch (error) {
      // The store itself failed: nothing was recorded, so what was sent is sent again next cycle (at least once).
      log(`alerts: notification cycle failed: ${errorText(error)}`);
    }
    report.durationMs = Math.round(performance.now() - started);
    return report;
  }

  return {
    notify(signals, now) {
      // One cycle at a time: the next waits for the states the previous one wrote.
      const run = chain.then(() => cycle(signals, now));
      chain = run.catch(() => undefined);
      return run;
    },
  };
}
