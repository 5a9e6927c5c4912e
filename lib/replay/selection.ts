import { z } from "zod";

/** What a replay request names: explicit messages, every failed message a filter matches, or a lot (and what was made from it). */
export type ReplaySelection =
  | { kind: "messages"; messages: { correlationId: string; messageId: string }[] }
  | { kind: "filter"; filter: { plant?: string; interface?: string; system?: string; from?: string; to?: string; outcome?: ("failed" | "dead_lettered")[] } }
  | { kind: "lot"; lotId: string; descendants: boolean };

/** The most messages one task may hold: bigger selections are split by the caller (a narrower filter). */
export const REPLAY_MAX_MESSAGES = 50_000;

const id = z.string().trim().min(1).max(200);
const isoTime = z.iso.datetime({ offset: true });

export const replaySelectionSchema: z.ZodType<ReplaySelection> = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("messages"), messages: z.array(z.object({ correlationId: id, messageId: id }).strict()).min(1).max(REPLAY_MAX_MESSAGES) }).strict(),
  z
    .object({
      kind: z.literal("filter"),
      filter: z
        .object({
          plant: id.optional(),
          interface: id.optional(),
          system: id.optional(),
          from: isoTime.optional(),
          to: isoTime.optional(),
          outcome: z.array(z.enum(["failed", "dead_lettered"])).min(1).optional(),
        })
        .strict(),
    })
    .strict(),
  z.object({ kind: z.literal("lot"), lotId: id, descendants: z.boolean() }).strict(),
]);

/** One line describing a selection, for task lists and audit entries. */
export function describeSelection(s: ReplaySelection): string {
  if (s.kind === "messages") return s.messages.length === 1 ? `message ${s.messages[0]!.messageId}` : `${s.messages.length} messages`;
  if (s.kind === "lot") return `failed messages of lot ${s.lotId}${s.descendants ? " and everything made from it" : ""}`;
  const f = s.filter;
  const parts = [f.plant && `plant ${f.plant}`, f.interface && `interface ${f.interface}`, f.system && `system ${f.system}`, f.from && `from ${f.from}`, f.to && `to ${f.to}`].filter(Boolean);
  return `${(f.outcome ?? ["failed", "dead_lettered"]).map((o) => o.replace("_", "-")).join(" or ")} messages${parts.length ? ` of ${parts.join(", ")}` : ""}`;
}
