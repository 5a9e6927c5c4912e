/**
 * Whether a plant is inside a plant scope (null: every plant). A lot, order or event whose plant
 * no event reported is not anyone's to hide: the one rule of every page, API and evidence pack.
 */
export function plantInScope(plants: readonly string[] | null, plant: string): boolean {
  return plant === "" || plants === null || plants.includes(plant);
}

/**
 * Whether a plant scope may read the raw input of dead letters (besides `events:read_payload`):
 * rejected input has no plant one could trust, so it is only for callers who see every plant.
 */
export function canReadDeadLetterRaw(plants: readonly string[] | null): boolean {
  return plants === null;
}
