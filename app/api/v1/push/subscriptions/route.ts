import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { ownerOf } from "@/lib/notifications/access";
import {
  pushSubscribeSchema,
  pushSubscriptionJson,
  pushUnsubscribeSchema,
  removeSubscription,
  saveSubscription,
} from "@/lib/push/subscriptions";

export const POST = route({ auth: "user", body: pushSubscribeSchema }, async ({ req, caller, body }) => {
  const { subscription, created } = await saveSubscription(
    getDb(),
    ownerOf(caller),
    body,
    req.headers.get("user-agent"),
  );
  return created
    ? ok(pushSubscriptionJson(subscription), "Push subscription created", 201)
    : ok(pushSubscriptionJson(subscription), "Push subscription updated");
});

export const DELETE = route({ auth: "user", body: pushUnsubscribeSchema }, async ({ caller, body }) => {
  await removeSubscription(getDb(), ownerOf(caller), body.endpoint);
  return ok(null, "Push subscription deleted");
});
