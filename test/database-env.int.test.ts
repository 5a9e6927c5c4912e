import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_ENGINE, TEST_POSTGRES_URL, testDb } from "./database-env";

let store: Awaited<ReturnType<typeof testDb>>;
beforeAll(async () => {
  store = await testDb("database-env");
});
afterAll(async () => {
  await store?.stop();
});

describe(`the tests' relational store (${DATABASE_ENGINE})`, () => {
  it("is the engine this run asked for, migrated with every migration", async () => {
    const [row] = await store.db.$queryRaw<{ version: string }[]>`SELECT version() AS version`;
    if (TEST_POSTGRES_URL) expect(row!.version).toMatch(/^PostgreSQL 15\./);
    else expect(row!.version).toMatch(/^PostgreSQL \d+/);
    const ledger = await store.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
    expect(Number(ledger[0]!.n)).toBeGreaterThanOrEqual(6);
  });
});
