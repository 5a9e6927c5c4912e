import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifier } from "../lib/alerts/notifier";
import type { Db } from "../lib/db/client";
import { alertsConfig, alertsDb, quietLog, resolvedSignal, testSignal } from "./alerts-harness";

// Email through a real SMTP conversation: an smtp-server in this process with password auth,
// the notifier's own nodemailer transport built from LOTLINE_SMTP_URL. mailparser is not a
// dependency, so the assertions read the raw message.
interface Mail {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

let store: Awaited<ReturnType<typeof alertsDb>>;
let db: Db;
let smtp: SMTPServer;
let port: number;
const mails: Mail[] = [];

beforeAll(async () => {
  store = await alertsDb("alerts-email");
  db = store.db;
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === "lotline" && auth.password === "s3cret pass") callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: typeof session.user === "string" ? session.user : undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await store?.stop();
});

/** The decoded text/plain part of a raw message (quoted-printable or 7bit). */
function textPart(raw: string): string {
  const part = raw.split(/--[^\r\n]+\r\n/).find((p) => /content-type: text\/plain/i.test(p)) ?? "";
  const body = part.split(/\r\n\r\n/).slice(1).join("\r\n\r\n");
  return /quoted-printable/i.test(part) ? body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : body;
}

describe("email outlet against a real SMTP server", () => {
  it("mails firing once, nothing on repeated cycles within the interval, then resolved", async () => {
    await db.alertRule.create({ data: { name: "Holds by mail", emails: ["ops@plant.example", "qa@plant.example"], repeatIntervalSec: 3600 } });
    const { log, lines } = quietLog();
    const notifier = createNotifier({
      db,
      config: alertsConfig({ smtpUrl: `smtp://lotline:${encodeURIComponent("s3cret pass")}@127.0.0.1:${port}`, emailFrom: "Lotline <alerts@lotline.test>" }),
      log,
    });
    const signal = testSignal({ summary: "Hold <b>not</b> posted & late" });
    const t0 = new Date();

    expect(await notifier.notify([signal], t0)).toMatchObject({ deliveries: 1, failed: 0 });
    expect(lines).toEqual([]);
    expect(mails).toHaveLength(1);
    const [firing] = mails;
    expect(firing).toMatchObject({ from: "alerts@lotline.test", to: ["ops@plant.example", "qa@plant.example"], user: "lotline" });
    expect(firing!.raw).toMatch(/^Subject: \[Lotline FIRING:1\] Holds by mail: Hold <b>not<\/b> posted & late/m);
    expect(firing!.raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(firing!.raw).toContain("X-Lotline-Group:");
    expect(textPart(firing!.raw)).toContain("https://lotline.test/trace/corr-int-1");
    // The HTML part escapes the summary.
    expect(firing!.raw.replace(/=\r\n/g, "")).toContain("Hold &lt;b&gt;not&lt;/b&gt; posted &amp; late");

    await notifier.notify([signal], new Date(t0.getTime() + 15_000));
    await notifier.notify([signal], new Date(t0.getTime() + 30_000));
    expect(mails).toHaveLength(1);

    await notifier.notify([resolvedSignal(signal)], new Date(t0.getTime() + 45_000));
    await notifier.notify([], new Date(t0.getTime() + 60_000));
    expect(mails).toHaveLength(2);
    expect(mails[1]!.raw).toMatch(/^Subject: \[Lotline RESOLVED:1\] Holds by mail/m);
    expect(await db.alertDelivery.count({ where: { outlet: "email", ok: true } })).toBe(2);
  });

  it("records a refused login as a failed delivery and retries", async () => {
    const { log, lines } = quietLog();
    const notifier = createNotifier({ db, config: alertsConfig({ smtpUrl: `smtp://lotline:wrong@127.0.0.1:${port}`, emailFrom: "alerts@lotline.test" }), log });
    const report = await notifier.notify([testSignal({ id: "br:mail-2" })], new Date());
    expect(report).toMatchObject({ deliveries: 1, failed: 1 });
    const failed = await db.alertDelivery.findFirstOrThrow({ where: { outlet: "email", ok: false } });
    expect(failed.error).toMatch(/SMTP: Invalid login/);
    expect(failed.error).not.toContain("wrong");
    expect(lines.join("\n")).toMatch(/retrying with back-off/);
    const state = await db.alertNotificationState.findFirstOrThrow({ where: { signalId: "br:mail-2" } });
    expect(state).toMatchObject({ status: "pending", lastSentAt: null });
  });
});
