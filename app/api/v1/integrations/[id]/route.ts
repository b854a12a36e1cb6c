import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { integrationIdParams, integrationUpdateSchema } from "@/lib/integrations/schema";
import {
  deleteIntegration,
  getIntegration,
  integrationJson,
  updateIntegration,
} from "@/lib/integrations/store";

export const GET = route({ auth: "admin", params: integrationIdParams }, async ({ caller, params }) => {
  return ok(integrationJson(await getIntegration(getDb(), caller.tenantId, params.id)));
});

export const PUT = route(
  { auth: "admin", params: integrationIdParams, body: integrationUpdateSchema },
  async ({ caller, params, body }) => {
    const row = await updateIntegration(getDb(), caller.tenantId, params.id, body, actorOf(caller));
    return ok(integrationJson(row), "Integration saved");
  },
);

export const DELETE = route({ auth: "admin", params: integrationIdParams }, async ({ caller, params }) => {
  await deleteIntegration(getDb(), caller.tenantId, params.id, actorOf(caller));
  return ok(null, "Integration deleted");
});
