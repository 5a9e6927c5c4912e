import { absoluteUrl, alertsPageUrl, kindLabel, MAX_LISTED, statusTitle, whereLine, type AlertMessage, type PayloadContext } from "./context";

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** One line, no control characters: a summary never breaks the subject header. */
const oneLine = (text: string, max: number) => {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

const when = (m: AlertMessage, now: Date) => (m.status === "firing" ? `since ${m.signal.startsAt.toISOString()}` : `resolved ${(m.signal.endsAt ?? now).toISOString()}`);

export function emailContent(messages: readonly AlertMessage[], ctx: PayloadContext): EmailContent {
  const first = messages[0];
  const subject = oneLine(`[Lotline ${statusTitle(messages)}] ${ctx.rule?.name ?? "Alerts"}${first ? `: ${first.signal.summary}` : ""}${messages.length > 1 ? ` (+${messages.length - 1} more)` : ""}`, 200);
  const listed = messages.slice(0, MAX_LISTED);
  const more = messages.length - listed.length;
  const page = alertsPageUrl(ctx.publicUrl);

  const text = [
    `${statusTitle(messages)} — rule "${ctx.rule?.name ?? "Alerts"}"`,
    "",
    ...listed.flatMap((m) => [
      `${m.status === "firing" ? `[${m.signal.severity.toUpperCase()}]` : "[RESOLVED]"} ${m.signal.summary}`,
      `  ${kindLabel(m.signal.kind)} · ${whereLine(m)} · ${when(m, ctx.now)}${m.reason === "repeat" ? " · repeat" : ""}`,
      `  ${absoluteUrl(ctx.publicUrl, m.signal.path)}`,
      "",
    ]),
    ...(more > 0 ? [`…and ${more} more.`, ""] : []),
    `All alerts: ${page}`,
    "",
    "-- ",
    "Sent by Lotline alerting. Silence an alert or change the rule on the page above.",
  ].join("\n");

  const rows = listed
    .map((m) => {
      const colour = m.status === "firing" ? (m.signal.severity === "critical" ? "#b91c1c" : "#b45309") : "#047857";
      const badge = m.status === "firing" ? m.signal.severity : "resolved";
      return `<tr><td style="padding:8px;border-bottom:1px solid #e2e8f0;vertical-align:top"><span style="display:inline-block;padding:2px 6px;border-radius:4px;background:${colour};color:#fff;font-size:12px">${escapeHtml(badge)}</span></td><td style="padding:8px;border-bottom:1px solid #e2e8f0"><a href="${escapeHtml(absoluteUrl(ctx.publicUrl, m.signal.path))}" style="color:#4338ca;font-weight:600">${escapeHtml(m.signal.summary)}</a><div style="color:#64748b;font-size:12px">${escapeHtml(`${kindLabel(m.signal.kind)} · ${whereLine(m)} · ${when(m, ctx.now)}${m.reason === "repeat" ? " · repeat" : ""}`)}</div></td></tr>`;
    })
    .join("");
  const html = `<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#0f172a"><h2 style="font-size:16px">${escapeHtml(`${statusTitle(messages)} — ${ctx.rule?.name ?? "Alerts"}`)}</h2><table style="border-collapse:collapse;width:100%;font-size:14px">${rows}</table>${more > 0 ? `<p>…and ${more} more.</p>` : ""}<p><a href="${escapeHtml(page)}">All alerts in Lotline</a></p></body></html>`;
  return { subject, text, html };
}
