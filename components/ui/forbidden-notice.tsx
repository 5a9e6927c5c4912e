export function ForbiddenNotice({ title, label = "Not allowed", children }: { title: string; label?: string; children: React.ReactNode }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-xl border border-amber-200 bg-white p-8 text-center shadow-sm">
      <p className="text-sm font-semibold text-amber-700">403 · {label}</p>
      <h1 className="mt-1 text-lg font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">{children}</p>
    </div>
  );
}

/**
 * The 403 of an object page whose lot, order or trace belongs to plants outside the viewer's scope:
 * what each segment's forbidden.tsx renders (it receives no props, so it cannot name the plant).
 */
export function OutsidePlantsNotice({ noun }: { noun: "lot" | "order" | "trace" }) {
  return (
    <ForbiddenNotice label="Outside your plants" title={`You cannot see this ${noun}`}>
      It belongs to plants outside your scope. Ask an administrator if you need access.
    </ForbiddenNotice>
  );
}
