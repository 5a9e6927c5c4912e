/** A worklist link for the instances behind a number, in the same time range. */
export function worklistHref(filter: Record<string, string>, rangeQuery: string): string {
  const params = new URLSearchParams(rangeQuery);
  for (const [k, v] of Object.entries(filter)) params.set(k, v);
  return `/worklist?${params.toString()}`;
}
