import type { SlaClock } from "./evaluate-instance";

/** Every hour counts: the deadline is the start plus the target. */
export const wallClock: SlaClock = { deadline: (_plant, from, targetMs) => from + targetMs };
