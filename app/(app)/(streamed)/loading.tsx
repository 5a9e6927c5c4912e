/**
 * The instant skeleton of the overview, search and admin pages. Object pages (lots, orders, traces)
 * sit outside this group on purpose: a loading boundary streams the answer, and a streamed page
 * answers 200 whatever notFound() or forbidden() say later; they must answer 404 and 403.
 */
export default function Loading() {
  return (
    <div role="status" aria-label="Loading" className="animate-pulse space-y-4">
      <div className="h-8 w-64 rounded bg-slate-200" />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-24 rounded-xl bg-slate-200" />
        ))}
      </div>
      <div className="h-72 rounded-xl bg-slate-200" />
    </div>
  );
}
