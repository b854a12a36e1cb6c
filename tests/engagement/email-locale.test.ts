// An email's chrome speaks its recipient's language: a zh-CN user's footer, unsubscribe link and
// default button are Chinese, an English (or unknown-locale) user's English, in both parts, on the
// same content sent to both through the pipeline to the Resend stub; so does the unsubscribe page.
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { SendInput } from "@/lib/notifications/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { deliveries } from "@/lib/db/schema";
import { processDelivery } from "@/lib/delivery/pipeline";
import { closeProviders } from "@/lib/delivery/providers";
import { parseEnv, resetEnv } from "@/lib/env";
import { forgetAllSenders } from "@/lib/integrations/sender-cache";
import { sendNotifications } from "@/lib/notifications/send";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { upsertUser } from "@/lib/users/store";
import { QUEUES } from "@/server/worker";
import { apiFetch } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startResendStub } from "../stubs/resend-stub";

const KEY = "hk_engagement_email_locale_key_0123456";
const APP_URL = "https://herald.example.com";
const ENV_KEYS = ["RESEND_API_KEY", "RESEND_BASE_URL", "SMTP_URL", "APP_URL", "EMAIL_FROM"];

describe("the email chrome in the recipient's locale", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;
  let resend: Awaited<ReturnType<typeof startResendStub>>;

  beforeAll(async () => {
    resend = await startResendStub();
    for (const k of ENV_KEYS) delete process.env[k];
    Object.assign(process.env, {
      APP_URL,
      EMAIL_FROM: "Herald <notify@example.com>",
      RESEND_API_KEY: resend.apiKey,
      RESEND_BASE_URL: resend.url,
    });
    resetEnv();
    await closeProviders();
    forgetAllSenders();
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant
      .id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await Promise.all([resend.close(), closeProviders()]);
    forgetAllSenders();
    for (const k of ENV_KEYS) delete process.env[k];
    resetEnv();
  });

  /** The same content, with a link and no button text, as an email to each user; their emails by address. */
  const emailsTo = async (externalIds: string[], channels: SendInput["channels"] = ["email"]) => {
    const sent = await sendNotifications(
      t.database.db,
      { tenantId, apiKeyId: null },
      {
        user_ids: externalIds,
        title: "Weekly report",
        content: "Your numbers are in.",
        type: "info",
        priority: "normal",
        channels,
        metadata: { action_url: "https://app.example.com/reports/7" },
      },
    );
    const ids = sent.notifications!.map((n) => n.id);
    const rows = await Promise.all(
      ids.map(
        async (id) =>
          (await t.database.db.select().from(deliveries).where(eq(deliveries.notificationId, id)))[0]!,
      ),
    );
    for (const row of rows) await processDelivery(t.database.db, row.id);
    const bodies = rows.map((row) => resend.emails.find((e) => e.idempotencyKey === row.id)!.body);
    return (address: string) => bodies.find((b) => [b.to].flat().some((to) => to.includes(address)))!;
  };

  it("points an email whose notification is in the inbox too at the inbox, in the user's language", async () => {
    const db = t.database.db;
    await upsertUser(db, tenantId, { externalId: "mei", email: "mei@example.com", locale: "zh-CN" });
    await upsertUser(db, tenantId, { externalId: "bo", email: "bo@example.com", locale: "en" });
    const to = await emailsTo(["mei", "bo"], ["app", "email"]);
    const [zh, en] = ["mei@", "bo@"].map(to);
    expect(zh!.html).toMatch(/<a href="https:\/\/herald\.example\.com\/inbox"[^>]*>在收件箱中查看<\/a>/);
    expect(zh!.text).toContain("在收件箱中查看: https://herald.example.com/inbox");
    expect(en!.html).toContain(">View in your inbox</a>");
    expect(en!.text).toContain("View in your inbox: https://herald.example.com/inbox");
    // An email-only notification is in no inbox: no such link.
    const only = (await emailsTo(["bo"]))("bo@");
    expect(only.html).not.toContain("View in your inbox");
  });

  it("gives a zh-CN user the Chinese footer and unsubscribe text, an English one the English", async () => {
    const db = t.database.db;
    await upsertUser(db, tenantId, { externalId: "li", email: "li@example.com", locale: "zh-CN" });
    await upsertUser(db, tenantId, { externalId: "ann", email: "ann@example.com", locale: "en" });
    await upsertUser(db, tenantId, { externalId: "pierre", email: "pierre@example.com", locale: "fr" });

    const to = await emailsTo(["li", "ann", "pierre"]);
    const [zh, en, fr] = ["li@", "ann@", "pierre@"].map(to);

    expect(zh!.html).toContain('lang="zh-CN"');
    expect(zh!.html).toContain("由 Herald 发送");
    expect(zh!.html).toContain("退订");
    expect(zh!.html).toContain("打开");
    expect(zh!.html).not.toContain("Sent by Herald");
    expect(zh!.html).not.toContain("Unsubscribe<");
    expect(zh!.text).toMatch(/-- \n由 Herald 发送\n退订: https:\/\/herald\.example\.com\/u\//);
    expect(zh!.text).toContain("打开: https://app.example.com/reports/7");

    for (const email of [en!, fr!]) {
      expect(email.html).toContain('lang="en"');
      expect(email.html).toContain("Sent by Herald");
      expect(email.html).toContain("Unsubscribe");
      expect(email.html).not.toContain("退订");
      expect(email.text).toMatch(/-- \nSent by Herald\nUnsubscribe: https:\/\/herald\.example\.com\/u\//);
      expect(email.text).toContain("Open: https://app.example.com/reports/7");
    }

    // The footer's link opens a page in the same language, whatever the browser asks for.
    const link = (html = "") => /href="(https:\/\/herald\.example\.com\/u\/[^"]+)"/.exec(html)![1]!;
    const open = async (url: string) =>
      (await apiFetch(new Request(url, { headers: { "accept-language": "en-US,en;q=0.9" } }))).text();
    const zhPage = await open(link(zh!.html));
    expect(zhPage).toContain('<html lang="zh-CN">');
    expect(zhPage).toContain("<h1>退订信息类通知邮件？</h1>");
    expect(zhPage).toContain(">退订</button>");
    const enPage = await open(link(en!.html));
    expect(enPage).toContain("<h1>Unsubscribe from info notification emails?</h1>");
    // No user behind the link: the browser's language.
    const invalid = await (
      await apiFetch(new Request(`${APP_URL}/u/not-a-token`, { headers: { "accept-language": "zh-CN,zh" } }))
    ).text();
    expect(invalid).toContain("<h1>此链接无效</h1>");
  });
});
