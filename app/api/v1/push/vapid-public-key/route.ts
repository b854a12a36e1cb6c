import { ok } from "@/lib/http/envelope";
import { notFound } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { vapidPublicKey } from "@/lib/push/vapid";

export const GET = route({ auth: "public" }, async () => {
  const publicKey = vapidPublicKey();
  if (!publicKey) throw notFound("Web Push is not configured");
  return ok({ public_key: publicKey });
});
