"use client";

import Link from "next/link";
import { useState, useSyncExternalStore } from "react";
import { sendJson } from "@/components/ui/api-client";

const inputClass = "w-full rounded-lg border border-slate-300 px-3 py-2 outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200";

// The link's secret is the URL fragment: never sent to the server with the page request.
const readFragment = () => window.location.hash.replace(/^#/, "");
const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};

export function SetPasswordForm() {
  const token = useSyncExternalStore(subscribe, readFragment, () => null);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setMessage("The two passwords differ.");
      return;
    }
    setPending(true);
    setMessage(null);
    try {
      const { email } = await sendJson<{ email: string }>("/api/v1/set-password", "POST", { token, password });
      // Drop the used secret from the address bar and history.
      window.history.replaceState(null, "", window.location.pathname);
      setDone(email);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <div className="space-y-4">
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Your password is set. Sign in as {done}.
        </p>
        <Link href="/login" className="block w-full rounded-lg bg-indigo-600 px-4 py-2 text-center font-medium text-white hover:bg-indigo-500">
          Sign in
        </Link>
      </div>
    );
  }
  if (token === "") {
    return <p className="text-sm text-slate-700">This page opens from a set-password link. Ask an administrator for one.</p>;
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-4" aria-label="Set your password">
      <label className="block">
        <span className="mb-1 block text-sm font-medium text-slate-700">New password</span>
        <input name="password" type="password" autoComplete="new-password" required minLength={12} maxLength={1024} autoFocus className={inputClass} />
        <span className="mt-0.5 block text-xs text-slate-600">At least 12 characters.</span>
      </label>
      <label className="block">
        <span className="mb-1 block text-sm font-medium text-slate-700">Repeat it</span>
        <input name="confirm" type="password" autoComplete="new-password" required minLength={12} maxLength={1024} className={inputClass} />
      </label>
      {message && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {message}
        </p>
      )}
      <button type="submit" disabled={pending || token === null} className="w-full rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
        {pending ? "Setting…" : "Set password"}
      </button>
    </form>
  );
}
