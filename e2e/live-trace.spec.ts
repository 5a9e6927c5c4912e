import { expect, test } from "@playwright/test";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

test("sign in, watch live counts rise, search a correlation id and open its timeline", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await snapshot(page, testInfo, "01-login");

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/$/);

  const kpi = page.getByTestId("kpi-events");
  await expect(kpi).toBeVisible();
  const count = async () => Number((await kpi.innerText()).replace(/[^0-9]/g, ""));
  const first = await count();
  // The overview polls the API: with the simulator running, the count must rise without a reload.
  await expect.poll(count, { timeout: 45_000, intervals: [1_000] }).toBeGreaterThan(first);
  await snapshot(page, testInfo, "02-overview");

  // An admin's overview leads to the exception inbox; its groups name the failed messages' traces.
  const failedTraces = async () => {
    const list = (await (await page.request.get("/api/v1/exceptions?kind=integration&state=all&limit=20")).json()) as { items: { id: string }[] };
    const ids: string[] = [];
    for (const g of list.items) {
      const detail = (await (await page.request.get(`/api/v1/exceptions/groups/${g.id}?limit=20`)).json()) as { occurrences: { items: { correlationId: string }[] } };
      ids.push(...detail.occurrences.items.map((o) => o.correlationId));
    }
    return ids;
  };
  let failed: string[] = [];
  await expect.poll(async () => (failed = await failedTraces()).length, { timeout: 60_000, intervals: [2_000] }).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByTestId("top-exceptions")).toBeVisible();
  // Some workflows (downtime-to-planning) carry no lot or order; the walk below needs one that does.
  const carriesKey = async (id: string) => {
    const trace = (await (await page.request.get(`/api/v1/traces/${id}`)).json()) as { summary: { lots: string[]; orders: string[] } };
    return trace.summary.lots.length + trace.summary.orders.length > 0;
  };
  let correlationId = "";
  for (const id of failed) {
    if (await carriesKey(id)) {
      correlationId = id;
      break;
    }
  }
  expect(correlationId, "a recent failure on a trace that carries a lot or an order").toMatch(/^corr-/);

  const search = page.getByRole("combobox", { name: /Search lots/ });
  // A prefix every correlation id shares lists many hits; a single hit would open directly.
  await search.fill(correlationId.slice(0, 5));
  await search.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByTestId("search-result").first()).toBeVisible();
  await snapshot(page, testInfo, "03-search");

  await search.fill(correlationId);
  await search.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/trace/${correlationId}$`));
  await expect(page.getByTestId("trace-heading")).toContainText(correlationId);
  const rows = page.getByTestId("trace-event");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(2);
  await expect(page.getByText(/failed|dead.lettered/i).first()).toBeVisible();
  await snapshot(page, testInfo, "04-trace");

  // A payload opens as pretty JSON for a role that may read payloads.
  await rows.first().click();
  await expect(page.locator("pre").first()).toContainText('"');

  // A lot or order the trace touched opens its page, which leads back to this trace.
  const keyLink = page.getByTestId("trace-lot-link").or(page.getByTestId("trace-order-link")).first();
  await expect(keyLink).toBeVisible();
  const keyId = (await keyLink.innerText()).trim();
  await keyLink.click();
  await expect(page).toHaveURL(new RegExp(`/(lots|orders)/${keyId}$`));
  await expect(page.getByTestId("lot-heading").or(page.getByTestId("order-heading"))).toHaveText(keyId);
  await expect(page.getByRole("link", { name: correlationId }).first()).toBeVisible();
  await snapshot(page, testInfo, "05-key-page");

  // "/" jumps to the search box from anywhere on the page.
  await page.locator("body").press("/");
  await expect(search).toBeFocused();
});
