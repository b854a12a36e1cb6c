// One database for the whole process: postgres.js when DATABASE_URL is set, embedded PGlite otherwise.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "../env";
import { processSingleton } from "../process-singleton";
import { tracingStarted } from "../telemetry/tracing";
import * as schema from "./schema";
import { tracePglite, tracePostgres } from "./traced";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or a transaction: what lib/ functions take to run inside a caller's transaction. */
export type Executor = Db | Tx;
export type Driver = "postgres" | "pglite";

export type Database = {
  db: Db;
  driver: Driver;
  /** The PGlite instance (embedded mode) so pg-boss can share the single connection. */
  pglite?: PGlite;
  /** The postgres.js client (server mode). */
  sql?: postgres.Sql;
  url?: string;
  close(): Promise<void>;
};

export type OpenOptions = {
  url?: string;
  pgliteDir?: string;
  poolMax?: number;
  /** An embedded database's starting contents (a PGlite data-directory dump), e.g. a migrated template. */
  pgliteLoad?: Blob;
};

/** Opens a database; most code wants getDatabase() instead, which shares one per process. */
export function openDatabase(opts: OpenOptions): Database {
  if (opts.url) {
    const pool = postgres(opts.url, { max: opts.poolMax ?? 10, onnotice: () => {} });
    const client = tracingStarted() ? tracePostgres(pool) : pool;
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return { db, driver: "postgres", sql: client, url: opts.url, close: () => client.end({ timeout: 3 }) };
  }
  const dir = opts.pgliteDir ?? "memory://";
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const embedded = opts.pgliteLoad ? new PGlite(dir, { loadDataDir: opts.pgliteLoad }) : new PGlite(dir);
  const pglite = tracingStarted() ? tracePglite(embedded) : embedded;
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    pglite,
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

// One database per process, whichever module copy asks (PGlite allows one connection per directory).
const g = processSingleton("db", (): { database?: Database } => ({}));

export function getDatabase(): Database {
  if (!g.database) {
    const e = env();
    g.database = openDatabase({
      url: e.DATABASE_URL,
      pgliteDir: e.PGLITE_DIR,
      poolMax: e.DATABASE_POOL_MAX,
    });
  }
  return g.database;
}

/** Makes `database` the process database (tests, and the server after it opened and migrated one). */
export function setDatabase(database: Database | undefined): void {
  g.database = database;
}

export function getDb(): Db {
  return getDatabase().db;
}

const dialect = new PgDialect();

/**
 * Runs a hot statement on the process database as a named prepared statement on PostgreSQL, so it
 * is parsed and planned once per connection instead of on every call (drizzle's `execute` never
 * prepares; planning the send statement cost more than running it). Inside a transaction, or on
 * PGlite, it is a plain execute.
 */
export async function executePrepared<T>(executor: Executor, query: SQL): Promise<T[]> {
  const database = g.database;
  if (database?.driver === "postgres" && executor === database.db) {
    const q = dialect.sqlToQuery(query);
    return (await database.sql!.unsafe(q.sql, q.params as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    })) as unknown as T[];
  }
  return rowsOf<T>(await executor.execute(query));
}

const preparedCache = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query-builder statement prepared once per database (named prepared statements on PostgreSQL:
 * parsed and planned once per connection). For the queries on every request's path.
 */
export function preparedQuery<T>(db: Db, name: string, build: (db: Db) => T): T {
  let byName = preparedCache.get(db);
  if (!byName) preparedCache.set(db, (byName = new Map()));
  if (!byName.has(name)) byName.set(name, build(db));
  return byName.get(name) as T;
}

/** Rows of a raw `db.execute()` result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
