import { apiRoute } from "@/lib/http/api-route";
import { getDb } from "@/lib/runtime";
import { listCalendars } from "@/lib/workflows/calendars-store";

export const dynamic = "force-dynamic";

/** Every plant's business calendar. */
export const GET = apiRoute({ permission: "slas:read" }, async () => Response.json({ calendars: await listCalendars(await getDb()) }));
