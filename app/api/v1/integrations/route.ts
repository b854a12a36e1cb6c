import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { integrationCreateSchema, integrationListQuery } from "@/lib/integrations/schema";
import { createIntegration, integrationJson, listIntegrations } from "@/lib/integrations/store";

export const GET = route({ auth: "admin", query: integrationListQuery }, async ({ caller, query }) => {
  const rows = await listIntegrations(getDb(), caller.tenantId, query.channel);
  return ok({ integrations: rows.map(integrationJson) });
});

export const POST = route({ auth: "admin", body: integrationCreateSchema }, async ({ caller, body }) => {
  const row = await createIntegration(getDb(), caller.tenantId, body, actorOf(caller));
  return ok(integrationJson(row), "Integration created", 201);
});
