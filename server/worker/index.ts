// Queue workers run in this process (role all or worker).
import type { PgBoss } from "pg-boss";
import { getDb } from "@/lib/db/client";
import { HOUSEKEEPING_CRON, HOUSEKEEPING_QUEUE, runHousekeeping } from "@/lib/jobs/housekeeping";
import { logger } from "@/lib/log";
import type { QueueSpec } from "@/lib/queue";
import { RELEASE_QUEUE, releaseBatch, type ReleaseJob } from "@/lib/notifications/lifecycle";
import { env } from "@/lib/env";
import { processDelivery, sweepDeliveries } from "@/lib/delivery/pipeline";
import { DELIVERY_QUEUES, type DeliveryJob } from "@/lib/delivery/queue";

export const SWEEP_QUEUE = "delivery-sweep";

/** Every queue Herald uses; created by any node at start so sends never hit a missing queue. */
export const QUEUES: QueueSpec[] = [
  { name: HOUSEKEEPING_QUEUE },
  { name: RELEASE_QUEUE },
  { name: SWEEP_QUEUE },
  // "short": one queued job per singleton key (delivery + attempt), so a re-enqueue never duplicates.
  ...DELIVERY_QUEUES.map((name) => ({ name, options: { policy: "short" as const } })),
];

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
  // Channel deliveries: each queue fetches in priority order (urgent first), N at a time per node.
  for (const queue of DELIVERY_QUEUES) {
    await boss.work<DeliveryJob>(
      queue,
      { localConcurrency: env().DELIVERY_CONCURRENCY, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        await processDelivery(getDb(), job!.data.deliveryId);
      },
    );
  }
  await boss.schedule(SWEEP_QUEUE, "* * * * *");
  await boss.work(SWEEP_QUEUE, async () => {
    const requeued = await sweepDeliveries(getDb());
    if (requeued > 0) log.warn({ requeued }, "stale deliveries re-enqueued");
  });
  log.info("workers started");
}
