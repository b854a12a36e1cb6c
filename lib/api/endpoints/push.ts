// Push: the VAPID public key browsers subscribe with, each user's browser registrations, and the
// user's mobile devices (FCM and APNs tokens).
import { z } from "zod";
import { notFound } from "../../errors";
import { ownerOf } from "../../notifications/access";
import {
  pushDeviceJson,
  pushDeviceRegisterSchema,
  pushDeviceRemoveSchema,
  pushDeviceSchema,
  removeDevice,
  saveDevice,
} from "../../push/devices";
import {
  pushSubscribeSchema,
  pushSubscriptionJson,
  pushSubscriptionSchema,
  pushUnsubscribeSchema,
  removeSubscription,
  saveSubscription,
} from "../../push/subscriptions";
import { vapidPublicKey } from "../../push/vapid";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.push;

const publicKey = endpoint(
  {
    method: "get",
    path: "/api/v1/push/vapid-public-key",
    id: "getVapidPublicKey",
    summary: "The VAPID public key browsers subscribe with",
    description:
      "Pass it as `applicationServerKey` to `PushManager.subscribe`. From `VAPID_PUBLIC_KEY`; outside production without one, a key pair generated once and kept in `DATA_DIR`. 404 in production without keys.",
    tag,
    auth: "public",
    data: z.object({
      public_key: z.string().meta({ description: "base64url, an uncompressed P-256 point" }),
    }),
    errors: [404],
  },
  async () => {
    const key = vapidPublicKey();
    if (!key) throw notFound("Web Push is not configured");
    return { data: { public_key: key } };
  },
);

const subscribe = endpoint(
  {
    method: "post",
    path: "/api/v1/push/subscriptions",
    id: "subscribePush",
    summary: "Register this browser for Web Push",
    description:
      "The body is the browser's `PushSubscription.toJSON()`. One endpoint is one browser: a new endpoint is 201; registering it again updates it (200), also when another user of the tenant had it.",
    tag,
    auth: "user",
    body: pushSubscribeSchema,
    data: pushSubscriptionSchema,
    message: "Push subscription created",
    status: 201,
    updated: "Push subscription updated",
    errors: [409],
  },
  async ({ db, caller, body, req }) => {
    const { subscription, created } = await saveSubscription(
      db,
      ownerOf(caller),
      body,
      req.headers.get("user-agent"),
    );
    return { data: pushSubscriptionJson(subscription), status: created ? 201 : 200 };
  },
);

const unsubscribe = endpoint(
  {
    method: "delete",
    path: "/api/v1/push/subscriptions",
    id: "unsubscribePush",
    summary: "Unregister one of your browsers",
    tag,
    auth: "user",
    body: pushUnsubscribeSchema,
    data: z.null(),
    message: "Push subscription deleted",
  },
  async ({ db, caller, body }) => {
    await removeSubscription(db, ownerOf(caller), body.endpoint);
    return { data: null };
  },
);

const registerDevice = endpoint(
  {
    method: "post",
    path: "/api/v1/push/devices",
    id: "registerPushDevice",
    summary: "Register or refresh a mobile device for push",
    description:
      "The app sends its FCM registration token or APNs device token at start and whenever it changes. One token is one app install: a new token is 201; registering it again refreshes it (200), also when another user of the tenant had it. The push channel then reaches it through the tenant's `fcm` or `apns` integration.",
    tag,
    auth: "user",
    body: pushDeviceRegisterSchema,
    data: pushDeviceSchema,
    message: "Push device registered",
    status: 201,
    updated: "Push device updated",
  },
  async ({ db, caller, body }) => {
    const { device, created } = await saveDevice(db, ownerOf(caller), body);
    return { data: pushDeviceJson(device), status: created ? 201 : 200 };
  },
);

const removeDeviceEndpoint = endpoint(
  {
    method: "delete",
    path: "/api/v1/push/devices",
    id: "removePushDevice",
    summary: "Unregister one of your mobile devices",
    description: "At sign-out, so the device gets nothing more for this user.",
    tag,
    auth: "user",
    body: pushDeviceRemoveSchema,
    data: z.null(),
    message: "Push device deleted",
  },
  async ({ db, caller, body }) => {
    await removeDevice(db, ownerOf(caller), body);
    return { data: null };
  },
);

export const pushEndpoints: Endpoint[] = [
  publicKey,
  subscribe,
  unsubscribe,
  registerDevice,
  removeDeviceEndpoint,
];
