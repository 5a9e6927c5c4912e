import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { EmptyState } from "@/components/ui/panel";
import { StatusBadge } from "@/components/ui/status-badge";
import { SystemTag } from "@/components/ui/system-tag";
import { TimeRangePicker } from "@/components/ui/time-range-picker";
import { LotStateBadges } from "@/components/lots/lot-state-badges";
import { KIND_LABELS, KindBadge } from "@/components/search/kind-badge";
import { SearchFilters } from "@/components/search/search-filters";
import { requirePageActor } from "@/lib/auth/page-guard";
import { appDeps } from "@/server/runtime";
import { getActivePlants } from "@/lib/queries/get-active-plants";
import { tracesForKeys, type KeyTrace } from "@/lib/queries/traces-for-key";
import { runSearch, type SearchAnswer } from "@/lib/search/run-search";
import { parseSearchRequest, SEARCH_KINDS, SEARCH_MAX_LIMIT, SEARCH_PAGE_SIZE, searchHref, type SearchKind, type SearchRequest } from "@/lib/search/search-params";
import { formatAgo, formatCount, formatUtc } from "@/lib/ui/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Search" };

const traceHref = (id: string) => `/trace/${encodeURIComponent(id)}`;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const q = first(params.q) ?? "";
  const deps = await appDeps();
  const back = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, first(v) ?? ""]]))).toString();
  const actor = await requirePageActor(deps.db, `/search?${back}`);

  if (q.trim() === "") {
    return (
      <Shell>
        <EmptyState title="Search lots, orders, shipments, supplier lots, correlation, message and trace ids — or the text of errors">
          Type an id or its beginning in the box above (press <kbd className="rounded border px-1">/</kbd> to jump there). An id that matches one thing opens it; words with spaces are looked for in the error messages of failed events.
        </EmptyState>
      </Shell>
    );
  }

  // A server component renders once per request: "now" is the moment of this search.
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();
  const parsed = parseSearchRequest(params, now);
  if (!parsed.ok) {
    return (
      <Shell query={q}>
        <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Cannot search for this: {parsed.problem}.
        </p>
      </Shell>
    );
  }
  const r = parsed.request;
  const [answer, plants] = await Promise.all([runSearch(deps.clickhouse, r, actor.plants), actor.plants ? Promise.resolve(actor.plants) : getActivePlants(deps.clickhouse, null)]);
  const unfiltered = r.statuses.length === 0 && r.plants.length === 0 && r.systems.length === 0 && r.range === null;
  if (answer.scope === "ids" && unfiltered) {
    // Enter on a single hit, or on an id that matches exactly one thing, opens it.
    const exact = answer.results.filter((h) => h.exact);
    if (answer.results.length === 1) redirect(answer.results[0]!.href);
    if (exact.length === 1) redirect(exact[0]!.href);
  }

  return (
    <Shell query={r.q} answer={answer}>
      <ScopeSwitch request={r} />
      <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        {r.scope === "ids" && <KindFilter request={r} />}
        <SearchFilters plants={plants} scope={r.scope} />
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-600">{r.scope === "ids" ? "Last seen" : "Failed"}</span>
          <Suspense fallback={null}>
            {/* Failures are only read time-bounded: error text has no "any time", its default range is shown pressed. */}
            <TimeRangePicker range={r.scope === "errors" ? r.failureWindow : r.range} anyTime={r.scope === "ids"} resetParams={["limit"]} />
          </Suspense>
        </div>
        {r.scope === "ids" && r.statuses.some((s) => s === "failed" || s === "dead_lettered") && r.range === null && (
          <p className="text-xs text-slate-600">Failures are looked for in the last 24 hours; choose a time range to look further back (up to 90 days).</p>
        )}
      </div>
      {answer.scope === "ids" ? <IdResults request={r} answer={answer} plants={actor.plants} now={now} /> : <ErrorResults request={r} answer={answer} now={now} />}
      {answer.more && r.limit < SEARCH_MAX_LIMIT && (
        <Link
          href={searchHref({ ...r, limit: Math.min(SEARCH_MAX_LIMIT, r.limit + SEARCH_PAGE_SIZE) })}
          scroll={false}
          data-testid="search-more"
          className="block rounded-lg border border-slate-300 bg-white px-4 py-2 text-center text-sm font-medium text-indigo-700 hover:bg-slate-50"
        >
          Show {Math.min(SEARCH_PAGE_SIZE, SEARCH_MAX_LIMIT - r.limit, answer.total - answer.results.length)} more
        </Link>
      )}
      {answer.more && r.limit >= SEARCH_MAX_LIMIT && <p className="text-center text-sm text-slate-600">The first {SEARCH_MAX_LIMIT} are shown: narrow the search with a longer prefix or a filter.</p>}
    </Shell>
  );
}

