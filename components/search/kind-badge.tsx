import type { SearchKind } from "@/lib/search/search-params";

export const KIND_LABELS: Record<SearchKind, string> = {
  lot: "Lot",
  shipment: "Shipment",
  order: "Order",
  correlation: "Correlation id",
  message: "Message id",
  trace: "Trace id",
  supplier_lot: "Supplier lot",
};

const KIND_STYLES: Record<SearchKind, string> = {
  lot: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  shipment: "bg-teal-50 text-teal-700 ring-teal-600/20",
  order: "bg-amber-50 text-amber-800 ring-amber-600/20",
  correlation: "bg-indigo-50 text-indigo-700 ring-indigo-600/20",
  message: "bg-sky-50 text-sky-700 ring-sky-600/20",
  trace: "bg-violet-50 text-violet-700 ring-violet-600/20",
  supplier_lot: "bg-lime-50 text-lime-800 ring-lime-600/20",
};

export function KindBadge({ kind }: { kind: SearchKind }) {
  return <span className={`shrink-0 rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${KIND_STYLES[kind]}`}>{KIND_LABELS[kind]}</span>;
}
