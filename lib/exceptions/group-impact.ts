import "server-only";
import type { ClickHouseClient } from "@clickhouse/client";

/** Business impact of a group, as lib/exceptions/impact.ts computes it (lots, orders, shipments, customers, incl. genealogy). */
export interface GroupImpact {
  lots: number;
  orders: number;
  shipments: number;
  customers: number;
  descendantLots: number;
}

/**
 * The one seam to the impact computation (issue 10's impact part, built separately): until it
 * is wired here, impact is not computed and the UI shows "—" rather than a made-up number.
 */
export async function groupImpact(_ch: ClickHouseClient, _keys: { lots: string[]; orders: string[] }): Promise<GroupImpact | null> {
  return null;
}
