import type { FieldIssue } from "@/lib/workflows/definition-body";

/** A failed answer of an API, with what a page or form needs: its status, detail and field issues. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly issues: FieldIssue[],
  ) {
    super(detail);
  }
}

/**
 * The one way the browser calls Lotline's API: JSON in and out, never cached, and a failure
 * thrown as an ApiProblem carrying the problem+json detail and field issues.
 */
export async function sendJson<T>(url: string, method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, {
    method,
    cache: "no-store",
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { detail?: unknown; issues?: FieldIssue[] } | null;
    throw new ApiProblem(response.status, typeof problem?.detail === "string" ? problem.detail : `${method} ${url} answered ${response.status}`, Array.isArray(problem?.issues) ? problem.issues : []);
  }
  // 204 No Content (a DELETE) has no body to parse.
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const getJson = <T>(url: string, signal?: AbortSignal) => sendJson<T>(url, "GET", undefined, signal);

/** Messages of the issues at `field` or below it ("spec.stages.0" also catches "spec.stages.0.label"). */
export function issuesAt(issues: readonly FieldIssue[], field: string, exact = false): string[] {
  return issues.filter((i) => i.field === field || (!exact && i.field.startsWith(`${field}.`))).map((i) => i.message);
}
