"use client";

import { useQuery } from "@tanstack/react-query";
import { getJson } from "@/components/ui/api-client";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useSyncExternalStore } from "react";
import { genealogyRows, GENEALOGY_CSV_COLUMNS } from "@/lib/genealogy/genealogy-rows";
import { GRAPH_NODE_LIMIT, mergeExpansion, type GraphData } from "@/lib/genealogy/graph-model";
import { NODE_TONE_CLASSES } from "@/lib/genealogy/node-tone";
import { toCsv } from "@/lib/csv/to-csv";
import { formatCount, formatCountOf, pluralNoun } from "@/lib/ui/format";
import { statusLabel } from "@/lib/ui/status-labels";
import { GenealogyTable } from "./genealogy-table";

// React Flow measures the DOM: it renders in the browser only, after the page's first paint.
const GenealogyFlow = dynamic(() => import("./genealogy-flow").then((m) => m.GenealogyFlow), {
  ssr: false,
  loading: () => <div className="flex h-[520px] items-center justify-center rounded-lg border border-slate-200 bg-slate-50 text-sm text-slate-500">Drawing the graph…</div>,
});

type Direction = "backward" | "forward";

const DEPTHS = [1, 2, 3, 5, 8, 12, 25];

const fetchGenealogy = (lotId: string, direction: Direction, depth: number) => getJson<GraphData>(`/api/v1/lots/${encodeURIComponent(lotId)}/genealogy?direction=${direction}&depth=${depth}`);

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Backward (where-from) and forward (where-used) genealogy of a lot: a graph to explore — select a
 * lot to see it, expand a lot at the edge of the depth read, double-click to open it — and the same
 * trace as a sortable table with CSV export for a recall.
 */
