import { describe, expect, it } from "vitest";
import { idChunks } from "./id-chunks";

describe("idChunks", () => {
  it("keeps every id once, in order, each chunk's serialised array under the bound", () => {
    const ids = Array.from({ length: 1_000 }, (_, i) => `corr-${i}`.padEnd(10 + (i % 37), "x"));
    const chunks = idChunks(ids, 2_000);
    expect(chunks.flat()).toEqual(ids);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(JSON.stringify(c).length).toBeLessThanOrEqual(2_000);
    // Chunks are filled: the next chunk's first id would not have fitted.
    for (let i = 0; i + 1 < chunks.length; i++) expect(JSON.stringify([...chunks[i]!, chunks[i + 1]![0]]).length).toBeGreaterThan(2_000);
  });

  it("gives 10,000 typical correlation ids one pass at the default bound", () => {
    const ids = Array.from({ length: 10_000 }, () => `corr-${crypto.randomUUID()}`);
    expect(idChunks(ids)).toHaveLength(1);
  });

  it("gives no chunks for no ids and a chunk of its own to an id longer than the bound", () => {
    expect(idChunks([])).toEqual([]);
    const long = "x".repeat(50);
    expect(idChunks(["a", long, "b"], 20)).toEqual([["a"], [long], ["b"]]);
  });
});
