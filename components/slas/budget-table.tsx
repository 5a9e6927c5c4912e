import Link from "next/link";
import { formatBudget, HEALTH_CLASSES, HEALTH_LABELS } from "@/lib/slas/views/heatmap-buckets";
import type { BudgetRow } from "@/lib/slas/views/sla-summary";
import { EmptyState } from "@/components/ui/panel";
import { worklistHref } from "./drill";
import { TableScroll } from "@/components/ui/table-scroll";

const WORST = 10;

/** Error budget left per workflow and plant, worst first (Pyrra's order); the worst ten, the rest on request. */
export function BudgetTable({ budgets, rangeQuery }: { budgets: BudgetRow[]; rangeQuery: string }) {
  if (budgets.length === 0) return <EmptyState title="No decided instances in this range">Budgets appear once instances meet or breach their SLA.</EmptyState>;
  if (budgets.length <= WORST) return <Rows budgets={budgets} rangeQuery={rangeQuery} />;
  return (
    <div className="space-y-2">
      <Rows budgets={budgets.slice(0, WORST)} rangeQuery={rangeQuery} />
      <details>
        <summary className="cursor-pointer text-xs text-indigo-700">Show the other {budgets.length - WORST}</summary>
        <Rows budgets={budgets.slice(WORST)} rangeQuery={rangeQuery} />
      </details>
    </div>
  );
}

function Rows({ budgets, rangeQuery }: { budgets: BudgetRow[]; rangeQuery: string }) {
  return (
    <TableScroll label="Error budget left">
    <table data-testid="budget-table" className="w-full text-sm">
      <thead className="text-left text-xs text-slate-500">
        <tr>
          <th className="py-1 font-medium">Workflow</th>
          <th className="py-1 font-medium">Plant</th>
          <th className="py-1 text-right font-medium">Breached / decided</th>
          <th className="py-1 pl-4 font-medium">Budget left</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {budgets.map((b) => {
          const left = b.budgetLeft ?? 0;
          return (
            <tr key={`${b.workflow}/${b.plant}`} data-testid="budget-row" data-health={b.health}>
              <td className="py-1.5">{b.name}</td>
              <td className="py-1.5">{b.plant || "–"}</td>
              <td className="py-1.5 text-right tabular-nums">
                <Link className="text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700" href={worklistHref({ workflow: b.workflow, plant: b.plant, sla_state: "breached" }, rangeQuery)}>
                  {b.breached}
                </Link>{" "}
                / {b.decided}
              </td>
              <td className="py-1.5 pl-4">
                <div className="flex items-center gap-2">
                  <div className="h-2 w-28 overflow-hidden rounded bg-slate-100" aria-hidden>
                    <div className={`h-2 ${HEALTH_CLASSES[b.health].split(" ")[0]}`} style={{ width: `${Math.max(0, Math.min(1, left)) * 100}%` }} />
                  </div>
                  <span className="w-16 text-right tabular-nums">{formatBudget(b.budgetLeft)}</span>
                  <span className={`whitespace-nowrap rounded px-1.5 py-0.5 text-[10px] font-medium ${HEALTH_CLASSES[b.health]}`}>{HEALTH_LABELS[b.health]}</span>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
    </TableScroll>
  );
}
