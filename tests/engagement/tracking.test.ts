// Open and click tracking (a tenant setting, off by default) end to end through the pipeline and the
// Resend stub: off, an email is left as written; on, its web links lead through signed /t/c
// redirects that go only where the email did, and a pixel records the open. Inbox action clicks
// (PUT …/interacted, the owner's only) count as clicks; the dashboard shows the rates per template.
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { signToken } from "@/lib/crypto/signed-token";
import { deliveries } from "@/lib/db/schema";
import { processDelivery } from "@/lib/delivery/pipeline";
import { closeProviders } from "@/lib/delivery/providers";
import { parseEnv, resetEnv } from "@/lib/env";
import { bus, type DomainEvent } from "@/lib/events";
import { forgetAllSenders } from "@/lib/integrations/sender-cache";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { QUEUES } from "@/server/worker";
import { api, apiFetch, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startResendStub } from "../stubs/resend-stub";

const KEY = "hk_engagement_tracking_super_key_012345";
const H = bearer(KEY);
const as = (user: string) => ({ ...H, "X-User-Id": user });
const APP_URL = "https://herald.example.com";
const ENV_KEYS = ["RESEND_API_KEY", "RESEND_BASE_URL", "APP_URL"];
const LINK_A = "https://shop.example/a?x=1&y=2";
const LINK_B = "https://shop.example/b";
const EMAIL_HTML =
  '<h1>Hi {{ user.name }}</h1><p><a href="https://shop.example/a?x=1&amp;y=2">A</a> ' +
  '<a href="https://shop.example/b">B</a> <a href="mailto:help@shop.example">Mail us</a> ' +
  '<a href="https://shop.example/a?x=1&amp;y=2">A again</a> é &nbsp;ok</p>';

/** The value of every attribute `name` in the HTML, in order (test-side reading of the stub's copy). */
const attributes = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`${name}="([^"]*)"`, "g"))].map((m) => m[1]!.replaceAll("&amp;", "&"));

const get = async (url: string) => {
  const res = await apiFetch(new Request(url, { redirect: "manual" }));
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
};

