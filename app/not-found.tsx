import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="text-center">
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-1 text-2xl font-semibold">Nothing here</h1>
        <p className="mt-2 text-slate-600">The page does not exist.</p>
        <Link href="/" className="mt-4 inline-block text-indigo-600 underline">
          Back to the overview
        </Link>
      </div>
    </main>
  );
}
