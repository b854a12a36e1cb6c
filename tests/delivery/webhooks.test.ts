// Provider webhooks end to end through the route handlers: requests signed exactly as Resend (Svix)
// and Twilio sign them, against a real database.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { deliveries, notifications, webhookEvents, type DeliveryStatus } from "@/lib/db/schema";
import { pruneWebhookEvents } from "@/lib/delivery/webhooks";
import { parseEnv, resetEnv } from "@/lib/env";
import { upsertUser } from "@/lib/users/store";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { apiFetch } from "../helpers/api";

const RESEND_SECRET = `whsec_${randomBytes(24).toString("base64")}`;
const TWILIO_TOKEN = randomBytes(16).toString("hex");
// Where Twilio and Resend reach Herald (behind a proxy), and where the request arrives inside.
const APP_URL = "https://herald.example.com";
const INTERNAL = "http://127.0.0.1:3000";
const RESEND_PATH = "/api/v1/webhooks/resend";
const TWILIO_PATH = "/api/v1/webhooks/twilio";
const ENV_KEYS = ["RESEND_WEBHOOK_SECRET", "TWILIO_AUTH_TOKEN", "APP_URL"] as const;

type Answer = { status: number; json: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function post(
  handler: (req: Request) => Promise<Response>,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<Answer> {
  const res = await handler(new Request(url, { method: "POST", headers, body }));
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** Svix's signature: base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`, keyed with the decoded secret. */
function svixSign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  return createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
}

function svixHeaders(
  body: string,
  opts: { id?: string; timestamp?: number; secret?: string; signature?: string } = {},
): Record<string, string> {
  const id = opts.id ?? `msg_${randomBytes(12).toString("hex")}`;
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = opts.signature ?? `v1,${svixSign(opts.secret ?? RESEND_SECRET, id, timestamp, body)}`;
  return {
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": String(timestamp),
    "svix-signature": signature,
  };
}

const resendEvent = (type: string, emailId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type,
    created_at: new Date().toISOString(),
    data: {
      created_at: new Date().toISOString(),
      email_id: emailId,
      from: "Herald <notify@example.com>",
      to: ["pia@example.com"],
      subject: "Your order shipped",
      ...extra,
    },
  });

/** Twilio's signature: base64 HMAC-SHA1 of the URL it called + each sorted field's name and value. */
function twilioSign(token: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return createHmac("sha1", token).update(Buffer.from(data, "utf8")).digest("base64");
}

function twilioCallback(sid: string, status: string, extra: Record<string, string> = {}) {
  return {
    AccountSid: "AC00000000000000000000000000000000",
    ApiVersion: "2010-04-01",
    From: "+15550009999",
    To: "+15550001111",
    MessageSid: sid,
    SmsSid: sid,
    MessageStatus: status,
    SmsStatus: status,
    ...extra,
  };
}

const postResend = (body: string, headers: Record<string, string>) =>
  post(apiFetch, INTERNAL + RESEND_PATH, body, headers);

/** Posts a Twilio callback signed over `signedUrl` (by default the public URL Twilio called). */
const postTwilio = (params: Record<string, string>, opts: { signedUrl?: string; path?: string } = {}) => {
  const path = opts.path ?? TWILIO_PATH;
  return post(apiFetch, INTERNAL + path, new URLSearchParams(params).toString(), {
    "content-type": "application/x-www-form-urlencoded",
    "x-twilio-signature": twilioSign(TWILIO_TOKEN, opts.signedUrl ?? APP_URL + path, params),
  });
};

describe("provider webhooks", () => {
  let t: TestDatabase;
  let tenantId: string;
  let userId: string;
  let seq = 0;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

  const setEnv = (values: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnv();
  };

  beforeAll(async () => {
    for (const k of ENV_KEYS) saved[k] = process.env[k];
    setEnv({ RESEND_WEBHOOK_SECRET: RESEND_SECRET, TWILIO_AUTH_TOKEN: TWILIO_TOKEN, APP_URL });
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test" }))).tenant.id;
    userId = (
      await upsertUser(t.database.db, tenantId, {
        externalId: "pia",
        email: "pia@example.com",
        phone: "+15550001111",
      })
    ).id;
  });
  afterAll(async () => {
    await t.drop();
    setEnv(saved);
  });

  /** A notification whose one external delivery the provider accepted, as the pipeline leaves it. */
  async function sentDelivery(channel: "email" | "sms") {
    const db = t.database.db;
    seq += 1;
    const [n] = await db
      .insert(notifications)
      .values({
        tenantId,
        userId,
        seq,
        changeSeq: seq,
        title: "Your order shipped",
        content: "It arrives Thursday.",
        type: "info",
        status: "processing",
        channels: [channel],
      })
      .returning();
    const providerMessageId = channel === "email" ? randomUUID() : `SM${randomBytes(16).toString("hex")}`;
    const [d] = await db
      .insert(deliveries)
      .values({
        tenantId,
        notificationId: n!.id,
        userId,
        channel,
        provider: channel === "email" ? "resend" : "twilio",
        destination: channel === "email" ? "pia@example.com" : "+15550001111",
        status: "sent",
        attempts: 1,
        providerMessageId,
        sentAt: new Date(),
      })
      .returning();
    return { ...d!, providerMessageId };
  }

  const deliveryOf = async (id: string) =>
    (await t.database.db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!;
  const notificationStatusOf = async (id: string) =>
    (await t.database.db.select().from(notifications).where(eq(notifications.id, id)))[0]!.status;
  const expectStatus = async (id: string, status: DeliveryStatus) =>
    expect((await deliveryOf(id)).status).toBe(status);

  describe("Resend (Svix signatures)", () => {
    it("email.delivered marks the delivery delivered and settles the notification", async () => {
      const d = await sentDelivery("email");
      const body = resendEvent("email.delivered", d.providerMessageId);
      const res = await postResend(body, svixHeaders(body));
      expect(res).toEqual({ status: 200, json: { code: 200, message: "Success", data: { applied: true } } });
      const after = await deliveryOf(d.id);
      expect(after.status).toBe("delivered");
      expect(after.deliveredAt).toBeInstanceOf(Date);
      expect(await notificationStatusOf(d.notificationId!)).toBe("sent");
    });

    it("email.bounced marks it bounced with the bounce's reason", async () => {
      const d = await sentDelivery("email");
      const body = resendEvent("email.bounced", d.providerMessageId, {
        bounce: {
          message: "The recipient's email address does not exist.",
          subType: "General",
          type: "Permanent",
        },
      });
      const res = await postResend(body, svixHeaders(body));
      expect(res.json.data).toEqual({ applied: true });
      const after = await deliveryOf(d.id);
      expect(after).toMatchObject({ status: "bounced", reason: "bounced" });
      expect(after.lastError).toContain("does not exist");
      expect(after.failedAt).toBeInstanceOf(Date);
      // Its only channel ended without success.
      expect(await notificationStatusOf(d.notificationId!)).toBe("failed");
    });

    it("a replay of the same svix-id is acknowledged and not applied again", async () => {
      const d = await sentDelivery("email");
      const body = resendEvent("email.delivered", d.providerMessageId);
      const headers = svixHeaders(body);
      expect((await postResend(body, headers)).json.data).toEqual({ applied: true });
      // Put the row back: only the processed-event record can now stop the replay.
      await t.database.db.update(deliveries).set({ status: "sent" }).where(eq(deliveries.id, d.id));
      const replay = await postResend(body, headers);
      expect(replay).toMatchObject({ status: 200, json: { data: { applied: false } } });
      await expectStatus(d.id, "sent");
    });

    it("accepts any v1 entry of the signature header (secret rotation)", async () => {
      const d = await sentDelivery("email");
      const body = resendEvent("email.delivered", d.providerMessageId);
      const id = "msg_rotation";
      const ts = Math.floor(Date.now() / 1000);
      const old = svixSign(`whsec_${randomBytes(24).toString("base64")}`, id, ts, body);
      const signature = `v1,${old} v1,${svixSign(RESEND_SECRET, id, ts, body)}`;
      const res = await postResend(body, svixHeaders(body, { id, timestamp: ts, signature }));
      expect(res.json.data).toEqual({ applied: true });
    });

    it("refuses a forged, tampered or missing signature with 401 and changes nothing", async () => {
      const d = await sentDelivery("email");
      const body = resendEvent("email.bounced", d.providerMessageId);
      const forged = svixHeaders(body, { secret: `whsec_${randomBytes(24).toString("base64")}` });
      const tampered = svixHeaders(resendEvent("email.delivered", d.providerMessageId));
      const unsigned = { "content-type": "application/json" };
      for (const headers of [forged, tampered, unsigned]) {
        const res = await postResend(body, headers);
        expect(res).toEqual({
          status: 401,
          json: { code: 401, message: "Invalid signature", error_code: "unauthorized" },
        });
      }
      await expectStatus(d.id, "sent");
    });

    it("refuses a timestamp more than 5 minutes off, even with a valid signature", async () => {
      const d = await sentDelivery("email");
      const body = resendEvent("email.delivered", d.providerMessageId);
      const now = Math.floor(Date.now() / 1000);
      for (const timestamp of [now - 6 * 60, now + 6 * 60]) {
        const res = await postResend(body, svixHeaders(body, { timestamp }));
        expect(res.status).toBe(401);
      }
      await expectStatus(d.id, "sent");
      // Within the window it passes.
      const ok = await postResend(body, svixHeaders(body, { timestamp: now - 4 * 60 }));
      expect(ok.json.data).toEqual({ applied: true });
    });

    it("never moves a delivery backwards: a late delivered after bounced is ignored", async () => {
      const d = await sentDelivery("email");
      const bounced = resendEvent("email.bounced", d.providerMessageId);
      await postResend(bounced, svixHeaders(bounced));
      const delivered = resendEvent("email.delivered", d.providerMessageId);
      const late = await postResend(delivered, svixHeaders(delivered));
      expect(late).toMatchObject({ status: 200, json: { data: { applied: false } } });
      const after = await deliveryOf(d.id);
      expect(after.status).toBe("bounced");
      expect(after.deliveredAt).toBeNull();
    });

    it("a bounce reported after delivered still counts (the same end state in either order)", async () => {
      const d = await sentDelivery("email");
      const delivered = resendEvent("email.delivered", d.providerMessageId);
      await postResend(delivered, svixHeaders(delivered));
      const bounced = resendEvent("email.bounced", d.providerMessageId);
      expect((await postResend(bounced, svixHeaders(bounced))).json.data).toEqual({ applied: true });
      await expectStatus(d.id, "bounced");
    });

    it("a complaint is recorded without changing the status; a delay changes nothing", async () => {
      const d = await sentDelivery("email");
      const delivered = resendEvent("email.delivered", d.providerMessageId);
      await postResend(delivered, svixHeaders(delivered));
      const delayed = resendEvent("email.delivery_delayed", d.providerMessageId);
      expect((await postResend(delayed, svixHeaders(delayed))).json.data).toEqual({ applied: false });
      const complained = resendEvent("email.complained", d.providerMessageId);
      expect((await postResend(complained, svixHeaders(complained))).json.data).toEqual({ applied: true });
      expect(await deliveryOf(d.id)).toMatchObject({ status: "delivered", reason: "complained" });
      // A second complaint (another event id) changes nothing more.
      expect((await postResend(complained, svixHeaders(complained))).json.data).toEqual({ applied: false });
    });

    it("acknowledges an event for an unknown email, and events it does not act on", async () => {
      const unknown = resendEvent("email.delivered", randomUUID());
      expect(await postResend(unknown, svixHeaders(unknown))).toMatchObject({
        status: 200,
        json: { data: { applied: false } },
      });
      const opened = resendEvent("email.opened", randomUUID());
      expect((await postResend(opened, svixHeaders(opened))).json.data).toEqual({ applied: false });
    });
  });

  describe("Twilio (X-Twilio-Signature over APP_URL)", () => {
    it("delivered marks the SMS delivery delivered", async () => {
      const d = await sentDelivery("sms");
      const res = await postTwilio(twilioCallback(d.providerMessageId, "delivered"));
      expect(res).toEqual({ status: 200, json: { code: 200, message: "Success", data: { applied: true } } });
      const after = await deliveryOf(d.id);
      expect(after.status).toBe("delivered");
      expect(after.deliveredAt).toBeInstanceOf(Date);
      expect(await notificationStatusOf(d.notificationId!)).toBe("sent");
    });

    it("undelivered marks it failed with Twilio's error code", async () => {
      const d = await sentDelivery("sms");
      const res = await postTwilio(
        twilioCallback(d.providerMessageId, "undelivered", { ErrorCode: "30003" }),
      );
      expect(res.json.data).toEqual({ applied: true });
      const after = await deliveryOf(d.id);
      expect(after).toMatchObject({ status: "failed", reason: "undelivered" });
      expect(after.lastError).toContain("30003");
      expect(await notificationStatusOf(d.notificationId!)).toBe("failed");
    });

    it("the same status twice is applied once; sent and queued change nothing", async () => {
      const d = await sentDelivery("sms");
      expect((await postTwilio(twilioCallback(d.providerMessageId, "sent"))).json.data).toEqual({
        applied: false,
      });
      const delivered = twilioCallback(d.providerMessageId, "delivered");
      expect((await postTwilio(delivered)).json.data).toEqual({ applied: true });
      expect((await postTwilio(delivered)).json.data).toEqual({ applied: false });
      await expectStatus(d.id, "delivered");
    });

    it("signs over the public URL including its query string", async () => {
      const d = await sentDelivery("sms");
      const res = await postTwilio(twilioCallback(d.providerMessageId, "delivered"), {
        path: `${TWILIO_PATH}?source=status`,
      });
      expect(res.json.data).toEqual({ applied: true });
    });

    it("refuses a signature over the internal URL when APP_URL differs, and a missing one", async () => {
      const d = await sentDelivery("sms");
      const params = twilioCallback(d.providerMessageId, "delivered");
      const internal = await postTwilio(params, { signedUrl: INTERNAL + TWILIO_PATH });
      expect(internal).toEqual({
        status: 401,
        json: { code: 401, message: "Invalid signature", error_code: "unauthorized" },
      });
      const unsigned = await post(apiFetch, INTERNAL + TWILIO_PATH, new URLSearchParams(params).toString(), {
        "content-type": "application/x-www-form-urlencoded",
      });
      expect(unsigned.status).toBe(401);
      await expectStatus(d.id, "sent");
    });

    it("acknowledges a callback for an unknown message", async () => {
      const res = await postTwilio(twilioCallback(`SM${randomBytes(16).toString("hex")}`, "delivered"));
      expect(res).toMatchObject({ status: 200, json: { data: { applied: false } } });
    });
  });

  it("prunes processed-event records older than the providers' retry window", async () => {
    const db = t.database.db;
    const old = new Date(Date.now() - 31 * 24 * 3600_000);
    await db
      .insert(webhookEvents)
      .values({ provider: "resend", eventId: "msg_old", eventType: "email.delivered", createdAt: old });
    const before = (await db.select().from(webhookEvents)).length;
    expect(await pruneWebhookEvents(db)).toBe(1);
    expect((await db.select().from(webhookEvents)).length).toBe(before - 1);
  });

  it("answers 404 while a provider's secret is unset (the endpoint is off)", async () => {
    const email = await sentDelivery("email");
    const sms = await sentDelivery("sms");
    setEnv({ RESEND_WEBHOOK_SECRET: undefined, TWILIO_AUTH_TOKEN: undefined });
    try {
      const body = resendEvent("email.delivered", email.providerMessageId);
      expect((await postResend(body, svixHeaders(body))).status).toBe(404);
      expect((await postTwilio(twilioCallback(sms.providerMessageId, "delivered"))).status).toBe(404);
      await expectStatus(email.id, "sent");
      await expectStatus(sms.id, "sent");
    } finally {
      setEnv({ RESEND_WEBHOOK_SECRET: RESEND_SECRET, TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
    }
  });
});
