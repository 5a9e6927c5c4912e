"use client";

import { useState } from "react";

/** Copies `text`, or the page's own URL without it. */
export function CopyLinkButton({ text }: { text?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(text ?? window.location.href);
    setCopied(true);
    setTimeout(() => setCopied(false), 1_500);
  }
  return (
    <button type="button" onClick={() => void copy()} className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
      {copied ? "Link copied" : "Copy link"}
    </button>
  );
}
