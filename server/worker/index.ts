// Queue workers run in this process (role all or worker).
import type { PgBoss } from "pg-boss";
import { getDb } from "@/lib/db/client";
import { HOUSEKEEPING_CRON, HOUSEKEEPING_QUEUE, runHousekeeping } from "@/lib/jobs/housekeeping";
import { logger } from "@/lib/log";

export async function startWorkers(boss: PgBoss): Promise<void> {
  const log = logger().child({ part: "worker" });
  await boss.createQueue(HOUSEKEEPING_QUEUE);
  await boss.schedule(HOUSEKEEPING_QUEUE, HOUSEKEEPING_CRON);
  await boss.work(HOUSEKEEPING_QUEUE, async () => {
    const result = await runHousekeeping(getDb());
    log.info(result, "housekeeping done");
    return result;
  });
  log.info("workers started");
}
