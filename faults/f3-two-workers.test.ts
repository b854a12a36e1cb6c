// F3: two worker processes (beside one web node) share every timed thing: scheduled sends, workflow
// delays and digest windows. Each fires exactly once: one notification and one email per scheduled
// send, one in-app notification per delayed run, one digest per recipient holding all its events.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import { createCrashRig, distinctKeys, post, until, type CrashRig } from "../tests/helpers/crash";
import type { RunningServer } from "../tests/helpers/server";
import { startCluster, type Cluster } from "./helpers/cluster";
import { figures, sleep } from "./helpers/report";

const KEY = "hk_super_key_for_fault_f3_0123456789abcdef";
const USERS = 30;
const DIGEST_USERS = 10;
const EVENTS_PER_DIGEST = 5;

describe("F3: two workers, each timed step once", () => {
  let cluster: Cluster;
  let rig: CrashRig;
  let web: RunningServer;

  beforeAll(async () => {
    cluster = await startCluster();
    rig = await createCrashRig({ key: KEY, recipients: USERS, prefix: "f3", adminUrl: cluster.url });
    // One at a time: the first runs the migrations (none left) and bootstrap; then the other two.
    web = await rig.start({ args: ["--role=web"] });
    await rig.start({ args: ["--role=worker"] });
    await rig.start({ args: ["--role=worker"] });
  });
  afterAll(async () => {
    await rig?.close().catch(() => {});
    await cluster?.destroy();
  });

  const count = async (query: ReturnType<typeof sql>) =>
    rowsOf<{ n: number }>(await rig.database.db.execute(query))[0]!.n;

  it("fires every scheduled send, delay and digest once across the two", async () => {
    for (const wf of [
      {
        key: "f3-delay",
        name: "Delayed",
        steps: [
          { id: "wait", type: "delay", amount: 3, unit: "seconds" },
          { id: "note", type: "in_app", title: "Delayed {{ payload.n }}", content: "after the wait" },
        ],
      },
      {
        key: "f3-digest",
        name: "Digest",
        steps: [
          {
            id: "collect",
            type: "digest",
            window: { amount: 4, unit: "seconds" },
            key: "{{ payload.post }}",
          },
          { id: "summary", type: "in_app", title: "{{ digest.count }} new comments", content: "digest" },
        ],
      },
    ]) {
      const created = await post(web, KEY, "/api/v1/workflows", wf);
      expect(created.status, JSON.stringify(created.json)).toBe(201);
    }

    const at = new Date(Date.now() + 4000).toISOString();
    for (let i = 1; i <= USERS; i++) {
      const sent = await post(web, KEY, "/api/v1/notifications", {
        user_ids: [`f3-${i}`],
        title: `Scheduled ${i}`,
        content: "at its time",
        type: "info",
        channels: ["app", "email"],
        schedule_at: at,
      });
      expect(sent.status).toBe(200);
      const delayed = await post(web, KEY, "/api/v1/workflows/f3-delay/trigger", {
        to: [`f3-${i}`],
        payload: { n: i },
      });
      expect(delayed.status).toBe(202);
    }
    for (let e = 0; e < EVENTS_PER_DIGEST; e++)
      for (let i = 1; i <= DIGEST_USERS; i++) {
        const res = await post(web, KEY, "/api/v1/workflows/f3-digest/trigger", {
          to: [`f3-${i}`],
          payload: { post: "launch", text: `comment ${e}` },
        });
        expect(res.status).toBe(202);
      }

    const titled = (pattern: string) =>
      count(sql`select count(*)::int as n from notifications
        where tenant_id = ${rig.tenantId}::uuid and title like ${pattern} and status in ('sent', 'processing')`);
    await until(
      async () =>
        (await titled("Scheduled %")) === USERS &&
        (await titled("Delayed %")) === USERS &&
        (await titled("% new comments")) === DIGEST_USERS &&
        distinctKeys(rig) === USERS,
      120_000,
      "every scheduled send, delay and digest",
    );
    await sleep(5000); // a second firing would land in this time

    expect(await titled("Scheduled %")).toBe(USERS);
    expect(await titled("Delayed %")).toBe(USERS);
    // One digest per recipient, holding every one of its events.
    const digests = rowsOf<{ title: string; n: number }>(
      await rig.database.db.execute(sql`select title, count(*)::int as n from notifications
        where tenant_id = ${rig.tenantId}::uuid and title like '% new comments' group by title`),
    );
    expect(digests).toEqual([{ title: `${EVENTS_PER_DIGEST} new comments`, n: DIGEST_USERS }]);
    expect(rig.stub.emails.length).toBe(USERS);
    expect(distinctKeys(rig)).toBe(USERS);
    const runs = rowsOf<{ status: string; n: number }>(
      await rig.database.db.execute(sql`select status, count(*)::int as n from workflow_runs
        where tenant_id = ${rig.tenantId}::uuid group by status`),
    );
    expect(runs).toEqual([{ status: "completed", n: USERS + DIGEST_USERS * EVENTS_PER_DIGEST }]);

    figures("F3", {
      workers: 2,
      scheduled_sends: USERS,
      emails: rig.stub.emails.length,
      delayed_runs: USERS,
      digests: DIGEST_USERS,
      events_per_digest: EVENTS_PER_DIGEST,
    });
  });
});
