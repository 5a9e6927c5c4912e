export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getRuntime } = await import("./lib/runtime");
  // Boot before the first request: migrations, the embedded stores, the ingest worker and the simulator.
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
