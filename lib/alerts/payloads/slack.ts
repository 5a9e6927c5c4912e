import { absoluteUrl, alertsPageUrl, kindLabel, MAX_LISTED, statusTitle, whereLine, type AlertMessage, type PayloadContext } from "./context";

/** Slack's incoming-webhook body: `text` is the notification and fallback, `blocks` the message. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

type SlackText = { type: "mrkdwn" | "plain_text"; text: string };
export type SlackBlock = { type: "header"; text: SlackText } | { type: "section"; text: SlackText } | { type: "context"; elements: SlackText[] } | { type: "divider" };

/** Slack mrkdwn treats &, < and > as control characters; everything user-supplied goes through this. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function slackPayload(messages: readonly AlertMessage[], ctx: PayloadContext): SlackPayload {
  const title = `[${statusTitle(messages)}] ${ctx.rule?.name ?? "Lotline"}`;
  const listed = messages.slice(0, MAX_LISTED);
  const blocks: SlackBlock[] = [{ type: "header", text: { type: "plain_text", text: clip(title, 150) } }];
  for (const m of listed) {
    const icon = m.status === "firing" ? (m.signal.severity === "critical" ? ":red_circle:" : ":large_orange_circle:") : ":large_green_circle:";
    const when = m.status === "firing" ? `since ${m.signal.startsAt.toISOString()}` : `resolved ${(m.signal.endsAt ?? ctx.now).toISOString()}`;
    const line1 = `${icon} *<${absoluteUrl(ctx.publicUrl, m.signal.path)}|${slackEscape(clip(m.signal.summary, 300))}>*`;
    const line2 = `${m.status === "firing" ? m.signal.severity : "resolved"} · ${kindLabel(m.signal.kind)} · ${slackEscape(whereLine(m))} · ${when}${m.reason === "repeat" ? " · repeat" : ""}`;
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `${line1}\n${line2}` } });
  }
  const more = messages.length - listed.length;
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `${more > 0 ? `…and ${more} more · ` : ""}<${alertsPageUrl(ctx.publicUrl)}|Alerts in Lotline>` }],
  });
  const first = messages[0];
  const text = `${title}${first ? `: ${first.signal.summary}` : ""}${messages.length > 1 ? ` (+${messages.length - 1} more)` : ""}`;
  return { text: slackEscape(clip(text, 3000)), blocks };
}
