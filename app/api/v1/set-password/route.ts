import { problemResponse } from "@/lib/http/problem";
import { setPasswordFromLink } from "@/lib/users/password-links";
import { readJson } from "@/lib/workflows/definition-body";
import { getDb } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** POST `{ token, password }` from a set-password link. No session: the link is the credential. */
export async function POST(request: Request) {
  try {
    const db = await getDb();
    return Response.json(await setPasswordFromLink(db, await readJson(request)));
  } catch (error) {
    return problemResponse(error, new URL(request.url).pathname);
  }
}