async function IdResults({ request: r, answer, plants, now }: { request: SearchRequest; answer: Extract<SearchAnswer, { scope: "ids" }>; plants: string[] | null; now: number }) {
  if (answer.results.length === 0) {
    return (
      <EmptyState title={`Nothing matches “${r.q}”${r.kinds.length > 0 ? ` among ${r.kinds.map((k) => KIND_LABELS[k].toLowerCase()).join(", ")}s` : ""}${r.statuses.length + r.plants.length + r.systems.length > 0 || r.range ? " with these filters" : ""}`}>
        Ids match exactly or by their beginning{plants !== null && ", within the plants you can see"}. Check the id, search a shorter prefix, every kind or fewer filters.
      </EmptyState>
    );
  }
  const { clickhouse } = await appDeps();
  const carried = (h: (typeof answer.results)[number]) => (h.kind === "order" ? "order" : h.kind === "lot" || h.kind === "shipment" ? "lot" : null);
  const keyed = answer.results.filter((h) => carried(h) !== null).slice(0, 10);
  const idsOf = (kind: "lot" | "order") => keyed.filter((h) => carried(h) === kind).map((h) => h.id);
  const [lotTraces, orderTraces] = await Promise.all([tracesForKeys(clickhouse, "lot", idsOf("lot"), plants, 6), tracesForKeys(clickhouse, "order", idsOf("order"), plants, 6)]);
  const traces = { lot: lotTraces, order: orderTraces };
  return (
    <ul data-testid="search-results" className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
      {answer.results.map((h) => (
        <li key={`${h.kind}:${h.id}:${h.target}`} data-testid="search-result" data-kind={h.kind} className="px-4 py-3 sm:px-5">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <KindBadge kind={h.kind} />
            <Link href={h.href} className="break-all font-mono text-sm font-medium text-indigo-700 hover:underline">
              {h.id}
            </Link>
            {h.target !== h.id && <span className="break-all font-mono text-xs text-slate-500">→ {h.target}</span>}
            {h.lotState && <LotStateBadges state={h.lotState} />}
            {h.exact && <span className="text-xs font-medium text-emerald-700">exact match</span>}
            <span className="ml-auto text-sm text-slate-500">
              {h.plant} · last seen <time title={formatUtc(h.lastSeen, true)}>{formatAgo(h.lastSeen, now)}</time>
            </span>
          </div>
          {carried(h) && <KeyTraces traces={traces[carried(h)!].get(h.id) ?? []} now={now} />}
        </li>
      ))}
    </ul>
  );
}

function ErrorResults({ request: r, answer, now }: { request: SearchRequest; answer: Extract<SearchAnswer, { scope: "errors" }>; now: number }) {
  if (answer.results.length === 0) {
    return (
      <EmptyState title={`No failure’s error text contains “${r.q}”`}>
        Error messages of failed and dead-lettered events between {formatUtc(answer.window.from)} and {formatUtc(answer.window.to)} are searched, ignoring case. Try fewer words, a wider time range or fewer filters.
      </EmptyState>
    );
  }
  return (
    <ul data-testid="search-results" className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
      {answer.results.map((e) => (
        <li key={e.eventId} data-testid="search-result" data-kind="error" className="space-y-1 px-4 py-3 sm:px-5">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <StatusBadge status={e.status} />
            <SystemTag system={e.system} />
            <Link href={e.href} className="break-all font-mono text-sm font-medium text-indigo-700 hover:underline">
              {e.messageId || e.correlationId}
            </Link>
            <span className="ml-auto text-sm text-slate-500">
              {e.plant} · <time title={formatUtc(e.time, true)}>{formatAgo(e.time, now)}</time>
            </span>
          </div>
          <p className="break-words font-mono text-xs text-red-800">{e.error}</p>
          {(e.lotId || e.orderId) && (
            <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
              {e.lotId && (
                <>
                  lot
                  <Link href={`/lots/${encodeURIComponent(e.lotId)}`} className="font-mono text-indigo-700 hover:underline">
                    {e.lotId}
                  </Link>
                  {e.lotState && <LotStateBadges state={e.lotState} />}
                </>
              )}
              {e.orderId && (
                <>
                  order
                  <Link href={`/orders/${encodeURIComponent(e.orderId)}`} className="font-mono text-indigo-700 hover:underline">
                    {e.orderId}
                  </Link>
                </>
              )}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Ids by prefix or words in error messages: the same query text, two places to look. */
function ScopeSwitch({ request: r }: { request: SearchRequest }) {
  const tab = (scope: SearchRequest["scope"], label: string) => (
    <Link
      href={searchHref({ ...r, scope, kinds: [], limit: SEARCH_PAGE_SIZE })}
      aria-current={r.scope === scope ? "page" : undefined}
      data-testid="search-scope"
      data-scope={scope}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${r.scope === scope ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Search in" className="inline-flex rounded-lg border border-slate-300 bg-white p-0.5">
      {tab("ids", "Ids")}
      {tab("errors", "Error text")}
    </nav>
  );
}

/** Narrows the search to one kind of id; a link per kind, so each filtered list has its own URL. */
function KindFilter({ request: r }: { request: SearchRequest }) {
  const chip = (label: string, kinds: SearchKind[], on: boolean, testKind: string) => (
    <Link
      key={testKind}
      href={searchHref({ ...r, kinds, limit: SEARCH_PAGE_SIZE })}
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
      {chip("All kinds", [], r.kinds.length === 0, "all")}
      {SEARCH_KINDS.map((k) => chip(KIND_LABELS[k], [k], r.kinds.length === 1 && r.kinds[0] === k, k))}
    </nav>
  );
}

function Shell({ query, answer, children }: { query?: string; answer?: SearchAnswer; children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Search</h1>
        {query !== undefined && (
          <p data-testid="search-count" className="text-sm text-slate-600">
            {answer === undefined ? (
              "Query "
            ) : (
              <>
                {answer.results.length < answer.total && `${formatCount(answer.results.length)} of `}
                {formatCount(answer.total)} {answer.scope === "ids" ? "result" : "failure"}
                {answer.total === 1 ? "" : "s"} for{" "}
              </>
            )}
            <span className="font-mono text-slate-800">{query}</span>
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
            <Link href={traceHref(t.correlationId)} className="break-all font-mono text-xs text-indigo-700 hover:underline">
              {t.correlationId}
            </Link>
            <span className="flex gap-2">
              {t.systems.map((s) => (
                <SystemTag key={s} system={s} />
              ))}
            </span>
            <span className="text-xs text-slate-500">
              {t.events} event{t.events === 1 ? "" : "s"}
              {t.failures > 0 && <span className="text-red-700"> · {t.failures} failed</span>} · {formatAgo(t.lastSeen, now)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
