import type { Prisma } from "../generated/prisma/client";
import type { RoleName } from "../auth/roles";

/** What the users page shows for an account; `awaiting_password` has neither a password nor an SSO link yet, so it cannot sign in. */
export type UserStatus = "active" | "disabled" | "awaiting_password";

/** A user as the admin API and page see them: never the password hash or the set-password link. Times are ISO strings. */
export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: RoleName;
  plants: string[];
  disabled: boolean;
  status: UserStatus;
  hasPassword: boolean;
  sso: boolean;
  /** When the outstanding set-password link stops working; null without one. */
  passwordLinkExpiresAt: string | null;
  /** The revision to send back as `baseRevision` when editing, so a concurrent edit is a 409. */
  revision: number;
  createdAt: string;
  lastLoginAt: string | null;
}

export const USER_VIEW_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  plants: true,
  disabled: true,
  passwordHash: true,
  passwordLinkExpiresAt: true,
  revision: true,
  createdAt: true,
  lastLoginAt: true,
  _count: { select: { accounts: true } },
} as const satisfies Prisma.UserSelect;

export type UserViewRow = Prisma.UserGetPayload<{ select: typeof USER_VIEW_SELECT }>;

export function toUserView(row: UserViewRow): UserView {
  const hasPassword = row.passwordHash !== null;
  const sso = row._count.accounts > 0;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    plants: row.plants,
    disabled: row.disabled,
    status: row.disabled ? "disabled" : hasPassword || sso ? "active" : "awaiting_password",
    hasPassword,
    sso,
    passwordLinkExpiresAt: row.passwordLinkExpiresAt?.toISOString() ?? null,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}
