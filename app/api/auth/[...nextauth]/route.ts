import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { getDb } from "@/server/runtime";

// Options are built per request so configuration is read after the runtime has validated it.
async function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions(await getDb()))(request, context);
}

export { handler as GET, handler as POST };
