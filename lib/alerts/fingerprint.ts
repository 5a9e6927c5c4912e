import { createHash } from "node:crypto";

/**
 * The identity of one alert for one rule: SHA-256 hex of the rule and the signal's stable id.
 * The same condition re-evaluated every cycle keeps its fingerprint, so it is one alert, not a
 * new one per cycle. `null` is the rule-less Alertmanager outlet.
 */
export function alertFingerprint(ruleId: string | null, signalId: string): string {
  // Every cycle asks again for every firing alert: remember the answers, within bounds.
  const rule = ruleId ?? "*";
  let bySignal = memo.get(rule);
  if (!bySignal) memo.set(rule, (bySignal = new Map()));
  let fp = bySignal.get(signalId);
  if (fp === undefined) {
    if (memoSize >= MEMO_MAX) {
      memo.clear();
      memoSize = 0;
      memo.set(rule, (bySignal = new Map()));
    }
    fp = sha256Hex(`lotline-alert\u0000${rule}\u0000${signalId}`);
    bySignal.set(signalId, fp);
    memoSize++;
  }
  return fp;
}

const MEMO_MAX = 200_000;
const memo = new Map<string, Map<string, string>>();
let memoSize = 0;

/** One delivery's key: its single alert's fingerprint, or the hash of all of them. */
export function groupFingerprint(fingerprints: readonly string[]): string {
  if (fingerprints.length === 1) return fingerprints[0]!;
  return sha256Hex([...fingerprints].sort().join("\n"));
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
