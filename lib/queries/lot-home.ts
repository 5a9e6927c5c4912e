/**
 * The plant each lot of a lot-id list belongs to, as `home_plant` (see migration 0006 for the
 * rule: where it was received or produced, else the first plant that named it). Lot facts join it
 * for `{lots:Array(String)}` and the search for its hits, so one definition decides a lot's plant
 * for every page and API. `lots` is an SQL list expression of this module's callers, never a value.
 */
export function lotHomeSql(lots: "{lots:Array(String)}" | "(SELECT target_id FROM search_keys WHERE search_key LIKE {pattern:String})"): string {
  return `SELECT lot_id, tupleElement(home, 3) AS home_plant FROM lot_home FINAL WHERE lot_id IN ${lots}`;
}
