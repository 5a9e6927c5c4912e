import { z } from "zod";
import { parseOr400 } from "../workflows/definition-body";
import { filterFromParams, InboxFilterSchema, type InboxFilter } from "./inbox-filter";

const PageSchema = z.object({ cursor: z.string().max(500).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
const OccurrencePageSchema = PageSchema.extend({ status: z.enum(["open", "closed"]).optional() });

const paramsOf = (url: URL, keys: string[]) => Object.fromEntries(keys.flatMap((k) => (url.searchParams.get(k) ? [[k, url.searchParams.get(k)]] : [])));

/** The inbox's query string: the filter and a page. */
export function inboxQuery(url: URL): { filter: InboxFilter; page: z.infer<typeof PageSchema> } {
  return {
    filter: parseOr400(InboxFilterSchema, filterFromParams(url.searchParams), "the filter"),
    page: parseOr400(PageSchema, paramsOf(url, ["cursor", "limit"]), "the page"),
  };
}

export function occurrenceQuery(url: URL) {
  return parseOr400(OccurrencePageSchema, paramsOf(url, ["cursor", "limit", "status"]), "the page");
}
