import { definitionCollectionRoutes } from "@/server/definition-routes";

export const dynamic = "force-dynamic";

/** GET: every non-event definition with its current version. POST: a new definition (version 1). */
export const { GET, POST } = definitionCollectionRoutes("non_event", "nonEvents", "/api/v1/non-events");
