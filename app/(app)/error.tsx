"use client";

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-xl border border-red-200 bg-white p-8 text-center shadow-sm">
      <h1 className="text-lg font-semibold text-red-700">This page could not load</h1>
      <p className="mt-2 text-sm text-slate-600">
        A data store did not answer as expected. Check <a className="text-indigo-600 underline" href="/api/health">/api/health</a>, then try again.
      </p>
      {error.digest && <p className="mt-2 font-mono text-xs text-slate-400">reference {error.digest}</p>}
      <button type="button" onClick={reset} className="mt-5 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
        Try again
      </button>
    </div>
  );
}
