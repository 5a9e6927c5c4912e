import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** True when the Authorization header carries exactly `expected` as a bearer token. */
export function bearerMatches(header: string | null, expected: string | undefined): boolean {
  if (!expected || !header?.startsWith("Bearer ")) return false;
  // Compare digests so the comparison time does not depend on where the strings differ.
  return timingSafeEqual(digest(header.slice("Bearer ".length).trim()), digest(expected));
}
