import Link from "next/link";
import type { AdminCard } from "@/lib/admin/admin-cards";

export function AdminCards({ cards }: { cards: AdminCard[] }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      {cards.map((card) => (
        <li key={card.href}>
          <Link
            href={card.href}
            data-testid="admin-card"
            className="flex h-full flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 hover:shadow focus-visible:outline-2 focus-visible:outline-indigo-500"
          >
            <h2 className="font-semibold text-slate-900">{card.title}</h2>
            <p className="mt-1 flex-1 text-sm text-slate-600">{card.what}</p>
            <p className="mt-3 text-sm font-medium text-indigo-700">{card.state}</p>
          </Link>
        </li>
      ))}
    </ul>
  );
}
