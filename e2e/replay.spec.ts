import { expect, test, type Locator, type Page } from "@playwright/test";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

// Replay in the browser against the simulator as the integration layer: its replay API re-runs
// the hand-off and reports the outcome as telemetry. playwright.config.ts sets the approval
// threshold to 3, so a single replay runs at once and a bulk one waits for a second person.

/** The inbox once the exceptions job has grouped the simulator's first failed deliveries. */
async function openInbox(page: Page) {
  await expect(async () => {
    await page.goto("/exceptions?kind=integration");
    await expect(page.getByTestId("exception-row").first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
}

/** Clicks until `done` holds: on a slow machine a click can land before React has hydrated the page, and is lost. */
async function clickUntil(target: Locator, done: () => Promise<void>, timeout = 30_000) {
  await expect(async () => {
    if (await target.isVisible()) await target.click({ timeout: 3_000 });
    await done();
  }).toPass({ timeout });
}

/**
 * Opens the replay dialog of a failed message that can still be replayed, from the traces of the
 * first groups' failed occurrences: a message a retry delivered meanwhile has nothing to replay.
 */
async function openReplayableMessage(page: Page) {
  await openInbox(page);
  const groups = await page.getByTestId("exception-row").locator("a[href^='/exceptions/']").evaluateAll((links) => links.slice(0, 5).map((a) => a.getAttribute("href")!));
  const traces: string[] = [];
  for (const group of groups) {
    await page.goto(group);
    const failed = page.getByTestId("occurrence-row").filter({ has: page.getByText("failed", { exact: true }) });
    traces.push(...(await failed.locator("a[href^='/trace/']").evaluateAll((links) => links.slice(0, 5).map((a) => a.getAttribute("href")!))));
  }
  const dialog = page.getByRole("dialog");
  for (const trace of traces) {
    await page.goto(trace);
    const replay = page.getByRole("button", { name: "Replay", exact: true }).first();
    if ((await replay.count()) === 0) continue;
    await clickUntil(replay, () => expect(dialog.getByText("Will be sent")).toBeVisible({ timeout: 5_000 }));
    const edit = dialog.getByRole("button", { name: "Edit payload…" });
    await expect(edit.or(dialog.getByText("Nothing to replay."))).toBeVisible();
    if (await edit.isVisible()) return dialog;
  }
  throw new Error(`none of ${traces.length} failed messages can be replayed`);
}

test("admins edit a replay target's rate on /admin/integrations and see it saved", async ({ page }, testInfo) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto("/admin/workflows");
  await page.getByRole("navigation", { name: "Definitions" }).getByRole("link", { name: "Integrations" }).click();
  await expect(page).toHaveURL(/\/admin\/integrations$/);
  // The embedded runtime seeds one HTTP target per simulator interface, pointing at its replay API.
  const rows = page.getByTestId("target-row");
  await expect(rows.first()).toBeVisible();
  const name = await rows.first().getAttribute("data-interface");
  expect(name).toBeTruthy();
  await snapshot(page, testInfo, "integrations-1440");

  // Sort and filter like the app's other tables.
  const rateHeader = page.getByRole("columnheader", { name: /Rate/ });
  await clickUntil(rateHeader.getByRole("button"), () => expect(rateHeader).toHaveAttribute("aria-sort", "descending", { timeout: 3_000 }));
  await page.getByPlaceholder("interface, URL or topic").fill(name!);
  await expect(rows).toHaveCount(1);
  await page.getByPlaceholder("interface, URL or topic").fill("");
  await page.getByRole("link", { name: name!, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`\\?interface=${name}$`));
  const editor = page.getByRole("form", { name: `Edit replay target ${name}` });
  await expect(editor).toBeVisible();

  // The deep link opens the target's editor on a fresh load too.
  await page.goto(`/admin/integrations?interface=${encodeURIComponent(name!)}`);
  await expect(editor).toBeVisible();
  await expect(editor.getByTestId("template-variables")).toContainText("{{correlationId}}");
  await clickUntil(editor.getByRole("button", { name: "Add header" }), () => expect(editor.getByTestId("header-row")).toHaveCount(2, { timeout: 3_000 }));
  await editor.getByLabel("Header 2 name").fill("X-Replayed-By");
  await editor.getByLabel("Header 2 value").fill("{{replayedBy}}");
  await editor.getByLabel("Rate (msg/s)").fill("0");
  await editor.getByRole("button", { name: "Save target" }).click();
  // The API's problem+json issue shows at the field.
  await expect(editor.getByRole("alert").filter({ hasText: /expected number to be >0/ })).toBeVisible();
  await editor.getByLabel("Rate (msg/s)").fill("25");
  await editor.getByRole("button", { name: "Save target" }).click();
  await expect(page.getByRole("status")).toContainText(`Saved the replay target for ${name}: 25 msg/s`);
  await expect(page).toHaveURL(/\/admin\/integrations$/);
  await expect(page.locator(`[data-interface="${name}"]`).getByTestId("target-rate")).toHaveText("25");
  await page.reload();
  await expect(page.locator(`[data-interface="${name}"]`).getByTestId("target-rate")).toHaveText("25");
  await expect(page.locator(`[data-interface="${name}"]`)).toContainText("admin@lotline.local");
  await expect(page.locator(`[data-interface="${name}"]`)).toContainText("X-Correlation-Id, X-Replayed-By");

  await page.setViewportSize({ width: 390, height: 844 });
  await snapshot(page, testInfo, "integrations-390");
  await page.goto(`/admin/integrations?interface=${encodeURIComponent(name!)}`);
  await expect(page.getByRole("form", { name: `Edit replay target ${name}` })).toBeVisible();
  await snapshot(page, testInfo, "integrations-editor-390");
  await page.setViewportSize({ width: 1440, height: 900 });
  await snapshot(page, testInfo, "integrations-editor-1440");
});

test("an admin edits a failed message's payload before replaying it; invalid JSON blocks the send", async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const dialog = await openReplayableMessage(page);
  await dialog.getByRole("button", { name: "Edit payload…" }).click();
  const editor = dialog.getByLabel("Payload (JSON)");
  await expect(editor).toHaveValue(/\{/);
  await expect(dialog.getByTestId("payload-diff")).toHaveText("No change yet: the original payload is sent.");
  const original = JSON.parse(await editor.inputValue()) as Record<string, unknown>;

  await dialog.getByLabel(/^Reason/).fill("corrected the payload after the outage");
  await editor.fill(`${JSON.stringify(original, null, 2).slice(0, -1)},\n}`);
  await expect(dialog.getByTestId("payload-invalid")).toContainText("Not valid JSON");
  await expect(dialog.getByRole("button", { name: /^Replay 1 message/ })).toBeDisabled();
  await snapshot(page, testInfo, "payload-editor-invalid-1440", { fullPage: false });

  await editor.fill(JSON.stringify({ ...original, replayNote: "corrected by e2e" }, null, 2));
  await expect(dialog.getByTestId("payload-diff")).toContainText('+ replayNote: "corrected by e2e"');
  await snapshot(page, testInfo, "payload-editor-1440", { fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await dialog.getByTestId("payload-diff").scrollIntoViewIfNeeded();
  await snapshot(page, testInfo, "payload-editor-390", { fullPage: false });
  await page.setViewportSize({ width: 1440, height: 900 });

  await dialog.getByRole("button", { name: "Replay 1 message with the edited payload" }).click();
  await expect(dialog.getByRole("status")).toContainText("Replay started: 1 message with the edited payload");
  await dialog.getByRole("link", { name: "Open the replay task" }).click();
  await expect(page.getByTestId("task-item").first()).toContainText("edited payload");
  await expect(page.getByTestId("task-status")).toHaveAttribute("data-status", "completed");
});

test("a bulk replay: dry run, a second person approves, progress to completed, and the trace shows the replay's outcome", async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const approver = { email: `approver-${Date.now()}@lotline.local`, password: "approver-password-1", role: "support_engineer" };
  const created = await page.request.post("/api/v1/admin/users", { data: approver });
  expect(created.status(), await created.text()).toBe(201);

  // A disabled target makes its interface's failures skip with a reason the dry run names.
  let disabled = "";
  await expect(async () => {
    await page.goto("/admin/integrations");
    await page.getByRole("button", { name: /^Open failures/ }).click();
    const failing = page.locator('[data-testid="target-row"]:not([data-open-failures="0"])');
    await expect(failing.nth(1)).toBeVisible({ timeout: 2_000 });
    disabled = (await failing.last().getAttribute("data-interface")) ?? "";
  }).toPass({ timeout: 90_000 });
  await clickUntil(page.getByRole("switch", { name: `Disable ${disabled}` }), () => expect(page.getByRole("switch", { name: `Enable ${disabled}` })).toHaveAttribute("aria-checked", "false", { timeout: 5_000 }));

  await openInbox(page);
  const dialog = page.getByRole("dialog");
  // Enough failed messages to need approval: the simulator keeps failing, so wait for more than the threshold.
  await expect(async () => {
    if (await dialog.isVisible()) await dialog.getByRole("button", { name: "Close" }).click();
    await page.getByTestId("replay-matching").click();
    await expect(dialog.getByText(/a second person with replay rights must approve/)).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  await expect(dialog.getByText("Will be sent")).toBeVisible();
  await expect(dialog.getByText("Lots touched")).toBeVisible();
  await expect(dialog.getByText("Orders touched")).toBeVisible();
  await expect(dialog.getByRole("heading", { name: "Targets" })).toBeVisible();
  await expect(dialog.getByText(/POST http:\/\/.*\/replay/).first()).toBeVisible();
  await expect(dialog.getByRole("heading", { name: "Skipped" })).toBeVisible();
  await expect(dialog.getByText("no enabled replay target for its interface")).toBeVisible();
  await snapshot(page, testInfo, "replay-dry-run-1440", { fullPage: false });
  await dialog.getByLabel(/^Reason/).fill("MES outage over, re-send the failed hand-offs");
  await dialog.getByRole("button", { name: /^Replay \d+ messages$/ }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "Awaiting approval" })).toBeVisible();
  await dialog.getByRole("link", { name: "Open the replay task" }).click();
  await expect(page).toHaveURL(/\/replays\/[a-z0-9]+$/);
  const taskUrl = page.url();

  // The requester cannot approve their own bulk replay.
  await expect(page.getByTestId("task-status")).toHaveAttribute("data-status", "awaiting_approval");
  await expect(page.getByTestId("own-approval-note")).toHaveText("You requested this replay: a second person must approve it.");
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await snapshot(page, testInfo, "replay-task-awaiting-1440", { fullPage: false });

  const context = await browser.newContext();
  const second = await context.newPage();
  await signIn(second, approver.email, approver.password);
  await second.goto(taskUrl);
  await clickUntil(second.getByRole("button", { name: "Approve" }), () => expect(second.getByTestId("task-status")).not.toHaveAttribute("data-status", "awaiting_approval", { timeout: 5_000 }));
  await context.close();

  // The requester's page follows the worker without a reload.
  await expect(page.getByTestId("task-status")).toHaveAttribute("data-status", "completed", { timeout: 90_000 });
  await expect(page.getByText(/approved by approver-/)).toBeVisible();
  const count = async (name: string) => Number((await page.getByTestId(`count-${name}`).locator("dd").innerText()).replace(/,/g, ""));
  const sent = await count("sent");
  const succeeded = await count("succeeded");
  expect(sent).toBeGreaterThan(3);
  expect(succeeded).toBe(sent);
  await expect(page.getByTestId("count-remaining").locator("dd")).toHaveText("0");
  await snapshot(page, testInfo, "replay-task-completed-1440");

  // The trace of a replayed message shows the replay, then its outcome.
  const item = page.getByTestId("task-item").and(page.locator('[data-status="succeeded"]')).first();
  await item.getByRole("link").click();
  await expect(page).toHaveURL(/\/trace\//);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("trace-event").filter({ hasText: "integration.message.replayed" })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  const types = await page.getByTestId("trace-event").locator("td:nth-child(6) > div.font-medium").allInnerTexts();
  const replayed = types.lastIndexOf("integration.message.replayed");
  expect(["integration.message.delivered", "integration.message.failed"]).toContain(types[replayed + 1]);
  await snapshot(page, testInfo, "replay-trace-outcome-1440");
});

test("a lot's page replays the failed messages of the lot and everything made from it, after a dry run", async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await openInbox(page);
  // A group whose messages carry a lot (order releases carry only orders).
  const groups = await page.getByTestId("exception-row").locator("a[href^='/exceptions/']").evaluateAll((links) => links.slice(0, 10).map((a) => a.getAttribute("href")!));
  let lotId = "";
  for (const group of groups) {
    await page.goto(group);
    await expect(page.getByTestId("occurrence-row").first()).toBeVisible();
    const lot = page.locator("a[href^='/lots/']").first();
    if ((await lot.count()) === 0) continue;
    lotId = (await lot.innerText()).trim();
    await lot.click();
    break;
  }
  expect(lotId, "a group naming a lot").not.toBe("");
  await expect(page.getByTestId("lot-heading")).toHaveText(lotId);
  const dialog = page.getByRole("dialog");
  await clickUntil(page.getByTestId("lot-replay-descendants"), () => expect(dialog.getByRole("heading", { name: `Replay failed messages of lot ${lotId} and everything made from it` })).toBeVisible({ timeout: 5_000 }));
  // A retry may have delivered the lot's failed messages since: then there is nothing to send, and the dialog says so.
  await expect(dialog.getByText("Will be sent")).toBeVisible();
  await expect(dialog.getByText("Lots touched")).toBeVisible();
  await expect(dialog.getByRole("button", { name: /^Replay \d+ messages?$/ }).or(dialog.getByText("Nothing to replay."))).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);
});
