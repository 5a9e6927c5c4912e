import { definitionItemRoutes } from "@/server/definition-routes";

export const dynamic = "force-dynamic";

/** GET: one workflow with every version, newest first. PUT: `{ baseVersion, enabled, spec }` saves the next version. */
export const { GET, PUT } = definitionItemRoutes("workflow");
