import { alertFingerprint, groupFingerprint } from "./fingerprint";
import { activeSilenceFor, ruleMatches } from "./matching";
import { ALERTMANAGER_OUTLET, describeOutlet, ruleOutlets, type OutletTarget } from "./outlet-target";
import type { AlertRule } from "./rule-spec";
import type { AlertSignal } from "./signal";
import { sameSignal } from "./signal-json";
import type { AlertSilence } from "./silence-spec";

/**
 * The notification plan: given this cycle's signals and what each outlet was last told, which
 * messages go out now and what each outlet's state becomes. Pure, so every rule of
 * deduplication, repeat, silence and retry is unit-tested without a server.
 *
 * Per (alert fingerprint, outlet) the status is one of
 * - `pending`   firing, a firing notice is owed (new, or its send failed; retried with back-off);
 * - `firing`    firing and the outlet was told at `lastSentAt`; repeated after the rule's interval;
 * - `silenced`  firing but muted by a silence; nothing is sent, and the end of the silence notifies;
 * - `resolving` resolved, the resolved notice is owed (its send failed), even once the engine
 *               has stopped reporting the signal: the stored snapshot is sent;
 * - `resolved`  done; the row is kept a while for the admin page, not loaded again.
 *
 * `lastSentAt` stays set from the first delivered firing notice on, so a resolved notice goes
 * out only to an outlet that was told the alert was firing.
 *
 * A failed send is retried after `retryDelayMs(failedAttempts)`: the next cycle at first, then
 * ever longer up to ten minutes, so a webhook that is down for a day is not posted to (and
 * logged) every 15 s, while the first retry comes as soon as before.
 */

export const NOTIFICATION_STATUSES = ["pending", "firing", "silenced", "resolving", "resolved"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface NotificationState {
  fingerprint: string;
  outlet: string;
  /** Null for the Alertmanager outlet, which takes every signal and routes by itself. */
  ruleId: string | null;
  signalId: string;
  status: NotificationStatus;
  /** The signal as last seen: what a retried resolved notice is built from. */
  signal: AlertSignal;
  firstFiredAt: Date;
  lastSentAt: Date | null;
  sendCount: number;
  lastError: string | null;
  /** Failed sends since the last one that went through. */
  failedAttempts: number;
  lastAttemptAt: Date | null;
}

const RETRY_BASE_MS = 15_000;
const RETRY_MAX_MS = 10 * 60_000;

/** How long after its `failures`-th failed send in a row an owed notice is tried again. */
export function retryDelayMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1));
}

/** Why a message goes out: a new alert, its repeat, the end of its silence, a retry, its resolution, or an Alertmanager re-post. */
export type MessageReason = "new" | "repeat" | "unsilenced" | "retry" | "resolved" | "refresh";

export interface PlannedMessage {
  fingerprint: string;
  signal: AlertSignal;
  status: "firing" | "resolved";
  reason: MessageReason;
}

/** One send: an outlet's messages of the cycle, grouped. */
export interface PlannedDelivery {
  outlet: string;
  target: OutletTarget;
  rule: { id: string; name: string } | null;
  messages: PlannedMessage[];
}

interface StateChange {
  /** The stored state before this cycle, if any: an outcome equal to it is not written again. */
  prev: NotificationState | undefined;
  /** What the state becomes when its delivery succeeds (or when there is none). */
  ifSent: NotificationState;
  /** What it becomes when the delivery fails; lastError is filled in by settlePlan. */
  ifFailed: NotificationState;
  /** Index into deliveries, or null when nothing is sent for it. */
  delivery: number | null;
}

export interface StateKey {
  fingerprint: string;
  outlet: string;
}

export interface NotificationPlan {
  deliveries: PlannedDelivery[];
  changes: StateChange[];
  /** States of outlets that no longer exist (rule deleted or disabled, webhook removed, Alertmanager unset) or of signals a rule no longer matches. */
  deletes: StateKey[];
}

export interface PlanInput {
  /** This cycle's signals: every firing one, and those resolved since the last cycle. */
  signals: readonly AlertSignal[];
  /** Stored states that are not `resolved`. */
  states: readonly NotificationState[];
  rules: readonly AlertRule[];
  silences: readonly AlertSilence[];
  now: Date;
  /** Set when ALERTMANAGER_URL is: every signal is posted there each cycle. */
  alertmanagerUrl?: string | null;
  /** Alerts per webhook or email message (default 100); Alertmanager takes up to 1000 per post. */
  maxAlertsPerMessage?: number;
}

/** How often an Alertmanager re-post refreshes the stored state (it is posted every cycle regardless). */
export const ALERTMANAGER_STATE_REFRESH_MS = 60_000;

