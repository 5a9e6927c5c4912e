/** One color per source system, the same on every chart, lane and badge. */
const SYSTEM_COLORS: Record<string, string> = {
  ERP: "#4f46e5",
  MES: "#0891b2",
  QMS: "#d97706",
  WMS: "#059669",
  MIDDLEWARE: "#7c3aed",
  CMMS: "#64748b",
  SUPPLIER: "#db2777",
  ANALYTICS: "#0d9488",
  PORTAL: "#9333ea",
};

const FALLBACK = ["#ea580c", "#16a34a", "#2563eb", "#c026d3", "#ca8a04"];

export function systemColor(system: string): string {
  const known = SYSTEM_COLORS[system.toUpperCase()];
  if (known) return known;
  let h = 0;
  for (const c of system) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return FALLBACK[h % FALLBACK.length] ?? "#64748b";
}
