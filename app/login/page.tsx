import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/actor";
import { getConfig } from "@/lib/config";
import { getDb } from "@/server/runtime";
import { LoginForm } from "@/components/login-form";
import { AuthCard } from "@/components/auth-card";

export const metadata = { title: "Sign in" };

function safeCallback(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  // Only same-site paths: an absolute URL here would be an open redirect.
  return v && v.startsWith("/") && !v.startsWith("//") ? v : "/";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getActor(await getDb())) redirect(callbackUrl);
  const oidc = getConfig().auth.oidc;
  return (
    <AuthCard title="Lotline" subtitle="Integration observability for manufacturing">
      <LoginForm callbackUrl={callbackUrl} oidcName={oidc?.name} error={typeof params.error === "string" ? params.error : undefined} />
    </AuthCard>
  );
}
