// Recurring schedules end to end: created through the API, fired by the worker's own sweep function
// (runDueSchedules) as a ManualClock moves, runs counted in the database.
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ManualClock } from "@/lib/clock";
import { rowsOf } from "@/lib/db/client";
import { auditLog, workflowSchedules, workflowScheduleSlots } from "@/lib/db/schema";

import { runDueSchedules } from "@/lib/schedules/fire";
import { upsertUser } from "@/lib/users/store";

import { api, bearer } from "../helpers/api";
import { onPostgres, type TestDatabase } from "../helpers/db";
import { openWorkflowTestbed, type WorkflowTestbed } from "../helpers/workflows";

const KEY = "hk_schedules_test_super_key_0123456789ab";
const H = bearer(KEY);
const base = "/api/v1/schedules";
const create = (body: unknown, headers = H) => api("POST", base, { headers, body });
const get = (id: string, qs = "", headers = H) => api("GET", `${base}/${id}${qs}`, { headers });
const put = (id: string, body: unknown, headers = H) => api("PUT", `${base}/${id}`, { headers, body });
const del = (id: string, headers = H) => api("DELETE", `${base}/${id}`, { headers });
const pause = (id: string, headers = H) => api("POST", `${base}/${id}/pause`, { headers });
const resume = (id: string, headers = H) => api("POST", `${base}/${id}/resume`, { headers });
const list = (qs = "", headers = H) => api("GET", `${base}${qs}`, { headers });

const daily = { frequency: "daily", at: "09:00", timezone: "recipient" };
const morning = (to: string[], extra: Record<string, unknown> = {}) => ({
  workflow: "morning.hello",
  name: "Good morning",
  to,
  payload: { text: "Rise and shine" },
  repeat: daily,
  ...extra,
});