export function GenealogyExplorer({ lotId }: { lotId: string }) {
  const router = useRouter();
  const [direction, setDirection] = useState<Direction>("backward");
  const [depth, setDepth] = useState(3);
  const [chosenView, setView] = useState<"graph" | "table" | null>(null);
  // On a phone the graph's nodes are too small to read: the table first, the graph one tap away.
  const phone = usePhoneWidth();
  const view = chosenView ?? (phone ? "table" : "graph");
  const [selected, setSelected] = useState<string | null>(null);
  const [expansions, setExpansions] = useState<{ key: string; at: string; data: GraphData }[]>([]);
  const [expanding, setExpanding] = useState<string | null>(null);
  const [expandError, setExpandError] = useState<string | null>(null);
  const key = `${direction}:${depth}`;
  const query = useQuery({ queryKey: ["genealogy", lotId, direction, depth], queryFn: () => fetchGenealogy(lotId, direction, depth) });

  const graph = useMemo(() => {
    if (!query.data) return null;
    return expansions.filter((e) => e.key === key).reduce((g, e) => mergeExpansion(g, e.at, e.data), query.data);
  }, [query.data, expansions, key]);
  const selectedNode = graph?.nodes.find((n) => n.lotId === selected) ?? null;
  const counts = useMemo(() => {
    const nodes = graph?.nodes ?? [];
    // An expansion reads further than the depth picked: the summary names the depth actually shown.
    const deepest = nodes.reduce((d, n) => Math.max(d, n.depth), 0);
    return { lots: nodes.length - 1, levels: Math.max(depth, deepest), held: nodes.filter((n) => n.held).length, shipments: nodes.filter((n) => n.kind === "shipment").length, customers: new Set(nodes.map((n) => n.customer).filter(Boolean)).size };
  }, [graph, depth]);

  async function expand(at: string) {
    setExpanding(at);
    setExpandError(null);
    try {
      const data = await fetchGenealogy(at, direction, 2);
      setExpansions((list) => [...list, { key, at, data }]);
    } catch (error) {
      setExpandError(error instanceof Error ? error.message : String(error));
    } finally {
      setExpanding(null);
    }
  }

  function exportCsv() {
    if (!graph) return;
    const rows = genealogyRows(graph);
    const csv = toCsv([GENEALOGY_CSV_COLUMNS as string[], ...rows.map((r) => GENEALOGY_CSV_COLUMNS.map((c) => r[c]))]);
    download(`genealogy-${direction}-${lotId}.csv`, csv);
  }

  const open = (lot: string) => router.push(`/lots/${encodeURIComponent(lot)}`);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <div role="radiogroup" aria-label="Direction" className="inline-flex rounded-lg border border-slate-300 bg-white p-0.5 text-sm">
          {(["backward", "forward"] as const).map((d) => (
            <button
              key={d}
              type="button"
              role="radio"
              aria-checked={direction === d}
              onClick={() => {
                setDirection(d);
                setSelected(null);
              }}
              className={`rounded-md px-3 py-1 font-medium ${direction === d ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {d === "backward" ? "Where from (backward)" : "Where used (forward)"}
            </button>
          ))}
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          Depth
          <select value={depth} onChange={(e) => setDepth(Number(e.target.value))} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm" aria-label="Depth">
            {DEPTHS.map((d) => (
              <option key={d} value={d}>
                {formatCountOf(d, "level")}
              </option>
            ))}
          </select>
        </label>
        <div role="radiogroup" aria-label="View" className="inline-flex rounded-lg border border-slate-300 bg-white p-0.5 text-sm">
          {(["graph", "table"] as const).map((v) => (
            <button key={v} type="button" role="radio" aria-checked={view === v} onClick={() => setView(v)} className={`rounded-md px-3 py-1 font-medium capitalize ${view === v ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-100"}`}>
              {v}
            </button>
          ))}
        </div>
        <button type="button" onClick={exportCsv} disabled={!graph} className="ml-auto rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50">
          Export CSV
        </button>
      </div>

      {graph && (
        <p data-testid="genealogy-summary" className="text-sm text-slate-600">
          {counts.lots === 0 ? (
            direction === "backward" ? "No recorded inputs: this lot came from a supplier or its origin was not reported." : "Not used in any recorded lot or shipment yet."
          ) : (
            <>
              <strong>{formatCount(counts.lots)}</strong> {pluralNoun(counts.lots, direction === "backward" ? "ancestor lot" : "descendant lot")} within {formatCountOf(counts.levels, "level")}
              {counts.held > 0 && <span className="font-medium text-red-700"> · {counts.held} held or rejected</span>}
              {direction === "forward" && counts.shipments > 0 && (
                <span>
                  {" "}
                  · {formatCountOf(counts.shipments, "shipment")} to {formatCountOf(counts.customers, "customer")}
                </span>
              )}
              {graph.truncated && <span className="text-amber-700"> · stopped at the lot limit</span>}
              {view === "graph" && graph.nodes.length > GRAPH_NODE_LIMIT && <span className="text-amber-700"> · graph shows the {GRAPH_NODE_LIMIT} nearest; the table has all</span>}
            </>
          )}
        </p>
      )}

      {query.isPending && <div className="h-[520px] animate-pulse rounded-lg bg-slate-100" aria-label="Loading genealogy" />}
      {query.isError && (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          Could not load the genealogy: {query.error.message}
        </p>
      )}
      {expandError && (
        <p role="alert" className="text-sm text-red-700">
          Could not expand: {expandError}
        </p>
      )}

      {graph && view === "graph" && (
        <div className="grid gap-3 lg:grid-cols-[1fr_18rem]">
          <GenealogyFlow graph={graph} selected={selected} onSelect={setSelected} onOpen={open} />
          <aside data-testid="genealogy-selection" className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
            {selectedNode ? (
              <div className="space-y-2">
                <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{selectedNode.kind === "shipment" ? "Shipment" : selectedNode.kind === "supplier_lot" ? "Supplier lot" : "Lot"} · depth {selectedNode.depth}</p>
                <p className="break-all font-mono font-semibold">{selectedNode.lotId}</p>
                {selectedNode.restricted ? (
                  <p className="text-slate-500">This lot belongs to a plant outside your scope.</p>
                ) : (
                  <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-slate-700">
                    {selectedNode.item && <Row label="Item" value={selectedNode.item} />}
                    <Row label="Plant" value={selectedNode.plant} />
                    {selectedNode.status && <Row label="Status" value={statusLabel(selectedNode.status)} tone={selectedNode.held ? "bad" : undefined} />}
                    {selectedNode.quantity > 0 && <Row label="Quantity" value={`${selectedNode.quantity} ${selectedNode.uom}`} />}
                    {selectedNode.supplier && <Row label="Supplier" value={selectedNode.supplier} />}
                    {selectedNode.supplierLot && <Row label="Supplier lot" value={selectedNode.supplierLot} />}
                    {selectedNode.customer && <Row label="Customer" value={selectedNode.customer} />}
                  </dl>
                )}
                <div className="flex flex-wrap gap-2 pt-1">
                  <Link href={`/lots/${encodeURIComponent(selectedNode.lotId)}`} data-testid="genealogy-open" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
                    Open lot
                  </Link>
                  {selectedNode.expandable && (
                    <button type="button" data-testid="genealogy-expand" onClick={() => void expand(selectedNode.lotId)} disabled={expanding !== null} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50">
                      {expanding === selectedNode.lotId ? "Expanding…" : "Expand 2 levels"}
                    </button>
                  )}
                </div>
              </div>
            ) : (
              <div className="space-y-2 text-slate-500">
                <p>Select a lot to see it here; double-click opens it. A “+” marks lots with more links beyond this depth.</p>
                <ul className="space-y-1 text-xs">
                  <Legend className={NODE_TONE_CLASSES.held} label="held or rejected in a system" />
                  <Legend className={NODE_TONE_CLASSES.divergent} label="systems disagree on its status" />
                  <Legend className={NODE_TONE_CLASSES.shipment} label="shipment to a customer" />
                  <Legend className={NODE_TONE_CLASSES.supplier_lot} label="supplier lot" />
                </ul>
              </div>
            )}
          </aside>
        </div>
      )}
      {graph && view === "table" && <GenealogyTable rows={genealogyRows(graph)} direction={direction} />}
    </div>
  );
}

function Row({ label, value, tone }: { label: string; value: string; tone?: "bad" }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className={`break-words ${tone === "bad" ? "font-medium text-red-700" : ""}`}>{value}</dd>
    </>
  );
}

function Legend({ className, label }: { className: string; label: string }) {
  return (
    <li className="flex items-center gap-2">
      <span className={`inline-block h-3 w-5 rounded border-2 ${className}`} aria-hidden />
      {label}
    </li>
  );
}

const PHONE_QUERY = "(max-width: 767px)";

/** Whether the window is phone-wide, following resizes; false when rendered on the server. */
function usePhoneWidth(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const media = window.matchMedia(PHONE_QUERY);
      media.addEventListener("change", onChange);
      return () => media.removeEventListener("change", onChange);
    },
    () => window.matchMedia(PHONE_QUERY).matches,
    () => false,
  );
}
