import { z } from "zod";

/** Task and target ids are cuids. */
export const taskIdSchema = z.string().regex(/^[a-z0-9]{20,40}$/, "not a valid id");
