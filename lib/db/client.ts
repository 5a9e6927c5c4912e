import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export type Db = PrismaClient;

/** `maxConnections`: 1 for embedded PGlite (see startEmbeddedPostgres), a pool for a real server. */
export function createDb(connectionString: string, maxConnections = 8): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: maxConnections }) });
}
