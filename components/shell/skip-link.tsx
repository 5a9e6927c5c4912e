"use client";

/** The first stop of the keyboard: moves focus past the top bar to the page's content. */
export function SkipLink() {
  return (
    <a
      href="#content"
      onClick={(e) => {
        // Focus it explicitly: a same-page fragment does not always move focus once React has re-rendered the page.
        const main = document.getElementById("content");
        if (!main) return;
        e.preventDefault();
        main.focus();
        main.scrollIntoView();
      }}
      className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-900 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-30"
    >
      Skip to content
    </a>
  );
}
