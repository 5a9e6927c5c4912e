/** The skeleton of the definition lists; the editors sit outside this group so an unknown key answers a real 404. */
export default function Loading() {
  return (
    <div role="status" aria-label="Loading" className="animate-pulse space-y-3">
      <div className="h-8 w-64 rounded bg-slate-200" />
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} className="h-10 rounded bg-slate-200" />
      ))}
    </div>
  );
}
