// The job queue (pg-boss) on the process database; one instance per process.
import { PgBoss, fromPglite, type Queue } from "pg-boss";
import type { Database } from "../db/client";
import { env } from "../env";
import { processSingleton } from "../process-singleton";

const current = processSingleton("queue", (): { boss?: PgBoss } => ({}));

/** `work: false` (web nodes) only sends jobs: no maintenance and no cron; worker nodes run those. */
export function createQueue(database: Database, opts: { work?: boolean } = {}): PgBoss {
  const work = opts.work ?? true;
  const common = {
    schema: "pgboss",
    supervise: work,
    schedule: work,
    superviseIntervalSeconds: env().QUEUE_SUPERVISE_SECONDS,
    // pg-boss expires timed-out jobs in its per-queue monitor pass, which runs at most this often
    // (default 60 s) whatever the supervise interval: without it a dead worker's jobs waited up to a
    // minute past their expiry however short QUEUE_SUPERVISE_SECONDS was.
    monitorIntervalSeconds: env().QUEUE_SUPERVISE_SECONDS,
  };
  if (database.driver === "pglite") {
    return new PgBoss({ ...common, db: fromPglite(database.pglite!), backend: "pglite" });
  }
  return new PgBoss({ ...common, connectionString: database.url!, max: 4, application_name: "herald-queue" });
}

/**
 * Starts the queue with every queue in `names` created first. pg-boss caches the queue list when it
 * starts; a queue created later is looked up on first use through pg-boss's own connection, which
 * on PGlite (one connection) would wait forever behind a sending transaction. So the queues are
 * created by a short-lived instance, and the real one starts knowing them all.
 */
export type QueueSpec = { name: string; options?: Omit<Queue, "name"> };

export async function startQueue(
  database: Database,
  queues: QueueSpec[],
  opts: { work?: boolean } = {},
): Promise<PgBoss> {
  const setup = createQueue(database, { work: false });
  await setup.start();
  for (const q of queues) await setup.createQueue(q.name, q.options);
  await setup.stop({ graceful: false, close: database.driver !== "pglite" });
  const boss = createQueue(database, opts);
  await boss.start();
  return boss;
}

export function setQueue(boss: PgBoss | undefined): void {
  current.boss = boss;
}

/** The started queue; undefined before the server started it (e.g. in unit tests). */
export function getQueue(): PgBoss | undefined {
  return current.boss;
}
