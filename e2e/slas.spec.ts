import { expect, test } from "@playwright/test";
import { E2E_ADMIN, signIn, snapshot, userContext } from "./helpers";

// /slas and the worklist against the live simulator. The SLA evaluator job judges instances
// about every 15 s once it runs in the app, so the first verdicts can take a few cycles.
const VERDICTS_MS = 120_000;

test("an executive sees attainment, budgets and KPIs, and drills down to the late instances", async ({ page }, testInfo) => {
  test.setTimeout(VERDICTS_MS + 60_000);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "SLAs" }).click();
  await expect(page).toHaveURL(/\/slas/);
  await expect(page.getByRole("heading", { name: "SLAs" })).toBeVisible();
  await expect(page.getByTestId("kpi-strip").locator("a")).toHaveCount(5);

  // The time range lives in the URL.
  await page.getByTestId("time-range").getByRole("button", { name: "24h" }).click();
  await expect(page).toHaveURL(/range=24h/);

  // Heatmap cells appear once the evaluator has decided outcomes (the page polls).
  const cell = page.getByTestId("heatmap-cell").first();
  await expect(cell).toBeVisible({ timeout: VERDICTS_MS });
  await expect(page.getByTestId("heatmap-legend")).toContainText("Budget exhausted");
  await expect(page.getByTestId("budget-row").first()).toBeVisible();
  await expect(page.getByTestId("sla-trend").locator("svg").first()).toBeVisible();
  await snapshot(page, testInfo, "10-slas");

  // CSV export of the heatmap.
  const csv = await page.request.get("/api/v1/slas/summary?range=24h&format=csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).split("\r\n")[0]).toBe("from_day,to_day,workflow,plant,objective,decided,met,attainment,budget_left,health");

  // A cell opens the worklist filtered to its breached instances; each opens its trace.
  const workflow = await cell.locator("xpath=ancestor::tr").getAttribute("data-workflow");
  await cell.click();
  await expect(page).toHaveURL(new RegExp(`/worklist\\?.*workflow=${workflow}`));
  await expect(page).toHaveURL(/sla_state=breached/);
  const row = page.getByTestId("instance-row").first();
  const none = page.getByText("Nothing matches these filters");
  await expect(row.or(none)).toBeVisible();
  if (await row.isVisible()) {
    await expect(row).toHaveAttribute("data-sla-state", "breached");
    await row.locator("a").first().click();
    await expect(page).toHaveURL(/\/trace\//);
    await expect(page.getByTestId("workflow-steps")).toHaveAttribute("data-sla-state", "breached");
  }
  // Otherwise the cell's breaches were decided in the range but triggered before it (the worklist filters on trigger time).
});

test("a plant manager's worklist: late and blocked instances of their plant, held and disputed lots", async ({ page, browser }, testInfo) => {
  test.setTimeout(VERDICTS_MS + 60_000);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const { context, page: pm } = await userContext(browser, page.request, "plant_manager", ["P100"]);

  await pm.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Worklist" }).click();
  await expect(pm).toHaveURL(/\/worklist/);
  await expect(pm.getByText("plants P100")).toBeVisible();
  await expect(pm.getByTestId("instance-row").first()).toBeVisible({ timeout: VERDICTS_MS });
  const states = await pm.getByTestId("instance-row").evaluateAll((rows) => rows.map((r) => `${r.getAttribute("data-sla-state")}/${r.getAttribute("data-status")}`));
  for (const s of states) expect(s).toMatch(/^(breached|at_risk)\/(open|failed|recovered)$|\/failed$/);
  const api = await pm.request.get("/api/v1/instances?range=24h&limit=200");
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { items: { plant: string }[] };
  expect(body.items.length).toBeGreaterThan(0);
  expect(new Set(body.items.map((i) => i.plant))).toEqual(new Set(["P100"]));
  await snapshot(pm, testInfo, "11-worklist");

  // Filters are URL parameters; sorting is a header click.
  await pm.getByRole("group", { name: "SLA state" }).getByRole("button", { name: "breached" }).click();
  await expect(pm).toHaveURL(/sla_state=breached/);
  await pm.getByRole("button", { name: "Over by" }).click();
  await expect(pm.getByRole("columnheader", { name: "Over by" })).toHaveAttribute("aria-sort", /ascending|descending/);

  // Held lots come from the lot status tables, judged live.
  await pm.getByRole("link", { name: "Held lots" }).click();
  await expect(pm).toHaveURL(/tab=lots/);
  await expect(pm.getByTestId("lot-exception-row").first()).toBeVisible();
  await snapshot(pm, testInfo, "12-held-lots");
  const lot = pm.getByTestId("lot-exception-row").first().locator("a").first();
  const lotId = await lot.textContent();
  await lot.click();
  await expect(pm).toHaveURL(new RegExp(`/lots/${lotId}`));
  await context.close();
});

test("viewers get 403 from the SLA views and APIs, and no nav links to them", async ({ page, browser }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const { context, page: viewer } = await userContext(browser, page.request, "viewer");
  await expect(viewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "SLAs" })).toHaveCount(0);
  for (const path of ["/api/v1/slas/summary", "/api/v1/slas/daily", "/api/v1/instances", "/api/v1/lot-exceptions"]) expect((await viewer.request.get(path)).status(), path).toBe(403);
  await viewer.goto("/slas");
  await expect(viewer.getByRole("alert").filter({ hasText: "403" })).toContainText("SLA views");
  await context.close();
});
