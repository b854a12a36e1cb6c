// What the crash tests share: a PostgreSQL database with a tenant and an audience with email
// addresses, the Resend stub, Herald servers started and killed as real processes, and waiting for
// a condition by polling.
import { sql } from "drizzle-orm";
import { bootstrap } from "@/lib/bootstrap";
import { openDatabase, type Database } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { parseEnv } from "@/lib/env";
import { startResendStub } from "../stubs/resend-stub";
import type { CallResult } from "./api";
import { createEmptyPostgresDatabase } from "./db";
import { requireBuild, startServer, type RunningServer } from "./server";

export type CrashRig = {
  stub: Awaited<ReturnType<typeof startResendStub>>;
  tenantId: string;
  /** The test's own connection to the servers' database, for polling and the final checks. */
  database: Database;
  /** The servers' database URL. */
  url: string;
  /** Starts a server on the database (`--role` and more variables as given) and keeps it for close(). */
  start(opts?: { env?: Record<string, string>; args?: string[] }): Promise<RunningServer>;
  /** SIGKILLs every server still running, closes the stub and drops the database. */
  close(): Promise<void>;
};

/**
 * The database (migrated, bootstrapped with `key`, `recipients` users `${prefix}-1…` with addresses
 * `${prefix}-N@example.com`, written before any server holds it) and the stub.
 */
export async function createCrashRig(opts: {
  key: string;
  recipients: number;
  prefix: string;
  /** The PostgreSQL server to make the database on (default TEST_DATABASE_URL's). */
  adminUrl?: string;
}): Promise<CrashRig> {
  requireBuild();
  const stub = await startResendStub();
  const target = await createEmptyPostgresDatabase(opts.adminUrl);
  const database = openDatabase({ url: target.url, poolMax: 2 });
  await migrate(database);
  const { tenant } = await bootstrap(database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: opts.key }));
  await database.db.execute(sql`
    insert into users (tenant_id, external_id, email)
    select ${tenant.id}::uuid, ${opts.prefix} || '-' || g, ${opts.prefix} || '-' || g || '@example.com'
    from generate_series(1, ${opts.recipients}) g`);
  const servers: RunningServer[] = [];
  return {
    stub,
    tenantId: tenant.id,
    database,
    url: target.url,
    start: async ({ env = {}, args = [] } = {}) => {
      const s = await startServer(
        {
          DATABASE_URL: target.url,
          // One public address across restarts, as a deployment has: the emails' unsubscribe links are
          // built from it, and a resend after the crash must carry the same bytes under its
          // idempotency key (the provider refuses a changed payload).
          APP_URL: "https://herald.example.com",
          HERALD_API_KEY: opts.key,
          RESEND_API_KEY: stub.apiKey,
          RESEND_BASE_URL: stub.url,
          EMAIL_FROM: "Herald <notify@example.com>",
          DELIVERY_CONCURRENCY: "20",
          // A killed worker's jobs stay active until they expire and the supervisor (every second
          // here) hands them out again: seconds here, a minute by default.
          DELIVERY_JOB_EXPIRE_SECONDS: "3",
          WORKFLOW_STEP_JOB_EXPIRE_SECONDS: "5",
          QUEUE_SUPERVISE_SECONDS: "1",
          RATE_LIMIT_API_PER_MIN: "100000",
          ...env,
        },
        args,
      );
      servers.push(s);
      return s;
    },
    close: async () => {
      for (const s of servers) await s.stop("SIGKILL").catch(() => {});
      await database.close();
      await stub.close();
      await target.drop();
    },
  };
}

/** Polls `check` every 200 ms until it holds; throws naming `what` after `ms`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Lets anything still in flight land: a duplicate would arrive in this time. */
export const settle = () => new Promise((r) => setTimeout(r, 1000));

/** The distinct idempotency keys the stub accepted emails under. */
export const distinctKeys = (rig: CrashRig) => new Set(rig.stub.emails.map((e) => e.idempotencyKey)).size;

/** POSTs `body` as JSON with the API key to a running server; the answer's status and body. */
export async function post(
  server: RunningServer,
  key: string,
  path: string,
  body: unknown,
): Promise<CallResult> {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: await res.json() };
}
