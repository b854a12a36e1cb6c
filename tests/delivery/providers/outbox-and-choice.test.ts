import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { devOutbox } from "@/lib/db/schema";
import { closeProviders, providerFor } from "@/lib/delivery/providers";
import { createOutboxProvider } from "@/lib/providers/outbox";
import { generateVapidKeys } from "@/lib/push/vapid";
import { parseEnv } from "@/lib/env";
import { ensureDefaultTenant } from "@/lib/tenants/tenants";
import { createTestDatabase, type TestDatabase } from "../../helpers/db";
import { messageFor } from "../../stubs/messages";

describe("dev outbox", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it("records the message, html included, and answers the row id", async () => {
    const tenant = await ensureDefaultTenant(t.database.db);
    const message = messageFor("email", {
      tenantId: tenant.id,
      to: "alice@example.com",
      html: "<p>Hi</p>",
      actionUrl: "https://app.example/x",
      actionText: "Open",
    });

    const result = await createOutboxProvider("email").send(message);

    const rows = await t.database.db
      .select()
      .from(devOutbox)
      .where(eq(devOutbox.id, result.providerMessageId!));
    expect(rows).toEqual([
      expect.objectContaining({
        tenantId: tenant.id,
        deliveryId: message.deliveryId,
        channel: "email",
        to: "alice@example.com",
        subject: "Deploy finished",
        body: "Your deploy of herald-web finished in 42 s.",
        payload: expect.objectContaining({
          html: "<p>Hi</p>",
          actionUrl: "https://app.example/x",
          actionText: "Open",
        }),
      }),
    ]);
  });
});

describe("providerFor", () => {
  afterEach(() => closeProviders());
  const vapid = generateVapidKeys();

  it("uses the dev outbox for every channel when nothing is configured", () => {
    const e = parseEnv({});
    for (const channel of ["email", "sms", "push", "wechat"] as const) {
      expect(providerFor(channel, e)).toMatchObject({ name: "outbox", channel });
    }
  });

  it("email: Resend when its key is set, else SMTP, else the outbox", () => {
    const smtp = { SMTP_URL: "smtp://127.0.0.1:2525" };
    expect(providerFor("email", parseEnv({ ...smtp, RESEND_API_KEY: "re_x" })).name).toBe("resend");
    expect(providerFor("email", parseEnv(smtp)).name).toBe("smtp");
  });

  it("sms needs all three Twilio settings", () => {
    const twilio = { TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000", TWILIO_AUTH_TOKEN: "t" };
    expect(providerFor("sms", parseEnv(twilio)).name).toBe("outbox");
    expect(providerFor("sms", parseEnv({ ...twilio, TWILIO_FROM: "+15550001111" })).name).toBe("twilio");
  });

  it("push needs both VAPID keys; wechat needs app id and secret", () => {
    expect(providerFor("push", parseEnv({ VAPID_PUBLIC_KEY: vapid.publicKey })).name).toBe("outbox");
    const push = parseEnv({ VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey });
    expect(providerFor("push", push).name).toBe("webpush");
    expect(providerFor("wechat", parseEnv({ WECHAT_APP_ID: "wx" })).name).toBe("outbox");
    expect(providerFor("wechat", parseEnv({ WECHAT_APP_ID: "wx", WECHAT_APP_SECRET: "s" })).name).toBe(
      "wechat",
    );
  });

  it("keeps one instance per channel and configuration", () => {
    const e = parseEnv({ WECHAT_APP_ID: "wx", WECHAT_APP_SECRET: "s" });
    expect(providerFor("wechat", e)).toBe(
      providerFor("wechat", parseEnv({ WECHAT_APP_ID: "wx", WECHAT_APP_SECRET: "s" })),
    );
    expect(providerFor("wechat", e)).not.toBe(
      providerFor("wechat", parseEnv({ WECHAT_APP_ID: "wx", WECHAT_APP_SECRET: "t" })),
    );
    expect(providerFor("email", e)).not.toBe(providerFor("sms", e));
  });
});
