import { expect, test } from "@playwright/test";
import { E2E_ADMIN, signIn } from "./helpers";

test("APIs refuse anonymous callers and enforce roles on the server", async ({ browser, request }) => {
  const anonymous = await request.get("/api/v1/overview");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["content-type"]).toContain("application/problem+json");
  expect((await request.get("/api/v1/admin/users")).status()).toBe(401);
  expect((await request.get("/api/health")).status()).toBe(200);
  expect((await request.get("/api/metrics")).status()).toBe(401);

  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, E2E_ADMIN.email, E2E_ADMIN.password);
  const viewer = { email: `viewer-${Date.now()}@lotline.local`, password: "viewer-password-1" };
  const created = await adminContext.request.post("/api/v1/admin/users", { data: { ...viewer, role: "viewer" } });
  expect(created.status()).toBe(201);
  expect((await adminContext.request.get("/api/v1/admin/users")).status()).toBe(200);
  const scraped = await adminContext.request.get("/api/metrics");
  expect(scraped.status()).toBe(200);
  expect(await scraped.text()).toContain("lotline_ingest_events_received_total");

  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await signIn(viewerPage, viewer.email, viewer.password);
  const forbidden = await viewerContext.request.get("/api/v1/admin/users");
  expect(forbidden.status()).toBe(403);
  expect(((await forbidden.json()) as { detail: string }).detail).toContain("users:read");
  expect((await viewerContext.request.get("/api/metrics")).status()).toBe(403);
  expect((await viewerContext.request.post("/api/v1/admin/users", { data: { ...viewer, email: "x@y.z", role: "admin" } })).status()).toBe(403);
  expect((await viewerContext.request.get("/api/v1/overview")).status()).toBe(200);

  const wrong = await browser.newContext();
  const wrongPage = await wrong.newPage();
  await wrongPage.goto("/login");
  await wrongPage.getByLabel("Email").fill(viewer.email);
  await wrongPage.getByLabel("Password").fill("not-the-password");
  await wrongPage.getByRole("button", { name: "Sign in" }).click();
  await expect(wrongPage.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();

  await Promise.all([adminContext.close(), viewerContext.close(), wrong.close()]);
});
