import "server-only";
import type { Db } from "../db/client";

/** The prev_hash of the first row: the chain starts from nothing. */
export const GENESIS_HASH = "0".repeat(64);

export interface ChainBreak {
  id: string;
  /** A decimal string: seq is a BIGINT. */
  seq: string;
  at: string;
  reason: string;
}

export interface ChainReport {
  ok: boolean;
  /** Rows checked, up to and including the first broken one. */
  checked: number;
  firstBroken: ChainBreak | null;
}

interface ChainRow {
  id: string;
  seq: string;
  at: Date;
  prev_hash: string;
  hash: string;
  expected: string;
}

const PAGE_ROWS = 1000;

/**
 * Walks the audit chain in seq order, one page at a time, and names the first row that breaks
 * it. The content hash is recomputed by the database with the same function the insert trigger
 * uses, so the two can never disagree on the canonical form. A row changed in place fails its
 * own hash; a row removed (or one inserted out of turn) fails the link of the row after it.
 * Removing the newest rows leaves a shorter valid chain: compare `checked` with what you expect.
 */
export async function verifyAuditChain(db: Db, pageRows = PAGE_ROWS): Promise<ChainReport> {
  let previousHash = GENESIS_HASH;
  let afterSeq = "-1";
  let checked = 0;
  for (;;) {
    const rows = await db.$queryRaw<ChainRow[]>`
      SELECT id, l.seq::text AS seq, at, prev_hash, hash, audit_log_hash(prev_hash, audit_log_content(l)) AS expected
      FROM audit_log l
      WHERE l.seq > ${afterSeq}::bigint
      ORDER BY l.seq
      LIMIT ${pageRows}`;
    for (const row of rows) {
      checked += 1;
      const reason =
        row.prev_hash !== previousHash
          ? "prev_hash does not match the hash of the row before it: a row before this one was removed, changed or inserted"
          : row.hash !== row.expected
            ? "the row's content does not match its hash: it was changed after it was written"
            : null;
      if (reason) return { ok: false, checked, firstBroken: { id: row.id, seq: row.seq, at: row.at.toISOString(), reason } };
      previousHash = row.hash;
    }
    if (rows.length < pageRows) return { ok: true, checked, firstBroken: null };
    afterSeq = rows.at(-1)!.seq;
  }
}
