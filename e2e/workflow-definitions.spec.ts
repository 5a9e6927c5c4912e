import { expect, test } from "@playwright/test";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

test("an admin edits a workflow's SLA target in the form, sees version 2 with its diff, and the change is audited", async ({ page }, testInfo) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Definitions" }).click();
  await expect(page.getByRole("heading", { name: "Workflow definitions" })).toBeVisible();
  // The eight defaults are there (other specs may have added workflows of their own).
  for (const key of ["receipt-to-inspection", "order-release-to-mes", "confirmation-to-inventory", "inspection-to-hold", "disposition-to-release", "order-to-shipment", "supplier-capa-sync", "downtime-to-planning"]) {
    await expect(page.getByTestId("workflow-definition").filter({ hasText: key })).toHaveCount(1);
  }
  const row = page.getByTestId("workflow-definition").filter({ hasText: "order-release-to-mes" });
  await expect(row).toContainText("v1");
  await expect(row).toContainText("2 min 00 s");
  await row.getByRole("link", { name: "Order release to MES" }).click();

  await expect(page.getByRole("heading", { name: "Order release to MES" })).toBeVisible();
  await expect(page.getByTestId("stage")).toHaveCount(3);
  const target = page.getByLabel("SLA target (min)");
  await expect(target).toHaveValue("2");

  // A target below one second: the API's 400 lands beside the field, nothing is saved.
  await target.fill("0.001");
  await page.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not saved" })).toBeVisible();
  await expect(page.getByLabel("Problems")).toContainText("sla.targetMs");

  await target.fill("5");
  await page.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as version 2" })).toBeVisible();
  const history = page.getByRole("list", { name: "Version history" });
  const v2 = history.getByTestId("definition-version").first();
  await expect(v2).toContainText("Version 2");
  await expect(v2).toContainText("current");
  await expect(v2).toContainText(E2E_ADMIN.email);
  await expect(v2.getByTestId("version-change")).toContainText(["sla › targetMs"]);
  await expect(v2.getByTestId("version-change").first()).toContainText("2 min 00 s");
  await expect(v2.getByTestId("version-change").first()).toContainText("5 min 00 s");
  await expect(history.getByTestId("definition-version")).toHaveCount(2);
  await snapshot(page, testInfo, "20-workflow-editor");

  // The audit trail, with before and after, as the API gives it to an admin.
  const answer = await page.request.get("/api/v1/workflows/order-release-to-mes");
  expect(answer.status()).toBe(200);
  const body = (await answer.json()) as {
    definition: { current: { version: number; spec: { sla: { targetMs: number } } } };
    audit: { action: string; actor: string; before: { version: number; spec: { sla: { targetMs: number } } }; after: { version: number; spec: { sla: { targetMs: number } } } }[];
  };
  expect(body.definition.current).toMatchObject({ version: 2, spec: { sla: { targetMs: 300_000 } } });
  expect(body.audit[0]).toMatchObject({ action: "workflow_definition.updated", actor: E2E_ADMIN.email, before: { version: 1, spec: { sla: { targetMs: 120_000 } } }, after: { version: 2, spec: { sla: { targetMs: 300_000 } } } });

  // The list shows the new version and who made it.
  await page.goto("/admin/workflows");
  await expect(row).toContainText("v2");
  await expect(row).toContainText("5 min 00 s");
  await expect(row).toContainText(E2E_ADMIN.email);
});
