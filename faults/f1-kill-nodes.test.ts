// F1: SIGKILL the worker, and then the web node, in the middle of a mixed load: plain sends and
// template sends (in-app + email), workflow runs (an in-app step, then an email step) and an
// announcement with an email channel. Clients retry what got no answer with the same idempotency
// key. After the restarts every accepted request's effects exist exactly once: its notification
// rows, its deliveries (all sent) and its emails at the provider (one per delivery, none twice).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import { createCrashRig, distinctKeys, post, until, type CrashRig } from "../tests/helpers/crash";
import { freePort, type RunningServer } from "../tests/helpers/server";
import { startCluster, type Cluster } from "./helpers/cluster";
import { figures, sleep } from "./helpers/report";

const KEY = "hk_super_key_for_fault_f1_0123456789abcdef";
const USERS = 40;
const CLIENTS = 4;
const AUDIENCE = 10;

type Kind = "send" | "template" | "workflow";
type Request = { key: string; kind: Kind; path: string; body: unknown };

describe("F1: killed worker and web node under a mixed load", () => {
  let cluster: Cluster;
  let rig: CrashRig;
  let web: RunningServer;
  let worker: RunningServer;
  let webPort: number;

  beforeAll(async () => {
    cluster = await startCluster();
    rig = await createCrashRig({ key: KEY, recipients: USERS, prefix: "f1", adminUrl: cluster.url });
    webPort = await freePort();
    web = await rig.start({ env: { PORT: String(webPort) }, args: ["--role=web"] });
    worker = await rig.start({ args: ["--role=worker"] });
  });
  afterAll(async () => {
    await rig?.close().catch(() => {});
    await cluster?.destroy();
  });

  const requestFor = (i: number): Request => {
    const user = `f1-${(i % USERS) + 1}`;
    const key = `f1-${i}`;
    switch (i % 3) {
      case 0:
        return {
          key,
          kind: "send",
          path: "/api/v1/notifications",
          body: {
            user_ids: [user],
            title: `Send ${i}`,
            content: "plain",
            type: "info",
            channels: ["app", "email"],
          },
        };
      case 1:
        return {
          key,
          kind: "template",
          path: "/api/v1/notifications",
          body: { user_ids: [user], template_code: "f1_order", params: { n: i } },
        };
      default:
        return {
          key,
          kind: "workflow",
          path: "/api/v1/workflows/f1-flow/trigger",
          body: { to: [user], payload: { n: i } },
        };
    }
  };

  /** One attempt; null when no answer came (the node died under it). */
  const attempt = async (r: Request): Promise<number | null> => {
    try {
      const res = await fetch(`${web.url}${r.path}`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${KEY}`,
          "content-type": "application/json",
          "Idempotency-Key": r.key,
        },
        body: JSON.stringify(r.body),
        signal: AbortSignal.timeout(15_000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return null;
    }
  };

  it("keeps every accepted request's effects exactly once through both kills", async () => {
    const template = await post(web, KEY, "/api/v1/notifications/templates", {
      code: "f1_order",
      name: "Order",
      channels: ["app", "email"],
      blocks: {
        en: {
          app: { title: "Order {{ n }}", content: "Your order moved." },
          email: { subject: "Order {{ n }}", html: "<p>Your order {{ n }} moved.</p>" },
        },
      },
    });
    expect(template.status, JSON.stringify(template.json)).toBe(201);
    const workflow = await post(web, KEY, "/api/v1/workflows", {
      key: "f1-flow",
      name: "Flow",
      steps: [
        { id: "note", type: "in_app", title: "Flow {{ payload.n }}", content: "in the inbox" },
        { id: "mail", type: "email", subject: "Flow {{ payload.n }}", html: "<p>by email</p>" },
      ],
    });
    expect(workflow.status, JSON.stringify(workflow.json)).toBe(201);

    const answered = new Map<string, Request>();
    const unanswered: Request[] = [];
    let next = 0;
    let running = true;
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (running) {
        const r = requestFor(next++);
        const status = await attempt(r);
        if (status === null) unanswered.push(r);
        else if (status === 200 || status === 202) answered.set(r.key, r);
        else throw new Error(`${r.kind} ${r.key} answered ${status}`);
        await sleep(20);
      }
    });

    await sleep(1500);
    const announcement = await post(web, KEY, "/api/v1/announcements", {
      title: "Maintenance",
      content: "Tonight at 22:00.",
      audience: { user_ids: Array.from({ length: AUDIENCE }, (_, i) => `f1-${i + 1}`) },
      channels: ["email"],
    });
    expect(announcement.status).toBe(201);
    expect(
      (await post(web, KEY, `/api/v1/announcements/${announcement.json.data.id}/publish`, {})).status,
    ).toBe(200);

    await sleep(1500);
    await worker.stop("SIGKILL"); // mid-load: its claimed deliveries and step jobs are left behind
    await sleep(2000);
    worker = await rig.start({ args: ["--role=worker"] });
    await sleep(1500);
    await web.stop("SIGKILL"); // requests in flight get no answer
    web = await rig.start({ env: { PORT: String(webPort) }, args: ["--role=web"] });
    await sleep(1500);
    running = false;
    await Promise.all(clients);

    // The clients retry what got no answer, with the same keys.
    for (const r of unanswered) {
      const status = await attempt(r);
      expect([200, 202]).toContain(status);
      answered.set(r.key, r);
    }
    const of = (kind: Kind) => [...answered.values()].filter((r) => r.kind === kind).length;
    const inbox = of("send") + of("template") + of("workflow");
    const emails = inbox + AUDIENCE;

    const n = async (q: ReturnType<typeof sql>) =>
      rowsOf<{ n: number }>(await rig.database.db.execute(q))[0]!.n;
    const state = async () =>
      JSON.stringify({
        expected_emails: emails,
        emails: distinctKeys(rig),
        deliveries: rowsOf(
          await rig.database.db.execute(sql`select status, channel, count(*)::int as n from deliveries
            where tenant_id = ${rig.tenantId}::uuid group by status, channel`),
        ),
        runs: rowsOf(
          await rig.database.db.execute(sql`select status, count(*)::int as n from workflow_runs
            where tenant_id = ${rig.tenantId}::uuid group by status`),
        ),
      });
    await until(() => distinctKeys(rig) >= emails, 180_000, "every accepted request's email").catch(
      async (err) => {
        throw new Error(`${(err as Error).message}: ${await state()}`);
      },
    );
    await until(
      async () =>
        (await n(
          sql`select count(*)::int as n from deliveries where tenant_id = ${rig.tenantId}::uuid and status <> 'sent'`,
        )) === 0,
      120_000,
      "every delivery to end sent",
    );
    await sleep(2000); // a second email would land in this time

    expect(distinctKeys(rig)).toBe(emails);
    expect(rig.stub.emails.length).toBe(emails);
    expect(
      await n(sql`select count(*)::int as n from deliveries where tenant_id = ${rig.tenantId}::uuid`),
    ).toBe(emails);
    expect(
      await n(sql`select count(*)::int as n from notifications where tenant_id = ${rig.tenantId}::uuid`),
    ).toBe(inbox);
    // One run per accepted trigger, each completed once.
    expect(
      await n(
        sql`select count(*)::int as n from workflow_runs where tenant_id = ${rig.tenantId}::uuid and status = 'completed'`,
      ),
    ).toBe(of("workflow"));

    figures("F1", {
      accepted: answered.size,
      unanswered_then_retried: unanswered.length,
      sends: of("send"),
      template_sends: of("template"),
      workflow_runs: of("workflow"),
      announcement_emails: AUDIENCE,
      emails: rig.stub.emails.length,
      kills: 2,
    });
  });
});
