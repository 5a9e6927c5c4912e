import { expect, test, type Page } from "@playwright/test";
import { FAILURE_COLOR } from "../lib/ui/system-colors";
import { E2E_ADMIN, signIn, snapshot, userContext } from "./helpers";

// The overview against the live simulator: the chart's tooltip, legend and failure line, the
// filters in the URL, and who sees the ingest pipeline's own health.

/** The chart once it has drawn its areas; the simulator's backfill fills the window at start. */
async function chart(page: Page) {
  const svg = page.getByTestId("events-chart").locator("svg.recharts-surface").first();
  await expect(svg).toBeVisible();
  await expect(page.getByTestId("events-chart").locator(".recharts-area").first()).toBeVisible();
  return svg;
}

/** Hovers a minute well inside the window (hover scrolls the chart into view first). */
async function hoverMiddle(page: Page) {
  const svg = await chart(page);
  await svg.scrollIntoViewIfNeeded();
  const box = (await svg.boundingBox())!;
  await svg.hover({ position: { x: box.width * 0.6, y: box.height * 0.5 } });
}

test("an admin reads a minute in the tooltip, sees failures plotted, toggles series, and keeps filters in the URL", async ({ page }, testInfo) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/");
  await chart(page);
  // The pipeline strip is for those who run the pipeline.
  await expect(page.getByTestId("pipeline-strip")).toContainText("Ingest errors, last hour");
  await expect(page.getByTestId("pipeline-strip")).toContainText("refused at the door");
  await expect(page.getByTestId("kpi-failures").locator("..")).toContainText("integration messages that failed or were dead-lettered");

  // Failures are a series of their own: a red line on the chart's time axis, counted in the legend.
  const failuresLegend = page.locator("[data-testid=chart-legend-item][data-series=failures]");
  await expect(failuresLegend).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => Number((await failuresLegend.textContent())!.replace(/\D/g, "")), { timeout: 90_000, intervals: [2_500] }).toBeGreaterThan(0);
  const line = page.getByTestId("events-chart").locator(".recharts-line path.recharts-line-curve");
  await expect(line).toHaveAttribute("stroke", FAILURE_COLOR);
  expect((await line.getAttribute("d"))?.length ?? 0).toBeGreaterThan(20);

  // Hovering a minute shows its counts per system and its failures.
  await hoverMiddle(page);
  const tooltip = page.getByTestId("chart-tooltip");
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText("UTC");
  await expect(tooltip).toContainText("MIDDLEWARE");
  await expect(tooltip.getByTestId("chart-tooltip-failures")).toBeVisible();
  await snapshot(page, testInfo, "overview-1440", { fullPage: false });
  await page.mouse.move(0, 0);
  await snapshot(page, testInfo, "overview-1440-full");

  // The legend hides and shows a system's band, and the failure line.
  const areas = page.getByTestId("events-chart").locator(".recharts-area");
  const bands = await areas.count();
  const middleware = page.locator("[data-testid=chart-legend-item][data-series=MIDDLEWARE]");
  await middleware.click();
  await expect(middleware).toHaveAttribute("aria-pressed", "false");
  await expect(areas).toHaveCount(bands - 1);
  await middleware.click();
  await expect(areas).toHaveCount(bands);
  await failuresLegend.click();
  await expect(line).toHaveCount(0);
  await failuresLegend.click();
  await expect(line).toHaveCount(1);

  // Plant, system and time range go into the URL, and a reload shows the same view.
  await page.getByRole("combobox", { name: "Plant" }).selectOption("P100");
  await expect(page).toHaveURL(/plant=P100/);
  await expect(page.getByTestId("plant-row")).toHaveCount(1);
  await page.getByRole("combobox", { name: "System" }).selectOption("MIDDLEWARE");
  await expect(page).toHaveURL(/system=MIDDLEWARE/);
  await page.getByTestId("time-range").getByRole("button", { name: "6h" }).click();
  await expect(page).toHaveURL(/range=6h/);
  await expect(page).toHaveURL(/plant=P100/);
  await expect(page).toHaveURL(/system=MIDDLEWARE/);
  await expect(page.getByText("Integration traffic for plant P100, reported by MIDDLEWARE, last 6 h")).toBeVisible();
  await expect(page.getByTestId("events-chart").locator(".recharts-area")).toHaveCount(1);

  await page.reload();
  await chart(page);
  await expect(page.getByRole("combobox", { name: "Plant" })).toHaveValue("P100");
  await expect(page.getByRole("combobox", { name: "System" })).toHaveValue("MIDDLEWARE");
  await expect(page.getByTestId("time-range").getByRole("button", { name: "6h" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("events-chart").locator(".recharts-area")).toHaveCount(1);
  await expect(page.getByTestId("plant-row")).toHaveCount(1);
  await expect(page.getByTestId("plant-row")).toContainText("P100");
  // The live polls ask for the same filters: after a few refreshes the view is still narrowed.
  const poll = page.waitForResponse((r) => r.url().includes("/api/v1/overview?") && r.url().includes("plant=P100") && r.url().includes("system=MIDDLEWARE") && r.url().includes("range=6h"));
  expect((await poll).status()).toBe(200);
  await expect(page.getByTestId("plant-row")).toHaveCount(1);

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/plant=|system=/);
  await expect(page).toHaveURL(/range=6h/);
});

test("the overview at phone width: the chart, its legend and tooltip fit", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/");
  const svg = await chart(page);
  const box = (await svg.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await hoverMiddle(page);
  await expect(page.getByTestId("chart-tooltip")).toBeVisible();
  const tip = (await page.getByTestId("chart-tooltip").boundingBox())!;
  expect(tip.x + tip.width).toBeLessThanOrEqual(390);
  await page.getByTestId("events-chart").scrollIntoViewIfNeeded();
  await snapshot(page, testInfo, "overview-390-chart", { fullPage: false });
  await page.mouse.move(0, 0);
  // No horizontal page scroll: wide tables scroll inside their panel.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snapshot(page, testInfo, "overview-390");
});

test("plant managers and executives see their plants' traffic, not the ingest pipeline", async ({ page, browser }, testInfo) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  for (const role of ["plant_manager", "executive"] as const) {
    const { context, page: user } = await userContext(browser, page.request, role, role === "plant_manager" ? ["P100"] : []);
    await user.goto("/");
    await chart(user);
    await expect(user.getByTestId("kpi-events")).toBeVisible();
    await expect(user.getByTestId("pipeline-strip")).toHaveCount(0);
    await expect(user.getByRole("region", { name: "Ingest pipeline" })).toHaveCount(0);
    // Not only hidden: the API does not send the pipeline's state to these roles.
    const body = (await (await user.request.get("/api/v1/overview?range=1h")).json()) as { pipeline: unknown; facets: { plants: string[] } };
    expect(body.pipeline).toBeNull();
    if (role === "plant_manager") {
      expect(body.facets.plants).toEqual(["P100"]);
      await expect(user.getByRole("combobox", { name: "Plant" }).locator("option")).toHaveText(["All plants", "P100"]);
      await snapshot(user, testInfo, "overview-plant-manager-1440", { fullPage: false });
    }
    await context.close();
  }
  // An admin's API answer carries it.
  const admin = (await (await page.request.get("/api/v1/overview?range=1h")).json()) as { pipeline: { eventsPerSecond: number } | null };
  expect(admin.pipeline).not.toBeNull();
});
