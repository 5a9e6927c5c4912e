import Link from "next/link";
import type { BudgetHealth } from "@/lib/slas/burn-rate";
import { formatAttainment, formatBudget, HEALTH_CLASSES, HEALTH_LABELS, HEALTH_ORDER } from "@/lib/slas/views/heatmap-buckets";
import type { Cell, WorkflowSummary } from "@/lib/slas/views/sla-summary";
import { worklistHref } from "./drill";

export function HealthLegend() {
  return (
    <ul data-testid="heatmap-legend" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      {HEALTH_ORDER.map((h) => (
        <li key={h} className="flex items-center gap-1.5">
          <span className={`inline-block h-3 w-5 rounded-sm ${HEALTH_CLASSES[h]}`} aria-hidden />
          {HEALTH_LABELS[h]}
        </li>
      ))}
    </ul>
  );
}

function CellLink({ cell, href, label }: { cell: Cell | undefined; href: string; label: string }) {
  const health: BudgetHealth = cell?.health ?? "no_data";
  if (!cell || cell.decided === 0) {
    return <span className={`block rounded px-2 py-2 text-center text-xs ${HEALTH_CLASSES.no_data}`} title={`${label}: no decided instances`}>no data</span>;
  }
  return (
    <Link
      href={href}
      data-testid="heatmap-cell"
      data-health={health}
      title={`${label}: ${cell.met} of ${cell.decided} in time · budget left ${formatBudget(cell.budgetLeft)} · ${HEALTH_LABELS[health]}. Open the instances.`}
      className={`block rounded px-2 py-1.5 text-center tabular-nums hover:ring-2 hover:ring-indigo-500 ${HEALTH_CLASSES[health]}`}
    >
      <span className="block text-sm font-semibold">{formatAttainment(cell.attainment)}</span>
      <span className="block text-[10px] opacity-80">{cell.decided - cell.met} late / {cell.decided}</span>
    </Link>
  );
}

/** Attainment per workflow × plant, coloured by what is left of the error budget; worst workflow first. */
export function AttainmentHeatmap({ workflows, plants, rangeQuery }: { workflows: WorkflowSummary[]; plants: string[]; rangeQuery: string }) {
  return (
    <div className="overflow-x-auto">
      <table data-testid="attainment-heatmap" className="w-full border-separate border-spacing-1 text-sm">
        <thead>
          <tr className="text-xs text-slate-500">
            <th scope="col" className="px-2 text-left font-medium">Workflow (objective)</th>
            <th scope="col" className="px-2 font-medium">All plants</th>
            {plants.map((p) => (
              <th key={p} scope="col" className="px-2 font-medium">
                {p}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {workflows.map((w) => (
            <tr key={w.key} data-testid="heatmap-row" data-workflow={w.key}>
              <th scope="row" className="whitespace-nowrap px-2 text-left font-medium text-slate-800">
                {w.name} <span className="text-xs font-normal text-slate-500">({(w.objective * 100).toFixed(1)} %)</span>
              </th>
              <td className="min-w-24">
                <CellLink cell={w.total} label={`${w.name}, all plants`} href={worklistHref({ workflow: w.key, sla_state: "breached" }, rangeQuery)} />
              </td>
              {plants.map((p) => (
                <td key={p} className="min-w-24">
                  <CellLink cell={w.cells[p]} label={`${w.name} at ${p}`} href={worklistHref({ workflow: w.key, plant: p, sla_state: "breached" }, rangeQuery)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
