import Link from "next/link";

export function NotFoundNotice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-1 text-lg font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">{children}</p>
      <Link href="/search" className="mt-4 inline-block text-sm text-indigo-600 underline">
        Search instead
      </Link>
    </div>
  );
}
