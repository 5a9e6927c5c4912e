export function ForbiddenNotice({ title, label = "Not allowed", children }: { title: string; label?: string; children: React.ReactNode }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-xl border border-amber-200 bg-white p-8 text-center shadow-sm">
      <p className="text-sm font-semibold text-amber-700">403 · {label}</p>
      <h1 className="mt-1 text-lg font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">{children}</p>
    </div>
  );
}