describe("workflow schedules", () => {
  let t: TestDatabase;
  let tenantId: string;
  let keyB: string;
  let clock: ManualClock;
  let bed: WorkflowTestbed;

  beforeAll(async () => {
    // Monday 2 March 2026, midnight UTC: Shanghai's 09:00 is 01:00Z, London's 09:00Z, New York's 14:00Z.
    bed = await openWorkflowTestbed(KEY, "2026-03-02T00:00:00Z");
    ({ t, tenantId, clock } = bed);
    const db = t.database.db;
    // Zones three ways: a preference, a profile only, and a preference that wins over the profile.
    await upsertUser(db, tenantId, { externalId: "ny" });
    await upsertUser(db, tenantId, { externalId: "sh", timezone: "Asia/Shanghai" });
    await upsertUser(db, tenantId, { externalId: "ldn", timezone: "Asia/Tokyo" });
    for (const [user, timezone] of [
      ["ny", "America/New_York"],
      ["ldn", "Europe/London"],
    ]) {
      const saved = await api("PUT", `/api/v1/users/${user}/preferences`, { headers: H, body: { timezone } });
      expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    }
    const workflow = await api("POST", "/api/v1/workflows", {
      headers: H,
      body: {
        key: "morning.hello",
        name: "Morning hello",
        steps: [{ id: "inapp", type: "in_app", title: "Good morning", content: "{{ payload.text }}" }],
      },
    });
    expect(workflow.status, JSON.stringify(workflow.json)).toBe(201);
    const b = await api("POST", "/api/v1/tenants", { headers: H, body: { slug: "other", name: "Other" } });
    keyB = b.json.data.api_key.key;
  });
  afterAll(async () => {
    await bed.close();
  });

  /** Runs the tenant's users got from `name`'s schedules, by user_id. */
  async function runsBy(payloadText: string): Promise<Record<string, number>> {
    const rows = rowsOf<{ user_id: string; n: number }>(
      await t.database.db.execute(sql`
        select u.external_id as user_id, count(*)::int as n from workflow_runs r join users u on u.id = r.user_id
        where r.tenant_id = ${tenantId}::uuid and r.payload->>'text' = ${payloadText}
        group by u.external_id`),
    );
    return Object.fromEntries(rows.map((r) => [r.user_id, Number(r.n)]));
  }
  const at = async (iso: string) => {
    clock.set(iso);
    return runDueSchedules(t.database.db);
  };
  const scheduleCount = async () =>
    (await t.database.db.select({ n: count() }).from(workflowSchedules))[0]!.n;
  const auditCount = async () => (await t.database.db.select({ n: count() }).from(auditLog))[0]!.n;

  it("fires each recipient at 09:00 in their own zone, once per occurrence, across New York's DST change", async () => {
    clock.set("2026-03-02T00:00:00Z");
    const res = await create(morning(["ny", "sh", "ldn"]));
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const s = res.json.data;
    expect(s).toMatchObject({ workflow: "morning.hello", status: "active", to: ["ny", "sh", "ldn"] });
    expect(s.slots.map((x: { zone: string }) => x.zone)).toEqual([
      "America/New_York",
      "Asia/Shanghai",
      "Europe/London",
    ]);
    expect(s.next_fires.map((f: { at: string; zone: string }) => [f.at, f.zone])).toEqual([
      ["2026-03-02T01:00:00Z", "Asia/Shanghai"],
      ["2026-03-02T09:00:00Z", "Europe/London"],
      ["2026-03-02T14:00:00Z", "America/New_York"],
      ["2026-03-03T01:00:00Z", "Asia/Shanghai"],
      ["2026-03-03T09:00:00Z", "Europe/London"],
    ]);
    expect(s.next_fires[2].local_time).toBe("2026-03-02T09:00");
    // The same times shown in Tokyo.
    const tokyo = await get(s.id, "?timezone=Asia/Tokyo");
    expect(tokyo.json.data.next_fires[0].at).toBe("2026-03-02T10:00:00+09:00");

    expect(await at("2026-03-02T00:59:00Z")).toMatchObject({ fired: 0 });
    expect(await runsBy("Rise and shine")).toEqual({});
    expect(await at("2026-03-02T01:00:00Z")).toMatchObject({ fired: 1, runs: 1 });
    expect(await runsBy("Rise and shine")).toEqual({ sh: 1 });
    // A second sweep at the same moment finds nothing due.
    expect(await runDueSchedules(t.database.db)).toMatchObject({ fired: 0 });
    // Two sweeps at once (two workers) fire London's 09:00 once between them.
    clock.set("2026-03-02T09:00:30Z");
    const sweeps = await Promise.all([1, 2, 3].map(() => runDueSchedules(t.database.db)));
    expect(sweeps.reduce((n, r) => n + r.fired, 0)).toBe(1);
    expect(await runsBy("Rise and shine")).toEqual({ sh: 1, ldn: 1 });
    await at("2026-03-02T13:59:59Z");
    expect(await runsBy("Rise and shine")).toEqual({ sh: 1, ldn: 1 });
    await at("2026-03-02T14:00:00Z");
    expect(await runsBy("Rise and shine")).toEqual({ sh: 1, ldn: 1, ny: 1 });

    // An outage until Sunday 8 March 12:59Z: each zone fires its latest missed 09:00 once, not a burst.
    const late = await at("2026-03-08T12:59:00Z");
    expect(late).toMatchObject({ fired: 3, failed: 0 });
    expect(await runsBy("Rise and shine")).toEqual({ sh: 2, ldn: 2, ny: 2 });
    // New York is on daylight time since 07:00Z: its 09:00 is now 13:00Z.
    const slots = (await get(s.id)).json.data.slots as { zone: string; next_fire_at: string }[];
    expect(slots.find((x) => x.zone === "America/New_York")!.next_fire_at).toBe("2026-03-08T13:00:00.000Z");
    await at("2026-03-08T13:00:00Z");
    expect(await runsBy("Rise and shine")).toEqual({ sh: 2, ldn: 2, ny: 3 });
    await runDueSchedules(t.database.db);
    expect(await runsBy("Rise and shine")).toEqual({ sh: 2, ldn: 2, ny: 3 });

    // The runs are the workflow's, with the schedule's payload, started like any trigger's.
    const [run] = rowsOf<{ status: string; payload: unknown }>(
      await t.database.db.execute(
        sql`select status, payload from workflow_runs where tenant_id = ${tenantId}::uuid limit 1`,
      ),
    );
    expect(run).toMatchObject({ status: "running", payload: { text: "Rise and shine" } });
    expect(await del(s.id)).toMatchObject({ status: 200 });
  });

  // PGlite has one connection: a transaction held open would block the sweep instead of being skipped.
  it.runIf(onPostgres)(
    "skips a slot another worker holds, and fires it once that worker is done",
    async () => {
      clock.set("2026-03-20T00:00:00Z");
      const res = await create(
        morning(["sh"], {
          payload: { text: "held" },
          repeat: { frequency: "daily", at: "09:00", timezone: "UTC" },
        }),
      );
      clock.set("2026-03-20T09:00:00Z");
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = t.database.db.transaction(async (tx) => {
        await tx.execute(
          sql`select id from workflow_schedule_slots where schedule_id = ${res.json.data.id}::uuid for update`,
        );
        locked();
        await released;
      });
      await isLocked;
      expect(await runDueSchedules(t.database.db)).toMatchObject({ fired: 0 });
      release();
      await holder;
      expect(await runDueSchedules(t.database.db)).toMatchObject({ fired: 1, runs: 1 });
      expect(await runsBy("held")).toEqual({ sh: 1 });
      await del(res.json.data.id);
    },
  );

  it("moves a recipient whose zone changed to their new zone's slot, never firing them twice", async () => {
    clock.set("2026-04-01T00:00:00Z");
    await upsertUser(t.database.db, tenantId, { externalId: "mover", timezone: "Asia/Shanghai" });
    const res = await create(morning(["mover"], { payload: { text: "mover" } }));
    expect(res.status).toBe(201);
    await at("2026-04-01T01:00:00Z"); // 09:00 Shanghai
    expect(await runsBy("mover")).toEqual({ mover: 1 });
    // They move to New York; its 09:00 today (13:00Z) must not fire them again for 1 April.
    await upsertUser(t.database.db, tenantId, { externalId: "mover", timezone: "America/New_York" });
    await at("2026-04-01T13:00:00Z");
    expect(await runsBy("mover")).toEqual({ mover: 1 });
    // Shanghai's next 09:00 finds them gone and hands them to New York's slot, unfired.
    await at("2026-04-02T01:00:00Z");
    expect(await runsBy("mover")).toEqual({ mover: 1 });
    const zones = (await get(res.json.data.id)).json.data.slots.map((x: { zone: string }) => x.zone);
    expect(zones).toEqual(["America/New_York"]);
    await at("2026-04-02T13:00:00Z");
    expect(await runsBy("mover")).toEqual({ mover: 2 });
    await del(res.json.data.id);
  });

  it("a change saved after a recipient's zone changed does not give them the same local 09:00 again", async () => {
    clock.set("2026-04-10T00:00:00Z");
    await upsertUser(t.database.db, tenantId, { externalId: "hopper", timezone: "Asia/Shanghai" });
    const res = await create(morning(["hopper"], { payload: { text: "hopper" } }));
    await at("2026-04-10T01:00:00Z"); // 09:00 on 10 April in Shanghai
    expect(await runsBy("hopper")).toEqual({ hopper: 1 });
    await upsertUser(t.database.db, tenantId, { externalId: "hopper", timezone: "America/New_York" });
    clock.set("2026-04-10T02:00:00Z");
    const saved = await put(res.json.data.id, { to: ["hopper"], name: "Renamed" });
    expect(saved.status).toBe(200);
    // New York's 09:00 on 10 April would be the same local occurrence: the 11th's is next.
    expect(saved.json.data.slots).toMatchObject([
      { zone: "America/New_York", next_fire_at: "2026-04-11T13:00:00.000Z" },
    ]);
    await at("2026-04-10T13:00:00Z");
    expect(await runsBy("hopper")).toEqual({ hopper: 1 });
    await at("2026-04-11T13:00:00Z");
    expect(await runsBy("hopper")).toEqual({ hopper: 2 });
    await del(res.json.data.id);
  });

  it("pausing stops it, resuming goes on from the next occurrence, deleting stops it for good", async () => {
    clock.set("2026-05-04T00:00:00Z");
    const res = await create(
      morning(["sh"], {
        payload: { text: "paused" },
        repeat: { frequency: "daily", at: "09:00", timezone: "UTC" },
      }),
    );
    expect(res.status).toBe(201);
    const id = res.json.data.id;
    await at("2026-05-04T09:00:00Z");
    expect(await runsBy("paused")).toEqual({ sh: 1 });

    const paused = await pause(id);
    expect(paused.status).toBe(200);
    expect(paused.json.data).toMatchObject({ status: "paused", next_fires: [] });
    expect(paused.json.data.slots[0].next_fire_at).toBeNull();
    expect((await pause(id)).json.data.status).toBe("paused"); // pausing again changes nothing
    await at("2026-05-05T09:00:00Z");
    await at("2026-05-06T09:30:00Z");
    expect(await runsBy("paused")).toEqual({ sh: 1 });

    // Resumed at 10:00 on the 6th: the 6th's 09:00, missed while paused, is not fired.
    clock.set("2026-05-06T10:00:00Z");
    const resumed = await resume(id);
    expect(resumed.json.data).toMatchObject({ status: "active" });
    expect(resumed.json.data.next_fires[0].at).toBe("2026-05-07T09:00:00Z");
    await runDueSchedules(t.database.db);
    expect(await runsBy("paused")).toEqual({ sh: 1 });
    await at("2026-05-07T09:00:00Z");
    expect(await runsBy("paused")).toEqual({ sh: 2 });

    expect(await del(id)).toMatchObject({ status: 200, json: { message: "Schedule deleted" } });
    expect((await get(id)).status).toBe(404);
    expect(
      (
        await t.database.db
          .select({ n: count() })
          .from(workflowScheduleSlots)
          .where(eq(workflowScheduleSlots.scheduleId, id))
      )[0]!.n,
    ).toBe(0);
    await at("2026-05-08T09:00:00Z");
    expect(await runsBy("paused")).toEqual({ sh: 2 });
    const actions = (
      await t.database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.targetType, "schedule"), eq(auditLog.targetId, id)))
        .orderBy(auditLog.createdAt)
    ).map((r) => r.action);
    expect(actions).toEqual(["schedule.created", "schedule.paused", "schedule.resumed", "schedule.deleted"]);
  });

  it("fires weekly and RRULE schedules on their days, and changes take effect from now", async () => {
    clock.set("2026-06-01T00:00:00Z"); // a Monday
    const weekly = await create(
      morning(["ldn"], {
        payload: { text: "weekly" },
        repeat: { frequency: "weekly", at: "08:00", days: ["wed"], timezone: "Europe/London" },
      }),
    );
    expect(weekly.status, JSON.stringify(weekly.json)).toBe(201);
    expect(weekly.json.data.next_fires[0].at).toBe("2026-06-03T07:00:00Z"); // London is on BST
    const rrule = await create(
      morning(["ny"], {
        payload: { text: "rrule" },
        repeat: { rrule: "FREQ=WEEKLY;BYDAY=TU;BYHOUR=7;BYMINUTE=30" },
      }),
    );
    expect(rrule.status, JSON.stringify(rrule.json)).toBe(201);
    expect(rrule.json.data.next_fires[0]).toMatchObject({
      at: "2026-06-02T11:30:00Z",
      zone: "America/New_York",
      local_time: "2026-06-02T07:30",
    });
    await at("2026-06-02T12:00:00Z");
    await at("2026-06-03T07:00:00Z");
    expect(await runsBy("rrule")).toEqual({ ny: 1 });
    expect(await runsBy("weekly")).toEqual({ ldn: 1 });

    // Moved to Thursdays: the next fire is Thursday's, computed from now.
    const changed = await put(weekly.json.data.id, {
      repeat: { frequency: "weekly", at: "08:00", days: ["thu"] },
    });
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);
    expect(changed.json.data.next_fires[0].at).toBe("2026-06-04T07:00:00Z");
    expect(changed.json.data.name).toBe("Good morning");
    const renamed = await put(weekly.json.data.id, { name: "Thursday note" });
    expect(renamed.json.data).toMatchObject({ name: "Thursday note", repeat: { days: ["thu"] } });

    const listed = await list("?workflow=morning.hello&status=active");
    expect(listed.status).toBe(200);
    expect(listed.json.data.schedules.map((x: { id: string }) => x.id)).toEqual(
      expect.arrayContaining([weekly.json.data.id, rrule.json.data.id]),
    );
    expect(listed.json.data.schedules[0]).toHaveProperty("recipient_count");
    await del(weekly.json.data.id);
    await del(rrule.json.data.id);
  });

  it("fires nothing once its workflow is deleted", async () => {
    clock.set("2026-07-01T00:00:00Z");
    await api("POST", "/api/v1/workflows", {
      headers: H,
      body: {
        key: "short.lived",
        name: "Short lived",
        steps: [{ id: "i", type: "in_app", title: "Hi", content: "x" }],
      },
    });
    const res = await create(morning(["sh"], { workflow: "short.lived", payload: { text: "gone" } }));
    expect(res.status).toBe(201);
    expect((await api("DELETE", "/api/v1/workflows/short.lived", { headers: H })).status).toBe(200);
    // A new workflow with the same key is not the one the schedule was saved with.
    await api("POST", "/api/v1/workflows", {
      headers: H,
      body: {
        key: "short.lived",
        name: "Newcomer",
        steps: [{ id: "i", type: "in_app", title: "Hi", content: "x" }],
      },
    });
    expect(await at("2026-07-01T01:00:00Z")).toMatchObject({ fired: 1, runs: 0 });
    expect(await runsBy("gone")).toEqual({});
    await del(res.json.data.id);
  });

  describe("validation", () => {
    const fieldsOf = (res: { json: { errors?: { field: string }[] } }) =>
      res.json.errors?.map((e) => e.field);

    it("refuses bad input with a 400 naming the field, and writes nothing", async () => {
      const schedules = await scheduleCount();
      const audits = await auditCount();
      const cases: [unknown, string][] = [
        [morning(["ny"], { repeat: { frequency: "daily", at: "9am" } }), "repeat.at"],
        [
          morning(["ny"], { repeat: { frequency: "daily", at: "09:00", timezone: "Mars/Olympus" } }),
          "repeat.timezone",
        ],
        [morning(["ny"], { repeat: { rrule: "FREQ=SOMETIMES;BYDAY=MO" } }), "repeat.rrule"],
        [morning(["ny"], { repeat: { rrule: "FREQ=DAILY;UNTIL=20200101T000000" } }), "repeat.rrule"],
        [morning(["ny"], { repeat: { frequency: "daily", at: "09:00", days: ["mon"] } }), "repeat.days"],
        [morning(["ny"], { repeat: { frequency: "weekly", at: "09:00" } }), "repeat.days"],
        [morning([]), "to"],
        [{ ...morning(["ny"]), name: "" }, "name"],
        [{ ...morning(["ny"]), extra: 1 }, "extra"],
      ];
      for (const [body, field] of cases) {
        const res = await create(body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(fieldsOf(res), JSON.stringify(body)).toContain(field);
      }
      const unknown = await create(morning(["brand-new-user"], { workflow: "no.such.workflow" }));
      expect(unknown.status).toBe(404);
      expect(unknown.json.message).toBe("Workflow not found");
      const missing = await create(morning(["ny"], { payload: {} }));
      expect(missing.status).toBe(400);
      expect(fieldsOf(missing)).toEqual(["payload.text"]);
      expect(await scheduleCount()).toBe(schedules);
      expect(await auditCount()).toBe(audits);
      const users = rowsOf<{ n: number }>(
        await t.database.db.execute(
          sql`select count(*)::int as n from users where external_id = 'brand-new-user'`,
        ),
      );
      expect(Number(users[0]!.n)).toBe(0);
    });

    it("refuses a bad change the same way, leaving the schedule as it was", async () => {
      const res = await create(morning(["ny"], { payload: { text: "keep" } }));
      const id = res.json.data.id;
      const bad = await put(id, { repeat: { frequency: "monthly", at: "09:00", days: ["mon"] } });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad)).toEqual(["repeat.days"]);
      expect((await put(id, { to: [] })).status).toBe(400);
      expect((await put(id, { workflow: "no.such.workflow" })).status).toBe(404);
      expect((await get(id)).json.data).toMatchObject({
        repeat: daily,
        to: ["ny"],
        workflow: "morning.hello",
      });
      const zone = await get(id, "?timezone=Nowhere/Else");
      expect(zone.status).toBe(400);
      expect(fieldsOf(zone)).toEqual(["timezone"]);
      expect((await get("not-a-uuid")).status).toBe(400);
      await del(id);
    });

    it("needs workflows:write to change and workflows:read to read", async () => {
      const reader = bearer(
        (
          await api("POST", "/api/v1/api-keys", {
            headers: H,
            body: { name: "reader", scopes: ["workflows:read"] },
          })
        ).json.data.key,
      );
      const res = await create(morning(["ny"]));
      expect((await get(res.json.data.id, "", reader)).status).toBe(200);
      expect((await list("", reader)).status).toBe(200);
      const refused = await create(morning(["ny"]), reader);
      expect(refused.status).toBe(403);
      expect(refused.json.message).toContain("workflows:write");
      expect((await pause(res.json.data.id, reader)).status).toBe(403);
      await del(res.json.data.id);
    });
  });

  it("keeps tenants apart: another tenant's schedule is 404 and its workflows are not found", async () => {
    const mine = await create(morning(["ny"]));
    const id = mine.json.data.id;
    const B = bearer(keyB);
    expect((await get(id, "", B)).status).toBe(404);
    expect((await put(id, { name: "Taken" }, B)).status).toBe(404);
    expect((await pause(id, B)).status).toBe(404);
    expect((await resume(id, B)).status).toBe(404);
    expect((await del(id, B)).status).toBe(404);
    expect((await list("", B)).json.data.schedules).toEqual([]);
    expect((await create(morning(["ny"]), B)).status).toBe(404); // tenant A's workflow key
    expect((await get(id)).json.data).toMatchObject({ name: "Good morning", status: "active" });
    await del(id);
  });
});
