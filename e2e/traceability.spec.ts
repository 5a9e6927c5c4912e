import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

interface Hit {
  kind: string;
  id: string;
}
interface Genealogy {
  nodes: { lotId: string; depth: number; kind: string }[];
}

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

/** A raw-material lot that went into something that was shipped: its forward genealogy is deep. */
async function findRawLot(request: APIRequestContext): Promise<string> {
  await expect
    .poll(async () => (await json<{ results: Hit[] }>(request, "/api/v1/search?q=SHP-")).results.filter((r) => r.kind === "shipment").length, { timeout: 60_000 })
    .toBeGreaterThan(0);
  for (const shipment of (await json<{ results: Hit[] }>(request, "/api/v1/search?q=SHP-")).results.filter((r) => r.kind === "shipment")) {
    const backward = await json<Genealogy>(request, `/api/v1/lots/${shipment.id}/genealogy?direction=backward&depth=25`);
    const raw = backward.nodes.filter((n) => n.kind === "supplier_lot" && n.depth >= 3).sort((a, b) => b.depth - a.depth)[0];
    if (raw) return raw.lotId;
  }
  throw new Error("no shipment with a raw-material lot three levels back");
}

test("search → lot → expand genealogy → open a descendant → its trace; CSV export", async ({ page }, testInfo) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const rawLot = await findRawLot(page.request);

  // A prefix lists ids of several kinds; a kind chip narrows the list, with its own URL.
  await page.goto(`/search?q=${encodeURIComponent(rawLot.slice(0, 3))}`);
  await page.getByRole("navigation", { name: "Kind of id" }).getByRole("link", { name: "Lot", exact: true }).click();
  await expect(page).toHaveURL(/kind=lot/);
  await expect(page.getByTestId("search-result").first()).toBeVisible();
  for (const text of await page.getByTestId("search-result").allInnerTexts()) expect(text).toMatch(/^Lot\b/);
  await snapshot(page, testInfo, "16-search-by-kind");

  // One search box finds the lot; Enter on the single hit opens its page.
  const search = page.getByRole("combobox", { name: /Search lots/ });
  await search.fill(rawLot);
  await expect(page.getByTestId("search-suggestions")).toContainText(rawLot);
  await search.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/lots/${rawLot}$`));
  await expect(page.getByTestId("lot-heading")).toHaveText(rawLot);
  // What kind of lot it is heads the page: received from a supplier.
  await expect(page.getByTestId("lot-heading").locator("xpath=preceding-sibling::p[1]")).toHaveText("Supplier lot");
  await expect(page.getByTestId("system-status").filter({ hasText: "ERP" })).toBeVisible();
  await expect(page.getByTestId("genealogy-node").first()).toBeVisible();
  await snapshot(page, testInfo, "07-lot");

  // Where used, one level: the lots it went into can be expanded further.
  await page.getByRole("radio", { name: /Where used/ }).click();
  await page.getByLabel("Depth").selectOption("1");
  const nodes = page.getByTestId("genealogy-node");
  await expect(nodes.first()).toBeVisible();
  const before = await nodes.count();
  expect(before).toBeGreaterThan(1);
  await expect(page.getByTestId("genealogy-summary")).toContainText(/descendant lots? within 1 level\b/);
  const child = nodes.filter({ hasText: "+" }).first();
  const childId = await child.getAttribute("data-lot");
  await child.click();
  await expect(page.getByTestId("genealogy-selection")).toContainText(childId!);
  await page.getByTestId("genealogy-expand").click();
  await expect.poll(() => nodes.count()).toBeGreaterThan(before);
  // The summary names the depth the expansion reached, not the depth picked.
  await expect(page.getByTestId("genealogy-summary")).toContainText(/within [23] levels/);
  await snapshot(page, testInfo, "08-genealogy-expanded");

  // Open a descendant two levels down from the expanded lot.
  const descendants = (await nodes.evaluateAll((els) => els.map((e) => e.getAttribute("data-lot")))).filter((id): id is string => id !== null && id !== rawLot && id !== childId);
  expect(descendants.length).toBeGreaterThan(0);
  const descendant = descendants[0]!;
  await page.locator(`[data-testid="genealogy-node"][data-lot="${descendant}"]`).click();
  await page.getByTestId("genealogy-open").click();
  await expect(page).toHaveURL(new RegExp(`/lots/${descendant}$`));
  await expect(page.getByTestId("lot-heading")).toHaveText(descendant);
  // Something made from the raw lot is ours: never headed as a supplier's lot.
  await expect(page.getByTestId("lot-heading").locator("xpath=preceding-sibling::p[1]")).toHaveText(/^(Produced lot|Shipment)$/);
  await snapshot(page, testInfo, "09-descendant");

  // The table form of the genealogy exports as CSV.
  await page.getByRole("radio", { name: "Table" }).click();
  await expect(page.getByTestId("genealogy-table")).toContainText(descendant);
  // Every column sorts, the link column too.
  const wentInto = page.getByRole("columnheader", { name: /Went into/ });
  await wentInto.getByRole("button").click();
  await expect(wentInto).toHaveAttribute("aria-sort", "ascending");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`genealogy-backward-${descendant}.csv`);
  const csv = readFileSync((await download.path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("depth,lotId,kind,item,plant,status,held,linkedTo,operation,orderId,quantity,uom,time,supplier,supplierLot,customer");
  expect(lines[1]).toMatch(new RegExp(`^0,${descendant},`));
  expect(lines.length).toBeGreaterThan(2);

  // Its trace: a workflow instance that carried the descendant.
  const traceLink = page.getByTestId("lot-trace-link").first();
  const correlationId = (await traceLink.innerText()).trim();
  await traceLink.click();
  await expect(page).toHaveURL(new RegExp(`/trace/${correlationId}$`));
  await expect(page.getByTestId("trace-heading")).toHaveText(correlationId);
  await expect(page.getByTestId("trace-lot-link").filter({ hasText: descendant })).toBeVisible();
  await snapshot(page, testInfo, "10-descendant-trace");

  // The order that produced a lot shows its workflows, steps and lots.
  const orderLink = page.getByTestId("trace-order-link").first();
  if (await orderLink.count()) {
    await orderLink.click();
    await expect(page.getByTestId("order-heading")).toBeVisible();
    await expect(page.getByTestId("workflow-steps").first()).toBeVisible();
    // A completed order states how long it took; only a running one counts on.
    const orderId = (await page.getByTestId("order-heading").innerText()).trim();
    const order = await json<{ completedAt: string | null }>(page.request, `/api/v1/orders/${encodeURIComponent(orderId)}`);
    await expect(page.getByText(order.completedAt ? "Release to completion" : "Since release", { exact: true })).toBeVisible();
    await snapshot(page, testInfo, "11-order");
  }
});

test("API answers 404 for unknown ids and 400 for malformed ones, as problem+json", async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const unknown = await page.request.get("/api/v1/lots/L-NO-SUCH-LOT");
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()["content-type"]).toContain("application/problem+json");
  const malformed = await page.request.get(`/api/v1/orders/${encodeURIComponent("bad id")}`);
  expect(malformed.status()).toBe(400);
  const depth = await page.request.get("/api/v1/lots/L-X/genealogy?depth=999");
  expect(depth.status()).toBe(400);
  expect(((await depth.json()) as { detail: string }).detail).toMatch(/depth/);
  // Nothing a user can type answers 500.
  const odd = [
    "/api/v1/lots/L-X/genealogy?direction=sideways",
    `/api/v1/lots/${encodeURIComponent("L-\u0000")}`,
    `/api/v1/traces/${encodeURIComponent("corr-ü")}`,
    `/api/v1/search?q=${encodeURIComponent("ä")}`,
    `/api/v1/search?q=${encodeURIComponent("x".repeat(300))}`,
    `/api/v1/lots/${"L".repeat(201)}`,
    "/api/v1/search?q=L-P&kind=lot,pallet",
  ];
  for (const url of odd) expect((await page.request.get(url)).status(), url).toBe(400);
  for (const url of ["/api/v1/search?q=%25%25", "/api/v1/search?q=_'", "/api/v1/orders/PO-%27%3B%20--", "/api/v1/lots/%5C%27/genealogy"]) {
    expect([200, 400, 404], url).toContain((await page.request.get(url)).status());
  }
});

test("a plant manager sees lots and orders of their plants and a 403 page for the others", async ({ browser, page }, testInfo) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const manager = { email: `pm-${Date.now()}@lotline.local`, password: "plant-manager-pw-1" };
  expect((await page.request.post("/api/v1/admin/users", { data: { ...manager, role: "plant_manager", plants: ["P100"] } })).status()).toBe(201);
  const lotAt = async (plant: string) => {
    const hits = (await json<{ results: (Hit & { plant: string })[] }>(page.request, `/api/v1/search?q=L-${plant}-`)).results;
    return hits.find((h) => h.kind === "lot" || h.kind === "supplier_lot")!.id;
  };
  const own = await lotAt("P100");
  const other = await lotAt("P200");

  const context = await browser.newContext();
  const pm = await context.newPage();
  await signIn(pm, manager.email, manager.password);
  await pm.goto(`/lots/${other}`);
  await expect(pm.getByRole("heading", { name: "You cannot see this lot" })).toBeVisible();
  await snapshot(pm, testInfo, "12-lot-forbidden");
  expect((await pm.request.get(`/api/v1/lots/${other}`)).status()).toBe(403);
  expect((await pm.request.get(`/api/v1/lots/${other}/genealogy`)).status()).toBe(403);
  expect((await json<{ results: Hit[] }>(pm.request, `/api/v1/search?q=${other}`)).results).toEqual([]);
  // The pages answer as the API does: 403 for another plant's object, 404 for an unknown id.
  const otherEvents = (await json<{ events: { correlationId: string; plant: string }[] }>(page.request, `/api/v1/lots/${other}/timeline`)).events;
  const otherTrace = otherEvents.find((e) => e.plant === "P200" && e.correlationId !== "" && !otherEvents.some((x) => x.correlationId === e.correlationId && x.plant === "P100"))!.correlationId;
  const otherOrder = (await json<{ results: Hit[] }>(page.request, "/api/v1/search?q=PO-P200-&kind=order")).results[0]!.id;
  for (const url of [`/lots/${other}`, `/lots/${other}/evidence`, `/orders/${otherOrder}`, `/trace/${otherTrace}`]) {
    const res = await pm.request.get(url);
    expect(res.status(), url).toBe(403);
    expect(await res.text(), url).toContain("You cannot see this");
  }
  for (const url of ["/lots/L-NO-SUCH-LOT", "/lots/L-NO-SUCH-LOT/evidence", "/orders/PO-NO-SUCH-ORDER", "/trace/corr-no-such-trace"]) {
    expect((await pm.request.get(url)).status(), url).toBe(404);
  }
  await pm.goto(`/lots/${own}`);
  await expect(pm.getByTestId("lot-heading")).toHaveText(own);
  await context.close();
});
