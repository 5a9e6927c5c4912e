import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

/** Phone, tablet and desktop, as plant managers, supervisors and support engineers use them. */
const VIEWPORTS = [
  { name: "390", width: 390, height: 844 },
  { name: "768", width: 768, height: 1024 },
  { name: "1440", width: 1440, height: 900 },
] as const;

const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

interface Objects {
  trace: string;
  lot: string;
  order: string;
  group: string;
  task: string;
}

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

/** Real objects of the running simulator: a failed trace that carries a lot and an order, its exception group, and a replay task of its lot. */
async function findObjects(request: APIRequestContext): Promise<Objects> {
  let found: Omit<Objects, "task"> | null = null;
  await expect
    .poll(
      async () => {
        const groups = await json<{ items: { id: string }[] }>(request, "/api/v1/exceptions?kind=integration&state=all&limit=20");
        for (const g of groups.items) {
          const detail = await json<{ occurrences: { items: { correlationId: string }[] } }>(request, `/api/v1/exceptions/groups/${g.id}?limit=20`);
          for (const o of detail.occurrences.items) {
            const trace = await json<{ summary: { lots: string[]; orders: string[] } }>(request, `/api/v1/traces/${o.correlationId}`);
            if (trace.summary.lots[0] && trace.summary.orders[0]) {
              found = { trace: o.correlationId, lot: trace.summary.lots[0], order: trace.summary.orders[0], group: g.id };
              return true;
            }
          }
        }
        return false;
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toBe(true);
  const objects = found!;
  // Playwright starts a new worker, and this again, after a failed test: reuse the task made before.
  const { tasks } = await json<{ tasks: { id: string }[] }>(request, "/api/v1/replays?limit=1");
  if (tasks[0]) return { ...objects, task: tasks[0].id };
  // Every failed message whose last outcome is still failed: never empty while the simulator fails some (above the approval threshold it waits, which is a task too).
  const created = await request.post("/api/v1/replays", { data: { selection: { kind: "filter", filter: {} }, reason: "e2e: every screen at three widths" } });
  expect(created.status(), await created.text()).toBe(202);
  const { task } = (await created.json()) as { task: { id: string } };
  return { ...objects, task: task.id };
}

/** Every page of the app, by the path it lives at. */
const PAGES: { name: string; path: (o: Objects) => string }[] = [
  { name: "overview", path: () => "/" },
  { name: "search", path: (o) => `/search?q=${encodeURIComponent(o.lot.slice(0, 4))}` },
  { name: "lot", path: (o) => `/lots/${encodeURIComponent(o.lot)}` },
  { name: "lot-evidence", path: (o) => `/lots/${encodeURIComponent(o.lot)}/evidence` },
  { name: "order", path: (o) => `/orders/${encodeURIComponent(o.order)}` },
  { name: "trace", path: (o) => `/trace/${encodeURIComponent(o.trace)}` },
  { name: "slas", path: () => "/slas" },
  { name: "worklist", path: () => "/worklist" },
  { name: "exceptions", path: () => "/exceptions" },
  { name: "exception-group", path: (o) => `/exceptions/${o.group}` },
  { name: "ingest-errors", path: () => "/ingest-errors" },
  { name: "replays", path: () => "/replays" },
  { name: "replay-task", path: (o) => `/replays/${o.task}` },
  { name: "admin", path: () => "/admin" },
  { name: "admin-users", path: () => "/admin/users" },
  { name: "admin-tokens", path: () => "/admin/tokens" },
  { name: "admin-workflows", path: () => "/admin/workflows" },
  { name: "admin-workflow", path: () => "/admin/workflows/order-release-to-mes" },
  { name: "admin-non-events", path: () => "/admin/non-events" },
  { name: "admin-calendars", path: () => "/admin/calendars" },
  { name: "admin-alerts", path: () => "/admin/alerts" },
  { name: "admin-integrations", path: () => "/admin/integrations" },
];

async function settle(page: Page) {
  // Live pages poll; a quiet half second after the first data is enough for what is drawn.
  await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => undefined);
  await expect(page.getByText(/^Loading/).first()).toBeHidden({ timeout: 20_000 });
}

/** What a person at each width gets: no page-wide horizontal scroll and no WCAG 2.1 AA violation axe can find, with a screenshot to look at. */
async function checkScreen(page: Page, name: string, testInfo: TestInfo) {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.reload();
    await settle(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    // What sticks out, innermost first, outside any box that scrolls or clips it: where to look.
    const culprits = overflow <= 0 ? [] : await page.evaluate(() => {
      const clipped = (e: Element) => {
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true;
        return false;
      };
      const out = (e: Element) => e.getBoundingClientRect().right > window.innerWidth + 1;
      return [...document.querySelectorAll("body *")]
        .filter((e) => out(e) && ![...e.children].some(out) && !clipped(e))
        .slice(0, 4)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 5).join(".")} "${(e.textContent ?? "").trim().slice(0, 30)}"`);
    });
    expect.soft(overflow, `${name} at ${viewport.width} px scrolls sideways by ${overflow} px: ${culprits.join(" | ")}`).toBeLessThanOrEqual(0);
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
    const found = violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    expect.soft(found, `${name} at ${viewport.width} px`).toEqual([]);
    await snapshot(page, testInfo, `screen-${name}-${viewport.name}`);
  }
}

test.describe("every screen at 390, 768 and 1440 px", () => {
  let objects: Objects;

  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
    objects = await findObjects(page.request);
    await page.close();
  });

  for (const p of PAGES) {
    test(p.name, async ({ page }, testInfo) => {
      await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
      await page.goto(p.path(objects));
      await expect(page.locator("main#content")).toBeVisible();
      await checkScreen(page, p.name, testInfo);
    });
  }

  test("sign-in page", async ({ page }, testInfo) => {
    await page.goto("/login");
    await checkScreen(page, "login", testInfo);
  });
});

test("the phone menu folds the links behind one button and a skip link leads to the content", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  const menu = page.getByRole("button", { name: /the menu$/ });
  await menu.click();
  await expect(nav).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await nav.getByRole("link", { name: "Exceptions" }).click();
  await expect(page).toHaveURL(/\/exceptions$/);
  await expect(nav).toBeHidden();

  await page.reload();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#content")).toBeFocused();

  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(nav).toBeVisible();
  await expect(menu).toBeHidden();
});
