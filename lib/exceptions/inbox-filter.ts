import { z } from "zod";
import { EXCEPTION_KINDS } from "./exception-input";
import { GROUP_STATES } from "./lifecycle";

const text = (max: number) => z.string().trim().min(1).max(max).optional();

/** The inbox's filters: in the URL of the page, the query of the API, a saved view and a bulk action. */
export const InboxFilterSchema = z
  .object({
    plant: text(100),
    system: text(100),
    integration: text(200),
    workflow: text(200),
    kind: z.enum(EXCEPTION_KINDS).optional(),
    /** open: every state that still needs someone (the default); all: every state. */
    state: z.enum([...GROUP_STATES, "open", "all"]).default("open"),
    /** me, none, a user id, or team:<name>. */
    assignee: text(120),
    /** Last seen in this range. */
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    /** Free text over the signature, the last error and the business keys. */
    q: text(200),
    /** priority: quality risk first, then business impact (lib/exceptions/priority.ts). */
    sort: z.enum(["priority", "lastSeen", "firstSeen", "count"]).default("priority"),
  })
  .strict();
export type InboxFilter = z.infer<typeof InboxFilterSchema>;

const FILTER_KEYS = Object.keys(InboxFilterSchema.shape) as (keyof InboxFilter)[];

/** The filter named by URL search params (empty values mean unset), unknown keys ignored. */
export function filterFromParams(params: URLSearchParams): unknown {
  return Object.fromEntries(FILTER_KEYS.flatMap((k) => {
    const v = params.get(k);
    return v === null || v === "" ? [] : [[k, v]];
  }));
}
