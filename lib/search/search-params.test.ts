import { describe, expect, it } from "vitest";
import { parseSearchRequest, searchHref } from "./search-params";

const NOW = Date.parse("2026-12-02T10:00:00.000Z");
const parse = (query: string) => parseSearchRequest(new URLSearchParams(query), NOW);

describe("search request", () => {
  it("searches ids at any time by default, 25 a page, failures within the last day", () => {
    const r = parse("q=L-P100");
    expect(r).toMatchObject({ ok: true, request: { q: "L-P100", scope: "ids", kinds: [], statuses: [], plants: [], systems: [], limit: 25, range: null } });
    if (!r.ok) throw new Error(r.problem);
    expect(r.request.failureWindow).toMatchObject({ key: "24h", from: NOW - 86_400_000, to: NOW });
  });

  it("looks for words with spaces in error text, unless told to look for ids", () => {
    expect(parse("q=connection%20refused")).toMatchObject({ ok: true, request: { q: "connection refused", scope: "errors" } });
    expect(parse("q=timeout&in=errors")).toMatchObject({ ok: true, request: { scope: "errors" } });
    expect(parse("q=connection%20refused&in=ids")).toEqual({ ok: false, problem: "q: ids are printable ASCII without spaces" });
    expect(parse("q=%07bell&in=errors")).toEqual({ ok: false, problem: "q: no control characters" });
  });

  it("takes filters as comma lists and refuses unknown words", () => {
    const r = parse("q=L-&status=held,failed&plant=P100,P200&system=QMS&kind=lot&range=7d&limit=50");
    expect(r).toMatchObject({ ok: true, request: { statuses: ["held", "failed"], plants: ["P100", "P200"], systems: ["QMS"], kinds: ["lot"], limit: 50, range: { key: "7d" } } });
    if (!r.ok) throw new Error(r.problem);
    expect(r.request.failureWindow).toBe(r.request.range);
    expect(parse("q=L-&status=lost")).toMatchObject({ ok: false, problem: expect.stringMatching(/^status\.0: statuses are held, rejected/) });
    expect(parse("q=L-&system=SAP")).toMatchObject({ ok: false, problem: expect.stringMatching(/^system\.0: systems are ERP/) });
    expect(parse("q=L-&limit=501")).toMatchObject({ ok: false, problem: expect.stringMatching(/^limit:/) });
    expect(parse("q=L-&in=everywhere")).toMatchObject({ ok: false, problem: "in: in is ids or errors" });
  });

  it("writes the URL it reads: a link changes one part of a search and keeps the rest", () => {
    const r = parse("q=L-P1&status=held&plant=P100&system=QMS&kind=lot&range=7d&limit=50");
    if (!r.ok) throw new Error(r.problem);
    const href = searchHref(r.request);
    expect(href).toBe("/search?q=L-P1&kind=lot&status=held&plant=P100&system=QMS&range=7d&limit=50");
    expect(parseSearchRequest(new URLSearchParams(href.split("?")[1]), NOW)).toEqual(r);
    expect(searchHref({ ...r.request, scope: "errors", kinds: [], statuses: [], plants: [], systems: [], range: null, limit: 25 })).toBe("/search?q=L-P1&in=errors");
  });
});
