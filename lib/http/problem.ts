import { HttpError } from "./errors";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemResponse(error: unknown, instance?: string): Response {
  if (error instanceof HttpError) {
    return Response.json(
      { type: "about:blank", title: error.title, status: error.status, detail: error.message, instance, ...error.extensions },
      { status: error.status, headers: { "Content-Type": PROBLEM_CONTENT_TYPE, ...error.headers } },
    );
  }
  // Unexpected errors are logged with their detail; the client gets no internals.
  console.error("[lotline] unhandled error", instance ?? "", error);
  return Response.json(
    { type: "about:blank", title: "Internal Server Error", status: 500, detail: "An unexpected error occurred", instance },
    { status: 500, headers: { "Content-Type": PROBLEM_CONTENT_TYPE } },
  );
}
