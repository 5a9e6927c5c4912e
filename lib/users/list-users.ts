import "server-only";
import type { Db } from "../db/client";
import { notFound } from "../http/errors";
import { toUserView, USER_VIEW_SELECT, type UserView } from "./user-view";

export async function listUsers(db: Db): Promise<UserView[]> {
  return (await db.user.findMany({ orderBy: { email: "asc" }, select: USER_VIEW_SELECT })).map(toUserView);
}

export async function getUser(db: Db, id: string): Promise<UserView> {
  const row = await db.user.findUnique({ where: { id }, select: USER_VIEW_SELECT });
  if (!row) throw notFound(`no user ${id}`);
  return toUserView(row);
}
