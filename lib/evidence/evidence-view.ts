import { genealogyRows, type GenealogyRow } from "../genealogy/genealogy-rows";
import type { GraphData } from "../genealogy/graph-model";
import type { EvidencePack, StatusHistoryEntry } from "./evidence-pack";
import type { MessageSummary } from "./message-summary";

/** A genealogy row in tree order; `repeat` marks a lot already listed above (a merge), whose branch is not listed again. */
export interface TreeRow extends GenealogyRow {
  repeat: boolean;
}

/**
 * The genealogy as an indented tree for print: each lot under the lot it links to, depth first
 * from the root. A lot reached by several links shows under each, its branch only the first time.
 */
export function genealogyTree(graph: GraphData): TreeRow[] {
  const rows = genealogyRows(graph);
  const under = new Map<string, GenealogyRow[]>();
  for (const r of rows) if (r.linkedTo !== "") under.set(r.linkedTo, [...(under.get(r.linkedTo) ?? []), r]);
  const out: TreeRow[] = [];
  const expanded = new Set<string>();
  const visit = (row: GenealogyRow) => {
    const repeat = expanded.has(row.lotId);
    out.push({ ...row, repeat });
    if (repeat) return;
    expanded.add(row.lotId);
    for (const child of under.get(row.lotId) ?? []) visit(child);
  };
  const root = rows.find((r) => r.lotId === graph.root && r.linkedTo === "");
  if (root) visit(root);
  return out;
}

export interface LotSection<T> {
  lotId: string;
  item: string;
  rows: T[];
}

/** Per lot of the pack (root first, then by genealogy), the entries that name it; lots without any are left out. */
function byLot<T>(pack: EvidencePack, entries: readonly T[], lotsOf: (entry: T) => readonly string[]): LotSection<T>[] {
  const items = new Map<string, string>();
  for (const n of [...pack.genealogy.backward.nodes, ...pack.genealogy.forward.nodes]) items.set(n.lotId, n.item);
  const sections = new Map<string, T[]>([...items.keys()].map((lot) => [lot, []]));
  for (const e of entries) for (const lot of lotsOf(e)) sections.get(lot)?.push(e);
  const order = [pack.lotId, ...pack.genealogy.backward.nodes.map((n) => n.lotId), ...pack.genealogy.forward.nodes.map((n) => n.lotId)];
  return [...new Set(order)].flatMap((lotId) => {
    const rows = sections.get(lotId) ?? [];
    return rows.length > 0 ? [{ lotId, item: items.get(lotId) ?? "", rows }] : [];
  });
}

/** Status history per lot, each lot's changes grouped by system (systems by name, changes oldest first). */
export function statusSections(pack: EvidencePack): LotSection<StatusHistoryEntry>[] {
  return byLot(pack, pack.statusHistory, (s) => [s.lotId]).map((section) => ({
    ...section,
    rows: [...section.rows].sort((a, b) => a.system.localeCompare(b.system) || a.time.localeCompare(b.time)),
  }));
}

/** Messages per lot that carried them, in the order they were sent. */
export function messageSections(pack: EvidencePack): LotSection<MessageSummary>[] {
  return byLot(pack, pack.messages, (m) => m.lots);
}
