// A notification's rich content over the API: action buttons, an image and the actor's avatar go in
// with a send and come back in the list and the live event; bad ones are refused naming the field
// with nothing written; a click on an action is recorded once, told to webhooks and the audit log.
import { and, count, eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { ManualClock, useClock, type Clock } from "@/lib/clock";
import { rowsOf, type Db } from "@/lib/db/client";
import { auditLog, notifications } from "@/lib/db/schema";
import { parseEnv, resetEnv } from "@/lib/env";
import { bus, type DomainEvent } from "@/lib/events";
import { deliverWebhookMessage } from "@/lib/outbound-webhooks/deliver";
import {
  startWebhookRecorder,
  WEBHOOK_QUEUE,
  webhookRecorderIdle,
  type WebhookJob,
} from "@/lib/outbound-webhooks/recorder";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { QUEUES } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startWebhookReceiver } from "../stubs/webhook-receiver";

const KEY = "hk_rich_content_test_key_0123456789abcdef0";
const H = bearer(KEY);
const as = (user: string) => ({ ...H, "X-User-Id": user });

const ACTIONS = [
  { id: "approve", label: "Approve", url: "https://shop.example/orders/7/approve", style: "primary" },
  { id: "later", label: "Remind me later", style: "secondary" },
  { id: "open", label: "Open", url: "/orders/7" },
];
const IMAGE = "https://cdn.example/orders/7.png";
const AVATAR = "https://cdn.example/avatars/ada.png";

