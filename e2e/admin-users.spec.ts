import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

/** Whether the page scrolls sideways as a whole (a table may scroll inside its panel). */
const pageScrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

test("an admin invites a plant manager, rescopes them, disables them and reads the audit trail", async ({ page, browser }, testInfo) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
  const cards = page.getByTestId("admin-card");
  await expect(cards).toHaveText([/^Users.*\d+ users?/, /^API tokens.*(active of|no tokens yet)/, /^Workflow definitions.*\d+ workflows?/, /^Non-events.*\d+ definitions?/, /^Calendars/, /^Alert rules/, /^Integrations/]);
  await cards.filter({ hasText: /^Users/ }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

  // Invite: a plant manager for P100, with a one-time set-password link.
  const email = `pm-${Date.now()}@lotline.local`;
  await page.getByRole("button", { name: "Invite user" }).click();
  const invite = page.getByRole("form", { name: "Invite a user" });
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Name").fill("Pat Floor");
  await invite.getByRole("combobox", { name: "Role" }).selectOption("plant_manager");
  await invite.getByLabel("Plants").fill("P100");
  await invite.getByRole("button", { name: "Create user" }).click();
  const linkNotice = page.getByTestId("password-link");
  await expect(linkNotice).toContainText(`Set-password link for ${email}`);
  const link = await linkNotice.getByLabel("Set-password link").inputValue();
  expect(link).toMatch(/\/set-password#[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("user-row").filter({ hasText: email });
  await expect(row).toContainText("Plant manager");
  await expect(row).toContainText("P100");
  await expect(row).toContainText("awaiting password");
  await expect(row).toContainText("never");

  // The invited person sets their password from the link, signs in, and is not an admin.
  const pmContext = await browser.newContext();
  const pm = await pmContext.newPage();
  // From the page, as the app itself calls its API: the browser's own connection handling and cookie.
  const pmStatus = (path: string) => pm.evaluate(async (url) => (await fetch(url)).status, path);
  const overviewPlants = () =>
    pm.evaluate(async () => {
      const answer = await fetch("/api/v1/overview");
      if (!answer.ok) throw new Error(`overview answered ${answer.status}`);
      return ((await answer.json()) as { byPlant: { plant: string }[] }).byPlant.map((p) => p.plant).sort();
    });
  await pm.goto(link);
  await pm.getByLabel("New password").fill("pat-floor-password");
  await pm.getByLabel("Repeat it").fill("pat-floor-password");
  await pm.getByRole("button", { name: "Set password" }).click();
  await expect(pm.getByRole("status")).toContainText(`Sign in as ${email}`);
  expect(pm.url()).not.toContain("#");
  await signIn(pm, email, "pat-floor-password");
  await expect(pm.getByRole("banner")).toContainText("Plant manager · P100");
  expect(await overviewPlants()).toEqual(["P100"]);
  await expect(pm.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  const refusedPage = await pm.goto("/admin/users");
  expect(refusedPage?.status()).toBe(403);
  await expect(pm.getByRole("heading", { name: "Administration is for administrators" })).toBeVisible();
  expect((await pm.goto("/admin"))?.status()).toBe(403);
  expect(await pmStatus("/api/v1/admin/users")).toBe(403);

  // The admin widens the plant scope; the plant manager's next page has it.
  await linkNotice.getByRole("button", { name: "Done" }).click();
  await expect(linkNotice).toBeHidden();
  await page.reload();
  await expect(row).toContainText("active");
  await row.getByRole("button", { name: `Manage ${email}` }).click();
  await expect(page).toHaveURL(/\?user=/);
  await expect(page.getByRole("heading", { level: 2, name: email })).toBeVisible();
  const panel = page.getByTestId("user-panel");
  await panel.getByLabel("Plants").fill("P100, P200");
  await panel.getByRole("button", { name: "Save changes" }).click();
  await expect(panel.getByRole("status")).toContainText("Saved.");
  await expect(row).toContainText("P100, P200");
  await pm.goto("/");
  await expect(pm.getByRole("banner")).toContainText("Plant manager · P100, P200");
  expect(await overviewPlants()).toEqual(["P100", "P200"]);

  // Disable: the plant manager's open session is refused on its next page and API request.
  await panel.getByRole("button", { name: "Disable account" }).click();
  await panel.getByRole("button", { name: "Confirm disable" }).click();
  await expect(panel.getByRole("status")).toContainText("is disabled and signed out everywhere");
  await expect(row).toContainText("disabled");
  await pm.goto("/slas");
  await expect(pm).toHaveURL(/\/login/);
  expect(await pmStatus("/api/v1/overview")).toBe(401);
  await pm.getByLabel("Email").fill(email);
  await pm.getByLabel("Password").fill("pat-floor-password");
  await pm.getByRole("button", { name: "Sign in" }).click();
  await expect(pm.getByRole("alert").filter({ hasText: "the account is disabled" })).toBeVisible();
  await pmContext.close();

  // The audit trail of every change, newest first.
  const history = panel.getByTestId("history-entry");
  await expect(history).toHaveCount(4);
  await expect(history.nth(0)).toContainText("Disabled");
  await expect(history.nth(0)).toContainText(E2E_ADMIN.email);
  await expect(history.nth(1)).toContainText("Plants: P100 → P100, P200");
  await expect(history.nth(2)).toContainText("Password set with the link");
  await expect(history.nth(2)).toContainText(email);
  await expect(history.nth(3)).toContainText("Created as Plant manager for P100");

  // The admin cannot demote themselves out of the last admin.
  await page.getByTestId("user-row").filter({ hasText: E2E_ADMIN.email }).getByRole("button", { name: `Manage ${E2E_ADMIN.email}` }).click();
  await expect(page.getByRole("heading", { level: 2, name: E2E_ADMIN.email })).toBeVisible();
  await panel.getByRole("combobox", { name: "Role" }).selectOption("viewer");
  await panel.getByRole("button", { name: "Save changes" }).click();
  await expect(panel.getByRole("alert").filter({ hasText: "You are the last enabled administrator" })).toBeVisible();

  // Filters and sorting.
  await page.getByRole("button", { name: "Close" }).click();
  const filters = page.getByTestId("user-filters");
  await filters.getByRole("combobox", { name: "Status" }).selectOption("disabled");
  await expect(page.getByTestId("user-row")).toHaveCount(1);
  await expect(page.getByTestId("user-row")).toContainText(email);
  await filters.getByRole("combobox", { name: "Status" }).selectOption("");
  await page.getByRole("button", { name: "Created" }).click();
  await expect(page.getByRole("columnheader", { name: "Created" })).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByTestId("user-row").first()).toContainText(email);

  await page.getByTestId("user-row").filter({ hasText: email }).getByRole("link", { name: email }).click();
  await expect(page.getByRole("heading", { level: 2, name: email })).toBeVisible();
  await expect(history).toHaveCount(4);
  expect(await pageScrollsSideways(page)).toBe(false);
  await snapshot(page, testInfo, "admin-users-1440");

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(history).toHaveCount(4);
  expect(await pageScrollsSideways(page)).toBe(false);
  // The table is wider than a phone: it scrolls inside its panel, not the page.
  const scroller = page.getByTestId("users-table-scroll");
  expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await expect(page.getByText("Swipe the table sideways for more columns.")).toBeVisible();
  await snapshot(page, testInfo, "admin-users-390");
  await page.goto("/admin");
  expect(await pageScrollsSideways(page)).toBe(false);
  await snapshot(page, testInfo, "admin-landing-390");
});
