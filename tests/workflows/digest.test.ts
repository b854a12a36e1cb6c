// Digest and throttle steps end to end: triggers through the API, step jobs run by one runner or
// two at once (on PostgreSQL, over a real pool), a ManualClock instead of sleeping.
import { and, eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ManualClock } from "@/lib/clock";
import { notifications, users, workflowDigests } from "@/lib/db/schema";

import { upsertUser } from "@/lib/users/store";
import { wakeDueRuns } from "@/lib/workflows/engine";

import { api, bearer } from "../helpers/api";
import { type TestDatabase } from "../helpers/db";
import {
  drainSteps,
  runRowOf,
  stepRowsOf,
  triggerWorkflowApi,
  openWorkflowTestbed,
  type WorkflowTestbed,
} from "../helpers/workflows";

const KEY = "hk_digest_test_super_key_0123456789abcdef";
const H = bearer(KEY);
const MINUTE = 60_000;

const summary = {
  id: "summary",
  type: "in_app",
  title: "{{ digest.count }} new comments",
  content:
    "{% for e in digest.events %}{{ e.text }};{% endfor %} first={{ digest.first.text }} last={{ digest.last.text }}",
};
const digestOf = (key: string, window: object, over: object = {}) => ({
  key,
  name: key,
  steps: [{ id: "collect", type: "digest", window, key: "{{ payload.post }}", ...over }, summary],
});

