// Each integration test file gets a fresh database: a uniquely named PostgreSQL database when
// TEST_DATABASE_URL is set, otherwise an in-memory PGlite. Both start as a copy of the migrated
// template the suite's global setup made once (tests/helpers/global-setup.ts), so a file does not
// run every migration again; migrate() then finds nothing to do.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { openDatabase, setDatabase, type Database } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

export type TestDatabase = { database: Database; url?: string; drop(): Promise<void> };

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Creates an empty PostgreSQL database (or a copy of `template`) and returns its URL. */
export async function createEmptyPostgresDatabase(
  adminUrl = process.env.TEST_DATABASE_URL!,
  prefix = "herald_test",
  template?: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ""}`);
        break;
      } catch (err) {
        // Two files copying the template at the same moment: PostgreSQL lets one copy at a time.
        const busy = /being accessed by other users/.test(String(err));
        if (!busy || attempt >= 50) throw err;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
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
  const { inject } = await import("vitest");
  if (onPostgres) {
    const empty = await createEmptyPostgresDatabase(
      undefined,
      undefined,
      inject("postgresTemplate") ?? undefined,
    );
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
  const template = inject("pgliteTemplate");
  const pgliteLoad = template ? new Blob([readFileSync(template)]) : undefined;
  const database = openDatabase({ pgliteDir: "memory://", pgliteLoad });
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
