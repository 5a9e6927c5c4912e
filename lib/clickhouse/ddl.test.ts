import { describe, expect, it } from "vitest";
import { clickhouseMigrations } from "./migrations";

describe("ClickHouse DDL", () => {
  it("renders plain engines and the dedup window on a single node", () => {
    const sql = clickhouseMigrations.flatMap((m) => m.statements({})).join("\n");
    expect(sql).not.toContain("ON CLUSTER");
    expect(sql).not.toContain("Replicated");
    expect(sql).toContain("ENGINE = ReplacingMergeTree(ingested_at)");
    expect(sql).toContain("non_replicated_deduplication_window = 1000");
    expect(sql).toContain("ALTER TABLE dead_letters MODIFY SETTING non_replicated_deduplication_window = 1000");
  });

  it("renders ON CLUSTER and Replicated engines for every DDL statement when a cluster is named", () => {
    const statements = clickhouseMigrations.flatMap((m) => m.statements({ cluster: "plants" }));
    const created = new Set<string>();
    for (const s of statements) {
      // A back-fill runs on one replica and reaches the others through replication, so it needs no ON CLUSTER;
      // it may only fill a table this migration set created.
      const backfill = /^INSERT INTO (\w+) SELECT /.exec(s);
      if (backfill) {
        expect(created, s).toContain(backfill[1]);
        continue;
      }
      const ddl = /^(?:CREATE (?:TABLE|MATERIALIZED VIEW) IF NOT EXISTS|ALTER TABLE) (\w+) ON CLUSTER plants /.exec(s);
      expect(ddl, s).not.toBeNull();
      created.add(ddl![1]!);
    }
    const engines = statements.flatMap((s) => [...s.matchAll(/ENGINE = (\w+)\(/g)].map((m) => m[1]));
    expect(engines.length).toBeGreaterThan(0);
    for (const e of engines) expect(e).toMatch(/^Replicated/);
    expect(statements.join("\n")).not.toContain("non_replicated_deduplication_window");
  });
});
