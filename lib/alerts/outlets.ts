import { redactUrl } from "./outlet-target";

/**
 * The three ways out, each handed its client: `fetch` for webhooks and Alertmanager, a mail
 * transport (nodemailer's, or a stand-in) for email. Each resolves when the receiver accepted the
 * message and throws an OutletError naming why not; the notifier turns that into a retry.
 */

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/** What the notifier needs of a nodemailer transporter. */
export interface MailTransport {
  sendMail(message: MailMessage): Promise<unknown>;
}

export class OutletError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutletError";
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return "timed out";
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${error.message} (${cause.code})`;
    if (cause?.message) return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
}

/** POSTs JSON; a non-2xx answer, a network error or no answer within timeoutMs is an OutletError (the URL redacted). */
export async function postJson(fetchFn: FetchFn, url: string, body: unknown, timeoutMs: number, headers: Record<string, string> = {}): Promise<void> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Lotline-Alerts/1", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    throw new OutletError(`POST ${redactUrl(url)}: ${describeFailure(error)}`);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    throw new OutletError(`POST ${redactUrl(url)}: HTTP ${response.status}${text ? ` ${text.replace(/\s+/g, " ").slice(0, 200)}` : ""}`);
  }
  // Drain the body so the connection can be reused.
  await response.arrayBuffer().catch(() => undefined);
}

export async function sendWebhook(fetchFn: FetchFn, url: string, body: unknown, timeoutMs: number): Promise<void> {
  await postJson(fetchFn, url, body, timeoutMs);
}

/** `POST {base}/api/v2/alerts`; the base may carry a path prefix (--web.route-prefix). */
export async function postAlertmanagerAlerts(fetchFn: FetchFn, baseUrl: string, alerts: unknown[], timeoutMs: number): Promise<void> {
  await postJson(fetchFn, `${baseUrl.replace(/\/+$/, "")}/api/v2/alerts`, alerts, timeoutMs);
}

export async function sendEmail(transport: MailTransport | null, message: MailMessage): Promise<void> {
  if (!transport) throw new OutletError("email is not configured: set LOTLINE_SMTP_URL and LOTLINE_ALERT_EMAIL_FROM");
  try {
    await transport.sendMail(message);
  } catch (error) {
    // nodemailer's messages name the server's answer ("Invalid login: 535 …", "connect ECONNREFUSED …") and never the password.
    throw new OutletError(`SMTP: ${describeFailure(error)}`);
  }
}
