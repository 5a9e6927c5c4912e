export const inputClass =
  "w-full rounded-lg border border-slate-300 px-3 py-1.5 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 aria-[invalid=true]:border-red-400 aria-[invalid=true]:bg-red-50";
export const primaryButton = "rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50";
export const secondaryButton = "rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-40";

/** A labelled control with the API's messages for it underneath. */
export function Field({ label, hint, errors = [], children, className = "" }: { label: string; hint?: string; errors?: string[]; children: React.ReactNode; className?: string }) {
  return (
    <label className={`block ${className}`}>
      <span className="mb-1 block text-xs font-medium text-slate-700">{label}</span>
      {children}
      {hint && errors.length === 0 && <span className="mt-0.5 block text-xs text-slate-500">{hint}</span>}
      {errors.map((e) => (
        <span key={e} role="alert" className="mt-0.5 block text-xs text-red-700">
          {e}
        </span>
      ))}
    </label>
  );
}

export function FormAlert({ tone, children }: { tone: "error" | "warning" | "success"; children: React.ReactNode }) {
  const styles = { error: "bg-red-50 text-red-800", warning: "bg-amber-50 text-amber-900", success: "bg-emerald-50 text-emerald-800" };
  return (
    <div role={tone === "success" ? "status" : "alert"} className={`rounded-lg px-3 py-2 text-sm ${styles[tone]}`}>
      {children}
    </div>
  );
}

/** Field messages under a row (`row`: spans the row's full width) or under a list (`block`). */
export function FieldErrors({ messages, layout }: { messages: readonly string[]; layout: "row" | "block" }) {
  return messages.map((m) => (
    <span key={m} role="alert" className={`${layout === "row" ? "basis-full" : "mt-1 block"} text-xs text-red-700`}>
      {m}
    </span>
  ));
}
