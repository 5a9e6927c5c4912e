import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { E2E_ADMIN, signIn, snapshot } from "./helpers";

interface Hit {
  kind: string;
  id: string;
}
interface Genealogy {
  nodes: { lotId: string; depth: number; kind: string }[];
}
interface Manifest {
  lotId: string;
  generatedBy: string;
  directions: string[];
  counts: { messages: number; backwardLots: number; forwardLots: number };
  files: { name: string; rows?: number; sha256: string }[];
}

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

/** A finished lot that was shipped and made from other lots: its pack has both directions. */
async function findShippedLot(request: APIRequestContext): Promise<string> {
  await expect
    .poll(async () => (await json<{ results: Hit[] }>(request, "/api/v1/search?q=SHP-")).results.filter((r) => r.kind === "shipment").length, { timeout: 60_000 })
    .toBeGreaterThan(0);
  for (const shipment of (await json<{ results: Hit[] }>(request, "/api/v1/search?q=SHP-")).results.filter((r) => r.kind === "shipment")) {
    const backward = await json<Genealogy>(request, `/api/v1/lots/${shipment.id}/genealogy?direction=backward&depth=3`);
    const finished = backward.nodes.find((n) => n.depth === 1 && backward.nodes.some((m) => m.depth === 3));
    if (finished) return finished.lotId;
  }
  throw new Error("no shipment of a lot made from other lots");
}

test("lot → recall evidence: a printable document with every section, and a zip whose manifest verifies", async ({ page }, testInfo) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const lot = await findShippedLot(page.request);

  await page.goto(`/lots/${lot}`);
  await expect(page.getByTestId("lot-heading")).toHaveText(lot);
  await page.getByRole("link", { name: "Recall evidence" }).click();
  await expect(page).toHaveURL(new RegExp(`/lots/${lot}/evidence$`));
  await expect(page.getByTestId("evidence-heading")).toHaveText(lot);
  await expect(page.getByTestId("evidence-generated")).toContainText(`by ${E2E_ADMIN.email}`);
  for (const [section, heading] of [
    ["evidence-summary", "Lot summary"],
    ["evidence-backward", "Genealogy backward"],
    ["evidence-forward", "Genealogy forward"],
    ["evidence-status", "Status history per lot and system"],
    ["evidence-messages", "Integration messages per lot"],
  ] as const) {
    await expect(page.getByTestId(section).getByRole("heading", { level: 2 })).toContainText(heading);
  }
  await expect(page.getByTestId("evidence-backward").locator("tbody tr")).not.toHaveCount(0);
  await expect(page.getByTestId("evidence-forward")).toContainText("shipment");
  await expect(page.getByTestId("evidence-outcome").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  await snapshot(page, testInfo, "13-evidence-pack");

  // On paper (A4's printable width): no top bar, no buttons, the document alone.
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 720, height: 1000 });
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("combobox", { name: /Search lots/ })).toBeHidden();
  await expect(page.getByTestId("evidence-document")).toBeVisible();
  await snapshot(page, testInfo, "14-evidence-pack-print");
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize({ width: 1440, height: 900 });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("evidence-download").click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^lotline-evidence-${lot}-\\d{8}T\\d{4}Z\\.zip$`));
  const files = unzipSync(readFileSync((await download.path())!));
  const manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as Manifest;
  expect(manifest).toMatchObject({ lotId: lot, generatedBy: E2E_ADMIN.email, directions: ["backward", "forward"] });
  expect(manifest.files.map((f) => f.name)).toEqual(["genealogy-nodes.csv", "genealogy-edges.csv", "status-history.csv", "messages.csv", "events.csv", "pack.json"]);
  for (const f of manifest.files) expect(createHash("sha256").update(files[f.name]!).digest("hex"), f.name).toBe(f.sha256);
  expect(manifest.counts.backwardLots).toBeGreaterThan(3);
  expect(manifest.counts.forwardLots).toBeGreaterThan(1);
  expect(manifest.counts.messages).toBeGreaterThan(0);

  // Unknown and malformed lots answer problem+json, never a zip.
  const unknown = await page.request.get("/api/v1/lots/L-NO-SUCH-LOT/evidence");
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()["content-type"]).toContain("application/problem+json");
  expect((await page.request.get(`/api/v1/lots/${encodeURIComponent("bad id")}/evidence`)).status()).toBe(400);
  expect((await page.request.get(`/api/v1/lots/${lot}/evidence?depth=0`)).status()).toBe(400);
});
