export const REDACTED = "•••";

/**
 * Masks the values of the named fields anywhere in a JSON payload (names match case-insensitively).
 * A payload that is not JSON is returned as is: it has no fields to name.
 */
export function redactPayload(payload: string, fields: readonly string[]): { payload: string; redacted: number } {
  if (fields.length === 0 || payload === "") return { payload, redacted: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return { payload, redacted: 0 };
  }
  const names = new Set(fields.map((f) => f.toLowerCase()));
  let redacted = 0;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => {
        if (!names.has(key.toLowerCase())) return [key, walk(v)];
        redacted++;
        return [key, REDACTED];
      }),
    );
  };
  const result = walk(parsed);
  return redacted === 0 ? { payload, redacted } : { payload: JSON.stringify(result), redacted };
}
