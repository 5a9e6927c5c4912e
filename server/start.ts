import "server-only";
import { getRuntime } from "./runtime";

/** Boots the runtime before the first request and flushes it on SIGTERM / SIGINT. */
export async function startServerRuntime(): Promise<void> {
  const runtime = await getRuntime();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[lotline] ${signal}: flushing ingest and closing stores`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("[lotline] shutdown failed", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}
