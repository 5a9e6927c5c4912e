import { businessIdSchema } from "../queries/get-trace";
import { badRequest } from "./errors";

/** A business id from a URL segment, or a 400 naming what is wrong with it. */
export function parseId(value: string, what: string): string {
  const parsed = businessIdSchema(what).safeParse(value);
  if (!parsed.success) throw badRequest(`${what}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}
