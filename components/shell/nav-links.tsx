"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

type Audience = "everyone" | "slas" | "system" | "admin" | "definitions" | "exceptions" | "replay";

const LINKS: { href: string; label: string; match: (p: string) => boolean; audience: Audience }[] = [
  { href: "/", label: "Overview", match: (p) => p === "/", audience: "everyone" },
  { href: "/search", label: "Search", match: (p) => p.startsWith("/search") || p.startsWith("/trace"), audience: "everyone" },
  { href: "/slas", label: "SLAs", match: (p) => p.startsWith("/slas"), audience: "slas" },
  { href: "/exceptions", label: "Exceptions", match: (p) => p.startsWith("/exceptions"), audience: "exceptions" },
  { href: "/worklist", label: "Worklist", match: (p) => p.startsWith("/worklist"), audience: "slas" },
  { href: "/ingest-errors", label: "Ingest errors", match: (p) => p.startsWith("/ingest-errors"), audience: "system" },
  { href: "/admin/workflows", label: "Definitions", match: (p) => /^\/admin\/(workflows|non-events|calendars|alerts|integrations)/.test(p), audience: "definitions" },
  { href: "/replays", label: "Replays", match: (p) => p.startsWith("/replays"), audience: "replay" },
  { href: "/admin", label: "Admin", match: (p) => p === "/admin" || p.startsWith("/admin/users") || p.startsWith("/admin/tokens"), audience: "admin" },
];

/** Each `can…` flag hides links the server would refuse anyway; the pages check again. */
export function NavLinks({
  canSeeSlas = false,
  canSeeSystem,
  canManageUsers = false,
  canManageDefinitions = false,
  canSeeExceptions = false,
  canReplay = false,
}: {
  canSeeSlas?: boolean;
  canSeeSystem: boolean;
  canManageUsers?: boolean;
  canManageDefinitions?: boolean;
  canSeeExceptions?: boolean;
  canReplay?: boolean;
}) {
  const pathname = usePathname();
  const allowed: Record<Audience, boolean> = { everyone: true, slas: canSeeSlas, system: canSeeSystem, admin: canManageUsers, definitions: canManageDefinitions, exceptions: canSeeExceptions, replay: canReplay };
  const visible = (audience: Audience) => allowed[audience];
  return (
    <nav aria-label="Main" className="order-last -mx-1 flex w-full items-center gap-1 overflow-x-auto px-1 xl:order-none xl:mx-0 xl:w-auto xl:overflow-visible xl:px-0">
      {LINKS.filter((link) => visible(link.audience)).map((link) => {
        const active = link.match(pathname);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`shrink-0 whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-800 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white"}`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
