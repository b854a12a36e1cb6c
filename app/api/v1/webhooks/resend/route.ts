// Resend's delivery events (signed by Svix): email deliveries move to delivered or bounced.
import { getDb } from "@/lib/db/client";
import { handleResendWebhook } from "@/lib/delivery/webhooks";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "public" }, async ({ req }) => ok(await handleResendWebhook(getDb(), req)));
