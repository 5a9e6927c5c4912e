import "server-only";
import { randomBytes } from "node:crypto";
import type { Config } from "../config";
import { emit } from "../audit/emit";
import type { Db } from "../db/client";
import { hashPassword } from "./password";

/** First start: create the admin from the environment, or with a generated password printed once. */
export async function ensureAdmin(db: Db, auth: Config["auth"], log: (m: string) => void): Promise<void> {
  const admins = await db.user.count({ where: { role: "admin" } });
  if (admins > 0) return;
  const generated = auth.adminPassword === undefined;
  const password = auth.adminPassword ?? randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    const created = await tx.user.create({ data: { email: auth.adminEmail.toLowerCase(), name: "Administrator", role: "admin", passwordHash } });
    await emit(tx, undefined, { action: "user.created", entity: { type: "user", id: created.id }, after: { email: created.email, role: created.role } });
    return created;
  });
  if (generated) {
    log(`created admin ${user.email} with the one-time password: ${password}  (set LOTLINE_ADMIN_PASSWORD to choose it; this is not shown again)`);
  } else {
    log(`created admin ${user.email} from LOTLINE_ADMIN_EMAIL / LOTLINE_ADMIN_PASSWORD`);
  }
}
