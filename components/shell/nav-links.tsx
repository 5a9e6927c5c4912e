"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview", match: (p: string) => p === "/", systemOnly: false },
  { href: "/search", label: "Search", match: (p: string) => p.startsWith("/search") || p.startsWith("/trace"), systemOnly: false },
  { href: "/ingest-errors", label: "Ingest errors", match: (p: string) => p.startsWith("/ingest-errors"), systemOnly: true },
];

/** `canSeeSystem` hides links the server would refuse anyway; the pages check again. */
export function NavLinks({ canSeeSystem }: { canSeeSystem: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {LINKS.filter((link) => canSeeSystem || !link.systemOnly).map((link) => {
        const active = link.match(pathname);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-800 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white"}`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
