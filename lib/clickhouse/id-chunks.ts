/**
 * Characters of ids per `{ids:Array(String)}` parameter. A lookup by random ids touches nearly
 * every granule whatever their number, so each chunk is another full pass: chunks are as large as
 * the binding stays cheap. Measured with chDB 26 here: an array parameter of 0.9 MB binds in
 * ~60 ms, one just over 1 MB in 8–37 s; a server takes parameters in the URL,
 * whose default limit (`http_max_uri_size`) is 1 MiB.
 */
export const ID_CHUNK_CHARS = 512 * 1024;

/** Ids split into runs whose serialised array (quotes and commas included) stays under `maxChars`. */
export function idChunks(ids: Iterable<string>, maxChars = ID_CHUNK_CHARS): string[][] {
  const out: string[][] = [];
  let chunk: string[] = [];
  // Brackets, plus quotes and a comma per id, less the comma the last one does not have.
  let size = 1;
  for (const id of ids) {
    const cost = id.length + 3;
    if (chunk.length > 0 && size + cost > maxChars) {
      out.push(chunk);
      chunk = [];
      size = 1;
    }
    chunk.push(id);
    size += cost;
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}
