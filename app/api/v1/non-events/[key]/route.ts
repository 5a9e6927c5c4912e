import { definitionItemRoutes } from "@/server/definition-routes";

export const dynamic = "force-dynamic";

/** GET: one non-event with every version, newest first. PUT: `{ baseVersion, enabled, spec }` saves the next version. */
export const { GET, PUT } = definitionItemRoutes("non_event");
