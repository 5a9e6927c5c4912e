// Largest contentful paint of the lot page in Chromium against the production build, warm:
// starts `node scripts/start.mjs` on a seeded store, signs in, loads one lot page to warm the
// server and the browser cache, then loads each lot once and reads its LCP entry.
// Prints a table, then one line of JSON. `npm run bench:queries` runs it at the end.
//   node --import tsx scripts/bench-lcp.ts --data-dir DIR --lots L-P100-000001,L-P200-000002 --email E --password P [--port 3377]
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium, type Page } from "@playwright/test";
import { z } from "zod";
import { camelCaseKeys, parseFlags } from "../ingest/simulator/cli-args";
import { nearestRank } from "../lib/percentile";

const args = z
  .object({
    dataDir: z.string().min(1),
    lots: z
      .string()
      .transform((s) => s.split(",").filter(Boolean))
      .pipe(z.array(z.string()).min(2, "--lots needs at least two lots: one to warm up, one to measure")),
    email: z.string().min(1),
    password: z.string().min(1),
    port: z.coerce.number().int().min(1024).max(65_535).default(3377),
  })
  .strict()
  .parse(camelCaseKeys(parseFlags(process.argv.slice(2))));

const percentile = (sorted: number[], p: number) => nearestRank(sorted, p) ?? Number.NaN;

async function startServer(): Promise<ChildProcess> {
  if (!existsSync(path.join(".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first (or pass --skip-lcp to bench:queries)");
  const server = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: String(args.port), LOTLINE_DATA_DIR: args.dataDir, LOTLINE_SIMULATOR: "0", NEXTAUTH_URL: `http://localhost:${args.port}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stdout!.on("data", (c: Buffer) => (log += c.toString()));
  server.stderr!.on("data", (c: Buffer) => (log += c.toString()));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}:\n${log}`);
    const ok = await fetch(`http://localhost:${args.port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return server;
    await sleep(500);
  }
  server.kill("SIGTERM");
  throw new Error(`the server did not answer /api/health within 180 s:\n${log}`);
}

/** Loads a lot page and returns its LCP and time to first byte, after checking it shows that lot. */
async function loadLot(page: Page, lotId: string): Promise<{ lcpMs: number; ttfbMs: number }> {
  // networkidle: the genealogy graph fetches its data after hydration, and its nodes can become the largest paint.
  await page.goto(`http://localhost:${args.port}/lots/${encodeURIComponent(lotId)}`, { waitUntil: "networkidle" });
  const heading = (await page.getByTestId("lot-heading").textContent())?.trim();
  if (heading !== lotId) throw new Error(`/lots/${lotId} shows ${JSON.stringify(heading)}, not the lot`);
  return page.evaluate(
    () =>
      new Promise<{ lcpMs: number; ttfbMs: number }>((resolve, reject) => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        // Buffered entries arrive in the observer's first callback; the last one is the LCP so far.
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve({ lcpMs: entries.at(-1)!.startTime, ttfbMs: nav.responseStart });
        }).observe({ type: "largest-contentful-paint", buffered: true });
        setTimeout(() => reject(new Error("no largest-contentful-paint entry within 5 s")), 5_000);
      }),
  );
}

async function main() {
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`http://localhost:${args.port}/login`);
    await page.getByLabel("Email").fill(args.email);
    await page.getByLabel("Password").fill(args.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    const [warm, ...measured] = args.lots;
    await loadLot(page, warm!);
    const samples: { lcpMs: number; ttfbMs: number }[] = [];
    for (const lot of measured) samples.push(await loadLot(page, lot));
    const lcp = samples.map((s) => s.lcpMs).sort((a, b) => a - b);
    const ttfb = samples.map((s) => s.ttfbMs).sort((a, b) => a - b);
    const figures = { pages: samples.length, lcp: { p50Ms: Math.round(percentile(lcp, 50)), p95Ms: Math.round(percentile(lcp, 95)) }, ttfb: { p50Ms: Math.round(percentile(ttfb, 50)), p95Ms: Math.round(percentile(ttfb, 95)) } };
    console.log(`\nLot page in Chromium (production build, warm) · ${samples.length} lots\n`);
    console.log("| measure | p50 | p95 | target |");
    console.log("| --- | ---: | ---: | --- |");
    console.log(`| largest contentful paint | ${figures.lcp.p50Ms} ms | ${figures.lcp.p95Ms} ms | ≤ 1,000 ms |`);
    console.log(`| time to first byte (server render) | ${figures.ttfb.p50Ms} ms | ${figures.ttfb.p95Ms} ms | |`);
    console.log(JSON.stringify({ bench: "lcp", ...figures }));
  } finally {
    await browser.close();
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
