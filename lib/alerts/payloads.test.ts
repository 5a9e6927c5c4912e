import { describe, expect, it } from "vitest";
import { alertmanagerPayload, labelName } from "./payloads/alertmanager";
import { absoluteUrl, type AlertMessage, type PayloadContext } from "./payloads/context";
import { emailContent } from "./payloads/email";
import { slackEscape, slackPayload } from "./payloads/slack";
import { teamsPayload } from "./payloads/teams";
import { webhookJsonPayload } from "./payloads/webhook-json";
import type { AlertSignal } from "./signal";

const NOW = new Date("2026-12-04T10:00:00Z");
const ctx: PayloadContext = { rule: { id: "r1", name: "Holds <P100>" }, publicUrl: "https://ops.example/lotline/", now: NOW, groupKey: "g" };
const signal = (over: Partial<AlertSignal> = {}): AlertSignal => ({
  id: "br:1",
  kind: "sla_breach",
  state: "firing",
  severity: "critical",
  definition: "inspection-to-hold",
  plant: "P100",
  stage: "hold-posted",
  summary: "Hold <not> posted & late\r\nBcc: evil@example.com",
  path: "/trace/corr-1",
  startsAt: new Date("2026-12-04T09:55:00Z"),
  endsAt: null,
  labels: { correlationId: "corr-1", "burn.window": "1h" },
  ...over,
});
const firing: AlertMessage = { fingerprint: "f1", signal: signal(), status: "firing", reason: "new" };
const done: AlertMessage = { fingerprint: "f2", signal: signal({ id: "br:2", state: "resolved", severity: "warning", stage: "", endsAt: new Date("2026-12-04T09:59:00Z") }), status: "resolved", reason: "resolved" };

describe("payloads", () => {
  it("links keep the public URL's path prefix", () => {
    expect(absoluteUrl("https://ops.example/lotline/", "/trace/x")).toBe("https://ops.example/lotline/trace/x");
  });

  it("generic JSON: versioned, with status, alerts, labels, common labels and links", () => {
    const body = webhookJsonPayload([firing, done], ctx);
    expect(body).toMatchObject({
      version: "1",
      source: "lotline",
      status: "firing",
      groupKey: "g",
      sentAt: NOW.toISOString(),
      rule: { id: "r1", name: "Holds <P100>" },
      counts: { firing: 1, resolved: 1 },
      commonLabels: { kind: "sla_breach", definition: "inspection-to-hold", plant: "P100", correlationId: "corr-1", "burn.window": "1h" },
      links: { alerts: "https://ops.example/lotline/admin/alerts" },
    });
    expect(body.alerts[0]).toMatchObject({ id: "br:1", status: "firing", endsAt: null, url: "https://ops.example/lotline/trace/corr-1", labels: { stage: "hold-posted", severity: "critical" } });
    expect(body.alerts[1]).toMatchObject({ status: "resolved", endsAt: "2026-12-04T09:59:00.000Z" });
    expect(body.alerts[1]!.labels).not.toHaveProperty("stage");
    expect(webhookJsonPayload([done], ctx).status).toBe("resolved");
  });

  it("Slack: text and blocks, with <, > and & escaped", () => {
    expect(slackEscape("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
    const body = slackPayload([firing, done], ctx);
    expect(body.text).toContain("[FIRING:1, RESOLVED:1] Holds &lt;P100&gt;");
    expect(body.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "[FIRING:1, RESOLVED:1] Holds <P100>" } });
    const section = body.blocks[1] as { text: { text: string } };
    expect(section.text.text).toContain("<https://ops.example/lotline/trace/corr-1|Hold &lt;not&gt; posted &amp; late");
    expect(body.blocks.at(-1)).toMatchObject({ type: "context" });
  });

  it("Slack and Teams list at most 20 alerts and say how many more", () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...firing, fingerprint: `f${i}`, signal: signal({ id: `br:${i}` }) }));
    expect(slackPayload(many, ctx).blocks.filter((b) => b.type === "section")).toHaveLength(20);
    expect(JSON.stringify(slackPayload(many, ctx).blocks.at(-1))).toContain("and 5 more");
    expect(JSON.stringify(teamsPayload(many, ctx))).toContain("and 5 more");
  });

  it("Teams: an Adaptive Card in attachments", () => {
    const body = teamsPayload([firing], ctx);
    expect(body).toMatchObject({ type: "message", summary: "[FIRING:1] Holds <P100>", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: { type: "AdaptiveCard", version: "1.4" } }] });
    expect(JSON.stringify(body)).toContain("https://ops.example/lotline/trace/corr-1");
  });

  it("email: one-line subject, text, and HTML with everything escaped", () => {
    const mail = emailContent([firing, done], ctx);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toMatch(/^\[Lotline FIRING:1, RESOLVED:1\] Holds <P100>: Hold <not> posted & late Bcc: evil@example.com \(\+1 more\)$/);
    expect(mail.text).toContain("[CRITICAL] Hold <not> posted & late");
    expect(mail.text).toContain("https://ops.example/lotline/trace/corr-1");
    expect(mail.html).toContain("Hold &lt;not&gt; posted &amp; late");
    expect(mail.html).toContain("Holds &lt;P100&gt;");
    expect(mail.html).not.toContain("<not>");
  });

  it("Alertmanager: postable alerts with identifying labels, annotations, endsAt only when resolved, generatorURL", () => {
    const [a, b] = alertmanagerPayload([firing, done], ctx);
    expect(a).toEqual({
      labels: { alertname: "LotlineSlaBreach", lotline_id: "br:1", kind: "sla_breach", severity: "critical", definition: "inspection-to-hold", plant: "P100", stage: "hold-posted", source: "lotline", correlation_id: "corr-1", burn_window: "1h" },
      annotations: { summary: firing.signal.summary, description: expect.stringContaining("SLA breach (critical)"), lotline_url: "https://ops.example/lotline/trace/corr-1" },
      startsAt: "2026-12-04T09:55:00.000Z",
      generatorURL: "https://ops.example/lotline/trace/corr-1",
    });
    expect(b!.endsAt).toBe("2026-12-04T09:59:00.000Z");
    expect(b!.labels).not.toHaveProperty("stage");
    expect(labelName("9lives")).toBe("_9lives");
  });
});
