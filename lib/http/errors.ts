/** The one error hierarchy of the HTTP layer; mapped to RFC 9457 problem+json in one place (problem.ts). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "HttpError";
  }
}

export const badRequest = (detail: string, extensions?: Record<string, unknown>) => new HttpError(400, "Bad Request", detail, extensions);
export const unauthorized = (detail = "Sign in or send a valid bearer token") =>
  new HttpError(401, "Unauthorized", detail, {}, { "WWW-Authenticate": 'Bearer realm="lotline"' });
export const forbidden = (detail = "Your role does not allow this") => new HttpError(403, "Forbidden", detail);
export const notFound = (detail: string) => new HttpError(404, "Not Found", detail);
export const payloadTooLarge = (detail: string) => new HttpError(413, "Payload Too Large", detail);
export const unsupportedMediaType = (detail: string) => new HttpError(415, "Unsupported Media Type", detail);
export const serviceUnavailable = (detail: string, retryAfterSeconds = 5) =>
  new HttpError(503, "Service Unavailable", detail, {}, { "Retry-After": String(retryAfterSeconds) });
export const tooManyRequests = (detail: string, retryAfterSeconds = 1) =>
  new HttpError(429, "Too Many Requests", detail, {}, { "Retry-After": String(retryAfterSeconds) });
export const conflict = (detail: string, extensions?: Record<string, unknown>) => new HttpError(409, "Conflict", detail, extensions);
