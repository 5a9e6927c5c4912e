"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId, useState } from "react";

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

/**
 * Each `can…` flag hides links the server would refuse anyway; the pages check again. Below md
 * the links fold behind a Menu button (a phone has no room for nine), from md to xl they take a
 * second row of the bar, from xl they sit inline.
 */
export function NavLinks({
  canSeeSlas = false,
  canSeeSystem,
  canManageUsers = false,
  canManageDefinitions = false,
  canSeeExceptions = false,
  canReplay = false,
  signedInAs,
}: {
  canSeeSlas?: boolean;
  canSeeSystem: boolean;
  canManageUsers?: boolean;
  canManageDefinitions?: boolean;
  canSeeExceptions?: boolean;
  canReplay?: boolean;
  /** Who is signed in, shown at the foot of the folded menu, where the bar has no room for it. */
  signedInAs?: string;
}) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [openedOn, setOpenedOn] = useState(pathname);
  // Following a link closes the menu, without an effect.
  if (openedOn !== pathname) {
    setOpenedOn(pathname);
    setOpen(false);
  }
  const listId = useId();
  const allowed: Record<Audience, boolean> = { everyone: true, slas: canSeeSlas, system: canSeeSystem, admin: canManageUsers, definitions: canManageDefinitions, exceptions: canSeeExceptions, replay: canReplay };
  const links = LINKS.filter((link) => allowed[link.audience]);
  const current = links.find((link) => link.match(pathname));
  const closeOnEscape = (e: React.KeyboardEvent) => {
    if (e.key === "Escape" && open) setOpen(false);
  };
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={closeOnEscape}
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-slate-200 hover:bg-slate-800 hover:text-white md:hidden"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
          {open ? (
            <path d="M5.3 4.3 10 9l4.7-4.7 1 1L11 10l4.7 4.7-1 1L10 11l-4.7 4.7-1-1L9 10 4.3 5.3z" />
          ) : (
            <path d="M3 5h14v1.5H3zm0 4.25h14v1.5H3zM3 13.5h14V15H3z" />
          )}
        </svg>
        <span>{current ? current.label : "Menu"}</span>
        <span className="sr-only">, {open ? "close" : "open"} the menu</span>
      </button>
      <nav
        id={listId}
        aria-label="Main"
        onKeyDown={closeOnEscape}
        className={`${open ? "flex" : "hidden"} order-last w-full flex-col gap-1 pb-1 md:-mx-1 md:flex md:flex-row md:items-center md:overflow-x-auto md:px-1 md:pb-0 xl:order-none xl:mx-0 xl:w-auto xl:overflow-visible xl:px-0`}
      >
        {links.map((link) => {
          const active = link.match(pathname);
          return (
            <Link
              key={link.href}
              href={link.href}
              aria-current={active ? "page" : undefined}
              className={`shrink-0 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium md:py-1.5 ${active ? "bg-slate-800 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white"}`}
            >
              {link.label}
            </Link>
          );
        })}
        {signedInAs && <p className="border-t border-slate-800 px-3 pt-2 text-xs text-slate-300 sm:hidden">Signed in as {signedInAs}</p>}
      </nav>
    </>
  );
}
