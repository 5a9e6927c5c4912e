import { z } from "zod";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Parameters every daily-rollup view takes: whole UTC days and the caller's plant scope. */
export const dayRangeScope = z
  .object({
    fromDay: z.string().regex(DAY),
    toDay: z.string().regex(DAY),
    scopeAll: z.union([z.literal(0), z.literal(1)]),
    scopePlants: z.array(z.string().max(100)).max(500),
  })
  .refine((p) => p.fromDay <= p.toDay, { message: "fromDay after toDay" });

/** Parameters of instant-range views (ClickHouse DateTime64 text) with the plant scope. */
export const instantRangeScope = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  scopeAll: z.union([z.literal(0), z.literal(1)]),
  scopePlants: z.array(z.string().max(100)).max(500),
});
