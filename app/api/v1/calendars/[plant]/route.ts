import { apiRoute } from "@/lib/http/api-route";
import { notFound } from "@/lib/http/errors";
import { getDb } from "@/lib/runtime";
import { getCalendar, PlantParamSchema, saveCalendar } from "@/lib/workflows/calendars-store";
import { parseOr400, readJson } from "@/lib/workflows/definition-body";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ plant: string }>({ permission: "slas:read" }, async (_request, { params }) => {
  const plant = parseOr400(PlantParamSchema, params.plant, "the plant code");
  const calendar = await getCalendar(await getDb(), plant);
  if (!calendar) throw notFound(`plant ${plant} has no business calendar`);
  return Response.json({ calendar });
});

/** `{ baseRevision, calendar: { timeZone, weekly, holidays } }`; baseRevision null creates the plant's first calendar. */
export const PUT = apiRoute<{ plant: string }>({ permission: "definitions:manage" }, async (request, { actor, params }) => {
  const plant = parseOr400(PlantParamSchema, params.plant, "the plant code");
  const { calendar, changed } = await saveCalendar(await getDb(), actor, plant, await readJson(request));
  return Response.json({ calendar, changed });
});
