import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { findOutbox, outboxListQuery } from "@/lib/integrations/outbox";

export const GET = route({ auth: "admin", query: outboxListQuery }, async ({ caller, query }) => {
  return ok(await findOutbox(getDb(), caller.tenantId, query));
});
