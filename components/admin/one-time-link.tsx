"use client";

import { CopyLinkButton } from "@/components/ui/copy-link-button";
import { primaryButton } from "@/components/definitions/form-controls";
import type { PasswordLink } from "@/lib/users/password-links";
import { formatUtc } from "@/lib/ui/format";

/** A set-password link, shown once: only its hash is stored, so a reload loses it (make a new one then). */
export function OneTimeLinkNotice({ email, link, onDone }: { email: string; link: PasswordLink; onDone: () => void }) {
  const url = `${window.location.origin}${link.path}`;
  return (
    <section data-testid="password-link" aria-label={`Set-password link for ${email}`} className="rounded-xl border border-amber-300 bg-amber-50 p-5 shadow-sm">
      <h2 className="text-sm font-semibold text-amber-900">Set-password link for {email}</h2>
      <p className="mt-1 text-sm text-amber-900">
        Send it to them yourself: it is shown only now, works once, and until {formatUtc(link.expiresAt)}. Until it is used they cannot sign in with a password.
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row">
        <input
          readOnly
          value={url}
          aria-label="Set-password link"
          onFocus={(e) => e.currentTarget.select()}
          className="w-full min-w-0 rounded-lg border border-amber-300 bg-white px-3 py-2 font-mono text-sm text-slate-900"
        />
        <div className="flex shrink-0 gap-2">
          <CopyLinkButton text={url} />
          <button type="button" onClick={onDone} className={primaryButton}>
            Done
          </button>
        </div>
      </div>
    </section>
  );
}
