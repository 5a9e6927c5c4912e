import "server-only";
import { mkdir } from "node:fs/promises";

export interface EmbeddedPostgres {
  connectionString: string;
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
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
