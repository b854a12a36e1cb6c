import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { deliveries, devOutbox, notifications, users } from "@/lib/db/schema";
import { processDelivery } from "@/lib/delivery/pipeline";
import { parseEnv } from "@/lib/env";
import { sendNotifications } from "@/lib/notifications/send";
import { sendSchema } from "@/lib/notifications/schema";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { channelMessageFor } from "@/lib/templates/render";
import { createTemplate, updateTemplate } from "@/lib/templates/store";
import { templateCreateSchema } from "@/lib/templates/schema";
import { upsertUser } from "@/lib/users/store";
import { QUEUES } from "@/server/worker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const system = { type: "system" as const, id: null };

describe("channelMessageFor", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;

  const sendTo = async (userId: string, body: Record<string, unknown>) => {
    const data = await sendNotifications(
      t.database.db,
      { tenantId, apiKeyId: null },
      sendSchema.parse({ user_ids: [userId], ...body }),
    );
    const [row] = await t.database.db
      .select({ n: notifications, user: users })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(eq(notifications.batchId, data.batch_id));
    return row!;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    ({
      tenant: { id: tenantId },
    } = await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test" })));
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    await upsertUser(t.database.db, tenantId, {
      externalId: "ann",
      name: "Ann <3",
      email: "ann@example.com",
      locale: "en-US",
    });
    await upsertUser(t.database.db, tenantId, { externalId: "wei", name: "伟", locale: "zh-CN" });
    await createTemplate(
      t.database.db,
      tenantId,
      templateCreateSchema.parse({
        code: "order_shipped",
        name: "Order shipped",
        channels: ["app", "email", "sms", "push", "wechat"],
        blocks: {
          en: {
            app: {
              title: "Order {{ order.id }} shipped",
              content: "Hi {{ user.name }}, {{ note }}",
              action_url: "https://shop.example/orders/{{ order.id }}",
              action_text: "Track",
            },
            email: {
              subject: "Your order {{ order.id }} & more",
              html: "<h1>Hi {{ user.name }}</h1><p>{{ note }}</p>",
            },
            push: {
              title: "Shipped {{ order.id }}",
              body: "{{ note }}",
              url: "https://shop.example/p/{{ order.id }}",
            },
            wechat: {
              template_id: "WX_TPL_1",
              data: { first: "{{ user.name }}", keyword1: "{{ order.id }}" },
              url: "https://shop.example/wx",
            },
          },
          "zh-CN": {
            app: { title: "订单 {{ order.id }} 已发货", content: "{{ user.name }}，{{ note }}" },
            sms: { text: "【商店】订单 {{ order.id }} 已发货" },
          },
        },
      }),
      system,
    );
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });

  it("renders each channel's own block with the send's params and the recipient's fields", async () => {
    const { n, user } = await sendTo("ann", {
      template_code: "order_shipped",
      params: { order: { id: "A-1" }, note: "<script>x()</script>" },
    });
    const email = await channelMessageFor(t.database.db, n, "email", user);
    expect(email.title).toBe("Your order A-1 & more");
    expect(email.html).toBe("<h1>Hi Ann &lt;3</h1><p>&lt;script&gt;x()&lt;/script&gt;</p>");
    expect(email.text).toBe("Hi Ann <3\n\n<script>x()</script>");

    const push = await channelMessageFor(t.database.db, n, "push", user);
    expect(push).toMatchObject({
      title: "Shipped A-1",
      text: "<script>x()</script>",
      actionUrl: "https://shop.example/p/A-1",
    });

    const wechat = await channelMessageFor(t.database.db, n, "wechat", user);
    expect(wechat.actionUrl).toBe("https://shop.example/wx");
    expect(wechat.data).toMatchObject({
      template_id: "WX_TPL_1",
      data: { first: "Ann <3", keyword1: "A-1" },
    });
  });

  it("gives the email's text part the characters the HTML part escapes", async () => {
    const { n, user } = await sendTo("ann", {
      template_code: "order_shipped",
      params: { order: { id: "A-3" }, note: `"Fast" & 'free'` },
    });
    const email = await channelMessageFor(t.database.db, n, "email", user);
    expect(email.html).toContain("&#34;Fast&#34; &amp; &#39;free&#39;");
    expect(email.text).toBe(`Hi Ann <3\n\n"Fast" & 'free'`);
  });

  it("falls back to the in-app block, as text, for a channel without a block in the recipient's locale", async () => {
    const { n, user } = await sendTo("ann", {
      template_code: "order_shipped",
      params: { order: { id: "A-2" }, note: "a & b" },
    });
    // The stored in-app row is escaped for HTML; the SMS gets plain text.
    expect(n.content).toBe("Hi Ann &lt;3, a &amp; b");
    const sms = await channelMessageFor(t.database.db, n, "sms", user);
    expect(sms).toMatchObject({
      title: "Order A-2 shipped",
      text: "Hi Ann <3, a & b",
      actionUrl: "https://shop.example/orders/A-2",
      actionText: "Track",
    });
  });

  it("uses the recipient's locale, falling back by language", async () => {
    const { n, user } = await sendTo("wei", {
      template_code: "order_shipped",
      params: { order: { id: "B-7" }, note: "好" },
    });
    expect(n.title).toBe("订单 B-7 已发货");
    expect((await channelMessageFor(t.database.db, n, "sms", user)).text).toBe("【商店】订单 B-7 已发货");
    // No Chinese email block: the English one.
    expect((await channelMessageFor(t.database.db, n, "email", user)).title).toBe("Your order B-7 & more");
    expect((await channelMessageFor(t.database.db, n, "sms", { ...user, locale: "zh-TW" })).text).toBe(
      "【商店】订单 B-7 已发货",
    );
  });

  it("renders the version the notification was sent with, not a later one", async () => {
    const { n, user } = await sendTo("ann", {
      template_code: "order_shipped",
      params: { order: { id: "C-3" }, note: "n" },
    });
    await updateTemplate(
      t.database.db,
      tenantId,
      "order_shipped",
      { blocks: { en: { app: { title: "Changed", content: "Changed" }, sms: { text: "Changed" } } } },
      system,
    );
    const sms = await channelMessageFor(t.database.db, n, "sms", user);
    expect(sms.text).toBe("Hi Ann <3, n");
    expect(n.templateVersion).toBe(1);
  });

  it("gives a notification sent without a template its stored title and content", async () => {
    const { n, user } = await sendTo("ann", {
      title: "Plain",
      content: "Body",
      type: "info",
      metadata: { action_url: "https://x.example", template_id: "WX" },
    });
    expect(await channelMessageFor(t.database.db, n, "email", user)).toEqual({
      title: "Plain",
      text: "Body",
      actionUrl: "https://x.example",
      actionText: undefined,
      data: { action_url: "https://x.example", template_id: "WX" },
    });
  });

  it("is what the delivery worker sends: the email block, rendered for its recipient", async () => {
    await createTemplate(
      t.database.db,
      tenantId,
      templateCreateSchema.parse({
        code: "invoice_ready",
        name: "Invoice ready",
        channels: ["app", "email"],
        blocks: {
          en: {
            app: { title: "Invoice {{ no }}", content: "Ready" },
            email: { subject: "Invoice {{ no }} for {{ user.name }}", html: "<p>{{ note }}</p>" },
          },
        },
      }),
      system,
    );
    const { n } = await sendTo("ann", {
      template_code: "invoice_ready",
      params: { no: 7, note: "<b>due</b>" },
    });
    const [d] = await t.database.db.select().from(deliveries).where(eq(deliveries.notificationId, n.id));
    expect(await processDelivery(t.database.db, d!.id)).toBe("sent");
    const [sent] = await t.database.db.select().from(devOutbox).where(eq(devOutbox.deliveryId, d!.id));
    expect(sent).toMatchObject({ channel: "email", to: "ann@example.com", subject: "Invoice 7 for Ann <3" });
    expect((sent!.payload as { html?: string }).html).toBe("<p>&lt;b&gt;due&lt;/b&gt;</p>");
  });
});
