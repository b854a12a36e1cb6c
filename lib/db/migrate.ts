import path from "node:path";
import postgres from "postgres";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { Database } from "./client";

export const migrationsFolder = path.join(process.cwd(), "drizzle");

/** Applies the committed migrations. On PostgreSQL an advisory lock keeps concurrent nodes in line. */
export async function migrate(database: Database, folder = migrationsFolder): Promise<void> {
  if (database.driver === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
    return;
  }
  // The lock lives on its own connection: taking one from the pool could leave the migration none.
  const lock = postgres(database.url!, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(hashtext('herald.migrate'))`;
    await migratePostgres(database.db as unknown as PostgresJsDatabase, { migrationsFolder: folder });
  } finally {
    await lock.end({ timeout: 1 }); // ending the session releases the lock
  }
}
