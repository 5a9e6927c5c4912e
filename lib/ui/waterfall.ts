export interface WaterfallInput {
  id: string;
  system: string;
  offsetMs: number;
  durationMs: number;
  failed: boolean;
  status: string;
  type: string;
}

export interface WaterfallBar extends WaterfallInput {
  /** Left edge and width as percentages of the trace's span. */
  left: number;
  width: number;
}

export interface WaterfallLane {
  system: string;
  bars: WaterfallBar[];
}

export interface Waterfall {
  totalMs: number;
  lanes: WaterfallLane[];
  ticks: { at: number; label: number }[];
}

const MIN_WIDTH_PERCENT = 0.6;

/** Lays events out as bars in one lane per system, lanes in order of first appearance. */
export function layoutWaterfall(steps: WaterfallInput[], tickCount = 5): Waterfall {
  const totalMs = Math.max(1, ...steps.map((s) => s.offsetMs + Math.max(0, s.durationMs)));
  const lanes = new Map<string, WaterfallBar[]>();
  for (const step of steps) {
    const left = (step.offsetMs / totalMs) * 100;
    const width = Math.max(MIN_WIDTH_PERCENT, (Math.max(0, step.durationMs) / totalMs) * 100);
    const bars = lanes.get(step.system) ?? [];
    bars.push({ ...step, left: Math.min(left, 100 - MIN_WIDTH_PERCENT), width: Math.min(width, 100 - Math.min(left, 100 - MIN_WIDTH_PERCENT)) });
    lanes.set(step.system, bars);
  }
  const ticks = Array.from({ length: tickCount + 1 }, (_, i) => ({ at: (i / tickCount) * 100, label: Math.round((i / tickCount) * totalMs) }));
  return { totalMs, lanes: [...lanes].map(([system, bars]) => ({ system, bars })), ticks };
}