describe("rich content", () => {
  let t: TestDatabase;
  let db: Db;
  let boss: PgBoss;
  let clock: ManualClock;
  let previousClock: Clock;
  let stopRecorder: () => void;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let savedHosts: string | undefined;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    savedHosts = process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED;
    // The local receiver listens on 127.0.0.1: the operator's allow-list lets it be reached.
    process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "127.0.0.1";
    resetEnv();
    t = await createTestDatabase();
    db = t.database.db;
    await bootstrap(db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    clock = new ManualClock(new Date());
    previousClock = useClock(clock);
    stopRecorder = startWebhookRecorder(() => db);
  });
  afterAll(async () => {
    stopRecorder();
    useClock(previousClock);
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await receiver.close();
    if (savedHosts === undefined) delete process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED;
    else process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = savedHosts;
    resetEnv();
  });

  const rowCount = async () => (await db.select({ n: count() }).from(notifications))[0]!.n;
  const send = (body: Record<string, unknown>) =>
    api("POST", "/api/v1/notifications", {
      headers: H,
      body: { user_ids: ["ada"], title: "Order 7", content: "Waiting for you", type: "info", ...body },
    });
  const sendRich = async (user = "ada") => {
    const res = await send({ user_ids: [user], actions: ACTIONS, image_url: IMAGE, avatar: AVATAR });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.data.notifications[0].id as string;
  };
  const drainWebhooks = async () => {
    await webhookRecorderIdle();
    for (let round = 0; round < 10; round++) {
      const jobs = rowsOf<{ id: string; data: WebhookJob }>(
        await db.execute(
          sql`select id, data from pgboss.job where name = ${WEBHOOK_QUEUE} and state = 'created' order by created_on`,
        ),
      );
      if (jobs.length === 0) return;
      for (const job of jobs) {
        await deliverWebhookMessage(db, job.data);
        await boss.deleteJob(WEBHOOK_QUEUE, job.id);
      }
    }
  };

  it("a send's actions, image and avatar come back in the list and in the live event", async () => {
    const heard: DomainEvent[] = [];
    const unsubscribe = bus().subscribe((e) => void heard.push(e));
    const id = await sendRich();
    unsubscribe();
    const expected = {
      id,
      actions: [
        { id: "approve", label: "Approve", url: "https://shop.example/orders/7/approve", style: "primary" },
        { id: "later", label: "Remind me later", url: null, style: "secondary" },
        { id: "open", label: "Open", url: "/orders/7", style: "secondary" },
      ],
      image_url: IMAGE,
      avatar: AVATAR,
      interacted_at: null,
    };
    const list = await api("GET", "/api/v1/notifications", { headers: as("ada") });
    expect(list.status).toBe(200);
    expect(list.json.data.notifications.find((n: { id: string }) => n.id === id)).toMatchObject(expected);
    const created = heard.find((e) => e.name === "notification.created");
    expect(created?.name === "notification.created" && created.payload.notifications[0]).toMatchObject(
      expected,
    );
  });

  it("a template send carries the request's actions too", async () => {
    const made = await api("POST", "/api/v1/notifications/templates", {
      headers: H,
      body: {
        code: "rich_order",
        name: "Rich order",
        channels: ["app"],
        blocks: { en: { app: { title: "Order {{n}}", content: "Waiting" } } },
      },
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    const res = await api("POST", "/api/v1/notifications", {
      headers: H,
      body: {
        user_ids: ["cy", "ada"],
        template_code: "rich_order",
        params: { n: 7 },
        actions: ACTIONS.slice(0, 1),
      },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    for (const { id, user_id } of res.json.data.notifications) {
      const one = await api("GET", `/api/v1/notifications/${id}`, { headers: as(user_id) });
      expect(one.json.data.notification).toMatchObject({ title: "Order 7", actions: [{ id: "approve" }] });
    }
  });

  it("a plain send has no actions, image or avatar", async () => {
    const res = await send({ user_ids: ["ben"] });
    expect(res.status).toBe(200);
    const one = await api("GET", `/api/v1/notifications/${res.json.data.notifications[0].id}`, {
      headers: as("ben"),
    });
    expect(one.json.data.notification).toMatchObject({ actions: [], image_url: null, avatar: null });
  });

  it.each([
    ["more than 3 actions", { actions: [...ACTIONS, { id: "x", label: "X" }] }, "actions", /at most 3/],
    [
      "a javascript: action URL",
      { actions: [ACTIONS[0], { id: "x", label: "X", url: "javascript:alert(1)" }] },
      "actions.1.url",
      /http\(s\) URL or a relative path/,
    ],
    [
      "a data: action URL",
      { actions: [{ id: "x", label: "X", url: "data:text/html,<script>alert(1)</script>" }] },
      "actions.0.url",
      /http\(s\) URL/,
    ],
    [
      "a protocol-relative action URL",
      { actions: [{ id: "x", label: "X", url: "//evil.example/x" }] },
      "actions.0.url",
      /http\(s\) URL/,
    ],
    [
      "an unknown style",
      { actions: [{ id: "x", label: "X", style: "danger" }] },
      "actions.0.style",
      /one of/,
    ],
    [
      "two actions with one id",
      {
        actions: [
          { id: "x", label: "X" },
          { id: "x", label: "Y" },
        ],
      },
      "actions.1.id",
      /already used/,
    ],
    ["an http image", { image_url: "http://cdn.example/a.png" }, "image_url", /https/],
    ["a data: image", { image_url: "data:image/png;base64,AAAA" }, "image_url", /https/],
    ["a javascript: avatar", { avatar: "javascript:alert(1)" }, "avatar", /https/],
  ])("%s is a 400 naming the field, nothing written", async (_, body, field, message) => {
    const before = await rowCount();
    const res = await send(body);
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(await rowCount()).toBe(before);
  });

  it("a click on an action records interacted_at once; every click goes to webhooks and the audit log", async () => {
    const register = await api("POST", "/api/v1/webhook-endpoints", {
      headers: H,
      body: { url: `${receiver.url}/interacted`, event_types: ["notification.interacted"] },
    });
    expect(register.status, JSON.stringify(register.json)).toBe(201);
    const secret: string = register.json.data.secret;
    const id = await sendRich();

    const first = await api("PUT", `/api/v1/notifications/${id}/interacted`, {
      headers: as("ada"),
      body: { action_id: "approve" },
    });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    const firstAt: string = first.json.data.interacted_at;
    expect(firstAt).toBe(clock.now().toISOString());

    clock.advance(60_000);
    const second = await api("PUT", `/api/v1/notifications/${id}/interacted`, {
      headers: as("ada"),
      body: { action_id: "later" },
    });
    expect(second.json.data.interacted_at).toBe(firstAt);
    const one = await api("GET", `/api/v1/notifications/${id}`, { headers: as("ada") });
    expect(one.json.data.notification.interacted_at).toBe(firstAt);

    await drainWebhooks();
    const events = receiver.to("/interacted").map(
      (r) =>
        new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
          type: string;
          data: Record<string, unknown>;
        },
    );
    expect(events.map((e) => [e.type, e.data.action_id])).toEqual([
      ["notification.interacted", "approve"],
      ["notification.interacted", "later"],
    ]);
    expect(events[0]!.data).toMatchObject({ notification_id: id, user_id: "ada", interacted_at: firstAt });

    const logged = await db
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.action, "notification.interacted"), eq(auditLog.targetId, id)));
    expect(logged.map((l) => l.data.action_id).sort()).toEqual(["approve", "later"]);
  });

  it("an action the notification does not have is a 400; another user's notification is a 404", async () => {
    const id = await sendRich();
    const unknown = await api("PUT", `/api/v1/notifications/${id}/interacted`, {
      headers: as("ada"),
      body: { action_id: "delete-everything" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toEqual([{ field: "action_id", message: expect.any(String) }]);
    const other = await api("PUT", `/api/v1/notifications/${id}/interacted`, {
      headers: as("eve"),
      body: { action_id: "approve" },
    });
    expect(other.status).toBe(404);
    const [row] = await db
      .select({ at: notifications.interactedAt })
      .from(notifications)
      .where(eq(notifications.id, id));
    expect(row!.at).toBeNull();
  });
});
