import "server-only";
import { createApiRoute } from "../lib/http/api-route";
import { appDeps } from "./runtime";

/** The JSON API's route wrapper, bound to this process's stores. */
export const apiRoute = createApiRoute(appDeps);
