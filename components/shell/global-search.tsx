"use client";

import { useQuery } from "@tanstack/react-query";
import { getJson } from "@/components/ui/api-client";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { KindBadge } from "@/components/search/kind-badge";
import type { SearchResult } from "@/lib/queries/search-ids";
import { formatAgo } from "@/lib/ui/format";

interface SearchAnswer {
  results: SearchResult[];
}

// Suggestions are a convenience: a failed lookup shows none rather than an error under the search box.
const fetchSuggestions = (q: string, signal: AbortSignal) =>
  getJson<SearchAnswer>(`/api/v1/search?q=${encodeURIComponent(q)}`, signal).then(
    (a) => a.results,
    (error: unknown) => (signal.aborted ? Promise.reject(error) : []),
  );

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/**
 * The search box in the top bar: suggestions of every kind of id as you type, arrows to pick,
 * Enter opens the picked hit or a single hit, else the results page. It is a plain GET form
 * underneath, so it works before hydration; "/" focuses it.
 */
export function GlobalSearch() {
  const inputRef = useRef<HTMLInputElement>(null);
  const router = useRouter();
  const params = useSearchParams();
  const current = params.get("q") ?? "";
  const listId = useId();
  const [text, setText] = useState(current);
  const [shownQuery, setShownQuery] = useState(current);
  // A new ?q= (a search done elsewhere) replaces what the box shows, without an effect.
  if (shownQuery !== current) {
    setShownQuery(current);
    setText(current);
  }
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = useDebounced(text.trim(), 120);
  const { data: suggestions = [], isFetching, dataUpdatedAt } = useQuery({
    queryKey: ["search-suggestions", q],
    queryFn: ({ signal }) => fetchSuggestions(q, signal),
    enabled: open && q.length >= 2,
    staleTime: 10_000,
  });
  const shown = open && q.length >= 2 ? suggestions : [];

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
      if (event.key === "/" && !typing && !event.metaKey && !event.ctrlKey) {
        event.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  function go(href: string) {
    setOpen(false);
    inputRef.current?.blur();
    router.push(href);
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    const picked = shown[active];
    // Suggestions belong to the debounced text; only trust them when it is what was typed.
    const fresh = q === value;
    if (picked && fresh) return go(picked.href);
    if (fresh && shown.length === 1) return go(shown[0]!.href);
    go(`/search?q=${encodeURIComponent(value)}`);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" && shown.length > 0) {
      event.preventDefault();
      setActive((i) => (i + 1) % shown.length);
    } else if (event.key === "ArrowUp" && shown.length > 0) {
      event.preventDefault();
      setActive((i) => (i <= 0 ? shown.length - 1 : i - 1));
    } else if (event.key === "Escape") {
      setOpen(false);
    }
  }

  return (
    <form action="/search" method="get" role="search" onSubmit={onSubmit} className="relative w-full max-w-md">
      <label htmlFor="global-search" className="sr-only">
        Search lots, orders, shipments and ids
      </label>
      <input
        ref={inputRef}
        id="global-search"
        name="q"
        type="search"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
        placeholder="Lot, order, shipment, correlation or message id…"
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-expanded={shown.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        className="peer w-full rounded-lg border border-slate-700 bg-slate-800 py-1.5 pl-3 pr-9 font-mono text-sm text-slate-100 placeholder:font-sans placeholder:text-slate-400 focus:border-indigo-400 focus:outline-none focus:ring-2 focus:ring-indigo-400/40"
      />
      <kbd className="pointer-events-none absolute right-2 top-1/2 -translate-y-1/2 rounded border border-slate-600 px-1.5 text-xs text-slate-400 peer-focus:hidden">/</kbd>
      {open && q.length >= 2 && (
        <ul
          id={listId}
          role="listbox"
          data-testid="search-suggestions"
          className="absolute left-0 right-0 top-full z-50 mt-1 max-h-96 overflow-auto rounded-lg border border-slate-200 bg-white py-1 text-slate-900 shadow-lg"
        >
          {shown.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">{isFetching ? "Searching…" : "No matches — Enter searches anyway"}</li>}
          {shown.map((r, i) => (
            <li
              key={`${r.kind}:${r.id}:${r.target}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                go(r.href);
              }}
              onMouseEnter={() => setActive(i)}
              className={`flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm ${i === active ? "bg-indigo-50" : ""}`}
            >
              <KindBadge kind={r.kind} />
              <span className="truncate font-mono">{r.id}</span>
              <span className="ml-auto shrink-0 text-xs text-slate-500">
                {r.plant} · {formatAgo(r.lastSeen, dataUpdatedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
