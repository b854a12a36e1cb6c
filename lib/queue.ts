// The job queue (pg-boss) on the process database; one instance per process, on globalThis.
import { PgBoss, fromPglite } from "pg-boss";
import type { Database } from "./db/client";

const g = globalThis as unknown as { __heraldBoss?: PgBoss };

/** `work: false` (web nodes) only sends jobs: no maintenance and no cron; worker nodes run those. */
export function createQueue(database: Database, opts: { work?: boolean } = {}): PgBoss {
  const work = opts.work ?? true;
  const common = { schema: "pgboss", supervise: work, schedule: work };
  if (database.driver === "pglite") {
    return new PgBoss({ ...common, db: fromPglite(database.pglite!), backend: "pglite" });
  }
  return new PgBoss({ ...common, connectionString: database.url!, max: 4, application_name: "herald-queue" });
}

export function setQueue(boss: PgBoss | undefined): void {
  g.__heraldBoss = boss;
}

/** The started queue; undefined before the server started it (e.g. in unit tests). */
export function getQueue(): PgBoss | undefined {
  return g.__heraldBoss;
}
