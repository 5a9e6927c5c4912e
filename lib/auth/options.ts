import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getConfig } from "../config";
import { emit } from "../audit/emit";
import type { Db } from "../db/client";
import { verifyPassword } from "./password";

const credentialsSchema = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) });

const OIDC_PROVIDER_ID = "oidc";

async function authorizeCredentials(db: Db, raw: unknown) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const user = await db.user.findUnique({ where: { email: parsed.data.email.toLowerCase() } });
  if (!user?.passwordHash || user.disabled) return null;
  if (!(await verifyPassword(user.passwordHash, parsed.data.password))) return null;
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name ?? user.email, sessionVersion: user.sessionVersion };
}

/** An SSO identity maps to the user with its account link, else the same email; new people start as viewers. */
async function resolveOidcUser(db: Db, providerAccountId: string, email: string | null | undefined, name: string | null | undefined) {
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: OIDC_PROVIDER_ID, providerAccountId } },
    include: { user: true },
  });
  if (linked) return linked.user;
  if (!email) throw new Error("the identity provider sent no email address");
  return db.$transaction(async (tx) => {
    const user = await tx.user.upsert({ where: { email: email.toLowerCase() }, create: { email: email.toLowerCase(), name, role: "viewer" }, update: {} });
    await tx.account.create({ data: { userId: user.id, provider: OIDC_PROVIDER_ID, providerAccountId } });
    const self = { kind: "user", id: user.id, email: user.email, name: user.name ?? user.email, role: user.role, plants: user.role === "plant_manager" ? user.plants : null } as const;
    await emit(tx, self, { action: "user.sso_linked", entity: { type: "user", id: user.id }, after: { provider: OIDC_PROVIDER_ID } });
    return user;
  });
}

function providers(db: Db): AuthOptions["providers"] {
  const list: AuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials) => authorizeCredentials(db, credentials),
    }),
  ];
  const oidc = getConfig().auth.oidc;
  if (oidc) {
    list.push({
      id: OIDC_PROVIDER_ID,
      name: oidc.name,
      type: "oauth",
      wellKnown: `${oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile: { sub: string; email?: string; name?: string }) => ({ id: profile.sub, email: profile.email, name: profile.name }),
    });
  }
  return list;
}

/** `db` is reached from the callbacks next-auth calls later, so the caller hands it in once here. */
export function authOptions(db: Db): AuthOptions {
  return {
    secret: getConfig().auth.secret,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: providers(db),
    callbacks: {
      async jwt({ token, user, account }) {
        if (account?.provider === OIDC_PROVIDER_ID) {
          const dbUser = await resolveOidcUser(db, account.providerAccountId, user.email, user.name);
          await db.user.update({ where: { id: dbUser.id }, data: { lastLoginAt: new Date() } });
          token.uid = dbUser.id;
          token.sv = dbUser.sessionVersion;
        } else if (user) {
          token.uid = user.id;
          token.sv = user.sessionVersion ?? 0;
        }
        return token;
      },
      async session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        // Sessions signed in before session versions existed carry none: they count as version 0.
        session.user.sessionVersion = token.sv ?? 0;
        return session;
      },
    },
  };
}
