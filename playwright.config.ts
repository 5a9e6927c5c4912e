import { defineConfig, devices } from "@playwright/test";
import { E2E_ADMIN } from "./e2e/helpers";

const PORT = Number(process.env.E2E_PORT ?? 3210);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } } }],
  webServer: {
    // The production build with a fresh embedded data directory and a fast simulator.
    command: "rm -rf e2e/.data && node scripts/start.mjs",
    url: `http://localhost:${PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      LOTLINE_DATA_DIR: "e2e/.data",
      LOTLINE_ADMIN_EMAIL: E2E_ADMIN.email,
      LOTLINE_ADMIN_PASSWORD: E2E_ADMIN.password,
      LOTLINE_SIMULATOR_RATE: "240",
      LOTLINE_SLA_EVALUATE_MS: "2000",
      LOTLINE_EXCEPTIONS_EVERY_MS: "2000",
      // A bulk replay of more than three messages waits for a second person (e2e/replay.spec.ts); a single one runs at once.
      LOTLINE_REPLAY_APPROVAL_THRESHOLD: "3",
      NEXTAUTH_URL: `http://localhost:${PORT}`,
    },
  },
});
