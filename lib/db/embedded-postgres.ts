import "server-only";
import { mkdir } from "node:fs/promises";

export interface EmbeddedPostgres {
  connectionString: string;
  /**
   * Connections a client should open: one. The socket server queues wire messages, not whole
   * extended-protocol exchanges, so two connections' Parse/Bind pairs interleave on the single
   * PGlite session ("bind message supplies 10 parameters, but prepared statement requires 3",
   * seen under the alert notifier's and a page's concurrent queries). PGlite runs one query at a
   * time anyway, so one connection costs nothing.
   */
  maxConnections: 1;
  stop(): Promise<void>;
}

/**
 * PGlite (Postgres compiled to WASM) in this process, served over the Postgres wire protocol
 * on loopback so Prisma's pg adapter talks to it exactly as to a real server.
 */
export async function startEmbeddedPostgres(dataPath: string): Promise<EmbeddedPostgres> {
  await mkdir(dataPath, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create(dataPath);
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  const address = server.getServerConn();
  return {
    connectionString: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
    maxConnections: 1,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
