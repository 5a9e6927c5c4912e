import Link from "next/link";
import { redirect } from "next/navigation";
import { EmptyState } from "@/components/ui/panel";
import { SystemTag } from "@/components/ui/system-tag";
import { requirePageActor } from "@/lib/auth/page-guard";
import { appDeps } from "@/server/runtime";
import { SEARCH_KINDS, searchIds, searchKindsSchema, searchQuerySchema, type SearchKind } from "@/lib/queries/search-ids";
import { KIND_LABELS, KindBadge } from "@/components/search/kind-badge";
import { tracesForKeys, type KeyTrace } from "@/lib/queries/traces-for-key";
import { formatAgo, formatUtc } from "@/lib/ui/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Search" };

const traceHref = (id: string) => `/trace/${encodeURIComponent(id)}`;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const q = first(params.q) ?? "";
  const kindParam = first(params.kind);
  const deps = await appDeps();
  const actor = await requirePageActor(deps.db, `/search?q=${encodeURIComponent(q)}${kindParam ? `&kind=${encodeURIComponent(kindParam)}` : ""}`);

  if (q.trim() === "") {
    return (
      <Shell>
        <EmptyState title="Search lots, orders, shipments, supplier lots, correlation, message and trace ids">
          Type an id or its beginning in the box above (press <kbd className="rounded border px-1">/</kbd> to jump there). An id that matches one thing opens it.
        </EmptyState>
      </Shell>
    );
  }

  const parsed = searchQuerySchema.safeParse(q);
  const kinds = searchKindsSchema.safeParse(kindParam);
  if (!parsed.success || !kinds.success) {
    const issue = !parsed.success ? parsed.error.issues[0]?.message : kinds.error?.issues[0]?.message;
    return (
      <Shell query={q}>
        <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Cannot search for this: {issue ?? "invalid query"}.
        </p>
      </Shell>
    );
  }

  const results = await searchIds(deps.clickhouse, parsed.data, actor.plants, 25, kinds.data);
  // Enter on a single hit, or on an id that matches exactly one thing, opens it.
  const exact = results.filter((r) => r.exact);
  if (results.length === 1) redirect(results[0]!.href);
  if (exact.length === 1) redirect(exact[0]!.href);

  const carried = (r: (typeof results)[number]) => (r.kind === "order" ? "order" : r.kind === "lot" || r.kind === "shipment" ? "lot" : null);
  const keyed = results.filter((r) => carried(r) !== null).slice(0, 10);
  const idsOf = (kind: "lot" | "order") => keyed.filter((r) => carried(r) === kind).map((r) => r.id);
  const [lotTraces, orderTraces] = await Promise.all([tracesForKeys(deps.clickhouse, "lot", idsOf("lot"), actor.plants, 6), tracesForKeys(deps.clickhouse, "order", idsOf("order"), actor.plants, 6)]);
  const traces = { lot: lotTraces, order: orderTraces };
  // A server component renders once per request: "now" is the moment of this search.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();

  return (
    <Shell query={parsed.data} count={results.length}>
      <KindFilter query={parsed.data} active={kinds.data} />
      {results.length === 0 ? (
        <EmptyState title={`Nothing matches “${parsed.data}”${kinds.data.length > 0 ? ` among ${kinds.data.map((k) => KIND_LABELS[k].toLowerCase()).join(", ")}s` : ""}`}>
          Ids match exactly or by their beginning{actor.plants !== null && ", within the plants you can see"}. Check the id, search a shorter prefix or every kind.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
          {results.map((r) => (
            <li key={`${r.kind}:${r.id}`} data-testid="search-result" className="px-5 py-3">
              <div className="flex flex-wrap items-center gap-3">
                <KindBadge kind={r.kind} />
                <Link href={r.href} className="font-mono text-sm font-medium text-indigo-700 hover:underline">
                  {r.id}
                </Link>
                {r.target !== r.id && <span className="font-mono text-xs text-slate-500">→ {r.target}</span>}
                {r.exact && <span className="text-xs font-medium text-emerald-700">exact match</span>}
                <span className="ml-auto text-sm text-slate-500">
                  {r.plant} · last seen <time title={formatUtc(r.lastSeen, true)}>{formatAgo(r.lastSeen, now)}</time>
                </span>
              </div>
              {carried(r) && <KeyTraces traces={traces[carried(r)!].get(r.id) ?? []} now={now} />}
            </li>
          ))}
        </ul>
      )}
    </Shell>
  );
}

/** Narrows the search to one kind of id; a link per kind, so each filtered list has its own URL. */
function KindFilter({ query, active }: { query: string; active: readonly SearchKind[] }) {
  const href = (kind?: SearchKind) => `/search?q=${encodeURIComponent(query)}${kind ? `&kind=${kind}` : ""}`;
  const chip = (label: string, on: boolean, to: string, testKind: string) => (
    <Link
      key={testKind}
      href={to}
      data-testid="search-kind-filter"
      data-kind={testKind}
      aria-current={on ? "true" : undefined}
      className={`rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${on ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-600 ring-slate-300 hover:bg-slate-50"}`}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Kind of id" className="flex flex-wrap gap-2">
      {chip("All kinds", active.length === 0, href(), "all")}
      {SEARCH_KINDS.map((k) => chip(KIND_LABELS[k], active.length === 1 && active[0] === k, href(k), k))}
    </nav>
  );
}

function Shell({ query, count, children }: { query?: string; count?: number; children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Search</h1>
        {query !== undefined && (
          <p className="text-sm text-slate-500">
            {count === undefined ? "Query " : `${count} result${count === 1 ? "" : "s"} for `}
            <span className="font-mono text-slate-700">{query}</span>
          </p>
        )}
      </div>
      {children}
    </div>
  );
}

function KeyTraces({ traces, now }: { traces: KeyTrace[]; now: number }) {
  if (traces.length === 0) return null;
  return (
    <div className="mt-2 pl-1">
      <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Carried by</p>
      <ul className="space-y-1">
        {traces.map((t) => (
          <li key={t.correlationId} className="flex flex-wrap items-center gap-3 text-sm">
            <Link href={traceHref(t.correlationId)} className="font-mono text-xs text-indigo-700 hover:underline">
              {t.correlationId}
            </Link>
            <span className="flex gap-2">
              {t.systems.map((s) => (
                <SystemTag key={s} system={s} />
              ))}
            </span>
            <span className="text-xs text-slate-500">
              {t.events} event{t.events === 1 ? "" : "s"}{t.failures > 0 && <span className="text-red-600"> · {t.failures} failed</span>} · {formatAgo(t.lastSeen, now)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
