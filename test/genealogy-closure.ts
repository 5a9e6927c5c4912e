/**
 * The test oracle for genealogy: every lot reachable from `start` by `next`, with the fewest
 * links to it — what a walk of the stored edges must return, computed from the events as sent.
 */
export function closure(start: string, next: (lot: string) => string[]): Map<string, number> {
  const depth = new Map([[start, 0]]);
  let frontier = [start];
  for (let d = 1; frontier.length > 0; d++) {
    const found: string[] = [];
    for (const lot of frontier) {
      for (const n of next(lot)) {
        if (depth.has(n)) continue;
        depth.set(n, d);
        found.push(n);
      }
    }
    frontier = found;
  }
  return depth;
}
