import { z } from "zod";
import { badRequest } from "../http/errors";

/** A zod issue as the API reports it: the path into the request body and a message to show beside that field. */
export interface FieldIssue {
  path: (string | number)[];
  field: string;
  message: string;
}

export function fieldIssues(error: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
    return { path, field: path.join(".") || "body", message: issue.message };
  });
}

/** Parses with `schema` or throws the 400 problem+json whose `issues` name each bad field. */
export function parseOr400<T>(schema: z.ZodType<T>, input: unknown, what: string, prefix: (string | number)[] = []): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error, prefix);
  const first = issues[0];
  throw badRequest(`${what} is not valid${first ? `: ${first.field}: ${first.message}` : ""}`, { issues });
}

export const CreateDefinitionBodySchema = z.object({ enabled: z.boolean().default(true), spec: z.unknown() }).strict();

export const SaveDefinitionBodySchema = z
  .object({
    /** The version the client edited; saving on top of a newer one is a 409. */
    baseVersion: z.number().int().min(1),
    enabled: z.boolean().default(true),
    spec: z.unknown(),
  })
  .strict();

/** Reads a JSON body or throws a 400 (the route handlers share it). */
export async function readJson(request: Request): Promise<unknown> {
  return request.json().catch(() => {
    throw badRequest("the body must be JSON");
  });
}

/** A definition key in a URL; malformed is a 400, unknown a 404. */
export const DefinitionKeySchema = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "lowercase letters, digits and dashes, starting with a letter");
