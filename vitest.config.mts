import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "test/empty-module.ts") } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".kafka/**", "data/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // chDB binds one data directory per process: each test file gets its own process.
    pool: "forks",
    fileParallelism: false,
  },
});
