// Queue workers run in this process (role all or worker).
import type { PgBoss } from "pg-boss";
import { getDb } from "@/lib/db/client";
import { HOUSEKEEPING_CRON, HOUSEKEEPING_QUEUE, runHousekeeping } from "@/lib/jobs/housekeeping";
import { logger } from "@/lib/log";
import { RELEASE_QUEUE, releaseBatch, type ReleaseJob } from "@/lib/notifications/lifecycle";

/** Every queue Herald uses; created by any node so sends never hit a missing queue. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of [HOUSEKEEPING_QUEUE, RELEASE_QUEUE]) await boss.createQueue(name);
}

export async function startWorkers(boss: PgBoss): Promise<void> {
  const log = logger().child({ part: "worker" });
  await boss.schedule(HOUSEKEEPING_QUEUE, HOUSEKEEPING_CRON);
  await boss.work(HOUSEKEEPING_QUEUE, async () => {
    const result = await runHousekeeping(getDb());
    log.info(result, "housekeeping done");
    return result;
  });
  // Scheduled sends: polled every second so a send goes out within about a second of its time.
  await boss.work<ReleaseJob>(RELEASE_QUEUE, { pollingIntervalSeconds: 1, batchSize: 10 }, async (jobs) => {
    for (const job of jobs) {
      const released = await releaseBatch(getDb(), job.data);
      log.info({ batchId: job.data.batchId, released }, "scheduled batch released");
    }
  });
  log.info("workers started");
}
