import { expect, test } from "@playwright/test";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

test("an admin creates an alert rule (a bad webhook URL is refused inline), edits it, and silences then expires a plant", async ({ page }, testInfo) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Definitions" }).click();
  await page.getByRole("navigation", { name: "Definitions" }).getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
  await expect(page.getByText("No alert rules yet")).toBeVisible();
  await expect(page.getByText("Nothing sent yet")).toBeVisible();

  await page.getByRole("button", { name: "New rule" }).click();
  const form = page.getByRole("form", { name: "New alert rule" });
  await form.getByLabel("Name").fill("Holds at P100");
  await form.getByLabel("Plant").fill("P100");
  await form.getByLabel("Webhook 1 URL").fill("ftp://files.example/hook");
  await form.getByRole("button", { name: "Create rule" }).click();
  await expect(form.getByRole("alert").filter({ hasText: "Not saved: 1 problem" })).toBeVisible();
  await expect(form.getByText("must be an http:// or https:// URL", { exact: true })).toBeVisible();

  await form.getByLabel("Webhook 1 URL").fill("https://hooks.slack.com/services/T000/B000/e2e");
  await form.getByLabel("Webhook 1 format").selectOption("slack");
  await form.getByLabel("Repeat interval (minutes)").fill("30");
  await form.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByRole("status").filter({ hasText: 'Created "Holds at P100"' })).toBeVisible();
  const row = page.getByTestId("alert-rule").filter({ hasText: "Holds at P100" });
  await expect(row).toContainText("P100");
  await expect(row).toContainText("slack");
  await expect(row).toContainText("30 min 00 s");

  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit rule Holds at P100" });
  await edit.getByLabel("Minimum severity").selectOption("critical");
  await edit.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByRole("status").filter({ hasText: 'Saved "Holds at P100"' })).toBeVisible();
  await expect(page.getByTestId("alert-rule").filter({ hasText: "Holds at P100" })).toContainText("critical only");

  const silence = page.getByRole("form", { name: "New silence" });
  await silence.getByRole("button", { name: "Silence" }).click();
  await expect(silence.getByRole("alert").filter({ hasText: "at least one matcher" }).first()).toBeVisible();
  await silence.getByLabel("Plant", { exact: true }).fill("P100");
  await silence.getByLabel("Comment").fill("ERP maintenance");
  await silence.getByRole("button", { name: "Silence" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Silenced until" })).toBeVisible();
  const silenceRow = page.getByTestId("alert-silence").first();
  await expect(silenceRow).toContainText("plant=P100");
  await expect(silenceRow).toContainText("active");
  await snapshot(page, testInfo, "40-alerts-admin");
  await silenceRow.getByRole("button", { name: "Expire" }).click();
  await expect(page.getByTestId("alert-silence").first()).toContainText("expired");

  // Both changes are in the audit log with before and after.
  const rules = (await (await page.request.get("/api/v1/alerts/rules")).json()) as { rules: { id: string; minSeverity: string }[] };
  expect(rules.rules).toEqual([expect.objectContaining({ minSeverity: "critical" })]);
});

test("only admins reach /admin/alerts: an executive gets a 403 page and cannot write over the API", async ({ browser }) => {
  const adminContext = await browser.newContext();
  await signIn(await adminContext.newPage(), E2E_ADMIN.email, E2E_ADMIN.password);
  const executive = { email: `exec-${Date.now()}@lotline.local`, password: "executive-password-1" };
  expect((await adminContext.request.post("/api/v1/admin/users", { data: { ...executive, role: "executive" } })).status()).toBe(201);

  const execContext = await browser.newContext();
  const page = await execContext.newPage();
  await signIn(page, executive.email, executive.password);
  const answer = await page.goto("/admin/alerts");
  expect(answer?.status()).toBe(403);
  expect((await execContext.request.get("/api/v1/alerts/rules")).status()).toBe(200);
  const refused = await execContext.request.post("/api/v1/alerts/rules", { data: { name: "x", webhooks: [{ url: "https://hooks.example/x" }] } });
  expect(refused.status()).toBe(403);
  await Promise.all([adminContext.close(), execContext.close()]);
});
