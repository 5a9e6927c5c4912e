import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/actor";
import { getConfig } from "@/lib/config";
import { getDb } from "@/server/runtime";
import { LoginForm } from "@/components/login-form";

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
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-900 via-slate-800 to-indigo-950 p-6">
      <div className="w-full max-w-sm rounded-2xl bg-white p-8 shadow-2xl">
        <div className="mb-6 flex items-center gap-3">
          <span className="grid h-10 w-10 place-items-center rounded-xl bg-indigo-600 text-lg font-bold text-white">L</span>
          <div>
            <h1 className="text-xl font-semibold">Lotline</h1>
            <p className="text-sm text-slate-500">Integration observability for manufacturing</p>
          </div>
        </div>
        <LoginForm callbackUrl={callbackUrl} oidcName={oidc?.name} error={typeof params.error === "string" ? params.error : undefined} />
      </div>
    </main>
  );
}
