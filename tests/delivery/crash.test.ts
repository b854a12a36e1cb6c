// Nothing lost, nothing twice: SIGKILL the worker in the middle of 2,000 email sends, start it
// again, and the provider has seen each delivery exactly once.
import { count, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries } from "@/lib/db/schema";
import { createCrashRig, distinctKeys, post, settle, until, type CrashRig } from "../helpers/crash";
import { onPostgres } from "../helpers/db";

const KEY = "hk_crash_test_key_0123456789abcdefghijklm";
const RECIPIENTS = 2000;

// On PostgreSQL, where workers are separate processes in production. (On the embedded database the
// same code recovers the same way, but a killed PGlite replays its log at the next start, which on
// a loaded CI machine took longer than this test can wait.)
describe.runIf(onPostgres)("delivery survives a killed worker", () => {
  let rig: CrashRig;

  beforeAll(async () => {
    rig = await createCrashRig({ key: KEY, recipients: RECIPIENTS, prefix: "crash" });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it("SIGKILL during 2,000 sends, restart: every delivery reaches the provider exactly once and ends sent", async () => {
    const { stub } = rig;
    let server = await rig.start();
    for (let i = 0; i < RECIPIENTS; i += 500) {
      const res = await post(server, KEY, "/api/v1/notifications", {
        user_ids: Array.from({ length: 500 }, (_, j) => `crash-${i + j + 1}`),
        title: "Statement ready",
        content: "Your monthly statement is ready.",
        type: "info",
        channels: ["email"],
      });
      expect(res.status).toBe(200);
    }
    await until(() => stub.emails.length >= 300, 60_000, "the first emails");
    await server.stop("SIGKILL");
    const atKill = stub.emails.length;
    expect(atKill).toBeLessThan(RECIPIENTS); // it really died mid-way

    server = await rig.start();
    await until(() => distinctKeys(rig) >= RECIPIENTS, 240_000, "every email");
    // The killed worker's last sends reached the provider but not their row: they come back when
    // their jobs expire and end sent on the provider's idempotent answer.
    const unsent = async () =>
      Number(
        (
          await rig.database.db.select({ n: count() }).from(deliveries).where(ne(deliveries.status, "sent"))
        )[0]!.n,
      );
    await until(async () => (await unsent()) === 0, 240_000, "every delivery sent");
    await settle();
    await server.stop("SIGTERM");

    expect(stub.emails).toHaveLength(RECIPIENTS); // recorded once per idempotency key
    expect(distinctKeys(rig)).toBe(RECIPIENTS);
    const { db } = rig.database;
    const rows = await db
      .select({ status: deliveries.status, n: count() })
      .from(deliveries)
      .groupBy(deliveries.status);
    expect(rows).toEqual([{ status: "sent", n: RECIPIENTS }]);
    const keys = await db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(eq(deliveries.channel, "email"));
    expect(new Set(stub.emails.map((e) => e.idempotencyKey))).toEqual(new Set(keys.map((k) => k.id)));
  }, 300_000);
});
