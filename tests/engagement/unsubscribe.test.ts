// One-click unsubscribe (RFC 8058) end to end: an email sent through the pipeline to the Resend stub
// and to the SMTP stub carries List-Unsubscribe and List-Unsubscribe-Post; POSTing the one-click
// body to its URL turns off exactly that preference, once; a tampered link changes nothing; a
// critical workflow's email has no header.
import { and, eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { auditLog, deliveries } from "@/lib/db/schema";
import { processDelivery } from "@/lib/delivery/pipeline";
import { closeProviders } from "@/lib/delivery/providers";
import { parseEnv, resetEnv } from "@/lib/env";
import { bus, type DomainEvent } from "@/lib/events";
import { forgetAllSenders } from "@/lib/integrations/sender-cache";
import { sendNotifications } from "@/lib/notifications/send";
import { getPreferences, preferencesOwner, savePreferences } from "@/lib/preferences/store";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { upsertUser } from "@/lib/users/store";
import { QUEUES } from "@/server/worker";
import { api, apiFetch, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { drainSteps } from "../helpers/workflows";
import { startResendStub } from "../stubs/resend-stub";
import { mailHeader, startSmtpStub } from "../stubs/smtp-stub";

const KEY = "hk_engagement_unsubscribe_super_key_0123";
const APP_URL = "https://herald.example.com";
const ONE_CLICK = "List-Unsubscribe=One-Click";
const ENV_KEYS = ["RESEND_API_KEY", "RESEND_BASE_URL", "SMTP_URL", "APP_URL", "EMAIL_FROM"];

/** The https link inside a List-Unsubscribe header value. */
function linkOf(header: string | undefined): string {
  const url = /<(https:[^>]+)>/.exec(header ?? "")?.[1];
  expect(url, `List-Unsubscribe: ${header}`).toMatch(new RegExp(`^${APP_URL}/u/[\\w-]+\\.[\\w-]+$`));
  return url!;
}

/** A request to one of the email's links, as a mail client or a browser sends it. */
async function hit(url: string, method: "GET" | "POST", body?: string) {
  const headers = body === undefined ? undefined : { "content-type": "application/x-www-form-urlencoded" };
  const res = await apiFetch(new Request(url, { method, headers, body }));
  return { status: res.status, type: res.headers.get("content-type"), html: await res.text() };
}

describe("List-Unsubscribe and the one-click route", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;
  let resend: Awaited<ReturnType<typeof startResendStub>>;
  let smtp: Awaited<ReturnType<typeof startSmtpStub>>;
  const events: DomainEvent[] = [];

  const useEnv = async (vars: Record<string, string>) => {
    for (const k of ENV_KEYS) delete process.env[k];
    Object.assign(process.env, { APP_URL, EMAIL_FROM: "Herald <notify@example.com>" }, vars);
    resetEnv();
    await closeProviders();
    forgetAllSenders();
  };

  beforeAll(async () => {
    resend = await startResendStub();
    smtp = await startSmtpStub();
    await useEnv({ RESEND_API_KEY: resend.apiKey, RESEND_BASE_URL: resend.url });
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant
      .id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    bus().subscribe((e) => events.push(e));
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await Promise.all([resend.close(), smtp.close(), closeProviders()]);
    forgetAllSenders();
    for (const k of ENV_KEYS) delete process.env[k];
    resetEnv();
  });

  const userWithPrefs = async (externalId: string) => {
    await upsertUser(t.database.db, tenantId, { externalId, email: `${externalId}@example.com` });
    const owner = await preferencesOwner(t.database.db, tenantId, externalId);
    // Some saved choices, so "only that key changed" compares against more than the defaults.
    await savePreferences(
      t.database.db,
      owner,
      { channels: { warning: ["app", "email"] }, workflows: { "other.flow": { enabled: false } } },
      { type: "system", id: null },
    );
    return owner;
  };

  /** One email notification of `type` to the user, run through the pipeline; its delivery row. */
  const deliverEmail = async (externalId: string, type: "info" | "warning" = "info") => {
    const sent = await sendNotifications(
      t.database.db,
      { tenantId, apiKeyId: null },
      {
        user_ids: [externalId],
        title: "Weekly report",
        content: "Your numbers are in.",
        type,
        priority: "normal",
        channels: ["email"],
        metadata: { action_url: "https://app.example.com/reports/7" },
      },
    );
    const [d] = await t.database.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.notificationId, sent.notifications![0]!.id));
    await processDelivery(t.database.db, d!.id);
    return (await t.database.db.select().from(deliveries).where(eq(deliveries.id, d!.id)))[0]!;
  };

  const unsubscribeAudits = (userId: string) =>
    t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "preferences.unsubscribed"), eq(auditLog.targetId, userId)));

  it("a Resend email carries both headers and a footer link; one click turns off exactly that type for email, once", async () => {
    const owner = await userWithPrefs("amy");
    const row = await deliverEmail("amy");
    expect(row.status).toBe("sent");
    const email = resend.emails.find((e) => e.idempotencyKey === row.id)!;
    expect(email.body.headers?.["List-Unsubscribe-Post"]).toBe(ONE_CLICK);
    const url = linkOf(email.body.headers?.["List-Unsubscribe"]);
    // The footer of both parts links the same URL.
    expect(email.body.html).toContain(`href="${url}"`);
    expect(email.body.html).toContain("Unsubscribe");
    expect(email.body.text).toContain(`Unsubscribe: ${url}`);

    const before = await getPreferences(t.database.db, owner);
    // Opening the link (a scanner, a preview) shows the page and changes nothing.
    const page = await hit(url, "GET");
    expect(page.status).toBe(200);
    expect(page.type).toContain("text/html");
    expect(page.html).toContain('<form method="post"');
    expect(page.html).toContain('href="/settings/notifications"');
    expect(await getPreferences(t.database.db, owner)).toEqual(before);

    events.length = 0;
    const done = await hit(url, "POST", ONE_CLICK);
    expect(done.status).toBe(200);
    expect(done.html).toContain("You are unsubscribed");
    const after = await getPreferences(t.database.db, owner);
    const { updated_at: _b, ...beforeRest } = before;
    const { updated_at: _a, ...afterRest } = after;
    expect(afterRest).toEqual({
      ...beforeRest,
      channels: { ...before.channels, info: ["app", "sms", "push", "wechat", "chat"] },
    });
    expect((await unsubscribeAudits(owner.userId)).map((a) => a.data)).toEqual([
      { fields: ["channels"], channel: "email", type: "info" },
    ]);
    expect(events.filter((e) => e.name === "preferences.changed")).toHaveLength(1);

    // Idempotent: the same POST again answers the same page and writes nothing.
    events.length = 0;
    const again = await hit(url, "POST", ONE_CLICK);
    expect(again.status).toBe(200);
    expect(await getPreferences(t.database.db, owner)).toEqual(after);
    expect(await unsubscribeAudits(owner.userId)).toHaveLength(1);
    expect(events.filter((e) => e.name === "preferences.changed")).toHaveLength(0);

    // Info emails are off now; warnings still go.
    expect(await deliverEmail("amy")).toMatchObject({ status: "skipped", reason: "not_chosen_for_type" });
    expect(await deliverEmail("amy", "warning")).toMatchObject({ status: "sent" });
  });

  it("a tampered, cut or bodiless request changes nothing", async () => {
    const owner = await userWithPrefs("ben");
    const row = await deliverEmail("ben");
    const url = linkOf(
      resend.emails.find((e) => e.idempotencyKey === row.id)!.body.headers?.["List-Unsubscribe"],
    );
    const before = await getPreferences(t.database.db, owner);
    const token = url.slice(`${APP_URL}/u/`.length);
    const [payload, tag] = token.split(".") as [string, string];
    // The payload altered to another type (a valid encoding, the old tag): refused.
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...claims, n: "warning" })).toString("base64url");
    const swap = (c: string) => (c === "A" ? "B" : "A");
    for (const bad of [
      `${altered}.${tag}`,
      `${payload}.${tag.slice(0, -1)}${swap(tag.at(-1)!)}`,
      payload,
      `${payload}.`,
    ]) {
      expect((await hit(`${APP_URL}/u/${bad}`, "POST", ONE_CLICK)).status).toBe(404);
      expect((await hit(`${APP_URL}/u/${bad}`, "GET")).status).toBe(404);
    }
    // The right link without the one-click body is not an unsubscribe.
    expect((await hit(url, "POST", "")).status).toBe(400);
    expect((await hit(url, "POST", "List-Unsubscribe=Other")).status).toBe(400);
    expect(await getPreferences(t.database.db, owner)).toEqual(before);
    expect(await unsubscribeAudits(owner.userId)).toHaveLength(0);
  });

  it("a workflow's email names the workflow: one click narrows that workflow's choice to no email", async () => {
    const H = bearer(KEY);
    for (const wf of [
      {
        key: "digest.weekly",
        name: "Weekly digest",
        category: "digests",
        steps: [{ id: "email", type: "email", subject: "Digest", html: "<p>{{ payload.text }}</p>" }],
      },
      {
        key: "security.alert",
        name: "Security alert",
        critical: true,
        steps: [{ id: "email", type: "email", subject: "Alert", html: "<p>{{ payload.text }}</p>" }],
      },
    ]) {
      const created = await api("POST", "/api/v1/workflows", { headers: H, body: wf });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
    }
    const owner = await userWithPrefs("cat");
    // The category allows app and email: the workflow's own entry keeps app, drops email.
    await savePreferences(
      t.database.db,
      owner,
      { categories: { digests: { enabled: true, channels: ["app", "email"] } } },
      { type: "system", id: null },
    );
    const runEmail = async (key: string) => {
      const res = await api("POST", `/api/v1/workflows/${key}/trigger`, {
        headers: H,
        body: { to: ["cat"], payload: { text: "Hi" } },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(202);
      await drainSteps(t.database.db, boss);
      const [d] = await t.database.db
        .select()
        .from(deliveries)
        .where(eq(deliveries.workflowRunId, res.json.data.run_ids[0]));
      await processDelivery(t.database.db, d!.id);
      return resend.emails.find((e) => e.idempotencyKey === d!.id)!;
    };

    const critical = await runEmail("security.alert");
    expect(critical.body.headers?.["List-Unsubscribe"]).toBeUndefined();
    expect(critical.body.headers?.["List-Unsubscribe-Post"]).toBeUndefined();

    const digest = await runEmail("digest.weekly");
    expect(digest.body.headers?.["List-Unsubscribe-Post"]).toBe(ONE_CLICK);
    const url = linkOf(digest.body.headers?.["List-Unsubscribe"]);
    const before = await getPreferences(t.database.db, owner);
    expect((await hit(url, "POST", ONE_CLICK)).status).toBe(200);
    const after = await getPreferences(t.database.db, owner);
    const { updated_at: _b, ...beforeRest } = before;
    const { updated_at: _a, ...afterRest } = after;
    expect(afterRest).toEqual({
      ...beforeRest,
      workflows: { ...before.workflows, "digest.weekly": { enabled: true, channels: ["app"] } },
    });
  });

  it("an SMTP email carries both headers too, as the recipient's client reads them", async () => {
    await useEnv({ SMTP_URL: `${smtp.url}?pool=false` });
    const owner = await userWithPrefs("dan");
    const row = await deliverEmail("dan");
    expect(row.status).toBe("sent");
    const mail = smtp.received.find((m) => m.to[0] === "dan@example.com")!;
    expect(mailHeader(mail, "List-Unsubscribe-Post")).toBe(ONE_CLICK);
    const url = linkOf(mailHeader(mail, "List-Unsubscribe"));
    expect(mail.parsed.html).toContain(`href="${url}"`);
    // RFC 8058 allows the one-click body as multipart/form-data too.
    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    expect((await apiFetch(new Request(url, { method: "POST", body: form }))).status).toBe(200);
    expect((await getPreferences(t.database.db, owner)).channels.info).toEqual([
      "app",
      "sms",
      "push",
      "wechat",
      "chat",
    ]);
  });
});
