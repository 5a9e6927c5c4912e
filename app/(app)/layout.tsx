import { Providers } from "@/components/providers";
import { TopBar } from "@/components/shell/top-bar";
import { requirePageActor } from "@/lib/auth/page-guard";
import { appDeps } from "@/server/runtime";

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const deps = await appDeps();
  const actor = await requirePageActor(deps.db, "/");
  return (
    <Providers>
      <TopBar actor={actor} />
      <main id="content" tabIndex={-1} className="mx-auto max-w-screen-2xl px-4 py-6 outline-none sm:px-6 print:max-w-none print:p-0">{children}</main>
    </Providers>
  );
}
