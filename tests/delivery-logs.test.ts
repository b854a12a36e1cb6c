// The send log as the console reads it: filters on notifications and deliveries, the CSV exports.
import Papa from "papaparse";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { deliveries, notifications, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { api, bearer, ORIGIN, sessionCookie, apiFetch } from "./helpers/api";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const KEY = "hk_delivery_logs_test_key_0123456789abcd";

type Sent = { batch_id: string; notifications: { id: string; user_id: string }[] };

describe("send log filters and CSV exports", () => {
  let t: TestDatabase;
  let tenantId: string;
  let plain: Sent;
  let templated: Sent;
  let big: Sent;

  const send = async (body: Record<string, unknown>): Promise<Sent> => {
    const res = await api("POST", "/api/v1/notifications", {
      headers: bearer(KEY),
      body: { type: "info", content: "x", ...body },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.data;
  };
  const listNotifications = async (qs: string) => {
    const res = await api("GET", `/api/v1/notifications?page_size=100&${qs}`, {
      headers: bearer(KEY),
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.data.notifications as { id: string; title: string }[];
  };
  const csvOf = async (handler: typeof apiFetch, path: string) => {
    const res = await handler(new Request(ORIGIN + path, { headers: bearer(KEY) }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="herald-.*\.csv"$/);
    return Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant
      .id;
    const tpl = await api("POST", "/api/v1/notifications/templates", {
      headers: bearer(KEY),
      body: { code: "log_receipt", name: "Receipt", title: "Receipt {{ n }}", content: "Total {{ n }}" },
    });
    expect(tpl.status, JSON.stringify(tpl.json)).toBe(201);

    // A title a spreadsheet would run as a formula.
    plain = await send({ user_ids: ["log-ann", "log-ben"], title: '=HYPERLINK("http://evil.example","x")' });
    templated = await send({ user_ids: ["log-ann"], template_code: "log_receipt", params: { n: "7" } });
    big = await send({ user_ids: Array.from({ length: 520 }, (_, i) => `log-many-${i}`), title: "Big send" });

    // Delivery rows as the pipeline leaves them (the queue is not running in this file): the plain
    // send went out by email through Resend, the template send by SMS through the outbox.
    const db = t.database.db;
    const userOf = async (ext: string) =>
      (await db.select({ id: users.id }).from(users).where(eq(users.externalId, ext)))[0]!.id;
    await db
      .update(notifications)
      .set({ channels: sql`'{app,email}'::text[]` })
      .where(eq(notifications.batchId, plain.batch_id));
    await db
      .update(notifications)
      .set({ channels: sql`'{app,sms}'::text[]` })
      .where(eq(notifications.batchId, templated.batch_id));
    for (const n of plain.notifications) {
      await db.insert(deliveries).values({
        tenantId,
        notificationId: n.id,
        userId: await userOf(n.user_id),
        channel: "email",
        provider: "resend",
        status: n.user_id === "log-ann" ? "delivered" : "failed",
        attempts: n.user_id === "log-ann" ? 1 : 3,
        lastError: n.user_id === "log-ann" ? null : "-1 mailbox full",
        providerMessageId: n.user_id === "log-ann" ? "re_123" : null,
      });
    }
    await db.insert(deliveries).values({
      tenantId,
      notificationId: templated.notifications[0]!.id,
      userId: await userOf("log-ann"),
      channel: "sms",
      provider: "outbox",
      status: "sent",
      attempts: 1,
    });
  });
  afterAll(() => t.drop());

  it("filters notifications by channel, provider, template and time range", async () => {
    const plainIds = plain.notifications.map((n) => n.id).sort();
    expect((await listNotifications("channel=email")).map((n) => n.id).sort()).toEqual(plainIds);
    expect((await listNotifications("provider=resend")).map((n) => n.id).sort()).toEqual(plainIds);
    expect((await listNotifications("template=log_receipt")).map((n) => n.title)).toEqual(["Receipt 7"]);
    expect(await listNotifications("template=no_such_template")).toEqual([]);

    const [first] = await t.database.db
      .select({ createdAt: notifications.createdAt })
      .from(notifications)
      .where(inArray(notifications.id, [templated.notifications[0]!.id]));
    const until = encodeURIComponent(first!.createdAt.toISOString());
    // Strictly before the template send: only the first send's rows.
    expect((await listNotifications(`until=${until}`)).map((n) => n.id).sort()).toEqual(plainIds);

    const bad = await api("GET", "/api/v1/notifications?channel=fax", {
      headers: bearer(KEY),
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe("channel");
  });

  it("filters deliveries by template", async () => {
    const res = await api("GET", "/api/v1/deliveries?template=log_receipt", {
      headers: bearer(KEY),
    });
    expect(res.json.data.deliveries.map((d: { channel: string }) => d.channel)).toEqual(["sms"]);
  });

  it("exports the filtered deliveries as CSV with formulas neutralised", async () => {
    const rows = await csvOf(apiFetch, "/api/v1/deliveries/export?channel=email");
    expect(rows.map((r) => r.status).sort()).toEqual(["delivered", "failed"]);
    const failed = rows.find((r) => r.status === "failed")!;
    expect(failed).toMatchObject({ user_id: "log-ben", provider: "resend", attempts: "3" });
    expect(failed.last_error).toBe("'-1 mailbox full");
    expect(rows.find((r) => r.status === "delivered")!.provider_message_id).toBe("re_123");
  });

  it("exports every page of notifications for the filter", async () => {
    const all = await csvOf(apiFetch, "/api/v1/notifications/export");
    expect(all).toHaveLength(2 + 1 + 520);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect(all.filter((r) => r.batch_id === big.batch_id)).toHaveLength(520);
    const evil = all.find((r) => r.user_id === "log-ann" && r.batch_id === plain.batch_id)!;
    expect(evil.title).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(evil.channels).toBe("app;email");

    const onlyTemplate = await csvOf(apiFetch, "/api/v1/notifications/export?template=log_receipt");
    expect(onlyTemplate.map((r) => [r.title, r.template_code])).toEqual([["Receipt 7", "log_receipt"]]);
  });

  it("lets an admin session open any notification of the tenant with scope=tenant", async () => {
    const [admin] = await t.database.db
      .insert(users)
      .values({ tenantId, externalId: "log-admin", role: "admin" })
      .returning();
    const cookie = await sessionCookie({ uid: admin!.id, tid: tenantId, ext: "log-admin", role: "admin" });
    const id = plain.notifications[0]!.id;
    const get = (qs: string) =>
      api("GET", `/api/v1/notifications/${id}${qs}`, {
        headers: cookie,
      });
    expect((await get("")).status).toBe(404); // an admin's own inbox does not hold it
    const res = await get("?scope=tenant");
    expect(res.status).toBe(200);
    expect(res.json.data.notification.id).toBe(id);
  });
});
