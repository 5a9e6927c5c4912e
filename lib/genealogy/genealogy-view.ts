import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";
import { canSeePlant, type Actor } from "../auth/actor";
import { getGenealogyEdges } from "../queries/get-genealogy-edges";
import { getGenealogyLots } from "../queries/get-genealogy-lots";
import { genealogyNodes } from "./genealogy-nodes";
import type { GraphData, GraphNode } from "./graph-model";
import { walkGenealogy, type Direction } from "./trace-genealogy";

export type GenealogyNode = GraphNode;
export type GenealogyView = GraphData;

export type GenealogyResult = { status: "not-found" } | { status: "forbidden" } | { status: "ok"; genealogy: GenealogyView };

/** The backward or forward genealogy of a lot, every node with its item, plant and status. */
export async function getGenealogyView(ch: ClickHouseClient, actor: Actor, root: string, direction: Direction, depth: number): Promise<GenealogyResult> {
  const walk = await walkGenealogy((direction, lots) => getGenealogyEdges(ch, direction, lots), root, direction, depth);
  const lots = [...walk.depths.keys()];
  const { facts, statuses } = await getGenealogyLots(ch, lots);
  const rootFacts = facts.get(root);
  if (!rootFacts && walk.edges.length === 0) return { status: "not-found" };
  if (rootFacts && !canSeePlant(actor, rootFacts.plant)) return { status: "forbidden" };

  const nodes = genealogyNodes(walk, facts, statuses, actor.plants);
  return { status: "ok", genealogy: { root, direction, depth, nodes, edges: walk.edges, truncated: walk.truncated } };
}
