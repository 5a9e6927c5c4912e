import { systemColor } from "@/lib/ui/system-colors";

export function SystemTag({ system }: { system: string }) {
  return (
    <span className="inline-flex items-center gap-1.5 text-sm font-medium text-slate-700">
      <span className="h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: systemColor(system) }} aria-hidden />
      {system}
    </span>
  );
}
