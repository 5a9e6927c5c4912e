import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { impactFixture } from "../test/impact-fixture";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

// Impact pushed upward and search, in the running app: a small estate with known trouble arrives
// through the ingest API (test/impact-fixture.ts) beside the simulator's traffic.

const ingestToken = () => readFileSync(path.join("e2e", ".data", ".ingest-token"), "utf8").trim();
const fixture = impactFixture(Date.now().toString(36));
const { lots, orders } = fixture;
const prefix = `IMP-${fixture.suffix}-`;

/** Inside the viewport's width: the element does not push the page sideways. */
async function fitsWidth(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  expect(box, "visible").not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width + 1);
}

test.beforeAll(async ({ request }) => {
  const answer = await request.post("/api/v1/ingest/events", {
    headers: { authorization: `Bearer ${ingestToken()}`, "content-type": "application/cloudevents-batch+json" },
    data: fixture.events,
  });
  expect(answer.status(), await answer.text()).toBe(202);
});

test.beforeEach(async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect.poll(async () => (await page.request.get(`/api/v1/lots/${lots.shipment}`)).status(), { timeout: 30_000 }).toBe(200);
});

test("a shipment and a lot made from held or rejected material say so at the top, with badges", async ({ page }, testInfo) => {
  await page.goto(`/lots/${lots.shipment}`);
  const banner = page.getByTestId("upstream-banner");
  await expect(banner).toContainText("3 of 8 input lots held or rejected");
  await expect(banner).toContainText("2 rejected, 1 held, 1 where systems disagree");
  await expect(banner.getByTestId("upstream-lot")).toHaveCount(3);
  await expect(banner.getByRole("link", { name: lots.raw[2]! })).toBeVisible();
  await expect(page.getByTestId("impact-flags")).toHaveAttribute("data-worst", "input_rejected");
  await snapshot(page, testInfo, "impact-lot-shipment-1440");

  // A lot with a held ancestor: the banner and the header's badge.
  await page.goto(`/lots/${lots.int2}`);
  await expect(page.getByTestId("upstream-banner")).toContainText("1 of 2 input lots held or rejected");
  await expect(page.getByTestId("impact-flag")).toHaveText(["input lot held"]);
  // A held lot's own badge, and a rejected lot whose systems disagree.
  await page.goto(`/lots/${lots.raw[1]}`);
  await expect(page.getByTestId("impact-flag")).toHaveText(["held"]);
  await expect(page.getByTestId("upstream-banner")).toHaveCount(0);
  await page.goto(`/lots/${lots.raw[2]}`);
  await expect(page.getByTestId("impact-flag")).toHaveText(["rejected", "divergent"]);

  // Where lots are listed: the genealogy table shows each one's standing.
  await page.goto(`/lots/${lots.shipment}`);
  await page.getByLabel("Depth").selectOption("5");
  await page.getByRole("radio", { name: "Table" }).click();
  const row = page.getByTestId("genealogy-table").locator("tr", { hasText: lots.raw[2]! });
  await expect(row.getByTestId("lot-state")).toHaveAttribute("data-standing", "rejected");
  await expect(row.getByTestId("lot-state")).toHaveAttribute("data-divergent", "true");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/lots/${lots.shipment}`);
  await expect(page.getByTestId("upstream-banner")).toBeVisible();
  await fitsWidth(page, page.getByTestId("upstream-banner"));
  await fitsWidth(page, page.getByTestId("impact-flags"));
  await snapshot(page, testInfo, "impact-lot-shipment-390");
});

test("an order whose input lot was rejected later shows it in its header, never a green failed inspection", async ({ page }, testInfo) => {
  await page.goto(`/orders/${orders.po1}`);
  await expect(page.getByTestId("impact-flag")).toHaveText(["input lot rejected", "inspection failed"]);
  const consumed = page.getByTestId("order-consumed");
  await expect(consumed.locator(`[data-lot="${lots.raw[0]}"]`).getByTestId("lot-state")).toHaveAttribute("data-standing", "rejected");
  await expect(consumed.locator(`[data-lot="${lots.raw[3]}"]`).getByTestId("lot-state")).toHaveAttribute("data-standing", "released");
  const step = page.getByTestId("workflow-steps").locator('[data-state="done"]', { hasText: "Inspection failed" });
  await expect(step).toHaveAttribute("data-adverse", "true");
  await expect(step).not.toHaveText(/✓/);
  // Drawn apart from the steps that went well in the same workflow.
  const background = (l: Locator) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
  const success = step.locator("xpath=ancestor::ol").locator('[data-state="done"]:not([data-adverse])').first();
  await expect(success).toHaveText(/✓/);
  expect(await background(step)).not.toBe(await background(success));
  await expect(page.getByTestId("workflow-adverse")).toHaveText("inspection failed");
  // The timeline's status of that event: the bad news, not the delivery's "ok".
  await expect(page.getByTestId("order-events").locator("tr", { hasText: "Inspection failed" }).locator("td").nth(3)).toHaveText("inspection failed");
  await snapshot(page, testInfo, "impact-order-1440");
});

test("search filters narrow the hits, show more loads more, error text is searched", async ({ page }, testInfo) => {
  await page.goto(`/search?q=${prefix}`);
  const results = page.getByTestId("search-result");
  await expect(results).toHaveCount(25);
  const count = page.getByTestId("search-count");
  await expect(count).toContainText(/^25 of \d+ results for/);
  const total = Number((await count.innerText()).match(/of (\d+)/)![1]);
  expect(total).toBeGreaterThan(25);
  await page.getByTestId("search-more").click();
  await expect(results).toHaveCount(Math.min(total, 50));
  await expect(page).toHaveURL(/limit=50/);

  // A status chip: only held or rejected lots (and their suppliers' lot numbers), each with its badge.
  await page.getByRole("group", { name: "Status" }).getByRole("button", { name: "rejected" }).click();
  await expect(page).toHaveURL(/status=rejected/);
  await expect(page).not.toHaveURL(/limit=/);
  await expect(results).toHaveCount(4);
  for (const standing of await results.getByTestId("lot-state").evaluateAll((els) => els.map((e) => e.getAttribute("data-standing")))) expect(standing).toBe("rejected");
  await page.getByRole("navigation", { name: "Kind of id" }).getByRole("link", { name: "Lot", exact: true }).click();
  await expect(results).toHaveCount(2);
  await expect(page.getByTestId("search-results")).toContainText(lots.raw[2]!);
  await snapshot(page, testInfo, "impact-search-filtered-1440");

  // System and plant filters, and a time range from the shared picker, all in the URL.
  await page.goto(`/search?q=${prefix}&kind=lot`);
  await page.getByLabel("System").selectOption("QMS");
  await expect(page).toHaveURL(/system=QMS/);
  await expect(results).toHaveCount(4);
  await page.getByLabel("Plant").selectOption("P100");
  await expect(page).toHaveURL(/plant=P100/);
  await expect(results).toHaveCount(4);
  await page.getByTestId("time-range").getByRole("button", { name: "1h" }).click();
  await expect(page).toHaveURL(/range=1h/);
  await expect(results).toHaveCount(4);
  await page.getByTestId("time-range").getByRole("button", { name: "Any time" }).click();
  await expect(page).not.toHaveURL(/range=/);

  // Error text of failed events: words with spaces are looked for there.
  await page.goto(`/search?q=${encodeURIComponent(`${fixture.errorText} (${fixture.suffix})`)}`);
  await expect(page.getByTestId("search-scope").and(page.locator('[aria-current="page"]'))).toHaveText("Error text");
  await expect(results).toHaveCount(2);
  await expect(results.first()).toContainText(fixture.errorText);
  await expect(results.first().getByRole("link", { name: lots.fg })).toBeVisible();
  await page.goto(`/search?q=${encodeURIComponent(fixture.errorText)}&in=errors&status=dead_lettered&plant=P100`);
  await expect(page.getByTestId("search-results")).toContainText(`${prefix}msg-fail2`);
  await expect(results.filter({ hasText: `${prefix}msg-fail2` }).getByTestId("lot-state")).toHaveAttribute("data-standing", "rejected");
  await snapshot(page, testInfo, "impact-search-errors-1440");

  await page.goto(`/search?q=${prefix}`);
  await expect(results).toHaveCount(25);
  await snapshot(page, testInfo, "impact-search-1440");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/search?q=${prefix}&status=held,rejected`);
  await expect(results.first()).toBeVisible();
  await fitsWidth(page, page.getByTestId("search-results"));
  await fitsWidth(page, page.getByTestId("search-filters"));
  await snapshot(page, testInfo, "impact-search-390");
});
