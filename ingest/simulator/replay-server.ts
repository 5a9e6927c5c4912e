import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { SOURCE_SYSTEMS, type CloudEvent, type SourceSystem } from "../../lib/events/contract";
import { INTERFACES } from "./catalog";
import { BUSINESS_TYPES, TELEMETRY_TYPES } from "./event-types";

/**
 * The simulator as the reference integration layer: a replay API that takes one message per
 * request with an Idempotency-Key, processes each key once (a repeat gets the first answer),
 * re-runs the hand-off and reports it as telemetry on the message's correlation and message id —
 * `integration.message.replayed`, then delivered (and the target system's business event) or
 * failed while the target system is down.
 */

/** What the target system does once the middleware delivers, per interface (as the workflows emit it). */
export const DOWNSTREAM_EVENT: Readonly<Record<string, { system: SourceSystem; type: string }>> = {
  [INTERFACES.goodsReceipt.name]: { system: "QMS", type: BUSINESS_TYPES.inspectionCreated },
  [INTERFACES.orderRelease.name]: { system: "MES", type: BUSINESS_TYPES.orderReceived },
  [INTERFACES.confirmation.name]: { system: "ERP", type: BUSINESS_TYPES.confirmationPosted },
  [INTERFACES.inspectionResult.name]: { system: "ERP", type: BUSINESS_TYPES.holdPlaced },
  [INTERFACES.disposition.name]: { system: "ERP", type: BUSINESS_TYPES.stockStatusUpdated },
  [INTERFACES.shipment.name]: { system: "ERP", type: BUSINESS_TYPES.deliveryPosted },
  [INTERFACES.capa.name]: { system: "ERP", type: BUSINESS_TYPES.supplierStatusUpdated },
  [INTERFACES.downtime.name]: { system: "ERP", type: BUSINESS_TYPES.capacityUpdated },
};

export const SIMULATOR_INTERFACES: readonly string[] = Object.values(INTERFACES).map((i) => i.name);

const ENDPOINTS: Readonly<Record<string, string>> = Object.fromEntries(Object.values(INTERFACES).map((i) => [i.name, i.endpoint]));

const system = z.enum(SOURCE_SYSTEMS);
const envelopeSchema = z.object({
  taskId: z.string().min(1),
  correlationId: z.string().min(1).max(200),
  messageId: z.string().min(1).max(200),
  interface: z.string().min(1),
  from: system,
  to: system,
  plant: z.string(),
  lotId: z.string().default(""),
  orderId: z.string().default(""),
  replayedBy: z.string().default(""),
  reason: z.string().default(""),
  original: z.object({ id: z.string(), type: z.string() }).passthrough().nullable(),
  payload: z.unknown(),
});
type Envelope = z.infer<typeof envelopeSchema>;

export interface ReplayServerOptions {
  port: number;
  host?: string;
  /** Where the telemetry goes: the ingest path (embedded) or any CloudEvent sink. */
  sink: (events: CloudEvent[]) => Promise<void>;
  /** Target systems down at start: a replay to them fails again. */
  down?: readonly SourceSystem[];
  /** Telemetry is written in batches this often (a middleware reports asynchronously). */
  flushMs?: number;
  onError?: (error: unknown) => void;
}

