"use client";

import { Background, Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { GRAPH_NODE_LIMIT, layoutGraph, type GraphData, type GraphNode } from "@/lib/genealogy/graph-model";
import { NODE_TONE_CLASSES, nodeTone } from "@/lib/genealogy/node-tone";
import { statusLabel } from "@/lib/ui/status-labels";


type LotNodeData = GraphNode & { root: boolean; selected: boolean };
type LotFlowNode = Node<LotNodeData, "lot">;

function LotNode({ data }: NodeProps<LotFlowNode>) {
  return (
    <div
      data-testid="genealogy-node"
      data-lot={data.lotId}
      data-held={data.held ? "true" : undefined}
      data-tone={nodeTone(data)}
      className={`w-56 rounded-lg border-2 px-3 py-1.5 text-left shadow-sm ${NODE_TONE_CLASSES[nodeTone(data)]} ${data.root ? "ring-2 ring-indigo-500 ring-offset-1" : ""} ${data.selected ? "outline outline-2 outline-indigo-400" : ""}`}
    >
      <Handle type="target" position={Position.Left} className="!bg-slate-400" />
      <div className="flex items-center gap-1.5">
        <span className="truncate font-mono text-xs font-semibold">{data.lotId}</span>
        {data.expandable && <span title="More links beyond this depth: select and expand" className="ml-auto rounded bg-indigo-100 px-1 text-[10px] font-semibold text-indigo-700">+</span>}
      </div>
      <div className="flex items-center gap-1.5 text-[11px] text-slate-600">
        {data.restricted ? (
          <span className="italic">other plant</span>
        ) : (
          <>
            <span className="truncate">{data.kind === "shipment" ? (data.customer || "shipment") : data.item}</span>
            {data.status && <span className={`ml-auto shrink-0 font-medium ${data.divergent ? "text-amber-800" : data.held ? "text-red-700" : "text-slate-700"}`}>{statusLabel(data.status)}</span>}
          </>
        )}
      </div>
      <Handle type="source" position={Position.Right} className="!bg-slate-400" />
    </div>
  );
}

const NODE_TYPES = { lot: LotNode };
const LABELLED = new Set(["split", "merge", "rework", "ship"]);

export function GenealogyFlow({ graph, selected, onSelect, onOpen }: { graph: GraphData; selected: string | null; onSelect: (lot: string) => void; onOpen: (lot: string) => void }) {
  const { nodes, edges } = useMemo(() => {
    const shown = [...graph.nodes].sort((a, b) => a.depth - b.depth).slice(0, GRAPH_NODE_LIMIT);
    const ids = new Set(shown.map((n) => n.lotId));
    const shownEdges = graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
    const placed = layoutGraph({ direction: graph.direction, nodes: shown, edges: shownEdges });
    const flowNodes: LotFlowNode[] = shown.map((n) => ({
      id: n.lotId,
      type: "lot",
      position: { x: placed.get(n.lotId)?.x ?? 0, y: placed.get(n.lotId)?.y ?? 0 },
      data: { ...n, root: n.lotId === graph.root, selected: n.lotId === selected },
      draggable: false,
    }));
    const flowEdges: Edge[] = shownEdges.map((e) => ({
      id: `${e.from}>${e.to}`,
      source: e.from,
      target: e.to,
      // Production and assembly are the rule; the label marks what changes a lot's identity.
      label: LABELLED.has(e.operation) ? e.operation : undefined,
      labelStyle: { fontSize: 10, fill: "#475569" },
      style: { stroke: e.operation === "rework" ? "#d97706" : "#94a3b8", strokeWidth: 1.5 },
      animated: e.operation === "ship",
    }));
    return { nodes: flowNodes, edges: flowEdges };
  }, [graph, selected]);

  return (
    <div data-testid="genealogy-graph" className="h-[520px] rounded-lg border border-slate-200 bg-slate-50">
      <ReactFlow
        // A new node set (another direction, depth or an expansion) fits the view again.
        key={`${graph.direction}:${nodes.length}`}
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodeClick={(_, node) => onSelect(node.id)}
        onNodeDoubleClick={(_, node) => onOpen(node.id)}
        nodesConnectable={false}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
        minZoom={0.05}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} color="#e2e8f0" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
