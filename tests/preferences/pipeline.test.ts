// Preferences applied by the delivery pipeline: skips with reasons, do-not-disturb deferrals with
// their job at the window's end, urgent bypass, mute — against a real database and queue.
import { eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { rowsOf } from "@/lib/db/client";
import { deliveries } from "@/lib/db/schema";
import { processDelivery } from "@/lib/delivery/pipeline";
import { parseEnv } from "@/lib/env";
import type { SendInput } from "@/lib/notifications/schema";
import { sendNotifications } from "@/lib/notifications/send";
import { savePreferences, preferencesOwner } from "@/lib/preferences/store";
import type { PreferencesUpdate } from "@/lib/preferences/schema";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { upsertUser } from "@/lib/users/store";
import { QUEUES } from "@/server/worker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

describe("the delivery pipeline applies each recipient's preferences", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test" }))).tenant.id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });

  const userWith = async (externalId: string, prefs: PreferencesUpdate) => {
    await upsertUser(t.database.db, tenantId, { externalId, email: `${externalId}@example.com` });
    const owner = await preferencesOwner(t.database.db, tenantId, externalId);
    await savePreferences(t.database.db, owner, prefs, { type: "system", id: null });
  };
  /** Sends on email and runs the delivery once; the delivery row afterwards. */
  const deliverTo = async (externalId: string, extra: Partial<SendInput> = {}) => {
    const sent = await sendNotifications(
      t.database.db,
      { tenantId, apiKeyId: null },
      {
        user_ids: [externalId],
        title: "Hello",
        content: "World",
        type: "info",
        priority: "normal",
        channels: ["app", "email"],
        metadata: {},
        ...extra,
      },
    );
    const id = sent.notifications![0]!.id;
    const [d] = await t.database.db.select().from(deliveries).where(eq(deliveries.notificationId, id));
    // As a worker would have: its job taken (active), so a re-queued job is a new one.
    await t.database.db.execute(
      sql`update pgboss.job set state = 'active' where data->>'deliveryId' = ${d!.id} and state = 'created'`,
    );
    const status = await processDelivery(t.database.db, d!.id);
    const [row] = await t.database.db.select().from(deliveries).where(eq(deliveries.id, d!.id));
    return { status, row: row! };
  };
  const jobStartAfter = async (deliveryId: string) =>
    rowsOf<{ start_after: Date }>(
      await t.database.db.execute(
        sql`select start_after from pgboss.job where data->>'deliveryId' = ${deliveryId} and state = 'created'`,
      ),
    ).map((r) => new Date(r.start_after))[0];

  it("skips a channel the user turned off, and one not chosen for the type, naming the reason", async () => {
    await userWith("off", { disabled_channels: ["email"] });
    expect((await deliverTo("off")).row).toMatchObject({ status: "skipped", reason: "channel_disabled" });
    await userWith("typed", { channels: { info: ["app"], system: ["app", "email"] } });
    expect((await deliverTo("typed")).row).toMatchObject({
      status: "skipped",
      reason: "not_chosen_for_type",
    });
    expect((await deliverTo("typed", { type: "system" })).row).toMatchObject({ status: "sent" });
  });

  it("defers a non-urgent delivery during do-not-disturb to the window's end, with its job then", async () => {
    // A window that holds now, whatever the time of day: from the last hour to the next, in UTC.
    const now = new Date();
    const hh = (d: Date) => d.toISOString().slice(11, 13);
    const start = `${hh(new Date(now.getTime() - 3600_000))}:00`;
    const endAt = new Date(now.getTime() + 3600_000);
    const end = `${hh(endAt)}:00`;
    await userWith("sleeper", { do_not_disturb: { start, end }, timezone: "UTC" });
    const deferred = await deliverTo("sleeper");
    expect(deferred.status).toBe("queued");
    expect(deferred.row.status).toBe("queued");
    expect(deferred.row.attempts).toBe(0); // the attempt was given back
    const until = deferred.row.deferredUntil!;
    expect(until.toISOString().slice(11, 16)).toBe(end);
    expect(until.getTime()).toBeGreaterThan(now.getTime());
    expect((await jobStartAfter(deferred.row.id))!.getTime()).toBe(until.getTime());

    const urgent = await deliverTo("sleeper", { priority: "urgent" });
    expect(urgent.row).toMatchObject({ status: "sent" });
  });

  it("a muted user gets no external channel, urgent or not", async () => {
    await userWith("hush", { mute_until: new Date(Date.now() + 3600_000).toISOString() });
    expect((await deliverTo("hush")).row).toMatchObject({ status: "skipped", reason: "muted" });
    expect((await deliverTo("hush", { priority: "urgent" })).row).toMatchObject({
      status: "skipped",
      reason: "muted",
    });
  });

  it("a user with no preferences gets everything", async () => {
    await upsertUser(t.database.db, tenantId, { externalId: "plain", email: "plain@example.com" });
    expect((await deliverTo("plain")).row).toMatchObject({ status: "sent" });
  });
});
