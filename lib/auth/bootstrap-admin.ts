import "server-only";
import { randomBytes } from "node:crypto";
import type { Config } from "../config";
import type { Db } from "../db/client";
import { hashPassword } from "./password";

/** First start: create the admin from the environment, or with a generated password printed once. */
export async function ensureAdmin(db: Db, auth: Config["auth"], log: (m: string) => void): Promise<void> {
  const admins = await db.user.count({ where: { role: "admin" } });
  if (admins > 0) return;
  const generated = auth.adminPassword === undefined;
  const password = auth.adminPassword ?? randomBytes(12).toString("base64url");
  const user = await db.user.create({
    data: { email: auth.adminEmail.toLowerCase(), name: "Administrator", role: "admin", passwordHash: await hashPassword(password) },
  });
  await db.auditLog.create({
    data: { actorLabel: "system", action: "user.created", entityType: "user", entityId: user.id, after: { email: user.email, role: user.role } },
  });
  if (generated) {
    log(`created admin ${user.email} with the one-time password: ${password}  (set LOTLINE_ADMIN_PASSWORD to choose it; this is not shown again)`);
  } else {
    log(`created admin ${user.email} from LOTLINE_ADMIN_EMAIL / LOTLINE_ADMIN_PASSWORD`);
  }
}
