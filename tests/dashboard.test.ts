// The console dashboard: figures from sends and deliveries with known outcomes, per window and time
// zone, tenant isolation, and who may read them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { dashboard } from "@/lib/dashboard/stats";
import {
  deliveries,
  notifications,
  users,
  type DeliveryStatus,
  type NotificationChannel,
  type NotificationStatus,
} from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { api, bearer, sessionCookie } from "./helpers/api";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const KEY = "hk_dashboard_test_super_key_0123456789ab";
const NOW = new Date("2026-03-10T15:30:00Z");
const TODAY = new Date("2026-03-10T10:05:00Z");
const YESTERDAY_EVENING = new Date("2026-03-09T20:00:00Z");
const FIVE_DAYS_AGO = new Date("2026-03-05T09:00:00Z");

const path = "/api/v1/admin/dashboard";
const get = (qs: string, headers: Record<string, string>) => api("GET", `${path}${qs}`, { headers });

describe("dashboard", () => {
  let t: TestDatabase;
  let tenantA: string;
  let tenantB: string;
  let keyB: string;
  let admin: { id: string } | undefined;
  let alice: { id: string } | undefined;
  let seq = 0;

  /** One notification and its external deliveries, with the outcome each delivery reached. */
  async function send(
    tenantId: string,
    userId: string,
    at: Date,
    n: { channels: NotificationChannel[]; status?: NotificationStatus; read?: boolean },
    outcomes: {
      channel: NotificationChannel;
      status: DeliveryStatus;
      provider?: string;
      reason?: string;
      lastError?: string;
    }[] = [],
  ) {
    seq += 1;
    const [row] = await t.database.db
      .insert(notifications)
      .values({
        tenantId,
        userId,
        seq,
        changeSeq: seq,
        title: `n${seq}`,
        content: "body",
        type: "info",
        channels: n.channels,
        status: n.status ?? "sent",
        readAt: n.read ? at : null,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: notifications.id });
    for (const o of outcomes) {
      await t.database.db.insert(deliveries).values({
        tenantId,
        notificationId: row!.id,
        userId,
        channel: o.channel,
        provider: o.provider ?? null,
        status: o.status,
        reason: o.reason ?? null,
        lastError: o.lastError ?? null,
        createdAt: at,
        updatedAt: at,
      });
    }
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantA = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant.id;
    const b = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "dash-b", name: "Dash B" },
    });
    tenantB = b.json.data.tenant.id;
    keyB = b.json.data.api_key.key;
    [admin] = await t.database.db
      .insert(users)
      .values({ tenantId: tenantA, externalId: "dash-admin", role: "admin" })
      .returning({ id: users.id });
    [alice] = await t.database.db
      .insert(users)
      .values({ tenantId: tenantA, externalId: "dash-alice", role: "user" })
      .returning({ id: users.id });
    const u = alice!.id;

    // Today (UTC): five dispatched notifications, four of them in-app, two read.
    await send(tenantA, u, TODAY, { channels: ["app", "email"], read: true }, [
      { channel: "email", status: "delivered", provider: "resend" },
    ]);
    await send(tenantA, u, TODAY, { channels: ["app", "sms"] }, [
      {
        channel: "sms",
        status: "failed",
        provider: "twilio",
        reason: "invalid_number",
        lastError: "twilio: 21211 invalid To",
      },
    ]);
    await send(tenantA, u, TODAY, { channels: ["app", "email"], read: true }, [
      { channel: "email", status: "skipped", reason: "no_address" },
    ]);
    await send(tenantA, u, TODAY, { channels: ["email"], status: "failed" }, [
      { channel: "email", status: "bounced", provider: "resend", reason: "bounced" },
    ]);
    await send(tenantA, u, TODAY, { channels: ["app", "email"] }, [{ channel: "email", status: "queued" }]);
    // Scheduled and not yet out: no figure counts it.
    await send(tenantA, u, TODAY, { channels: ["app", "email"], status: "pending" });
    // Yesterday evening: in the last 24 hours, not today.
    await send(tenantA, u, YESTERDAY_EVENING, { channels: ["app", "email"], read: true }, [
      { channel: "email", status: "sent", provider: "smtp" },
    ]);
    // Five days ago: only in the 14-day window.
    await send(tenantA, u, FIVE_DAYS_AGO, { channels: ["app", "push"] }, [
      { channel: "push", status: "failed", provider: "webpush", reason: "gone" },
    ]);
  });
  afterAll(async () => t.drop());

  describe("figures (24 hours, UTC)", () => {
    let d: Awaited<ReturnType<typeof dashboard>>;
    beforeAll(async () => {
      d = await dashboard(t.database.db, tenantA, { range: "24h", tz: "UTC" }, NOW);
    });

    it("counts today's sends, reads and delivery outcomes for the cards", () => {
      expect(d.today.since).toBe("2026-03-10T00:00:00.000Z");
      expect(d.today).toMatchObject({ sent: 5, read: 2, read_rate: 0.5 });
      expect(d.today.deliveries).toEqual({
        total: 5,
        succeeded: 1,
        delivered: 1,
        failed: 2,
        in_flight: 1,
        skipped: 1,
        success_rate: 1 / 3,
      });
    });

    it("buckets sends per channel per local hour, empty hours included", () => {
      expect(d.series.unit).toBe("hour");
      expect(d.series.buckets).toHaveLength(24);
      expect(d.series.buckets[0]!.start).toBe("2026-03-09T16:00");
      expect(d.series.buckets.at(-1)!.start).toBe("2026-03-10T15:00");
      const at = (start: string) => d.series.buckets.find((b) => b.start === start);
      // Four in-app; three emails handed to a provider (the skipped one is not a send); one SMS.
      expect(at("2026-03-10T10:00")).toEqual({
        start: "2026-03-10T10:00",
        app: 4,
        email: 3,
        sms: 1,
        push: 0,
        wechat: 0,
        chat: 0,
      });
      expect(at("2026-03-09T20:00")).toMatchObject({ app: 1, email: 1 });
      const total = d.series.buckets.reduce((s, b) => s + b.app + b.email + b.sms + b.push + b.wechat, 0);
      expect(total).toBe(10);
    });

    it("rates delivery success per channel and per provider over the window", () => {
      expect(d.channels).toEqual([
        {
          channel: "email",
          total: 5,
          succeeded: 2,
          failed: 1,
          in_flight: 1,
          skipped: 1,
          success_rate: 2 / 3,
        },
        { channel: "sms", total: 1, succeeded: 0, failed: 1, in_flight: 0, skipped: 0, success_rate: 0 },
      ]);
      const provider = (name: string) => d.providers.find((p) => p.provider === name);
      expect(provider("resend")).toMatchObject({ channel: "email", total: 2, success_rate: 0.5 });
      expect(provider("smtp")).toMatchObject({ channel: "email", total: 1, success_rate: 1 });
      expect(provider("twilio")).toMatchObject({ channel: "sms", total: 1, success_rate: 0 });
      // Deliveries that never reached a provider have no rate.
      expect(provider("none")).toMatchObject({ total: 2, in_flight: 1, skipped: 1, success_rate: null });
    });

    it("lists failure reasons, most frequent first, with a recent error text", () => {
      expect(d.failure_reasons).toEqual(
        expect.arrayContaining([
          { reason: "bounced", channel: "email", count: 1, last_error: null },
          { reason: "invalid_number", channel: "sms", count: 1, last_error: "twilio: 21211 invalid To" },
        ]),
      );
      expect(d.failure_reasons).toHaveLength(2);
    });
  });

  it("widens to 14 daily buckets, including older failures", async () => {
    const d = await dashboard(t.database.db, tenantA, { range: "14d", tz: "UTC" }, NOW);
    expect(d.series.unit).toBe("day");
    expect(d.series.buckets.map((b) => b.start)).toEqual(
      Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2026, 1, 25 + i)).toISOString().slice(0, 10)),
    );
    expect(d.series.buckets.find((b) => b.start === "2026-03-05")).toMatchObject({ app: 1, push: 1 });
    expect(d.series.buckets.find((b) => b.start === "2026-03-10")).toMatchObject({
      app: 4,
      email: 3,
      sms: 1,
    });
    expect(d.channels.map((c) => c.channel)).toEqual(["email", "sms", "push"]);
    expect(d.failure_reasons.map((r) => r.reason).sort()).toEqual(["bounced", "gone", "invalid_number"]);
    // The cards stay "today" whatever the window.
    expect(d.today.sent).toBe(5);
  });

  it("reads today and the buckets in the caller's time zone", async () => {
    // 15:30 UTC is 00:30 the next day in Tokyo: nothing was sent "today" there yet.
    const d = await dashboard(t.database.db, tenantA, { range: "14d", tz: "Asia/Tokyo" }, NOW);
    expect(d.today.since).toBe("2026-03-10T15:00:00.000Z");
    expect(d.today).toMatchObject({ sent: 0, read_rate: null });
    expect(d.today.deliveries.success_rate).toBeNull();
    expect(d.series.buckets.at(-1)!.start).toBe("2026-03-11");
    // 10:05 UTC and yesterday's 20:00 UTC are both March 10 in Tokyo.
    expect(d.series.buckets.find((b) => b.start === "2026-03-10")).toMatchObject({ app: 5, email: 4 });
  });

  describe("GET /api/v1/admin/dashboard", () => {
    it("answers an admin session with the tenant's figures", async () => {
      const headers = await sessionCookie({ uid: admin!.id, tid: tenantA, ext: "dash-admin", role: "admin" });
      const res = await get("?range=14d&tz=Europe/Paris", headers);
      expect(res.status).toBe(200);
      expect(res.json.data).toMatchObject({
        range: "14d",
        timezone: "Europe/Paris",
        live_connections: expect.any(Number),
      });
      expect(res.json.data.series.buckets).toHaveLength(14);
    });

    it("keeps each tenant to its own rows", async () => {
      const other = await t.database.db
        .insert(users)
        .values({ tenantId: tenantB, externalId: "b-user" })
        .returning({ id: users.id });
      await send(tenantB, other[0]!.id, new Date(Date.now() - 60_000), { channels: ["app", "wechat"] }, [
        { channel: "wechat", status: "sent", provider: "wechat" },
      ]);
      const b = await get("", bearer(keyB));
      expect(b.status).toBe(200);
      expect(b.json.data.channels).toEqual([
        { channel: "wechat", total: 1, succeeded: 1, failed: 0, in_flight: 0, skipped: 0, success_rate: 1 },
      ]);
      const a = await dashboard(t.database.db, tenantA, { range: "24h", tz: "UTC" }, NOW);
      expect(a.channels.map((c) => c.channel)).not.toContain("wechat");
    });

    it("refuses end users and anonymous callers", async () => {
      const user = await sessionCookie({ uid: alice!.id, tid: tenantA, ext: "dash-alice", role: "user" });
      expect((await get("", user)).status).toBe(403);
      expect((await get("", {})).status).toBe(401);
    });

    it("names an invalid range or time zone", async () => {
      const res = await get("?range=7d&tz=Mars/Olympus", bearer(KEY));
      expect(res.status).toBe(400);
      expect(res.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(["range", "tz"]);
    });
  });
});
