import type { SourceSystem } from "../events/contract";

/**
 * One colour per source system, the same on every chart, lane and tag. Okabe–Ito and Paul Tol
 * colours, one hue family each, none red (red means failure on every page) and none grey (grey
 * is a system that did not say who it is). lib/ui/system-colors.test.ts fails when two colours,
 * or a colour and the failure red, come closer than a CIEDE2000 threshold, in normal vision and
 * as people with protanopia, deuteranopia or tritanopia see them.
 */
export const SYSTEM_COLORS: Record<SourceSystem, string> = {
  ERP: "#0072B2", // blue
  MES: "#E69F00", // orange
  QMS: "#009E73", // bluish green
  WMS: "#66CCEE", // cyan
  MIDDLEWARE: "#332288", // indigo
  PORTAL: "#FF9DA7", // pink
  SUPPLIER: "#882255", // wine
  ANALYTICS: "#F0E442", // yellow
  CMMS: "#8C564B", // brown
  UNKNOWN: "#94A3B8", // slate
};

/** Failures drawn beside systems (the overview's failure line, failed waterfall bars). */
export const FAILURE_COLOR = "#DC2626";

export function systemColor(system: string): string {
  return SYSTEM_COLORS[system.toUpperCase() as SourceSystem] ?? SYSTEM_COLORS.UNKNOWN;
}
