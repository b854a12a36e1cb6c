// Queue workers run in this process (role all or worker).
import { sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { getDb } from "@/lib/db/client";
import { HOUSEKEEPING_CRON, HOUSEKEEPING_QUEUE, runHousekeeping } from "@/lib/jobs/housekeeping";
import { logger } from "@/lib/log";
import type { QueueSpec } from "@/lib/queue/boss";
import { RELEASE_QUEUE, releaseBatch, type ReleaseJob } from "@/lib/notifications/lifecycle";
import { SNOOZE_QUEUE, wakeSnoozed, type SnoozeJob } from "@/lib/notifications/snooze";
import {
  EXPIRY_QUEUE,
  EXPIRY_SWEEP_CRON,
  EXPIRY_SWEEP_QUEUE,
  runExpiryJob,
  sweepExpired,
  type ExpiryJob,
} from "@/lib/notifications/expiry";
import { RETENTION_CRON, RETENTION_QUEUE, runRetention } from "@/lib/jobs/retention";
import { ANNOUNCEMENT_QUEUE, runAnnouncementJob, type AnnouncementJob } from "@/lib/announcements/lifecycle";
import { FANOUT_QUEUE, runFanoutBatch, type FanoutJob } from "@/lib/announcements/fanout";
import { env } from "@/lib/env";
import { processDeliveries, sweepDeliveries } from "@/lib/delivery/pipeline";
import { DELIVERY_QUEUES, type DeliveryJob } from "@/lib/queue/deliveries";
import { startJobSpans } from "@/lib/telemetry/tracing";
import { requeueStalledRuns, runStepJob, wakeDueRuns } from "@/lib/workflows/engine";
import { WORKFLOW_STEP_QUEUE, WORKFLOW_SWEEP_QUEUE, type StepJobData } from "@/lib/workflows/jobs";
import { runDueSchedules, SCHEDULES_CRON, SCHEDULES_QUEUE } from "@/lib/schedules/fire";
import { deliverWebhookMessage } from "@/lib/outbound-webhooks/deliver";
import { WEBHOOK_QUEUE, type WebhookJob } from "@/lib/outbound-webhooks/recorder";
import {
  requeueStalledFanouts,
  runTriggerFanoutBatch,
  TRIGGER_FANOUT_QUEUE,
  type TriggerFanoutJob,
} from "@/lib/workflows/fanout";

export const SWEEP_QUEUE = "delivery-sweep";

/** Every queue Herald uses; created by any node at start so sends never hit a missing queue. */
export const QUEUES: QueueSpec[] = [
  { name: HOUSEKEEPING_QUEUE },
  { name: RELEASE_QUEUE },
  { name: SNOOZE_QUEUE },
  { name: EXPIRY_QUEUE },
  { name: EXPIRY_SWEEP_QUEUE },
  { name: RETENTION_QUEUE },
  { name: ANNOUNCEMENT_QUEUE },
  { name: FANOUT_QUEUE },
  { name: SWEEP_QUEUE },
  // "short": one queued job per (run, step), so the wake sweeper's re-enqueue never duplicates.
  { name: WORKFLOW_STEP_QUEUE, options: { policy: "short" as const } },
  { name: WORKFLOW_SWEEP_QUEUE },
  { name: SCHEDULES_QUEUE },
  // "short": one queued batch per (trigger, cursor), so a re-enqueue of a batch never duplicates it.
  { name: TRIGGER_FANOUT_QUEUE, options: { policy: "short" as const } },
  // "short": one queued job per message and attempt, so a re-enqueue never duplicates.
  { name: WEBHOOK_QUEUE, options: { policy: "short" as const } },
  // "short": one queued job per singleton key (delivery + attempt), so a re-enqueue never duplicates.
  ...DELIVERY_QUEUES.map((name) => ({ name, options: { policy: "short" as const } })),
];

/**
 * Splits a queue's concurrency into pg-boss workers that fetch a batch each and send it at once:
 * one fetch and one completion per batch instead of per job, and, with batches of two or more, no
 * polling pause while there is a backlog (pg-boss waits out its polling interval after every fetch
 * of a batch-of-one worker, which capped a queue at 2 jobs/s per unit of concurrency).
 * The batches add up to exactly `concurrency` deliveries in flight.
 */
export function deliveryWorkers(concurrency: number): { workers: number; batchSize: number }[] {
  // Batches of up to 10, and at least about five workers, so one slow send holds back few others.
  const batchSize = Math.min(10, Math.max(2, Math.ceil(concurrency / 5)));
  const workers = Math.floor(concurrency / batchSize);
  const rest = concurrency - workers * batchSize;
  return [
    ...(workers > 0 ? [{ workers, batchSize }] : []),
    ...(rest > 0 ? [{ workers: 1, batchSize: rest }] : []),
  ];
}

// pg-boss fetches in priority order by an index scan only while PostgreSQL's statistics know there
// is a backlog. Right after a burst of sends (a fan-out of thousands) they still describe the near
// empty job table, and every fetch sorts the whole backlog instead: measured 5.7 ms a fetch with
// 10,000 jobs waiting, 1.2 ms after ANALYZE, and at 10 jobs a fetch that was most of PostgreSQL's
// time in the email benchmark. So a worker that meets a backlog refreshes them, now and then.
const STATS_REFRESH_MS = 15_000;
const lastStatsRefresh = new Map<string, number>();

function refreshQueueStats(boss: PgBoss, queue: string, log: ReturnType<typeof logger>): void {
  const last = lastStatsRefresh.get(queue) ?? 0;
  if (Date.now() - last < STATS_REFRESH_MS) return;
  lastStatsRefresh.set(queue, Date.now());
  void (async () => {
    const table = (await boss.getQueue(queue))?.table;
    if (!table || !/^\w+$/.test(table)) return;
    // skip_locked: another node analysing the same table already does the job.
    await getDb().execute(sql.raw(`analyze (skip_locked) pgboss.${table}`));
  })().catch((err: unknown) => log.warn({ err, queue }, "queue statistics not refreshed"));
}

export async function startWorkers(boss: PgBoss): Promise<void> {
  const log = logger().child({ part: "worker" });
  await boss.schedule(HOUSEKEEPING_QUEUE, HOUSEKEEPING_CRON);
  await boss.work(HOUSEKEEPING_QUEUE, async () => {
    const result = await runHousekeeping(getDb());
    log.info(result, "housekeeping done");
    return result;
  });
  // Scheduled sends: polled every half second (pg-boss's shortest) so a send goes out within about a
  // second of its time; its deliveries, due at the same time, wait for this release (see pipeline).
  await boss.work<ReleaseJob>(RELEASE_QUEUE, { pollingIntervalSeconds: 0.5, batchSize: 10 }, async (jobs) => {
    for (const job of jobs) {
      const released = await releaseBatch(getDb(), job.data);
      log.info({ batchId: job.data.batchId, released }, "scheduled batch released");
    }
  });
  // Snoozes' ends, polled like scheduled sends: a snoozed notification comes back within about a second.
  await boss.work<SnoozeJob>(SNOOZE_QUEUE, { pollingIntervalSeconds: 0.5, batchSize: 10 }, async (jobs) => {
    for (const job of jobs) {
      const woken = await wakeSnoozed(getDb(), job.data);
      log.debug({ notificationId: job.data.notificationId, woken }, "snooze ended");
    }
  });
  // Sends' expires_at, polled like scheduled sends: an expired notification leaves inboxes within about a second.
  await boss.work<ExpiryJob>(EXPIRY_QUEUE, { pollingIntervalSeconds: 0.5, batchSize: 10 }, async (jobs) => {
    for (const job of jobs) {
      const expired = await runExpiryJob(getDb(), job.data);
      if (expired > 0) log.info({ batchId: job.data.batchId, expired }, "notifications expired");
    }
  });
  // Expiries whose job was lost (or rows that never had one) within a minute.
  await boss.schedule(EXPIRY_SWEEP_QUEUE, EXPIRY_SWEEP_CRON);
  await boss.work(EXPIRY_SWEEP_QUEUE, async () => {
    const expired = await sweepExpired(getDb());
    if (expired > 0) log.info({ expired }, "expired notifications swept");
  });
  // Retention: hourly, in small batches (see lib/jobs/retention.ts).
  await boss.schedule(RETENTION_QUEUE, RETENTION_CRON);
  await boss.work(RETENTION_QUEUE, async () => {
    const result = await runRetention(getDb());
    log.info(result, "retention done");
    return result;
  });
  // Announcements' publish_at and expires_at, polled like scheduled sends.
  await boss.work<AnnouncementJob>(
    ANNOUNCEMENT_QUEUE,
    { pollingIntervalSeconds: 0.5, batchSize: 10 },
    async (jobs) => {
      for (const job of jobs) {
        const outcome = await runAnnouncementJob(getDb(), job.data);
        log.info(
          { announcementId: job.data.announcementId, kind: job.data.kind, outcome },
          "announcement timer",
        );
      }
    },
  );
  // Announcements' extra channels: one audience page per job, each queuing the next; a full fetch
  // fetches again at once, so a long chain runs without polling pauses between its batches.
  await boss.work<FanoutJob>(
    FANOUT_QUEUE,
    { pollingIntervalSeconds: 0.5, batchSize: 1, burstWhenBatchFull: true },
    async ([job]) => {
      const { outcome, written } = await runFanoutBatch(getDb(), job!.data);
      log.info({ announcementId: job!.data.announcementId, outcome, written }, "announcement fan-out batch");
    },
  );
  // Topic triggers: one page of subscribers' runs per job, each queuing the next, as announcements'.
  await boss.work<TriggerFanoutJob>(
    TRIGGER_FANOUT_QUEUE,
    { pollingIntervalSeconds: 0.5, batchSize: 1, burstWhenBatchFull: true },
    async ([job]) => {
      const { outcome, written } = await runTriggerFanoutBatch(getDb(), job!.data);
      log.info({ triggerId: job!.data.triggerId, outcome, written }, "workflow trigger fan-out batch");
    },
  );
  // Workflow steps: a job per step and batch of runs; a run's next step is queued by the step before it.
  await boss.work<StepJobData>(
    WORKFLOW_STEP_QUEUE,
    {
      localConcurrency: env().WORKFLOW_STEP_CONCURRENCY,
      pollingIntervalSeconds: 0.5,
      batchSize: 10,
      burstWhenBatchFull: true,
    },
    async (jobs) => {
      const failed: string[] = [];
      for (const job of jobs) {
        try {
          const results = await runStepJob(getDb(), job.data);
          const skipped = results.filter((r) => r.outcome !== "executed").length;
          if (skipped > 0) log.debug({ jobId: job.id, skipped }, "workflow step job: runs skipped");
        } catch (err) {
          // Nothing of the step committed: pg-boss runs it again (its row's key keeps it at most once).
          log.error({ err, ...job.data }, "workflow step job failed");
          failed.push(job.id);
        }
      }
      if (failed.length > 0)
        await boss.fail(WORKFLOW_STEP_QUEUE, failed, { message: "step failed; see the log" });
    },
  );
  // Delays whose job was lost (or ran a moment early by the clock) are woken within a minute,
  // running runs whose step job was lost get it again, and so do topic fan-outs.
  await boss.schedule(WORKFLOW_SWEEP_QUEUE, "* * * * *");
  await boss.work(WORKFLOW_SWEEP_QUEUE, async () => {
    const woken = await wakeDueRuns(getDb());
    const requeued = await requeueStalledRuns(getDb());
    const resumed = await requeueStalledFanouts(getDb());
    if (woken > 0 || requeued > 0 || resumed > 0)
      log.info({ woken, requeued, resumed }, "workflow runs swept");
  });
  // Recurring schedules: due slots fire on the same cadence (each occurrence once, see lib/schedules/fire.ts).
  await boss.schedule(SCHEDULES_QUEUE, SCHEDULES_CRON);
  await boss.work(SCHEDULES_QUEUE, async () => {
    const result = await runDueSchedules(getDb());
    if (result.fired > 0 || result.failed > 0) log.info(result, "workflow schedules fired");
  });
  // Channel deliveries: each queue fetches in priority order (urgent first), N at a time per node.
  const concurrency = env().DELIVERY_CONCURRENCY;
  for (const queue of DELIVERY_QUEUES) {
    for (const { workers, batchSize } of deliveryWorkers(concurrency)) {
      await boss.work<DeliveryJob>(
        queue,
        {
          localConcurrency: workers,
          batchSize,
          // While fetches come back full there is a backlog: fetch again at once instead of polling.
          burstWhenBatchFull: true,
          pollingIntervalSeconds: 0.5,
        },
        async (jobs) => {
          if (jobs.length === batchSize) refreshQueueStats(boss, queue, log);
          const spans = startJobSpans(queue, jobs, (job) => ({
            "herald.delivery_id": (job.data as DeliveryJob).deliveryId,
          }));
          // The batch is claimed and recorded together; a delivery that failed on its own is retried alone.
          const outcomes = await processDeliveries(
            getDb(),
            jobs.map((job) => job.data.deliveryId),
            spans?.contexts,
          ).catch((err: unknown) => {
            spans?.end(new Set(jobs.map((job) => job.id)));
            throw err;
          });
          const failed = jobs.filter((job, i) => {
            const outcome = outcomes[i]!;
            if (!("error" in outcome)) return false;
            log.error({ err: outcome.error, deliveryId: job.data.deliveryId }, "delivery job failed");
            return true;
          });
          spans?.end(new Set(failed.map((job) => job.id)));
          // pg-boss runs those again (their rows are still queued/sending, so the next run claims them)
          // and completes the rest when this returns. Not perJobResults: its per-job completion joins a
          // JSON recordset, which on a busy queue cost PostgreSQL more than the deliveries themselves.
          if (failed.length > 0) {
            await boss.fail(
              queue,
              failed.map((job) => job.id),
              { message: "delivery failed; see the log" },
            );
          }
        },
      );
    }
  }
  // Outbound webhooks: each attempt records itself and queues its own retry, so a job never fails
  // for a receiver's answer; a slow receiver (up to 15 s) holds one of the batch's slots only.
  await boss.work<WebhookJob>(
    WEBHOOK_QUEUE,
    { localConcurrency: 2, batchSize: 10, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      const results = await Promise.allSettled(jobs.map((job) => deliverWebhookMessage(getDb(), job.data)));
      const failed = jobs.filter((job, i) => {
        const r = results[i]!;
        if (r.status === "fulfilled") return false;
        log.error({ err: r.reason, ...job.data }, "webhook attempt not recorded");
        return true;
      });
      // Run again by pg-boss: the attempt was not recorded, so its rerun is not stale.
      if (failed.length > 0)
        await boss.fail(
          WEBHOOK_QUEUE,
          failed.map((job) => job.id),
          { message: "webhook attempt failed; see the log" },
        );
    },
  );
  await boss.schedule(SWEEP_QUEUE, "* * * * *");
  await boss.work(SWEEP_QUEUE, async () => {
    const requeued = await sweepDeliveries(getDb());
    if (requeued > 0) log.warn({ requeued }, "stale deliveries re-enqueued");
  });
  log.info("workers started");
}
