import { absoluteUrl, alertsPageUrl, kindLabel, MAX_LISTED, statusTitle, whereLine, type AlertMessage, type PayloadContext } from "./context";

/**
 * A Microsoft Teams message carrying an Adaptive Card in `attachments`, the body that Teams
 * Workflows ("post to a channel when a webhook request is received") and incoming webhooks accept.
 */
export interface TeamsPayload {
  type: "message";
  summary: string;
  attachments: { contentType: "application/vnd.microsoft.card.adaptive"; contentUrl: null; content: AdaptiveCard }[];
}

export interface AdaptiveCard {
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  type: "AdaptiveCard";
  version: "1.4";
  msteams: { width: "Full" };
  body: Record<string, unknown>[];
  actions: { type: "Action.OpenUrl"; title: string; url: string }[];
}

export function teamsPayload(messages: readonly AlertMessage[], ctx: PayloadContext): TeamsPayload {
  const title = `[${statusTitle(messages)}] ${ctx.rule?.name ?? "Lotline"}`;
  const listed = messages.slice(0, MAX_LISTED);
  const body: Record<string, unknown>[] = [{ type: "TextBlock", text: title, weight: "Bolder", size: "Medium", wrap: true }];
  for (const m of listed) {
    const firing = m.status === "firing";
    body.push({
      type: "Container",
      separator: true,
      style: firing ? (m.signal.severity === "critical" ? "attention" : "warning") : "good",
      items: [
        { type: "TextBlock", text: m.signal.summary, weight: "Bolder", wrap: true },
        {
          type: "FactSet",
          facts: [
            { title: "Status", value: firing ? `firing (${m.signal.severity})${m.reason === "repeat" ? ", repeat" : ""}` : "resolved" },
            { title: "Kind", value: kindLabel(m.signal.kind) },
            { title: "Where", value: whereLine(m) },
            { title: firing ? "Since" : "Resolved", value: (firing ? m.signal.startsAt : (m.signal.endsAt ?? ctx.now)).toISOString() },
          ],
        },
        { type: "ActionSet", actions: [{ type: "Action.OpenUrl", title: "Open in Lotline", url: absoluteUrl(ctx.publicUrl, m.signal.path) }] },
      ],
    });
  }
  const more = messages.length - listed.length;
  if (more > 0) body.push({ type: "TextBlock", text: `…and ${more} more`, isSubtle: true, wrap: true });
  return {
    type: "message",
    summary: title,
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          msteams: { width: "Full" },
          body,
          actions: [{ type: "Action.OpenUrl", title: "Alerts in Lotline", url: alertsPageUrl(ctx.publicUrl) }],
        },
      },
    ],
  };
}