const live = (s: NotificationState | undefined): s is NotificationState => s !== undefined && s.status !== "resolved";

function sameState(a: NotificationState, b: NotificationState): boolean {
  return (
    a.status === b.status &&
    a.ruleId === b.ruleId &&
    a.sendCount === b.sendCount &&
    a.lastError === b.lastError &&
    a.failedAttempts === b.failedAttempts &&
    (a.lastAttemptAt?.getTime() ?? null) === (b.lastAttemptAt?.getTime() ?? null) &&
    a.firstFiredAt.getTime() === b.firstFiredAt.getTime() &&
    (a.lastSentAt?.getTime() ?? null) === (b.lastSentAt?.getTime() ?? null) &&
    sameSignal(a.signal, b.signal)
  );
}

const SEVERITY_ORDER = { critical: 0, warning: 1 } as const;
function messageOrder(a: PlannedMessage, b: PlannedMessage): number {
  if (a.status !== b.status) return a.status === "firing" ? -1 : 1;
  if (a.signal.severity !== b.signal.severity) return SEVERITY_ORDER[a.signal.severity] - SEVERITY_ORDER[b.signal.severity];
  return a.signal.startsAt.getTime() - b.signal.startsAt.getTime() || (a.signal.id < b.signal.id ? -1 : a.signal.id > b.signal.id ? 1 : 0);
}

/** The engine reports a firing signal every cycle; one it stops reporting has ended. */
function endedSnapshot(signal: AlertSignal, now: Date): AlertSignal {
  return signal.state === "resolved" && signal.endsAt ? signal : { ...signal, state: "resolved", endsAt: signal.endsAt ?? now };
}

