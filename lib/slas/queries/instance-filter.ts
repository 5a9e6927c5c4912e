import { z } from "zod";

/** The worklist's vocabulary, shared by the query, the API and the filter controls in the browser. */
export const SLA_STATES = ["open", "at_risk", "breached", "met"] as const;
export const INSTANCE_STATUSES = ["open", "completed", "failed", "recovered"] as const;
export const INSTANCE_SORTS = ["deadline", "over_by", "time_to_breach", "trigger"] as const;
export type InstanceSort = (typeof INSTANCE_SORTS)[number];

const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(z.enum(values)).max(values.length)).optional();
const slug = z.string().trim().max(120).regex(/^[A-Za-z0-9._:-]*$/, "letters, digits and . _ : - only");

/**
 * The worklist's filters as the URL and the API take them. Neither `sla_state` nor `status`
 * means "needs action": late, at risk or failed, and not yet completed.
 */
export const instanceFilterSchema = z.object({
  workflow: slug.optional(),
  plant: slug.optional(),
  stage: slug.optional(),
  sla_state: list(SLA_STATES),
  status: list(INSTANCE_STATUSES),
  sort: z.enum(INSTANCE_SORTS).default("deadline"),
  limit: z.coerce.number().int().min(1).max(2000).default(100),
});
export type InstanceFilter = z.infer<typeof instanceFilterSchema>;
