import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { rotateTokenSecret } from "@/lib/tenants/tenants";

export const POST = route({ auth: "admin" }, async ({ caller }) => {
  await rotateTokenSecret(getDb(), caller.tenantId, actorOf(caller));
  return ok(null, "Token secret rotated: every subscriber token issued before is now invalid");
});
