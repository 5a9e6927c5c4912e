import { createClient, type ClickHouseClient } from "@clickhouse/client";
import { createChdbConnection } from "chdb/connection";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateClickHouse } from "../lib/clickhouse/migrate";
import { withQueryScopedSettings } from "../lib/clickhouse/query-scoped-settings";
import { probeWriteReadback } from "../lib/clickhouse/write-probe";
import { makeTempDir } from "./temp-dir";

// One chDB session, two clients over it: the product's guarded one and the bare connection that
// lost data, to show the self-check turns red on exactly that loss.
const dir = makeTempDir("write-probe");
type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>["connection"]>;
const inner = createChdbConnection({ path: `${dir.path}/ch` }) as unknown as ClientConnection;
let guarded: ClickHouseClient;
let bare: ClickHouseClient;
const tokened = { insert_deduplication_token: "events-topic-0-5-9" };

beforeAll(async () => {
  guarded = createClient({ connection: withQueryScopedSettings(inner) });
  bare = createClient({ connection: inner });
  await migrateClickHouse(guarded, {});
});

afterAll(async () => {
  await guarded.close();
  dir.remove();
});

describe("write-readback self-check (real chDB)", () => {
  it("passes while a tokened write leaves later writes alone", async () => {
    await guarded.insert({ table: "write_probes", values: [{ probe_id: "kafka-batch" }], format: "JSONEachRow", clickhouse_settings: tokened });
    for (let i = 0; i < 3; i++) expect(await probeWriteReadback(guarded)).toMatchObject({ ok: true });
  });

  it("fails, naming the loss, once a leaked insert token swallows acknowledged writes", async () => {
    await bare.insert({ table: "write_probes", values: [{ probe_id: "leaking-batch" }], format: "JSONEachRow", clickhouse_settings: tokened });
    const results = [await probeWriteReadback(bare), await probeWriteReadback(bare)];
    expect(results.some((r) => !r.ok)).toBe(true);
    expect(results.find((r) => !r.ok)?.error).toMatch(/read back 0 times/);
  });
});
