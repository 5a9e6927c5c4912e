import { apiRoute } from "@/server/api-route";
import { listCalendars } from "@/lib/workflows/calendars-store";

export const dynamic = "force-dynamic";

/** Every plant's business calendar. */
export const GET = apiRoute({ permission: "slas:read" }, async (_request, { deps }) => Response.json({ calendars: await listCalendars(deps.db) }));
