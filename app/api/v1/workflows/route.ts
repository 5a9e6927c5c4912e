import { definitionCollectionRoutes } from "@/server/definition-routes";

export const dynamic = "force-dynamic";

/** GET: every workflow definition with its current version. POST: a new definition (version 1). */
export const { GET, POST } = definitionCollectionRoutes("workflow", "workflows", "/api/v1/workflows");