describe("open and click tracking", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let stub: Awaited<ReturnType<typeof startResendStub>>;
  const events: DomainEvent[] = [];
  const engaged = () => events.filter((e) => e.name === "delivery.engaged").map((e) => e.payload);

  beforeAll(async () => {
    stub = await startResendStub();
    Object.assign(process.env, { RESEND_API_KEY: stub.apiKey, RESEND_BASE_URL: stub.url, APP_URL });
    resetEnv();
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    bus().subscribe((e) => events.push(e));
    for (const u of ["una", "vic", "wes"]) {
      const res = await api("PUT", `/api/v1/users/${u}`, {
        headers: H,
        body: { email: `${u}@example.com`, name: u },
      });
      expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
    }
    const created = await api("POST", "/api/v1/notifications/templates", {
      headers: H,
      body: {
        code: "weekly",
        name: "Weekly news",
        channels: ["app", "email"],
        blocks: {
          en: {
            app: { title: "News", content: "Read it", action_url: "https://shop.example/news" },
            email: { subject: "News", html: EMAIL_HTML },
          },
        },
      },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await Promise.all([stub.close(), closeProviders()]);
    forgetAllSenders();
    for (const k of ENV_KEYS) delete process.env[k];
    resetEnv();
  });

  /** A template send to one user, its email delivered; the notification, the delivery and the email. */
  const send = async (user: string) => {
    const res = await api("POST", "/api/v1/notifications", {
      headers: H,
      body: { user_ids: [user], template_code: "weekly", params: {} },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const notificationId = res.json.data.notifications[0].id as string;
    const [d] = await t.database.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.notificationId, notificationId));
    expect(await processDelivery(t.database.db, d!.id)).toBe("sent");
    const row = (await t.database.db.select().from(deliveries).where(eq(deliveries.id, d!.id)))[0]!;
    const email = stub.emails.find((e) => e.idempotencyKey === d!.id)!;
    return { notificationId, row, html: email.body.html! };
  };
  const deliveryRow = async (id: string) =>
    (await t.database.db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!;

  it("off by default: links stay as written and there is no pixel", async () => {
    const settings = await api("GET", "/api/v1/tenant/settings", { headers: H });
    expect(settings.json.data.tracking).toEqual({ opens: false, clicks: false });
    const { row, html } = await send("una");
    expect(html).not.toContain("/t/c/");
    expect(html).not.toContain("/t/o/");
    expect(attributes(html, "href")).toEqual([LINK_A, LINK_B, "mailto:help@shop.example", LINK_A]);
    expect(row.trackedLinks).toBeNull();
  });

  it("the setting is validated and saved through the admin API", async () => {
    const bad = await api("PUT", "/api/v1/tenant/settings", {
      headers: H,
      body: { tracking: { opens: "yes" } },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.errors)).toContain("tracking.opens");
    const on = await api("PUT", "/api/v1/tenant/settings", {
      headers: H,
      body: { tracking: { opens: true, clicks: true } },
    });
    expect(on.status).toBe(200);
    expect(on.json.data.tracking).toEqual({ opens: true, clicks: true });
  });

  it("on: links lead through signed redirects to the original URL; the first click and open are recorded", async () => {
    const { row, html, notificationId } = await send("vic");
    const hrefs = attributes(html, "href");
    expect(hrefs[2]).toBe("mailto:help@shop.example");
    for (const i of [0, 1, 3]) expect(hrefs[i]).toMatch(new RegExp(`^${APP_URL}/t/c/[\\w-]+\\.[\\w-]+$`));
    expect(hrefs[3]).toBe(hrefs[0]); // the same link, the same token
    expect(row.trackedLinks).toEqual([LINK_A, LINK_B]);
    // Written back by the parser: the text survives (UTF-8 as it is, entities where HTML needs them).
    expect(html).toContain("é &nbsp;ok");
    const pixel = attributes(html, "src").find((s) => s.includes("/t/o/"))!;
    expect(pixel).toMatch(new RegExp(`^${APP_URL}/t/o/[\\w-]+\\.[\\w-]+\\.gif$`));

    events.length = 0;
    const first = await get(hrefs[0]!);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(LINK_A);
    const clickedAt = (await deliveryRow(row.id)).clickedAt;
    expect(clickedAt).not.toBeNull();
    const second = await get(hrefs[1]!);
    expect(second.headers.get("location")).toBe(LINK_B);
    expect((await deliveryRow(row.id)).clickedAt).toEqual(clickedAt); // the first click stays
    expect(engaged()).toEqual([{ tenantId: row.tenantId, deliveryId: row.id, kind: "clicked", url: LINK_A }]);

    expect((await deliveryRow(row.id)).openedAt).toBeNull();
    const open = await get(pixel);
    expect(open.status).toBe(200);
    expect(open.headers.get("content-type")).toBe("image/gif");
    expect(open.body.subarray(0, 6).toString()).toBe("GIF89a");
    expect((await deliveryRow(row.id)).openedAt).not.toBeNull();
    await get(pixel);
    expect(engaged().filter((e) => e.kind === "opened")).toEqual([
      { tenantId: row.tenantId, deliveryId: row.id, kind: "opened" },
    ]);
    // The send log shows both.
    const log = await api("GET", `/api/v1/notifications/${notificationId}/deliveries`, { headers: H });
    expect(log.json.data.deliveries[0]).toMatchObject({
      opened_at: expect.any(String),
      clicked_at: clickedAt!.toISOString(),
    });
  });

  it("a forged or altered token leads nowhere (404) and records nothing", async () => {
    const { row, html } = await send("wes");
    const link = attributes(html, "href")[0]!;
    const token = link.slice(`${APP_URL}/t/c/`.length);
    const [payload, tag] = token.split(".") as [string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const reencoded = (c: Record<string, unknown>) => Buffer.from(JSON.stringify(c)).toString("base64url");
    const pixel = attributes(html, "src").find((s) => s.includes("/t/o/"))!;
    const forged = [
      `${reencoded({ ...claims, i: 1 })}.${tag}`, // another index under the old tag
      `${payload}.${tag.slice(0, -1)}${tag.endsWith("A") ? "B" : "A"}`,
      `${payload}`,
      // Signed right, but no link has that index: still no redirect anywhere.
      signToken("track", { ...claims, i: 7 }),
      // An unsubscribe-purpose signature over the same claims.
      signToken("unsubscribe", claims),
    ];
    for (const bad of forged) expect((await get(`${APP_URL}/t/c/${bad}`)).status).toBe(404);
    expect((await get(pixel.replace(".gif", "x.gif"))).status).toBe(404);
    expect((await get(`${APP_URL}/t/o/${token}.gif`)).status).toBe(404); // a click token is no pixel
    expect(await deliveryRow(row.id)).toMatchObject({ clickedAt: null, openedAt: null });
  });

  it("an inbox action click is the owner's to record, once, and counts in the template's click rate", async () => {
    const [n] = (await api("GET", "/api/v1/notifications", { headers: as("una") })).json.data.notifications;
    const interact = (user: string, body: unknown = {}) =>
      api("PUT", `/api/v1/notifications/${n.id}/interacted`, { headers: as(user), body });
    expect((await interact("vic")).status).toBe(404);
    expect((await interact("una", { action_id: "" })).status).toBe(400);
    // Its action link (metadata.action_url) is no action button: it is recorded without an action_id.
    expect((await interact("una", { action_id: "open" })).status).toBe(400);
    const first = await interact("una");
    expect(first.status).toBe(200);
    const again = await interact("una");
    expect(again.json.data.interacted_at).toBe(first.json.data.interacted_at);

    const dash = await api("GET", "/api/v1/admin/dashboard?range=24h", { headers: H });
    expect(dash.status).toBe(200);
    // una: inbox click, untracked email; vic: email opened and clicked; wes: nothing.
    expect(dash.json.data.engagement).toEqual([
      {
        template_id: expect.any(String),
        template_code: "weekly",
        template_name: "Weekly news",
        notifications: 3,
        emails: 3,
        opened: 1,
        clicked: 2,
        open_rate: 1 / 3,
        click_rate: 2 / 3,
      },
    ]);
  });
});
