// The job queue (pg-boss) on the process database; one instance per process, on globalThis.
import { PgBoss, fromPglite } from "pg-boss";
import type { Database } from "./db/client";

const g = globalThis as unknown as { __heraldBoss?: PgBoss };

export function createQueue(database: Database): PgBoss {
  if (database.driver === "pglite") {
    return new PgBoss({ db: fromPglite(database.pglite!), backend: "pglite", schema: "pgboss" });
  }
  return new PgBoss({
    connectionString: database.url!,
    schema: "pgboss",
    max: 4,
    application_name: "herald-queue",
  });
}

export function setQueue(boss: PgBoss | undefined): void {
  g.__heraldBoss = boss;
}

/** The started queue; undefined before the server started it (e.g. in unit tests). */
export function getQueue(): PgBoss | undefined {
  return g.__heraldBoss;
}
