import Link from "next/link";
import { Suspense } from "react";
import type { Actor } from "@/lib/auth/actor";
import { hasPermission, ROLE_LABELS } from "@/lib/auth/roles";
import { GlobalSearch } from "./global-search";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import { SkipLink } from "./skip-link";

export function TopBar({ actor }: { actor: Actor }) {
  const scope = actor.plants === null ? "all plants" : actor.plants.length === 0 ? "no plants" : actor.plants.join(", ");
  return (
    <header className="sticky top-0 z-20 border-b border-slate-800 bg-slate-900 text-white print:hidden">
      <SkipLink />
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2.5 sm:px-6 md:gap-x-6 xl:flex-nowrap">
        <Link href="/" className="flex items-center gap-2 font-semibold">
          <span className="grid h-7 w-7 place-items-center rounded-lg bg-indigo-500 text-sm font-bold">L</span>
          Lotline
        </Link>
        <NavLinks
          canSeeSlas={hasPermission(actor.role, "slas:read")}
          canSeeExceptions={hasPermission(actor.role, "exceptions:read")}
          canSeeSystem={hasPermission(actor.role, "system:read")}
          canManageUsers={hasPermission(actor.role, "users:manage")}
          canManageDefinitions={hasPermission(actor.role, "definitions:manage")}
          canReplay={hasPermission(actor.role, "replay")}
          signedInAs={`${actor.name} (${ROLE_LABELS[actor.role]}${actor.plants !== null ? ` · ${scope}` : ""})`}
        />
        <div className="order-1 flex min-w-0 basis-full justify-center sm:order-none sm:flex-1 sm:basis-auto">
          <Suspense fallback={null}>
            <GlobalSearch />
          </Suspense>
        </div>
        <div className="flex items-center gap-3">
          <div className="hidden text-right leading-tight sm:block">
            <div className="text-sm font-medium">{actor.name}</div>
            <div className="text-xs text-slate-300" title={`Plants: ${scope}`}>
              {ROLE_LABELS[actor.role]}
              {actor.plants !== null && ` · ${scope}`}
            </div>
          </div>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
