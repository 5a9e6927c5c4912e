import { getDb } from "@/lib/runtime";
import { definitionCollectionRoutes } from "@/lib/workflows/definition-routes";

export const dynamic = "force-dynamic";

/** GET: every workflow definition with its current version. POST: a new definition (version 1). */
export const { GET, POST } = definitionCollectionRoutes("workflow", "workflows", "/api/v1/workflows", getDb);
