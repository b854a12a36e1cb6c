// Providers' delivery webhooks: public, each proven by its signature over the raw body, which the
// handler reads itself (so the body is documented, not parsed here).
import { z } from "zod";
import {
  handleResendWebhook,
  handleTwilioWebhook,
  resendEventSchema,
  twilioStatusCallbackSchema,
  webhookResultSchema,
} from "../../delivery/webhooks";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.webhooks;

const resend = endpoint(
  {
    method: "post",
    path: "/api/v1/webhooks/resend",
    id: "resendWebhook",
    summary: "Resend's delivery events (Svix-signed)",
    description:
      "Point a Resend webhook here and set `RESEND_WEBHOOK_SECRET` to its signing secret. The email delivery whose provider message id is `data.email_id` moves forward only (a late `delivered` after `bounced` is ignored); an event replayed with the same `svix-id` is applied once; an unknown message is acknowledged.",
    tag,
    auth: "public",
    header: z.object({
      "svix-id": z.string().meta({ description: "The event id: a replay with the same id is applied once" }),
      "svix-timestamp": z.string().meta({ description: "Unix seconds; over 5 minutes off is refused" }),
      "svix-signature": z
        .string()
        .meta({ description: "Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>` entries" }),
    }),
    requestBody: { required: true, content: { "application/json": { schema: resendEventSchema } } },
    data: webhookResultSchema,
    errors: [400, 401, 404, 413],
  },
  async ({ db, req }) => ({ data: await handleResendWebhook(db, req) }),
);

const twilio = endpoint(
  {
    method: "post",
    path: "/api/v1/webhooks/twilio",
    id: "twilioWebhook",
    summary: "Twilio's SMS status callbacks",
    description:
      "Enabled by `TWILIO_AUTH_TOKEN`. The signature covers the public URL Twilio called, so `APP_URL` must be Herald's public URL. The SMS delivery whose provider message id is `MessageSid` moves forward only; the same status twice is applied once; an unknown message is acknowledged.",
    tag,
    auth: "public",
    header: z.object({
      "X-Twilio-Signature": z.string().meta({
        description:
          "base64 HMAC-SHA1, keyed with the auth token, of the URL followed by each sorted field's name and value",
      }),
    }),
    requestBody: {
      required: true,
      content: { "application/x-www-form-urlencoded": { schema: twilioStatusCallbackSchema } },
    },
    data: webhookResultSchema,
    errors: [400, 401, 404, 413],
  },
  async ({ db, req }) => ({ data: await handleTwilioWebhook(db, req) }),
);

export const webhooksEndpoints: Endpoint[] = [resend, twilio];