describe("digest and throttle steps", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;
  let clock: ManualClock;
  let bed: WorkflowTestbed;

  beforeAll(async () => {
    bed = await openWorkflowTestbed(KEY, "2026-03-02T10:00:00Z");
    ({ t, boss, tenantId, clock } = bed);
    const template = await api("POST", "/api/v1/notifications/templates", {
      headers: H,
      body: {
        code: "comments_digest",
        name: "Comments digest",
        blocks: {
          en: { app: { title: "{{ digest.count }} updates", content: "Latest: {{ digest.last.text }}" } },
        },
      },
    });
    expect(template.status, JSON.stringify(template.json)).toBe(201);
    for (const wf of [
      digestOf("comments.window", { amount: 10, unit: "minutes" }),
      digestOf("comments.full", { amount: 10, unit: "minutes" }, { max_events: 3 }),
      digestOf("comments.daily", { schedule: "daily", at: "09:00" }),
      {
        key: "comments.last",
        name: "A digest as the last step",
        steps: [{ id: "collect", type: "digest", window: { amount: 5, unit: "minutes" } }],
      },
      digestOf("comments.cadence", { amount: 10, unit: "minutes" }, { allow_user_cadence: true }),
      {
        key: "comments.template",
        name: "Digest through a template",
        steps: [
          { id: "collect", type: "digest", window: { amount: 1, unit: "hours" } },
          { id: "summary", type: "in_app", template: "comments_digest" },
        ],
      },
      {
        key: "builds",
        name: "Build alerts, three an hour per project",
        steps: [
          {
            id: "limit",
            type: "throttle",
            limit: 3,
            window: { amount: 1, unit: "hours" },
            key: "{{ payload.project }}",
          },
          {
            id: "inapp",
            type: "in_app",
            title: "Build",
            content: "{{ payload.project }}: {{ payload.text }}",
          },
        ],
      },
    ]) {
      const created = await api("POST", "/api/v1/workflows", { headers: H, body: wf });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
    }
  });
  afterAll(async () => {
    await bed.close();
  });

  const db = () => t.database.db;
  const trigger = (key: string, body: unknown) => triggerWorkflowApi(key, body, H);
  const drain = (runners = 1) => drainSteps(db(), boss, runners);
  const runRow = (id: string) => runRowOf(db(), id);
  const collectStep = async (runId: string) =>
    (await stepRowsOf(db(), runId)).find((s) => s.stepId === "collect");
  const notificationsOf = async (externalId: string) => {
    const [u] = await db()
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.externalId, externalId)));
    return u ? db().select().from(notifications).where(eq(notifications.userId, u.id)) : [];
  };
  const digestsOf = async (externalId: string) => {
    const [u] = await db()
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.externalId, externalId)));
    return db().select().from(workflowDigests).where(eq(workflowDigests.userId, u!.id));
  };
  /** One trigger per text, one after another, to `to`; the run ids in order. */
  async function triggerEach(key: string, to: string, texts: string[], extra: object = {}) {
    const ids: string[] = [];
    for (const text of texts) {
      const res = await trigger(key, { to: [to], payload: { post: "p1", text, ...extra } });
      expect(res.status, JSON.stringify(res.json)).toBe(202);
      ids.push(res.json.data.run_ids[0]);
    }
    return ids;
  }
  /** Moves the clock to `at` and runs what is due by then. */
  async function moveTo(at: Date) {
    clock.set(at);
    await wakeDueRuns(db());
    await drain();
  }

  it("collects the triggers of a window into one continuation, the latest events first", async () => {
    const [owner, ...joined] = await triggerEach("comments.window", "ann", ["a", "b", "c"]);
    // Another post is another digest.
    const other = await trigger("comments.window", { to: ["ann"], payload: { post: "p2", text: "x" } });
    await drain();
    const opened = clock.now().getTime();
    expect(await runRow(owner!)).toMatchObject({ status: "waiting", wakeAt: new Date(opened + 10 * MINUTE) });
    for (const id of joined) {
      expect((await runRow(id)).status).toBe("completed");
      expect((await collectStep(id))?.outcome).toMatchObject({
        digest: { role: "joined", owner_run_id: owner },
      });
    }
    expect(await notificationsOf("ann")).toHaveLength(0);

    clock.advance(9 * MINUTE);
    expect(await wakeDueRuns(db())).toBe(0);
    await moveTo(new Date(opened + 10 * MINUTE));
    expect((await runRow(owner!)).status).toBe("completed");
    expect((await runRow(other.json.data.run_ids[0])).status).toBe("completed");
    const sent = (await notificationsOf("ann")).map((n) => [n.title, n.content]).sort();
    expect(sent).toEqual([
      ["1 new comments", "x; first=x last=x"],
      ["3 new comments", "c;b;a; first=a last=c"],
    ]);
    // The owner's timeline shows the digest's final count.
    expect((await collectStep(owner!))?.outcome).toMatchObject({ digest: { role: "opened", count: 3 } });
    const [p1] = (await digestsOf("ann")).filter((d) => d.key === "p1");
    expect(p1).toMatchObject({ status: "closed", closeReason: "window", eventCount: 3, ownerRunId: owner });

    // A trigger after the close opens a new window with a new owner.
    const [next] = await triggerEach("comments.window", "ann", ["d"]);
    await drain();
    expect((await runRow(next!)).status).toBe("waiting");
    expect((await collectStep(next!))?.outcome).toMatchObject({ digest: { role: "opened", count: 1 } });
    await moveTo(new Date(clock.now().getTime() + 10 * MINUTE));
    expect((await notificationsOf("ann")).filter((n) => n.content === "d; first=d last=d")).toHaveLength(1);
    expect((await digestsOf("ann")).filter((d) => d.key === "p1").map((d) => d.eventCount)).toEqual(
      expect.arrayContaining([3, 1]),
    );
  });

  it("twenty racing triggers, run by two runners at once, make one continuation of twenty", async () => {
    const calls = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        trigger("comments.window", { to: ["ben"], payload: { post: "race", text: `t${i}` } }),
      ),
    );
    expect(calls.map((c) => c.status)).toEqual(Array(20).fill(202));
    const runIds = calls.map((c) => c.json.data.run_ids[0] as string);
    await drain(2);
    const statuses = await Promise.all(runIds.map(async (id) => (await runRow(id)).status));
    expect(statuses.filter((s) => s === "waiting")).toHaveLength(1);
    expect(statuses.filter((s) => s === "completed")).toHaveLength(19);
    const [digest] = await digestsOf("ben");
    expect(await digestsOf("ben")).toHaveLength(1);
    expect(digest).toMatchObject({ status: "open", eventCount: 20 });
    expect(digest!.events).toHaveLength(10);

    await moveTo(new Date(clock.now().getTime() + 10 * MINUTE));
    const sent = await notificationsOf("ben");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.title).toBe("20 new comments");
    expect(sent[0]!.content.split(";").filter((s) => /^t\d+$/.test(s))).toHaveLength(10);
    expect((await runRow(digest!.ownerRunId)).status).toBe("completed");
    expect((await collectStep(digest!.ownerRunId))?.outcome).toMatchObject({ digest: { count: 20 } });
  });

  it("triggers racing the window's close each land in exactly one sent digest", async () => {
    await triggerEach("comments.window", "kit", ["first"]);
    await drain();
    clock.advance(10 * MINUTE);
    await wakeDueRuns(db()); // the owner's job is queued; the triggers below race it
    const calls = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        trigger("comments.window", { to: ["kit"], payload: { post: "p1", text: `r${i}` } }),
      ),
    );
    expect(calls.map((c) => c.status)).toEqual(Array(10).fill(202));
    await drain(2);
    await moveTo(new Date(clock.now().getTime() + 10 * MINUTE));
    const digests = await digestsOf("kit");
    expect(digests.every((d) => d.status === "closed")).toBe(true);
    const sent = await notificationsOf("kit");
    expect(sent).toHaveLength(digests.length);
    const counts = sent.map((n) => Number(n.title.split(" ")[0]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(11);
    expect(counts.sort()).toEqual(digests.map((d) => d.eventCount).sort());
  });

  it("closes early at max_events; the next trigger opens a new window", async () => {
    const ids = await triggerEach("comments.full", "cat", ["a", "b", "c", "d"]);
    await drain();
    // No clock move: the third event closed the window and woke its owner.
    const sent = await notificationsOf("cat");
    expect(sent.map((n) => [n.title, n.content])).toEqual([["3 new comments", "c;b;a; first=a last=c"]]);
    expect((await runRow(ids[0]!)).status).toBe("completed");
    expect((await collectStep(ids[0]!))?.outcome).toMatchObject({ digest: { count: 3 } });
    expect((await runRow(ids[3]!)).status).toBe("waiting");
    const digests = await digestsOf("cat");
    expect(digests.map((d) => [d.status, d.closeReason, d.eventCount]).sort()).toEqual([
      ["closed", "max_events", 3],
      ["open", null, 1],
    ]);
    await moveTo(new Date(clock.now().getTime() + 10 * MINUTE));
    expect((await notificationsOf("cat")).map((n) => n.title).sort()).toEqual([
      "1 new comments",
      "3 new comments",
    ]);
  });

  it("a digest as the last step still waits and closes its window", async () => {
    const [owner, joined] = await triggerEach("comments.last", "ray", ["a", "b"]);
    await drain();
    expect((await runRow(owner!)).status).toBe("waiting");
    expect((await runRow(joined!)).status).toBe("completed");
    await moveTo(new Date(clock.now().getTime() + 5 * MINUTE));
    expect((await runRow(owner!)).status).toBe("completed");
    expect(await digestsOf("ray")).toMatchObject([
      { status: "closed", closeReason: "window", eventCount: 2 },
    ]);
    const [next] = await triggerEach("comments.last", "ray", ["c"]);
    await drain();
    expect((await runRow(next!)).status).toBe("waiting");
  });

  it("a daily window closes at the next 09:00 in the recipient's time zone", async () => {
    await upsertUser(db(), tenantId, { externalId: "dan", timezone: "America/New_York" });
    clock.set("2026-03-07T16:00:00Z"); // Saturday 11:00 in New York (EST)
    const [owner] = await triggerEach("comments.daily", "dan", ["a", "b"]);
    await drain();
    // Sunday 09:00 is in summer time (EDT, UTC-4): the DST change moved the instant.
    const nine = new Date("2026-03-08T13:00:00Z");
    expect((await runRow(owner!)).wakeAt).toEqual(nine);
    await moveTo(new Date(nine.getTime() - MINUTE));
    expect(await notificationsOf("dan")).toHaveLength(0);
    await moveTo(nine);
    expect((await notificationsOf("dan")).map((n) => n.title)).toEqual(["2 new comments"]);
  });

  it("a template step reads the digest as a param", async () => {
    const ids: string[] = [];
    for (const text of ["one", "two"]) {
      const res = await trigger("comments.template", { to: ["eve"], payload: { text } });
      expect(res.status, JSON.stringify(res.json)).toBe(202);
      ids.push(res.json.data.run_ids[0]);
    }
    await drain();
    await moveTo(new Date(clock.now().getTime() + 60 * MINUTE));
    expect((await notificationsOf("eve")).map((n) => [n.title, n.content])).toEqual([
      ["2 updates", "Latest: two"],
    ]);
  });

  it("cancelling the owner during the window closes it with no continuation", async () => {
    const [owner, joined] = await triggerEach("comments.window", "fox", ["a", "b"], {});
    await drain();
    const res = await trigger("comments.window", {
      to: ["fox"],
      payload: { post: "p7", text: "c" },
      cancellation_key: "post-7",
    });
    const cancelledOwner = res.json.data.run_ids[0] as string;
    const joiner = await trigger("comments.window", {
      to: ["fox"],
      payload: { post: "p7", text: "d" },
      cancellation_key: "post-7",
    });
    await drain();
    const cancelled = await api("POST", "/api/v1/workflows/comments.window/cancel", {
      headers: H,
      body: { cancellation_key: "post-7" },
    });
    expect(cancelled.json.data).toEqual({ cancelled: 1, run_ids: [cancelledOwner] });
    expect((await runRow(joiner.json.data.run_ids[0])).status).toBe("completed");
    const p7 = (await digestsOf("fox")).filter((d) => d.key === "p7");
    expect(p7).toMatchObject([{ status: "closed", closeReason: "cancelled", eventCount: 2 }]);

    await moveTo(new Date(clock.now().getTime() + 10 * MINUTE));
    expect((await runRow(cancelledOwner)).status).toBe("cancelled");
    // Only the other key's digest, which nothing cancelled, was sent.
    expect((await notificationsOf("fox")).map((n) => n.title)).toEqual(["2 new comments"]);
    expect((await runRow(owner!)).status).toBe("completed");
    expect((await runRow(joined!)).status).toBe("completed");
    // The key is free again: a new trigger opens a new window.
    const after = await trigger("comments.window", { to: ["fox"], payload: { post: "p7", text: "e" } });
    await drain();
    expect((await runRow(after.json.data.run_ids[0])).status).toBe("waiting");
  });

  it("a recipient's own cadence replaces the window where the step allows it", async () => {
    const prefer = (body: unknown) => api("PUT", "/api/v1/users/kay/preferences", { headers: H, body });
    await upsertUser(db(), tenantId, { externalId: "kay" });
    const bad = await prefer({ workflows: { "comments.cadence": { enabled: true, digest: { amount: 0 } } } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toContain(
      "workflows.comments.cadence.digest",
    );
    const hourly = { enabled: true, digest: { amount: 1, unit: "hours" } };
    const saved = await prefer({ workflows: { "comments.cadence": hourly, "comments.window": hourly } });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json.data.workflows["comments.cadence"]).toEqual(hourly);
    const [own] = await triggerEach("comments.cadence", "kay", ["a"]);
    const [fixed] = await triggerEach("comments.window", "kay", ["b"]);
    const [other] = await triggerEach("comments.cadence", "lou", ["c"]);
    await drain();
    const now = clock.now().getTime();
    expect((await runRow(own!)).wakeAt).toEqual(new Date(now + 60 * MINUTE));
    expect((await runRow(fixed!)).wakeAt).toEqual(new Date(now + 10 * MINUTE));
    expect((await runRow(other!)).wakeAt).toEqual(new Date(now + 10 * MINUTE));
  });

  describe("throttle", () => {
    const build = (to: string, project: string, text: string) =>
      trigger("builds", { to: [to], payload: { project, text } });

    it("lets three an hour through per recipient and key; the rest end throttled", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await build("gil", "api", `b${i}`)).json.data.run_ids[0]);
      const elsewhere = await build("gil", "web", "w");
      const someoneElse = await build("hue", "api", "h");
      await drain();
      const statuses = await Promise.all(ids.map(async (id) => (await runRow(id)).status));
      expect(statuses).toEqual(["completed", "completed", "completed", "throttled", "throttled"]);
      const [limited] = await stepRowsOf(db(), ids[4]!);
      expect(limited).toMatchObject({
        stepId: "limit",
        status: "cancelled",
        outcome: { reason: "throttled", throttle: { limit: 3, count: 3 } },
      });
      expect((await runRow(elsewhere.json.data.run_ids[0])).status).toBe("completed");
      expect((await runRow(someoneElse.json.data.run_ids[0])).status).toBe("completed");
      expect((await notificationsOf("gil")).map((n) => n.content).sort()).toEqual([
        "api: b0",
        "api: b1",
        "api: b2",
        "web: w",
      ]);
      // The window slides: an hour after the first passes, one gets through again.
      clock.advance(60 * MINUTE);
      const later = await build("gil", "api", "later");
      await drain();
      expect((await runRow(later.json.data.run_ids[0])).status).toBe("completed");
    });

    it("six racing runs, two runners at once: exactly three pass", async () => {
      const calls = await Promise.all(Array.from({ length: 6 }, (_, i) => build("ida", "race", `r${i}`)));
      await drain(2);
      const statuses = await Promise.all(
        calls.map(async (c) => (await runRow(c.json.data.run_ids[0])).status),
      );
      expect(statuses.filter((s) => s === "completed")).toHaveLength(3);
      expect(statuses.filter((s) => s === "throttled")).toHaveLength(3);
      expect(await notificationsOf("ida")).toHaveLength(3);
    });
  });
});
