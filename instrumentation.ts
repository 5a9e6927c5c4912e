export async function register() {
  // Only the Node.js server hosts the runtime; the proxy's edge-compatible bundle must not import it.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerRuntime } = await import("./server/start");
    await startServerRuntime();
  }
}
