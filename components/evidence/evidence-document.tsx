import { PrintButton } from "@/components/evidence/print-button";
import { SystemTag } from "@/components/ui/system-tag";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { EvidencePack } from "@/lib/evidence/evidence-pack";
import { genealogyTree, messageSections, statusSections, type TreeRow } from "@/lib/evidence/evidence-view";
import type { MessageOutcome, MessageSummary } from "@/lib/evidence/message-summary";
import type { GraphData } from "@/lib/genealogy/graph-model";
import { positionOf } from "@/lib/lots/divergence";
import { lotKindLabel } from "@/lib/lots/lot-kind";
import { formatCount, formatCountOf, formatDuration, formatUtc } from "@/lib/ui/format";
import { statusLabel } from "@/lib/ui/status-labels";

const OUTCOMES: Record<MessageOutcome, { label: string; className: string }> = {
  delivered: { label: "delivered", className: "bg-emerald-50 text-emerald-800 ring-emerald-600/30" },
  recovered: { label: "delivered after retry", className: "bg-amber-50 text-amber-800 ring-amber-600/30" },
  failed: { label: "failed", className: "bg-red-50 text-red-700 ring-red-600/30" },
  dead_lettered: { label: "dead-lettered", className: "bg-red-100 text-red-800 ring-red-700/40" },
  in_flight: { label: "in flight", className: "bg-sky-50 text-sky-700 ring-sky-600/30" },
};

const time = (iso: string | null) => (iso ? formatUtc(iso, true).replace(" UTC", "") : "–");

/**
 * The recall evidence pack as one printable document: what a quality auditor reads on paper.
 * Same data as the zip; the screen adds a print button and the download.
 */
