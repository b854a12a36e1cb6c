import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { devOutbox, users } from "@/lib/db/schema";
import { createOutboxProvider } from "@/lib/providers/outbox";
import { parseEnv } from "@/lib/env";
import { api, bearer, sessionCookie } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_outbox_test_super_key_0123456789abcdef";

type Message = { id: string; channel: string; to: string; subject: string; created_at: string };

describe("dev outbox list", () => {
  let t: TestDatabase;
  let tenantA: string;
  let tenantB: string;
  let keyB: string;
  const list = async (qs = "", headers: Record<string, string> = bearer(KEY)) =>
    api("GET", `/api/v1/dev/outbox${qs}`, { headers });
  /** Every page, following next_cursor. */
  const all = async (qs: string, headers: Record<string, string> = bearer(KEY)) => {
    const out: Message[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep: string = qs ? "&" : "?";
      const res = await list(`${qs}${cursor ? `${sep}cursor=${cursor}` : ""}`, headers);
      expect(res.status).toBe(200);
      out.push(...res.json.data.messages);
      cursor = res.json.data.next_cursor;
      pages++;
    } while (cursor && pages < 100);
    return { messages: out, pages };
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantA = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant.id;
    const b = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "outbox-b", name: "Outbox B" },
    });
    tenantB = b.json.data.tenant.id;
    keyB = b.json.data.api_key.key;

    const db = t.database.db;
    // 12 rows written in one statement share one created_at: the id breaks the tie.
    await db.insert(devOutbox).values(
      Array.from({ length: 12 }, (_, i) => ({
        tenantId: tenantA,
        channel: i % 3 === 0 ? "sms" : "email",
        to: i % 3 === 0 ? "+15550001111" : i % 2 === 0 ? "ann@example.com" : "ben@example.com",
        subject: `batch ${i}`,
        body: `body ${i}`,
      })),
    );
    // Rows microseconds apart within one millisecond (a JavaScript Date cannot tell them apart).
    for (const us of ["123100", "123200", "123300", "123400"]) {
      await db.insert(devOutbox).values({
        tenantId: tenantA,
        channel: "push",
        to: "{}",
        subject: `micro ${us}`,
        createdAt: sql`${`2026-01-01T00:00:00.${us}Z`}::timestamptz`,
      });
    }
    // An older row, and one from the outbox provider itself.
    await db.insert(devOutbox).values({
      tenantId: tenantA,
      channel: "wechat",
      to: "openid-1",
      subject: "oldest",
      createdAt: new Date("2025-01-01T00:00:00Z"),
    });
    await createOutboxProvider("email").send({
      deliveryId: randomUUID(),
      tenantId: tenantA,
      channel: "email",
      to: "cat@example.com",
      title: "From the provider",
      text: "Plain text",
      html: "<p>Plain text</p>",
      actionUrl: "https://example.com/a",
    });
    await db
      .insert(devOutbox)
      .values({ tenantId: tenantB, channel: "email", to: "ann@example.com", subject: "B's" });
  });
  afterAll(async () => t.drop());

  it("lists the tenant's messages newest first in the documented shape", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    const { messages, next_cursor } = res.json.data;
    expect(messages).toHaveLength(18);
    expect(next_cursor).toBeNull();
    const newest = messages[0];
    expect(newest).toEqual({
      id: expect.any(String),
      delivery_id: expect.any(String),
      channel: "email",
      to: "cat@example.com",
      subject: "From the provider",
      body: "Plain text",
      payload: {
        html: "<p>Plain text</p>",
        actionUrl: "https://example.com/a",
        actionText: null,
        data: null,
        headers: null,
      },
      created_at: expect.any(String),
    });
    const times = messages.map((m: Message) => Date.parse(m.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(messages.at(-1).subject).toBe("oldest");
    expect(messages.map((m: Message) => m.subject)).not.toContain("B's");
  });

  it("filters by channel and by recipient", async () => {
    const sms = (await list("?channel=sms")).json.data.messages as Message[];
    expect(sms).toHaveLength(4);
    expect(sms.every((m) => m.channel === "sms")).toBe(true);
    const ann = (await list("?to=ann%40example.com")).json.data.messages as Message[];
    expect(ann.map((m) => m.to)).toEqual(Array(4).fill("ann@example.com"));
    const both = (await list("?channel=email&to=ben%40example.com")).json.data.messages as Message[];
    expect(both).toHaveLength(4);
    expect((await list("?channel=sms&to=ann%40example.com")).json.data.messages).toEqual([]);
  });

  it("pages with cursors through every row exactly once, ties and microseconds included", async () => {
    const whole = (await list("?page_size=100")).json.data.messages.map((m: Message) => m.id);
    for (const size of [1, 2, 5, 7]) {
      const { messages, pages } = await all(`?page_size=${size}`);
      expect(messages.map((m) => m.id)).toEqual(whole);
      expect(pages).toBe(Math.ceil(whole.length / size));
    }
    const micro = await all("?channel=push&page_size=1");
    expect(micro.messages.map((m) => m.subject)).toEqual([
      "micro 123400",
      "micro 123300",
      "micro 123200",
      "micro 123100",
    ]);
    const filtered = await all("?channel=email&page_size=3");
    expect(filtered.messages).toHaveLength(9);
    expect(new Set(filtered.messages.map((m) => m.id)).size).toBe(9);
  });

  it("refuses bad parameters naming them", async () => {
    for (const [qs, field] of [
      ["?page_size=0", "page_size"],
      ["?page_size=101", "page_size"],
      ["?channel=app", "channel"],
      ["?cursor=not-a-cursor", "cursor"],
      ["?color=red", "color"],
    ]) {
      const res = await list(qs);
      expect(res.status, qs).toBe(400);
      expect(
        res.json.errors.map((e: { field: string }) => e.field),
        qs,
      ).toEqual([field]);
    }
  });

  it("keeps tenants apart and is for admins only", async () => {
    const b = (await list("", bearer(keyB))).json.data.messages as Message[];
    expect(b.map((m) => m.subject)).toEqual(["B's"]);
    // A cursor from tenant A's list shows nothing of A to tenant B.
    const page = (await list("?page_size=1")).json.data;
    const crossed = (await list(`?cursor=${page.next_cursor}`, bearer(keyB))).json.data.messages as Message[];
    expect(crossed.every((m) => m.subject === "B's")).toBe(true);

    expect((await list("", {})).status).toBe(401);
    const [user] = await t.database.db
      .insert(users)
      .values({ tenantId: tenantA, externalId: "outbox-user", role: "user" })
      .returning();
    const cookie = await sessionCookie({ uid: user!.id, tid: tenantA, ext: "outbox-user", role: "user" });
    expect((await list("", cookie)).status).toBe(403);
  });
});
