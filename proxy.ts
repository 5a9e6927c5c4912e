import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";

/**
 * Sends signed-out visitors of pages to the sign-in page. The real checks run on the server
 * in every page (requirePageActor) and API route (apiRoute); this only spares a render.
 */
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/login";
  url.search = `?callbackUrl=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // /v1/ is the OTLP/HTTP ingest path (token-authenticated, like /api/v1/ingest).
  // set-password is opened from a one-time link by someone who cannot sign in yet.
  matcher: ["/((?!api/|v1/|_next/|login|set-password|favicon.ico|robots.txt).*)"],
};
