import { fingerprintOf } from "./fingerprint";

export const EXCEPTION_KINDS = ["integration", "end_to_end", "stage", "missing_response", "volume", "burn_rate", "ingest_dead_letter", "divergence"] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** One exception as a source reports it, before it is stored and grouped. */
export interface ExceptionInput {
  /** Stable across reads: msg:<correlation>:<message>, the breach id, dl:<request>:<event>, div:<lot>. */
  id: string;
  kind: ExceptionKind;
  plant: string;
  correlationId: string;
  messageId: string;
  lots: string[];
  orders: string[];
  error: string;
  occurredAt: Date;
  /** closed: the source itself says the condition ended (a breach closed). */
  status: "open" | "closed";
  closedReason: string;
  /** Where its evidence is: a path in this app. */
  evidence: string;
  group: GroupKey;
}

/** What the group of an exception is made of. */
export interface GroupKey {
  id: string;
  kind: ExceptionKind;
  signature: string;
  template: string;
  interface: string;
  from: string;
  to: string;
  code: string;
  workflow: string;
  systems: string[];
}

export function groupKeyOf(kind: ExceptionKind, parts: { from?: string; to?: string; interface?: string; code?: string; message: string; workflow?: string; systems?: string[]; ids?: string[] }): GroupKey {
  const from = parts.from ?? "";
  const to = parts.to ?? "";
  const iface = parts.interface ?? "";
  const code = parts.code ?? "";
  const fp = fingerprintOf({ kind, from, to, interface: iface, code, message: parts.message, ids: parts.ids });
  const systems = [...new Set([from, to, ...(parts.systems ?? [])].filter((s) => s !== ""))].sort();
  return { id: fp.id, kind, signature: fp.signature, template: fp.template, interface: iface, from, to, code, workflow: parts.workflow ?? "", systems };
}
