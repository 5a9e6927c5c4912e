import { makeTempDir } from "./temp-dir";

export const TEST_INGEST_TOKEN = "test-ingest-token-0123456789";

/**
 * Points this test process at a fresh embedded data directory (chDB and PGlite) with the test
 * defaults: simulator off, scheduled jobs off (a test that drives the SLA engine itself must not
 * race the evaluator job; pass LOTLINE_JOBS "1" to run them), fast flushes, a known admin password
 * and ingest token. Call it at the top of a test file, before importing anything that reads the
 * configuration.
 */
export function embeddedTestEnv(prefix: string, env: Record<string, string> = {}): { path: string; remove(): void } {
  const dir = makeTempDir(prefix);
  Object.assign(process.env, {
    LOTLINE_DATA_DIR: dir.path,
    LOTLINE_SIMULATOR: "0",
    LOTLINE_JOBS: "0",
    LOTLINE_ADMIN_PASSWORD: "integration-admin-pw",
    LOTLINE_INGEST_FLUSH_MS: "20",
    LOTLINE_INGEST_TOKEN: TEST_INGEST_TOKEN,
    ...env,
  });
  return dir;
}
