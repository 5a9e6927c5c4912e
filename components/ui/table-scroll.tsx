"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * A wide table that scrolls sideways inside its panel instead of widening the page. Shadows on
 * the edges that have more columns behind them, and a line under it on small screens, show that
 * it scrolls; the region is focusable so a keyboard can scroll it too. The scroller is positioned
 * so that absolutely placed content inside (screen-reader-only header text) is clipped with it
 * instead of widening the page.
 */
export function TableScroll({ label, children, className = "" }: { label: string; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState({ left: false, right: false });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const left = el.scrollLeft > 1;
      const right = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
      setEdges((e) => (e.left === left && e.right === right ? e : { left, right }));
    };
    // A ResizeObserver reports once when it starts observing, which sets the first state.
    const resize = new ResizeObserver(update);
    resize.observe(el);
    if (el.firstElementChild) resize.observe(el.firstElementChild);
    el.addEventListener("scroll", update, { passive: true });
    return () => {
      resize.disconnect();
      el.removeEventListener("scroll", update);
    };
  }, []);

  const scrolls = edges.left || edges.right;
  return (
    <div className={`min-w-0 ${className}`}>
      <div className="relative">
        <div ref={ref} role="region" aria-label={label} tabIndex={scrolls ? 0 : undefined} className="relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-indigo-600">
          {children}
        </div>
        {edges.left && <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 left-0 w-6 bg-linear-to-r from-slate-900/15 to-transparent" />}
        {edges.right && <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 right-0 w-6 bg-linear-to-l from-slate-900/15 to-transparent" />}
      </div>
      {scrolls && (
        <p className="px-3 py-1 text-right text-xs text-slate-600 lg:hidden" data-testid="table-scroll-hint">
          Swipe sideways for more columns →
        </p>
      )}
    </div>
  );
}