export interface ReplayServer {
  url: string;
  port: number;
  /** How often each idempotency key arrived (1 = once; more = re-sends the server answered from memory). */
  keyCounts(): ReadonlyMap<string, number>;
  /** Keys processed: each at most once. */
  processed(): number;
  /** While unavailable the API answers 503 (the integration layer itself is down). */
  setAvailable(available: boolean): void;
  /** Which target systems are down; replays to them fail. */
  setDown(systems: readonly SourceSystem[]): void;
  /** Waits until every replay answered so far has its telemetry written. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
}

const hex = (n: number) => randomBytes(n).toString("hex");

function telemetry(e: Envelope, at: number, type: string, data: Record<string, unknown>, extra: Partial<CloudEvent> = {}): CloudEvent {
  return {
    specversion: "1.0",
    id: `evt-${hex(10)}`,
    source: `/plants/${e.plant}/middleware`,
    type,
    time: new Date(at).toISOString(),
    datacontenttype: "application/json",
    sourcesystem: "MIDDLEWARE",
    plant: e.plant,
    correlationid: e.correlationId,
    messageid: e.messageId,
    ...(e.lotId ? { lotid: e.lotId } : {}),
    ...(e.orderId ? { orderid: e.orderId } : {}),
    data,
    ...extra,
  };
}

/** The events one replay produces: replayed, then delivered and the target's business event, or failed. */
export function replayEvents(e: Envelope, at: number, targetDown: boolean): { outcome: "delivered" | "failed"; events: CloudEvent[] } {
  const base = { interface: e.interface, from: e.from, to: e.to, endpoint: ENDPOINTS[e.interface] ?? "" };
  const events = [telemetry(e, at, TELEMETRY_TYPES.replayed, { ...base, replayedBy: e.replayedBy, replayOf: e.original?.id ?? "", taskId: e.taskId, reason: e.reason })];
  if (targetDown) {
    const error = "target API returned 503 Service Unavailable (outage)";
    events.push(telemetry(e, at + 40, TELEMETRY_TYPES.failed, { ...base, attempt: 1, httpStatus: 503, replay: true }, { errormessage: error, durationms: 40 }));
    return { outcome: "failed", events };
  }
  events.push(telemetry(e, at + 80, TELEMETRY_TYPES.delivered, { ...base, attempt: 1, httpStatus: 201, replay: true }, { durationms: 80 }));
  const downstream = DOWNSTREAM_EVENT[e.interface];
  if (downstream) {
    events.push({
      specversion: "1.0",
      id: `evt-${hex(10)}`,
      source: `/plants/${e.plant}/${downstream.system.toLowerCase()}`,
      type: downstream.type,
      time: new Date(at + 200).toISOString(),
      datacontenttype: "application/json",
      sourcesystem: downstream.system,
      plant: e.plant,
      correlationid: e.correlationId,
      ...(e.lotId ? { lotid: e.lotId } : {}),
      ...(e.orderId ? { orderid: e.orderId } : {}),
      data: typeof e.payload === "object" && e.payload !== null ? { ...(e.payload as Record<string, unknown>), viaReplay: true } : { viaReplay: true },
    });
  }
  return { outcome: "delivered", events };
}

async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error("body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, answer: Answer) {
  res.writeHead(answer.status, { "content-type": "application/json" });
  res.end(JSON.stringify(answer.body));
}

export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const counts = new Map<string, number>();
  const answers = new Map<string, Promise<Answer>>();
  let processed = 0;
  let available = true;
  let down = new Set<string>(options.down ?? []);
  let pending: CloudEvent[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const writeOut = () => {
    timer = null;
    const batch = pending;
    pending = [];
    writing = writing.then(() => (batch.length ? options.sink(batch) : undefined)).catch((error: unknown) => options.onError?.(error));
    return writing;
  };
  const queue = (events: CloudEvent[]) => {
    pending.push(...events);
    timer ??= setTimeout(writeOut, options.flushMs ?? 50);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://simulator");
    if (req.method === "GET" && url.pathname === "/replay/stats") return send(res, { status: 200, body: { keys: counts.size, processed, duplicates: [...counts.values()].reduce((a, n) => a + n - 1, 0) } });
    if (url.pathname !== "/replay") return send(res, { status: 404, body: { error: "not found" } });
    if (req.method !== "POST") return send(res, { status: 405, body: { error: "POST a message to replay" } });
    if (!available) return send(res, { status: 503, body: { error: "the integration layer is unavailable" } });
    const key = req.headers["idempotency-key"];
    if (typeof key !== "string" || key.length < 8 || key.length > 200) return send(res, { status: 400, body: { error: "an Idempotency-Key header is required" } });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(res, { status: 400, body: { error: "the body is not JSON" } });
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
    let answer = answers.get(key);
    if (!answer) {
      answer = (async (): Promise<Answer> => {
        const parsed = envelopeSchema.safeParse(body);
        if (!parsed.success) return { status: 422, body: { error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") } };
        const { outcome, events } = replayEvents(parsed.data, Date.now(), down.has(parsed.data.to));
        queue(events);
        processed++;
        return { status: 200, body: { outcome, correlationId: parsed.data.correlationId, messageId: parsed.data.messageId, events: events.map((e) => e.type) } };
      })();
      answers.set(key, answer);
    }
    send(res, await answer);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, { status: 500, body: { error: error instanceof Error ? error.message : String(error) } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    keyCounts: () => counts,
    processed: () => processed,
    setAvailable: (a) => {
      available = a;
    },
    setDown: (systems) => {
      down = new Set(systems);
    },
    flush: async () => {
      if (timer) clearTimeout(timer);
      await writeOut();
    },
    close: async () => {
      if (timer) clearTimeout(timer);
      await writeOut();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
