// Twilio's SMS status callbacks (X-Twilio-Signature): SMS deliveries move to delivered or failed.
import { getDb } from "@/lib/db/client";
import { handleTwilioWebhook } from "@/lib/delivery/webhooks";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "public" }, async ({ req }) => ok(await handleTwilioWebhook(getDb(), req)));
