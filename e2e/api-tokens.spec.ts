import { expect, test } from "@playwright/test";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

test("an admin creates an API token in the UI; it works without a cookie until it is revoked there", async ({ page, playwright, baseURL }, testInfo) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole("link", { name: /^API tokens/ }).click();
  await expect(page).toHaveURL(/\/admin\/tokens/);
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();

  const name = `e2e-${Date.now()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("combobox", { name: "Role" }).selectOption("plant_manager");
  await page.getByLabel("Plants", { exact: true }).fill("P100, P200");
  await page.getByLabel("Expires in days").fill("7");
  await page.getByRole("button", { name: "Create token" }).click();

  const notice = page.getByTestId("new-token");
  await expect(notice).toContainText("will not be shown again");
  const token = await notice.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^llt_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("api-token").filter({ hasText: name });
  await expect(row).toContainText("active");
  await expect(row).toContainText("P100, P200");
  await expect(row).toContainText(`${token.slice(0, 8)}…`);
  await snapshot(page, testInfo, "15-api-tokens");

  // A fresh request context: no session cookie, only the bearer token.
  const api = await playwright.request.newContext({ baseURL });
  const overview = () => api.get("/api/v1/overview", { headers: { authorization: `Bearer ${token}` } });
  expect((await api.get("/api/v1/overview")).status()).toBe(401);
  const allowed = await overview();
  expect(allowed.status()).toBe(200);
  const plants = ((await allowed.json()) as { byPlant: { plant: string }[] }).byPlant.map((p) => p.plant);
  expect(plants.every((p) => p === "P100" || p === "P200"), plants.join(",")).toBe(true);
  // The token's role is plant_manager: no token administration.
  expect((await api.get("/api/v1/admin/tokens", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(403);

  // Shown once: gone after "Done" and after a reload.
  await notice.getByRole("button", { name: "Done" }).click();
  await expect(notice).toBeHidden();
  await page.reload();
  await expect(row).toContainText("active");
  expect(await page.content()).not.toContain(token);

  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Confirm revoke" }).click();
  await expect(row).toContainText("revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  const refused = await overview();
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
  await api.dispose();
});
