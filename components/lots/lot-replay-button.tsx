"use client";

import { useState } from "react";
import { ReplayDialog } from "@/components/replay/replay-dialog";

/** Replays every failed message touching the lot, and with `descendants` everything made from it. */
export function LotReplayButton({ lotId }: { lotId: string }) {
  const [descendants, setDescendants] = useState<boolean | null>(null);
  const button = "rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";
  return (
    <>
      <button type="button" className={button} onClick={() => setDescendants(false)} data-testid="lot-replay">
        Replay failed messages
      </button>
      <button type="button" className={button} onClick={() => setDescendants(true)} data-testid="lot-replay-descendants" title="Every failed message touching this lot and every lot made from it">
        … and of everything made from it
      </button>
      {descendants !== null && <ReplayDialog selection={{ kind: "lot", lotId, descendants }} onClose={() => setDescendants(null)} />}
    </>
  );
}
