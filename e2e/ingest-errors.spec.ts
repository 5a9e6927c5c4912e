import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

// scripts/start.mjs writes the generated ingest token into the data directory.
const ingestToken = () => readFileSync(path.join("e2e", ".data", ".ingest-token"), "utf8").trim();

test("a rejected event shows up as an ingest error with its reason and raw input", async ({ page, request }, testInfo) => {
  const marker = `e2e-bad-${Date.now()}`;
  const response = await request.post("/api/v1/ingest/events", {
    headers: { authorization: `Bearer ${ingestToken()}`, "content-type": "application/cloudevents+json" },
    data: JSON.stringify({ specversion: "0.3", id: marker, source: "/e2e", type: "e2e.bad" }),
  });
  expect(response.status()).toBe(400);
  expect(response.headers()["content-type"]).toContain("application/problem+json");

  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByTestId("pipeline-strip")).toContainText("events/s");
  await page.getByRole("link", { name: "Ingest errors" }).click();
  await expect(page).toHaveURL(/\/ingest-errors/);
  const row = page.getByTestId("dead-letter").filter({ hasText: marker });
  await expect(row).toBeVisible();
  await expect(row).toContainText("specversion");
  await row.click();
  await expect(page.locator("pre").filter({ hasText: marker })).toBeVisible();
  await snapshot(page, testInfo, "06-ingest-errors");

  await page.getByRole("link", { name: "kafka" }).click();
  await expect(page).toHaveURL(/channel=kafka/);
  await expect(page.getByText("No ingest errors in this window")).toBeVisible();
});
