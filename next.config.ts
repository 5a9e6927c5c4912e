import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WASM engines must be loaded from node_modules at run time, never bundled.
  serverExternalPackages: [
    "chdb",
    "@clickhouse/client",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "@node-rs/argon2",
    "kafkajs",
    "pg",
    "prom-client",
    // Finds its optional `long` (exact 64-bit nanoseconds) through a require hidden from bundlers.
    "protobufjs",
  ],
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden() is how a page answers 403 (a plant manager's object of another plant), as the API does.
  experimental: { authInterrupts: true },
};

export default nextConfig;
