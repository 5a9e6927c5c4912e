"use client";

import Link from "next/link";
import type { LotExceptionsPayload, WorklistPayload } from "@/lib/slas/sla-views";
import type { WorkflowInfo } from "@/lib/slas/view-definitions";
import { formatCount, formatCountOf, formatUtc, pluralNoun } from "@/lib/ui/format";
import { EmptyState, Panel } from "@/components/ui/panel";
import { useInstances, useLotExceptions } from "@/components/slas/use-sla-data";
import { InstanceTable } from "./instance-table";
import { LotExceptionTable } from "./lot-exception-table";
import { WorklistFilters } from "./worklist-filters";

export type WorklistTab = "instances" | "lots" | "divergent";

/** The plant manager's worklist: instances that need action, and held or disputed lots. */
export function WorklistLive(props: {
  tab: WorklistTab;
  query: string;
  tabHref: Record<WorklistTab, string>;
  workflows: WorkflowInfo[];
  plants: string[];
  initialInstances: WorklistPayload | null;
  initialLots: LotExceptionsPayload | null;
}) {
  const tabs: { id: WorklistTab; label: string }[] = [
    { id: "instances", label: "Late, at risk and blocked" },
    { id: "lots", label: "Held lots" },
    { id: "divergent", label: "Systems disagree" },
  ];
  return (
    <div className="space-y-4">
      <nav aria-label="Worklist" className="flex gap-1 border-b border-slate-200">
        {tabs.map((t) => (
          <Link
            key={t.id}
            href={props.tabHref[t.id]}
            aria-current={props.tab === t.id ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${props.tab === t.id ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {props.tab === "instances" && props.initialInstances ? (
        <Instances query={props.query} initial={props.initialInstances} workflows={props.workflows} plants={props.plants} />
      ) : props.initialLots ? (
        <Lots initial={props.initialLots} onlyDivergent={props.tab === "divergent"} />
      ) : null}
    </div>
  );
}

function Instances({ query, initial, workflows, plants }: { query: string; initial: WorklistPayload; workflows: WorkflowInfo[]; plants: string[] }) {
  const { data, isError } = useInstances(query, initial);
  const names = Object.fromEntries(workflows.map((w) => [w.key, w.name]));
  const stageLabels = Object.fromEntries(workflows.flatMap((w) => w.stages.map((s) => [`${w.key}/${s.key}`, s.label])));
  return (
    <Panel
      title={`${formatCount(data.items.length)}${data.truncated ? "+" : ""} ${pluralNoun(data.items.length, "instance")}`}
      subtitle={`Triggered ${data.range.label.toLowerCase()}, as the SLA engine last judged them · updated ${formatUtc(data.generatedAt)}${isError ? " · connection lost, retrying" : ""}`}
      actions={
        <a className="text-xs text-indigo-700 hover:underline" href={`/api/v1/instances?${query}${query ? "&" : ""}format=csv`} download>
          CSV
        </a>
      }
    >
      <div className="space-y-4">
        <WorklistFilters workflows={workflows} plants={plants} />
        {data.items.length === 0 ? (
          <EmptyState title="Nothing matches these filters">No instance in this range is late, at risk or blocked — or the evaluator has not judged it yet.</EmptyState>
        ) : (
          <InstanceTable items={data.items} names={names} stageLabels={stageLabels} now={Date.parse(data.generatedAt)} />
        )}
        {data.truncated && <p className="text-xs text-slate-500">Showing the first {data.items.length}; narrow the filters or download the CSV for more.</p>}
      </div>
    </Panel>
  );
}

function Lots({ initial, onlyDivergent }: { initial: LotExceptionsPayload; onlyDivergent: boolean }) {
  const { data } = useLotExceptions(initial);
  const count = onlyDivergent ? data.items.filter((l) => l.divergent).length : data.items.length;
  return (
    <Panel
      title={onlyDivergent ? `${formatCountOf(count, "lot")} whose systems disagree` : `${formatCountOf(count, "lot")} held`}
      subtitle={`Held in at least one system now, whatever the time range; disagree means another system still releases the lot · updated ${formatUtc(data.generatedAt)}`}
      actions={
        <a className="text-xs text-indigo-700 hover:underline" href="/api/v1/lot-exceptions?format=csv" download>
          CSV
        </a>
      }
    >
      <LotExceptionTable items={data.items} now={Date.parse(data.generatedAt)} onlyDivergent={onlyDivergent} />
    </Panel>
  );
}
