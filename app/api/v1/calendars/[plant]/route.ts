import { apiRoute } from "@/server/api-route";
import { notFound } from "@/lib/http/errors";
import { getCalendar, PlantParamSchema, saveCalendar } from "@/lib/workflows/calendars-store";
import { parseOr400, readJson } from "@/lib/workflows/definition-body";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ plant: string }>({ permission: "slas:read" }, async (_request, { deps, params }) => {
  const plant = parseOr400(PlantParamSchema, params.plant, "the plant code");
  const calendar = await getCalendar(deps.db, plant);
  if (!calendar) throw notFound(`plant ${plant} has no business calendar`);
  return Response.json({ calendar });
});

/** `{ baseRevision, calendar: { timeZone, weekly, holidays } }`; baseRevision null creates the plant's first calendar. */
export const PUT = apiRoute<{ plant: string }>({ permission: "definitions:manage" }, async (request, { actor, deps, params }) => {
  const plant = parseOr400(PlantParamSchema, params.plant, "the plant code");
  const { calendar, changed } = await saveCalendar(deps.db, actor, plant, await readJson(request));
  return Response.json({ calendar, changed });
});
