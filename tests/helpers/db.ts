// Each integration test file gets a fresh database: a uniquely named PostgreSQL database when
// TEST_DATABASE_URL is set, otherwise an in-memory PGlite.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, setDatabase, type Database } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

export type TestDatabase = { database: Database; url?: string; drop(): Promise<void> };

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Creates an empty PostgreSQL database and returns its URL (no migrations). */
export async function createEmptyPostgresDatabase(
  adminUrl = process.env.TEST_DATABASE_URL!,
  prefix = "herald_test",
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** A migrated database, made the process database for lib/ code under test. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (onPostgres) {
    const empty = await createEmptyPostgresDatabase();
    const database = openDatabase({ url: empty.url, poolMax: 5 });
    await migrate(database);
    setDatabase(database);
    return {
      database,
      url: empty.url,
      drop: async () => {
        setDatabase(undefined);
        await database.close();
        await empty.drop();
      },
    };
  }
  const database = openDatabase({ pgliteDir: "memory://" });
  await migrate(database);
  setDatabase(database);
  return {
    database,
    drop: async () => {
      setDatabase(undefined);
      await database.close();
    },
  };
}
