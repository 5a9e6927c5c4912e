import { expect, type APIRequestContext, type Browser, type Page, type TestInfo } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";

export const E2E_ADMIN = { email: "admin@lotline.local", password: "e2e-admin-password" };

export const ARTIFACTS = path.join("e2e", "artifacts");

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** A new user with this role (created through the admin's API), signed in in a browser context of its own. */
export async function userContext(browser: Browser, adminRequest: APIRequestContext, role: string, plants: string[] = []) {
  const user = { email: `${role}-${Date.now()}@lotline.local`, password: `${role}-password-1` };
  const created = await adminRequest.post("/api/v1/admin/users", { data: { ...user, role, plants } });
  expect(created.status(), await created.text()).toBe(201);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  return { context, page };
}

/** Saves a full-page screenshot (or, for a dialog over the page, what the viewport shows) under e2e/artifacts and attaches it to the report. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string, { fullPage = true }: { fullPage?: boolean } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}