export function planNotifications(input: PlanInput): NotificationPlan {
  const { now } = input;
  const nowMs = now.getTime();
  const maxPerMessage = input.maxAlertsPerMessage ?? 100;

  // One signal per id; if the engine lists an id as both resolved and firing, it is firing now.
  const signals = new Map<string, AlertSignal>();
  for (const s of input.signals) {
    const seen = signals.get(s.id);
    if (!seen || (seen.state === "resolved" && s.state === "firing")) signals.set(s.id, s);
  }
  // By fingerprint, then outlet: the fingerprint strings come from a memo, so their hashes are computed once.
  const stored = new Map<string, Map<string, NotificationState>>();
  for (const s of input.states) {
    let byOutlet = stored.get(s.fingerprint);
    if (!byOutlet) stored.set(s.fingerprint, (byOutlet = new Map()));
    byOutlet.set(s.outlet, s);
  }
  const storedAt = (fingerprint: string, outlet: string) => stored.get(fingerprint)?.get(outlet);
  const touched = new Set<NotificationState>();
  const rules = new Map(input.rules.filter((r) => r.enabled).map((r) => [r.id, r]));
  const groups = new Map<string, { outlet: string; target: OutletTarget; rule: PlannedDelivery["rule"]; items: { message: PlannedMessage; change: StateChange }[] }>();
  const changes: StateChange[] = [];
  const deletes: StateKey[] = [];

  const fresh = (fingerprint: string, outlet: string, ruleId: string | null, signal: AlertSignal): NotificationState => ({
    fingerprint,
    outlet,
    ruleId,
    signalId: signal.id,
    status: "pending",
    signal,
    firstFiredAt: now,
    lastSentAt: null,
    sendCount: 0,
    lastError: null,
    failedAttempts: 0,
    lastAttemptAt: null,
  });

  /** A state change with nothing to send; skipped when nothing changed, so a quiet cycle writes nothing. */
  const keep = (prev: NotificationState | undefined, next: NotificationState) => {
    if (prev && sameState(prev, next)) return;
    changes.push({ prev, ifSent: next, ifFailed: next, delivery: null });
  };

  const send = (
    outlet: { key: string; target: OutletTarget },
    rule: PlannedDelivery["rule"],
    message: PlannedMessage,
    prev: NotificationState | undefined,
    ifSent: NotificationState,
    ifFailed: NotificationState,
  ) => {
    if (prev && prev.failedAttempts > 0 && prev.lastAttemptAt && nowMs - prev.lastAttemptAt.getTime() < retryDelayMs(prev.failedAttempts)) return keep(prev, ifFailed);
    const groupKey = `${rule?.id ?? "*"}\u0000${outlet.key}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = { outlet: outlet.key, target: outlet.target, rule, items: [] };
      groups.set(groupKey, group);
    }
    group.items.push({ message, change: { prev, ifSent, ifFailed, delivery: null } });
  };

  const sent = (base: NotificationState, status: NotificationStatus): NotificationState => ({ ...base, status, lastSentAt: now, sendCount: base.sendCount + 1, lastError: null, failedAttempts: 0, lastAttemptAt: now });

  // Silences in force now; whether one mutes a signal is asked once per signal, not per outlet.
  const activeSilences = input.silences.filter((s) => s.startsAt.getTime() <= nowMs && nowMs < s.endsAt.getTime());
  const silencedCache = new Map<string, boolean>();
  const isSilenced = (signal: AlertSignal) => {
    let v = silencedCache.get(signal.id);
    if (v === undefined) silencedCache.set(signal.id, (v = activeSilenceFor(activeSilences, signal, now) !== undefined));
    return v;
  };

  function decideRuleOutlet(rule: AlertRule, fingerprint: string, outlet: { key: string; target: OutletTarget }, signal: AlertSignal, prev: NotificationState | undefined) {
    const ruleRef = { id: rule.id, name: rule.name };
    if (signal.state === "firing") {
      const base = live(prev) ? { ...prev, signal, ruleId: rule.id } : fresh(fingerprint, outlet.key, rule.id, signal);
      if (isSilenced(signal)) return keep(prev, { ...base, status: "silenced" });
      let reason: MessageReason | null;
      if (!live(prev)) reason = "new";
      else if (prev.status === "pending") reason = "retry";
      else if (prev.status === "silenced") reason = "unsilenced";
      // firing, or resolving that fired again before its resolved notice went out: the outlet still believes it is firing.
      else reason = prev.lastSentAt === null || nowMs - prev.lastSentAt.getTime() >= rule.repeatIntervalSec * 1000 ? "repeat" : null;
      if (reason === null) return keep(prev, { ...base, status: "firing" });
      return send(outlet, ruleRef, { fingerprint, signal, status: "firing", reason }, prev, sent(base, "firing"), { ...base, status: "pending" });
    }
    // Resolved: only an outlet that was told it fired hears that it resolved, and only once.
    if (!live(prev)) return;
    const base = { ...prev, signal };
    if (prev.lastSentAt === null || !rule.sendResolved) return keep(prev, { ...base, status: "resolved" });
    return send(outlet, ruleRef, { fingerprint, signal, status: "resolved", reason: "resolved" }, prev, sent(base, "resolved"), { ...base, status: "resolving" });
  }

  function decideAlertmanager(url: string, signal: AlertSignal, prev: NotificationState | undefined) {
    const fingerprint = alertFingerprint(null, signal.id);
    const outlet = { key: ALERTMANAGER_OUTLET, target: { kind: "alertmanager" as const, url } };
    if (signal.state === "firing") {
      // Posted every cycle: Alertmanager resolves an alert that is not re-posted within its resolve_timeout.
      const base = live(prev) ? { ...prev, signal } : fresh(fingerprint, outlet.key, null, signal);
      const reason: MessageReason = !live(prev) ? "new" : prev.status === "firing" ? "refresh" : "retry";
      const refreshState = reason !== "refresh" || prev?.lastSentAt == null || nowMs - prev.lastSentAt.getTime() >= ALERTMANAGER_STATE_REFRESH_MS;
      const ifSent = refreshState ? sent(base, "firing") : { ...base, status: "firing" as const };
      return send(outlet, null, { fingerprint, signal, status: "firing", reason }, prev, ifSent, { ...base, status: "pending" });
    }
    if (!live(prev)) return;
    const base = { ...prev, signal };
    if (prev.lastSentAt === null) return keep(prev, { ...base, status: "resolved" });
    return send(outlet, null, { fingerprint, signal, status: "resolved", reason: "resolved" }, prev, sent(base, "resolved"), { ...base, status: "resolving" });
  }

  const outletCache = new Map<string, ReturnType<typeof ruleOutlets>>();
  const outletsOf = (rule: AlertRule) => {
    let o = outletCache.get(rule.id);
    if (!o) outletCache.set(rule.id, (o = ruleOutlets(rule)));
    return o;
  };

  for (const rule of rules.values()) {
    const outlets = outletsOf(rule);
    for (const signal of signals.values()) {
      if (!ruleMatches(rule, signal)) continue;
      const fingerprint = alertFingerprint(rule.id, signal.id);
      for (const outlet of outlets) {
        const prev = storedAt(fingerprint, outlet.key);
        if (prev) touched.add(prev);
        // The common case, kept cheap: told, still firing, unchanged, not muted, not yet due again.
        if (
          prev?.status === "firing" &&
          signal.state === "firing" &&
          prev.lastSentAt !== null &&
          nowMs - prev.lastSentAt.getTime() < rule.repeatIntervalSec * 1000 &&
          sameSignal(prev.signal, signal) &&
          !isSilenced(signal)
        ) {
          continue;
        }
        decideRuleOutlet(rule, fingerprint, outlet, signal, prev);
      }
    }
  }
  if (input.alertmanagerUrl) {
    for (const signal of signals.values()) {
      const prev = storedAt(alertFingerprint(null, signal.id), ALERTMANAGER_OUTLET);
      if (prev) touched.add(prev);
      decideAlertmanager(input.alertmanagerUrl, signal, prev);
    }
  }

  // States this cycle did not reach: their signal ended unreported, a resolved notice is still owed, or their outlet is gone.
  for (const prev of input.states) {
    if (touched.has(prev)) continue;
    const drop = () => deletes.push({ fingerprint: prev.fingerprint, outlet: prev.outlet });
    if (prev.outlet === ALERTMANAGER_OUTLET) {
      if (!input.alertmanagerUrl) drop();
      else decideAlertmanager(input.alertmanagerUrl, endedSnapshot(prev.signal, now), prev);
      continue;
    }
    const rule = prev.ruleId === null ? undefined : rules.get(prev.ruleId);
    const outlet = rule ? outletsOf(rule).find((o) => o.key === prev.outlet) : undefined;
    // A signal still reported that the rule no longer matches was re-scoped, not resolved: forget it quietly.
    if (!rule || !outlet || signals.has(prev.signalId)) drop();
    else decideRuleOutlet(rule, prev.fingerprint, outlet, endedSnapshot(prev.signal, now), prev);
  }

  const deliveries: PlannedDelivery[] = [];
  for (const group of groups.values()) {
    const items = [...group.items].sort((a, b) => messageOrder(a.message, b.message));
    const size = group.target.kind === "alertmanager" ? Math.max(maxPerMessage, 1000) : maxPerMessage;
    for (let i = 0; i < items.length; i += size) {
      const chunk = items.slice(i, i + size);
      const index = deliveries.length;
      deliveries.push({ outlet: group.outlet, target: group.target, rule: group.rule, messages: chunk.map((c) => c.message) });
      for (const c of chunk) changes.push({ ...c.change, delivery: index });
    }
  }
  return { deliveries, changes, deletes };
}

export type DeliveryOutcome = { ok: true; durationMs?: number } | { ok: false; error: string; durationMs?: number };

/** A row of the delivery log. */
export interface DeliveryRecord {
  at: Date;
  ruleId: string | null;
  ruleName: string;
  outlet: string;
  /** The outlet as people read it: webhook URL redacted, addresses masked. */
  target: string;
  /** The message's key: its one alert's fingerprint, or the hash of all of them. */
  fingerprint: string;
  /** "firing" when any alert in it fires, else "resolved". */
  status: "firing" | "resolved";
  alertCount: number;
  signalIds: string[];
  ok: boolean;
  error: string | null;
  durationMs: number | null;
}

/**
 * The plan after its deliveries ran: the states to store and the delivery log rows. A successful
 * Alertmanager post that only re-posted alerts it already had is not logged (one every cycle
 * would bury the rest); a failed one is.
 */
export function settlePlan(plan: NotificationPlan, outcomes: readonly DeliveryOutcome[], now: Date): { upserts: NotificationState[]; deletes: StateKey[]; records: DeliveryRecord[] } {
  const upserts: NotificationState[] = [];
  for (const c of plan.changes) {
    const outcome = c.delivery === null ? undefined : (outcomes[c.delivery] ?? { ok: false as const, error: "not sent" });
    const next = !outcome || outcome.ok ? c.ifSent : { ...c.ifFailed, lastError: outcome.error, failedAttempts: c.ifFailed.failedAttempts + 1, lastAttemptAt: now };
    if (!c.prev || !sameState(c.prev, next)) upserts.push(next);
  }
  const records: DeliveryRecord[] = [];
  plan.deliveries.forEach((d, i) => {
    const outcome: DeliveryOutcome = outcomes[i] ?? { ok: false, error: "not sent" };
    if (outcome.ok && d.messages.every((m) => m.reason === "refresh")) return;
    records.push({
      at: now,
      ruleId: d.rule?.id ?? null,
      ruleName: d.rule?.name ?? "Alertmanager",
      outlet: d.outlet,
      target: describeOutlet(d.target),
      fingerprint: groupFingerprint(d.messages.map((m) => m.fingerprint)),
      status: d.messages.some((m) => m.status === "firing") ? "firing" : "resolved",
      alertCount: d.messages.length,
      signalIds: d.messages.map((m) => m.signal.id),
      ok: outcome.ok,
      error: outcome.ok ? null : outcome.error,
      durationMs: outcome.durationMs ?? null,
    });
  });
  return { upserts, deletes: plan.deletes, records };
}
