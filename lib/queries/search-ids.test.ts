import { describe, expect, it } from "vitest";
import { errorSearchSql } from "./search-errors";
import { idSearchSql } from "./search-ids";

const none = { kinds: [], statuses: [], plants: [], systems: [], range: null } as const;

describe("search SQL", () => {
  it("reads only search_keys (and the lots' home plants) without filters", () => {
    const select = idSearchSql(none);
    expect(select).not.toMatch(/events_failed|lot_status_history|events_by_lot|events_by_order|FROM events\b/);
    expect(select).toContain("count() OVER () AS total");
    expect(select).toMatch(/LIMIT \{limit:UInt32\}$/);
  });

  it("adds one fixed fragment per filter, with every value a parameter", () => {
    const sql = idSearchSql({ kinds: ["lot"], statuses: ["held", "divergent", "failed"], plants: ["P100"], systems: ["QMS"], range: { from: 0, to: 1 } });
    expect(sql).toMatchSnapshot();
    // A standing and a failure filter read their tables for the prefix's ids only.
    expect(sql).toContain("lot_id IN (SELECT target_id FROM search_keys WHERE search_key LIKE {pattern:String})");
    expect(sql).toContain("(blocks > 0 AND rejects = 0) OR (blocks > 0 AND releases > 0)");
    expect(sql).not.toContain("rejects > 0)");
    expect(idSearchSql({ ...none, statuses: ["rejected"] })).not.toContain("events_failed");
  });

  it("keeps the error search inside its time window and its LIMIT, filters as fragments", () => {
    const { select, count } = errorSearchSql({ statuses: [], plants: [], systems: [] });
    expect(select).toContain("time >= {failFrom:DateTime64(3, 'UTC')} AND time <= {failTo:DateTime64(3, 'UTC')}");
    expect(select).toContain("positionCaseInsensitiveUTF8(error, {text:String}) > 0");
    expect(select).toMatch(/LIMIT 1 BY event_id LIMIT \{limit:UInt32\}$/);
    expect(count).toMatch(/^SELECT uniqExact\(event_id\) AS n FROM events_failed WHERE time >= \{failFrom/);
    expect(errorSearchSql({ statuses: ["rejected", "dead_lettered"], plants: ["P1"], systems: ["ERP"] }).select).toMatchSnapshot();
  });
});
