import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { apiRoute } from "@/server/api-route";

export const dynamic = "force-dynamic";

/** Walks the audit log's hash chain and reports the first broken link, if any. */
export const GET = apiRoute({ permission: "audit:read" }, async (_request, { deps }) =>
  Response.json(await verifyAuditChain(deps.db), { headers: { "Cache-Control": "no-store" } }),
);
