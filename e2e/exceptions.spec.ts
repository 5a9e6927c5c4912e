import { expect, test } from "@playwright/test";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

// Triage in the browser against the simulator's real failures: the exceptions job groups them
// within a few seconds of the first failed delivery.
test("triage exceptions: filter, select, acknowledge, assign, comment, resolve, deep link", async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("link", { name: "Exceptions" })).toBeVisible();

  await expect(async () => {
    // The largest group first: a small one can be auto-resolved by a successful retry between reading it and acting on it.
    await page.goto("/exceptions?kind=integration&sort=count");
    await expect(page.getByTestId("exception-row").first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByLabel("Kind")).toHaveValue("integration");
  await snapshot(page, testInfo, "exceptions-inbox-1440");

  // Keyboard: j moves, x selects, then the bulk bar acknowledges the selection.
  // The row under the cursor, read before selecting: the ranking can move rows as the job refreshes impact.
  const groupId = await page.getByTestId("exception-row").first().getAttribute("data-group");
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("x");
  await expect(page.getByTestId("bulk-actions")).toContainText("1 selected");
  await page.getByTestId("bulk-actions").getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByRole("status")).toContainText("1 of 1 acknowledged");
  await expect(page.locator(`[data-group="${groupId}"]`).getByTestId("state-chip")).toHaveText("acknowledged");

  await page.locator(`[data-group="${groupId}"]`).getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/exceptions/${groupId}$`));
  await expect(page.getByTestId("occurrence-row").first()).toBeVisible();
  await expect(page.getByTestId("impact")).toContainText(/lots\d/);

  await page.getByLabel("Team").fill("erp-basis");
  await page.getByRole("button", { name: "Assign team" }).click();
  await expect(page.getByText("assigned to team erp-basis")).toBeVisible();

  await page.getByLabel("Comment").fill("Raised the ERP quota; watching the retries");
  await page.getByRole("button", { name: "Comment" }).click();
  await expect(page.getByTestId("comments")).toContainText("Raised the ERP quota");

  page.once("dialog", (dialog) => void dialog.accept("quota raised"));
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByTestId("resolution")).toContainText("quota raised");
  await expect(page.getByTestId("history")).toContainText("resolve");

  // The deep link opens the same group for anyone who has it.
  await page.goto(`/exceptions/${groupId}`);
  await expect(page.getByTestId("comments")).toContainText("Raised the ERP quota");
  await snapshot(page, testInfo, "exceptions-group-1440");
  await page.setViewportSize({ width: 390, height: 844 });
  await snapshot(page, testInfo, "exceptions-group-390");
  await page.goto("/exceptions");
  await snapshot(page, testInfo, "exceptions-inbox-390");
});
