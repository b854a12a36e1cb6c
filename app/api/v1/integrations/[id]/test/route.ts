import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { testIntegration } from "@/lib/integrations/provider";
import { integrationIdParams, integrationTestSchema } from "@/lib/integrations/schema";
import { getIntegration } from "@/lib/integrations/store";

export const POST = route(
  { auth: "admin", params: integrationIdParams, body: integrationTestSchema },
  async ({ caller, params, body }) => {
    const row = await getIntegration(getDb(), caller.tenantId, params.id);
    const result = await testIntegration(row, body);
    return ok(result, result.ok ? "Test message sent" : "Test message failed");
  },
);
