"use client";

import { useState } from "react";
import { formatUtc } from "@/lib/ui/format";
import { diffSpecs } from "@/lib/workflows/spec-diff";

export interface HistoryVersion {
  version: number;
  enabled: boolean;
  effectiveFrom: string;
  createdAt: string;
  createdBy: string;
  spec: unknown;
}

const EPOCH = new Date(0).toISOString();

/** Every version, newest first, each with who saved it when and what changed against the one before. */
export function VersionHistory({ versions }: { versions: HistoryVersion[] }) {
  // Undefined follows the newest version, so a save just made shows its diff at once.
  const [chosen, setOpen] = useState<number | null | undefined>(undefined);
  const open = chosen === undefined ? (versions[0]?.version ?? null) : chosen;
  return (
    <ol className="space-y-2" aria-label="Version history">
      {versions.map((v, i) => {
        const previous = versions[i + 1];
        const changes = previous ? diffSpecs({ enabled: previous.enabled, ...(previous.spec as object) }, { enabled: v.enabled, ...(v.spec as object) }) : [];
        const expanded = open === v.version;
        return (
          <li key={v.version} data-testid="definition-version" className="rounded-lg border border-slate-200">
            <button type="button" onClick={() => setOpen(expanded ? null : v.version)} aria-expanded={expanded} className="flex w-full items-center justify-between gap-3 px-3 py-2 text-left text-sm hover:bg-slate-50">
              <span>
                <span className="font-semibold text-slate-900">Version {v.version}</span>
                {i === 0 && <span className="ml-2 rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-700">current</span>}
                {!v.enabled && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">disabled</span>}
              </span>
              <span className="text-xs text-slate-500">
                {v.createdBy} · {formatUtc(v.createdAt)}
              </span>
            </button>
            {expanded && (
              <div className="border-t border-slate-100 px-3 py-2 text-xs">
                <p className="mb-2 text-slate-500">Applies to instances triggered {v.effectiveFrom === EPOCH ? "at any time (default)" : `from ${formatUtc(v.effectiveFrom, true)}`}.</p>
                {previous ? (
                  changes.length === 0 ? (
                    <p className="text-slate-500">No change against version {previous.version}.</p>
                  ) : (
                    <table className="w-full">
                      <thead className="text-left text-slate-500">
                        <tr>
                          <th className="py-1 pr-3 font-medium">Field</th>
                          <th className="py-1 pr-3 font-medium">Version {previous.version}</th>
                          <th className="py-1 font-medium">Version {v.version}</th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-slate-100">
                        {changes.map((c) => (
                          <tr key={c.path} data-testid="version-change">
                            <td className="py-1 pr-3 font-mono text-slate-700">{c.path}</td>
                            <td className="py-1 pr-3 text-red-700 line-through decoration-red-300">{c.before ?? <span className="text-slate-400 no-underline">—</span>}</td>
                            <td className="py-1 text-emerald-700">{c.after ?? <span className="text-slate-400">removed</span>}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )
                ) : (
                  <p className="text-slate-500">The first version.</p>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
