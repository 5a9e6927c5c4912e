"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";

/** The search box in the top bar: a plain GET form, so it works before hydration; "/" focuses it. */
export function GlobalSearch() {
  const inputRef = useRef<HTMLInputElement>(null);
  const router = useRouter();
  const params = useSearchParams();
  const current = params.get("q") ?? "";

  useEffect(() => {
    if (inputRef.current && document.activeElement !== inputRef.current) inputRef.current.value = current;
  }, [current]);

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

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = inputRef.current?.value.trim() ?? "";
    if (q) router.push(`/search?q=${encodeURIComponent(q)}`);
  }

  return (
    <form action="/search" method="get" role="search" onSubmit={onSubmit} className="relative w-full max-w-md">
      <label htmlFor="global-search" className="sr-only">
        Search correlation id, lot or order
      </label>
      <input
        ref={inputRef}
        id="global-search"
        name="q"
        type="search"
        defaultValue={current}
        placeholder="Correlation id, lot or order…"
        autoComplete="off"
        spellCheck={false}
        className="peer w-full rounded-lg border border-slate-700 bg-slate-800 py-1.5 pl-3 pr-9 font-mono text-sm text-slate-100 placeholder:font-sans placeholder:text-slate-400 focus:border-indigo-400 focus:outline-none focus:ring-2 focus:ring-indigo-400/40"
      />
      <kbd className="pointer-events-none absolute right-2 peer-focus:hidden top-1/2 -translate-y-1/2 rounded border border-slate-600 px-1.5 text-xs text-slate-400">/</kbd>
    </form>
  );
}