export function EvidenceDocument({ pack, downloadHref }: { pack: EvidencePack; downloadHref: string }) {
  const { lot } = pack;
  const statuses = statusSections(pack);
  const messages = messageSections(pack);
  const backwardHeld = pack.genealogy.backward.nodes.filter((n) => n.held).length;
  const forwardHeld = pack.genealogy.forward.nodes.filter((n) => n.held).length;
  const failed = pack.messages.filter((m) => m.failures > 0).length;
  const dead = pack.messages.filter((m) => m.outcome === "dead_lettered").length;
  const scope = pack.plantScope === null ? "all plants" : `plants ${pack.plantScope.join(", ")}`;
  const kind = lotKindLabel(lot);
  const systems = Object.entries(lot.statusBySystem).sort(([a], [b]) => a.localeCompare(b));

  return (
    <article
      data-testid="evidence-document"
      className="mx-auto max-w-6xl rounded-xl border border-slate-200 bg-white px-10 py-8 text-slate-900 shadow-sm [print-color-adjust:exact] print:max-w-none print:rounded-none print:border-0 print:p-0 print:shadow-none"
    >
      <header className="border-b-2 border-slate-900 pb-5">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <p className="text-xs font-semibold uppercase tracking-[0.18em] text-slate-600">Lotline · Recall evidence pack</p>
            <h1 data-testid="evidence-heading" className="mt-1 break-all font-mono text-3xl font-semibold">
              {pack.lotId}
            </h1>
            <p className="mt-1 text-sm text-slate-600">
              {kind}
              {lot.item && ` · ${lot.item}`}
              {lot.description && ` · ${lot.description}`}
              {lot.plant && ` · plant ${lot.plant}`}
              {lot.quantity > 0 && ` · ${formatCount(lot.quantity)} ${lot.uom}`}
            </p>
          </div>
          <div className="flex gap-2 print:hidden">
            <PrintButton />
            <a href={downloadHref} data-testid="evidence-download" className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
              Download zip
            </a>
          </div>
        </div>
        <p data-testid="evidence-generated" className="mt-4 text-xs text-slate-600">
          Generated {formatUtc(pack.generatedAt)} by <span className="font-medium text-slate-900">{pack.generatedBy}</span> ({ROLE_LABELS[pack.role]}, {scope}) · genealogy
          backward and forward, up to {formatCountOf(pack.depth, "level")} · payloads {pack.payloads.included ? "in the zip" : "not included for this role"}
        </p>
      </header>

      <Section number={1} title="Lot summary" testId="evidence-summary">
        <div className="grid gap-6 md:grid-cols-[3fr_2fr] print:grid-cols-[3fr_2fr]">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm">
            <Fact label="Item" value={lot.item} />
            <Fact label="Plant" value={lot.plant} />
            <Fact label="Quantity" value={lot.quantity > 0 ? `${formatCount(lot.quantity)} ${lot.uom}` : ""} />
            <Fact label="Produced by order" value={lot.producedByOrder} mono />
            <Fact label="Supplier" value={lot.supplier} />
            <Fact label="Supplier's lot" value={lot.supplierLot} mono />
            <Fact label="Customer" value={lot.customer} />
            <Fact label="First seen" value={lot.firstSeen && formatUtc(lot.firstSeen)} />
            <Fact label="Last seen" value={lot.lastSeen && formatUtc(lot.lastSeen)} />
          </dl>
          <div>
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">Latest status per system</h3>
            {systems.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">No system reported a status for this lot.</p>
            ) : (
              <table className="mt-2 w-full text-sm">
                <tbody className="divide-y divide-slate-100">
                  {systems.map(([system, s]) => (
                    <tr key={system}>
                      <td className="py-1 pr-3">
                        <SystemTag system={system} />
                      </td>
                      <td className={`py-1 pr-3 font-medium ${s.position === "blocked" ? "text-red-700" : s.position === "released" ? "text-emerald-800" : ""}`}>{statusLabel(s.status)}</td>
                      <td className="py-1 text-right font-mono text-xs text-slate-600">since {time(s.since)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className={`mt-3 rounded-md px-3 py-2 text-sm ${lot.divergence.divergent ? "bg-red-50 font-medium text-red-800" : "bg-slate-50 text-slate-600"}`}>
              {lot.divergence.divergent && lot.divergence.since
                ? `Systems disagree since ${formatUtc(lot.divergence.since)} (${formatDuration(lot.divergence.durationMs)}): ${lot.divergence.blockedIn.join(", ")} blocks the lot, ${lot.divergence.releasedIn.join(", ")} releases it.`
                : "The systems agree on this lot's status."}
            </p>
          </div>
        </div>
        <dl className="mt-6 grid grid-cols-3 divide-x divide-slate-200 rounded-lg border border-slate-200 text-center md:grid-cols-6 print:grid-cols-6">
          <Figure label="Lots where-from" value={pack.genealogy.backward.nodes.length - 1} />
          <Figure label="Lots where-used" value={pack.genealogy.forward.nodes.length - 1} />
          <Figure label="Held lots" value={backwardHeld + forwardHeld} alert={backwardHeld + forwardHeld > 0} />
          <Figure label="Messages" value={pack.messages.length} />
          <Figure label="Failed at least once" value={failed} alert={failed > 0} />
          <Figure label="Dead-lettered" value={dead} alert={dead > 0} />
        </dl>
        {pack.notes.length > 0 && (
          <div className="mt-6 break-inside-avoid rounded-lg border border-amber-200 bg-amber-50/60 px-4 py-3">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-amber-800">Notes and limits</h3>
            <ul data-testid="evidence-notes" className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700">
              {pack.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </div>
        )}
      </Section>

      <Section number={2} title="Genealogy backward — where the material came from" testId="evidence-backward">
        <GenealogyTable graph={pack.genealogy.backward} />
      </Section>

      <Section number={3} title="Genealogy forward — where the material went" testId="evidence-forward">
        <GenealogyTable graph={pack.genealogy.forward} />
      </Section>

      <Section number={4} title="Status history per lot and system" testId="evidence-status">
        {statuses.length === 0 ? (
          <p className="text-sm text-slate-600">No system reported a status for any lot of this genealogy.</p>
        ) : (
          <div className="space-y-5">
            {statuses.map((section) => (
              <div key={section.lotId} className="break-inside-avoid">
                <LotHeading lotId={section.lotId} item={section.item} />
                <table className="mt-1 w-full table-fixed text-sm print:text-xs">
                  <colgroup>
                    <col className="w-[16%]" />
                    <col className="w-[28%]" />
                    <col className="w-[22%]" />
                    <col />
                  </colgroup>
                  <thead className="border-b border-slate-300 text-left text-xs text-slate-600">
                    <tr>
                      <th className="py-1 pr-3 font-medium">System</th>
                      <th className="py-1 pr-3 font-medium">Time (UTC)</th>
                      <th className="py-1 pr-3 font-medium">Status</th>
                      <th className="py-1 font-medium">Reported by event</th>
                    </tr>
                  </thead>
                  <tbody>
                    {section.rows.map((s, i) => {
                      const firstOfSystem = section.rows[i - 1]?.system !== s.system;
                      const position = positionOf(s.status, s.system);
                      return (
                        <tr key={s.eventId} className={firstOfSystem && i > 0 ? "border-t border-slate-200" : undefined}>
                          <td className="py-0.5 pr-3 align-top">{firstOfSystem && <SystemTag system={s.system} />}</td>
                          <td className="py-0.5 pr-3 font-mono text-xs text-slate-600">{time(s.time)}</td>
                          <td className={`py-0.5 pr-3 font-medium ${position === "blocked" ? "text-red-700" : position === "released" ? "text-emerald-800" : ""}`}>{statusLabel(s.status)}</td>
                          <td className="truncate py-0.5 font-mono text-xs text-slate-600">{s.type}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            ))}
          </div>
        )}
      </Section>

      <Section number={5} title="Integration messages per lot" testId="evidence-messages">
        {messages.length === 0 ? (
          <p className="text-sm text-slate-600">No integration message carried a lot of this genealogy.</p>
        ) : (
          <div className="space-y-6">
            {messages.map((section) => (
              <div key={section.lotId}>
                <LotHeading lotId={section.lotId} item={section.item} />
                <MessagesTable messages={section.rows} />
              </div>
            ))}
          </div>
        )}
      </Section>

      <footer className="mt-10 border-t border-slate-300 pt-3 text-xs text-slate-600">
        End of the recall evidence pack of {pack.lotId}, generated {formatUtc(pack.generatedAt)}. The zip download holds the same records as CSV and JSON, with the SHA-256 of every
        file in manifest.json.
      </footer>
    </article>
  );
}

function Section({ number, title, testId, children }: { number: number; title: string; testId: string; children: React.ReactNode }) {
  return (
    <section data-testid={testId} className="mt-8">
      <h2 className="mb-3 break-after-avoid border-b border-slate-200 pb-1 text-lg font-semibold">
        <span className="mr-2 text-slate-500">{number}.</span>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Fact({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className={`font-medium ${mono ? "font-mono text-sm" : ""}`}>{value || "–"}</dd>
    </div>
  );
}

function Figure({ label, value, alert }: { label: string; value: number; alert?: boolean }) {
  return (
    <div className="px-2 py-3">
      <dd className={`text-2xl font-semibold tabular-nums ${alert ? "text-red-700" : ""}`}>{formatCount(value)}</dd>
      <dt className="text-xs text-slate-600">{label}</dt>
    </div>
  );
}

function LotHeading({ lotId, item }: { lotId: string; item: string }) {
  return (
    <h3 className="break-after-avoid text-sm">
      <span className="font-mono font-semibold">{lotId}</span>
      {item && <span className="ml-2 text-slate-600">{item}</span>}
    </h3>
  );
}

function GenealogyTable({ graph }: { graph: GraphData }) {
  const rows = genealogyTree(graph);
  const restricted = new Set(graph.nodes.filter((n) => n.restricted).map((n) => n.lotId));
  const backward = graph.direction === "backward";
  if (rows.length <= 1) return <p className="text-sm text-slate-600">{backward ? "No lot went into this one." : "This lot went into no other lot or shipment."}</p>;
  return (
    <table className="w-full table-fixed text-sm print:text-xs">
      <colgroup>
        <col className="w-[40%]" />
        <col className="w-[14%]" />
        <col className="w-[18%]" />
        <col className="w-[12%]" />
        <col />
      </colgroup>
      <thead className="border-b border-slate-300 text-left text-xs text-slate-600">
        <tr>
          <th className="py-1 pr-3 font-medium">Lot · item · plant</th>
          <th className="py-1 pr-3 font-medium">Status</th>
          <th className="py-1 pr-3 font-medium">{backward ? "Went in by" : "Made by"}</th>
          <th className="py-1 pr-3 text-right font-medium">Quantity</th>
          <th className="py-1 font-medium">Linked (UTC)</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r, i) => (
          <GenealogyRowView key={`${r.lotId}:${r.linkedTo}:${i}`} row={r} restricted={restricted.has(r.lotId)} />
        ))}
      </tbody>
    </table>
  );
}

function GenealogyRowView({ row: r, restricted }: { row: TreeRow; restricted: boolean }) {
  const source = r.kind === "shipment" ? `shipment${r.customer ? ` to ${r.customer}` : ""}` : r.kind === "supplier_lot" ? `${r.supplier}, their lot ${r.supplierLot}` : "";
  const described = restricted ? "outside your plants" : [r.item, r.plant && `plant ${r.plant}`, source].filter(Boolean).join(" · ");
  return (
    <tr className={`break-inside-avoid align-top ${r.held ? "bg-red-50" : ""}`}>
      <td className="py-1 pr-3">
        <div className="flex" style={{ paddingLeft: `${Math.max(0, r.depth - 1) * 0.9}rem` }}>
          {r.depth > 0 && <span className="mr-1 font-mono text-xs text-slate-500">└</span>}
          <div className="min-w-0">
            <span className={`font-mono text-xs ${r.depth === 0 ? "font-semibold" : ""}`}>{r.lotId}</span>
            {r.repeat && <span className="ml-2 text-xs text-slate-600">(listed above)</span>}
            {described && <span className={`block text-xs ${restricted ? "italic text-slate-500" : "text-slate-600"}`}>{described}</span>}
          </div>
        </div>
      </td>
      <td className={`break-words py-1 pr-3 ${r.held ? "font-semibold text-red-700" : ""}`}>{statusLabel(r.status)}</td>
      <td className="py-1 pr-3">
        {r.operation}
        {r.orderId && <span className="block font-mono text-xs text-slate-600">{r.orderId}</span>}
      </td>
      <td className="py-1 pr-3 text-right tabular-nums">{r.quantity > 0 ? `${formatCount(r.quantity)} ${r.uom}` : ""}</td>
      <td className="py-1 font-mono text-xs text-slate-600">{r.time && <Stamp iso={r.time} />}</td>
    </tr>
  );
}

/** Date over time of day where the column is narrow (paper), one line on a wide screen. */
function Stamp({ iso }: { iso: string }) {
  const [date, clock] = time(iso).split(" ");
  return (
    <>
      <span className="block lg:inline print:block">{date}</span> <span className="block lg:inline print:block">{clock}</span>
    </>
  );
}

function Moment({ label, at, detail }: { label: string; at: string | null; detail?: string }) {
  return (
    <span className="block">
      <span className="flex flex-wrap gap-x-2 sm:flex-nowrap sm:whitespace-nowrap">
        <span className="w-16 shrink-0 text-slate-500">{label}</span>
        <span className={`font-mono ${at ? "text-slate-700" : "text-slate-500"}`}>{time(at)}</span>
      </span>
      {at && detail && <span className="block break-all pl-18 text-slate-600">{detail}</span>}
    </span>
  );
}

function MessagesTable({ messages }: { messages: MessageSummary[] }) {
  return (
    <table data-testid="evidence-message-table" className="mt-1 w-full table-fixed text-xs print:text-[10px]">
      <colgroup>
        <col className="w-[21%]" />
        <col className="w-[13%]" />
        <col className="w-[12%]" />
        <col className="w-[27%]" />
        <col className="w-[8%]" />
        <col />
      </colgroup>
      <thead className="border-b border-slate-300 text-left text-slate-600">
        <tr>
          <th className="py-1 pr-3 font-medium">Message</th>
          <th className="py-1 pr-3 font-medium">Route</th>
          <th className="py-1 pr-3 font-medium">Outcome</th>
          <th className="py-1 pr-3 font-medium">When (UTC)</th>
          <th className="py-1 pr-3 text-right font-medium">Attempts</th>
          <th className="py-1 font-medium">Failures, dead letter, replay</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {messages.map((m) => {
          const outcome = OUTCOMES[m.outcome];
          return (
            <tr key={`${m.correlationId}:${m.messageId}`} className="break-inside-avoid align-top">
              <td className="py-1.5 pr-3 font-mono">
                <span className="block break-all">{m.messageId}</span>
                <span className="block break-all text-slate-600">{m.correlationId}</span>
              </td>
              <td className="py-1.5 pr-3">
                <span className="block font-medium">{m.source && m.target ? `${m.source} → ${m.target}` : m.source || m.target || "–"}</span>
                <span className="block text-slate-600">{m.interface}</span>
              </td>
              <td className="py-1.5 pr-3">
                <span data-testid="evidence-outcome" className={`inline-block rounded-md px-2 py-0.5 font-medium ring-1 ring-inset ${outcome.className}`}>
                  {outcome.label}
                </span>
              </td>
              <td className="py-1.5 pr-3">
                <Moment label="sent" at={m.sentAt} />
                <Moment label="delivered" at={m.deliveredAt} />
                <Moment label="ack." at={m.acknowledgedAt} detail={m.acknowledgedBy} />
              </td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{m.attempts}</td>
              <td className="py-1.5 text-slate-700">
                {m.failures > 0 && (
                  <span className="block">
                    {m.failures} failed, {formatCountOf(m.retries, "retry", "retries")}
                    {m.lastError && <span className="text-slate-600"> — {m.lastError}</span>}
                  </span>
                )}
                {m.deadLetteredAt && (
                  <span className="block text-red-700">
                    dead-lettered {time(m.deadLetteredAt)}
                    {m.deadLetterQueue && ` to ${m.deadLetterQueue}`}
                  </span>
                )}
                {m.replays > 0 && (
                  <span className="block">
                    replayed {m.replays}×, last {time(m.replayedAt)} by {m.replayedBy || "an unnamed user"}
                  </span>
                )}
                {m.failures === 0 && !m.deadLetteredAt && m.replays === 0 && <span className="text-slate-500">none</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
