// F2: PostgreSQL restarts, then goes away for 10 s, under 10 parallel senders (in-app + email). The
// API answers 503 with Retry-After while it is away (never a 500), /health says 503, the same server
// recovers without a restart, and afterwards every accepted send exists exactly once, its email went
// out once, and a client retrying with its idempotency key gets the original answer.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import { createCrashRig, distinctKeys, until, type CrashRig } from "../tests/helpers/crash";
import type { RunningServer } from "../tests/helpers/server";
import { startCluster, type Cluster } from "./helpers/cluster";
import { figures, sleep } from "./helpers/report";

const KEY = "hk_super_key_for_fault_f2_0123456789abcdef";
const SENDERS = 10;
const RECIPIENTS = 20;
const OUTAGE_MS = 10_000;

type Answer = { key: string; status: number; retryAfter: string | null; batchId?: string };

describe("F2: PostgreSQL restart and a 10 s outage under load", () => {
  let cluster: Cluster;
  let rig: CrashRig;
  let server: RunningServer;

  beforeAll(async () => {
    cluster = await startCluster();
    rig = await createCrashRig({ key: KEY, recipients: RECIPIENTS, prefix: "f2", adminUrl: cluster.url });
    server = await rig.start({ env: { DATABASE_POOL_MAX: "10" } });
  });
  afterAll(async () => {
    await rig?.close().catch(() => {});
    await cluster?.destroy();
  });

  const send = async (key: string, n: number): Promise<Answer> => {
    const res = await fetch(`${server.url}/api/v1/notifications`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}`, "content-type": "application/json", "Idempotency-Key": key },
      body: JSON.stringify({
        user_ids: [`f2-${(n % RECIPIENTS) + 1}`],
        title: `Order ${key}`,
        content: "Your order shipped.",
        type: "info",
        channels: ["app", "email"],
      }),
    });
    const body = (await res.json().catch(() => null)) as { data?: { batch_id?: string } } | null;
    return {
      key,
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      batchId: body?.data?.batch_id,
    };
  };

  it("answers 503 while the database is away, recovers by itself, and loses or doubles nothing", async () => {
    const answers: Answer[] = [];
    let running = true;
    const senders = Array.from({ length: SENDERS }, async (_, i) => {
      for (let n = 0; running; n++) {
        const key = `f2-${i}-${n}`;
        answers.push(await send(key, n).catch(() => ({ key, status: 0, retryAfter: null })));
        await sleep(100);
      }
    });
    const health = async () => (await fetch(`${server.url}/health`)).status;

    await sleep(3000);
    await cluster.restart();
    await sleep(4000);
    await cluster.stop();
    const outageHealth: number[] = [];
    const outageEnd = Date.now() + OUTAGE_MS;
    while (Date.now() < outageEnd) {
      outageHealth.push(await health());
      await sleep(500);
    }
    await cluster.start();
    const startedAt = Date.now();
    await until(async () => (await health()) === 200, 60_000, "/health 200 after the database came back");
    const recoveryMs = Date.now() - startedAt;
    await sleep(5000);
    running = false;
    await Promise.all(senders);

    const refusedDuring = answers.filter((a) => a.status === 503);
    const unexpected = answers.filter((a) => a.status !== 200 && a.status !== 503);
    expect(unexpected, "every answer is a 200 or a 503").toEqual([]);
    expect(refusedDuring.length).toBeGreaterThan(0);
    expect(refusedDuring.every((a) => a.retryAfter !== null)).toBe(true);
    expect(outageHealth.every((s) => s === 503)).toBe(true);

    // The clients retry what was refused, with the same keys: each gets an answer now.
    const final = new Map(answers.filter((a) => a.status === 200).map((a) => [a.key, a.batchId!]));
    for (const a of refusedDuring) {
      const n = Number(a.key.split("-")[2]);
      const again = await send(a.key, n);
      expect(again.status).toBe(200);
      // A refused request that had in fact committed answers its original batch: still one send.
      final.set(a.key, again.batchId!);
    }
    // Replays of accepted sends answer the original batch, and write nothing.
    for (const a of answers.filter((x) => x.status === 200).slice(0, 50)) {
      const n = Number(a.key.split("-")[2]);
      expect((await send(a.key, n)).batchId).toBe(a.batchId);
    }

    const db = rig.database.db;
    const perBatch = rowsOf<{ batch_id: string; n: number }>(
      await db.execute(sql`select batch_id::text, count(*)::int as n from notifications
        where tenant_id = ${rig.tenantId}::uuid group by batch_id`),
    );
    const batches = new Set(final.values());
    expect(perBatch.filter((r) => r.n !== 1)).toEqual([]); // one recipient each: one row per send
    expect(new Set(perBatch.map((r) => r.batch_id))).toEqual(batches); // none lost, none extra
    await until(() => distinctKeys(rig) === batches.size, 120_000, "every accepted send's email");
    await sleep(1000);
    expect(rig.stub.emails.length).toBe(batches.size); // and none twice

    figures("F2", {
      requests: answers.length,
      accepted: answers.length - refusedDuring.length,
      refused_503: refusedDuring.length,
      other_statuses: unexpected.length,
      outage_ms: OUTAGE_MS,
      recovery_ms: recoveryMs,
      sends_persisted: batches.size,
      emails: rig.stub.emails.length,
    });
  });
});
