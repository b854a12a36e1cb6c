// Should `notifications` be range-partitioned by month? The same 10,000,000 rows (100,000 users ×
// 100 each, over 12 months) in the current table and in a monthly partitioned copy (primary key
// (id, created_at), every index of the real table on each partition), measured in one run: inbox
// first page, a deep keyset page, the unread count, retention of one month (batched DELETE vs
// DETACH + DROP PARTITION) and a 10,000-row fan-out insert. Run by hand: `npx tsx bench/partitions.ts`.
// The loaded database is kept (herald_bench_partitions) so reruns skip the load; BENCH_FRESH=1 reloads.
import postgres from "postgres";
import { openDatabase } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { deleteBatch, RETENTION_BATCH as DEFAULT_RETENTION_BATCH } from "../lib/jobs/retention";
import { ADMIN_URL, saveResult, summary } from "./lib";

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const PER_USER = Math.floor(ROWS / USERS);
const MONTHS = 12;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 500);
const FANOUT = 10_000;
const RETENTION_BATCH = Number(process.env.BENCH_RETENTION_BATCH ?? DEFAULT_RETENTION_BATCH);
const NAME = "herald_bench_partitions";
const TENANT = "00000000-0000-4000-8000-000000000001";
const VISIBLE = `status in ('processing','sent','failed')`;

type Sql = postgres.Sql;
const monthName = (d: Date) => `p${d.toISOString().slice(0, 7).replace("-", "_")}`;
const addMonths = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));

async function ensureDatabase(): Promise<{ url: string; fresh: boolean }> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${NAME}`).length > 0;
  if (exists && process.env.BENCH_FRESH === "1") await admin.unsafe(`drop database ${NAME} with (force)`);
  const fresh = !exists || process.env.BENCH_FRESH === "1";
  if (fresh) await admin.unsafe(`create database ${NAME}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${NAME}`;
  return { url: url.toString(), fresh };
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  const ms = performance.now() - t;
  console.log(`${label}: ${(ms / 1000).toFixed(1)} s`);
  return { ms, value };
}

/** The real table's secondary indexes (as migrated), to build after the load and on the copy. */
async function indexDefs(sql: Sql, table: string): Promise<{ name: string; def: string }[]> {
  return (await sql`select indexname as name, indexdef as def from pg_indexes
    where schemaname = 'public' and tablename = ${table} and indexname <> ${table + "_pkey"}`) as unknown as {
    name: string;
    def: string;
  }[];
}

// Row i: user i % USERS, its (i / USERS + 1)th notification, created in order over MONTHS months
// before the current one (so seq grows with created_at, as in a real inbox), a third unread.
const rowsSql = (from: number, to: number, start: Date) => `
  select '${TENANT}'::uuid, md5('user-' || (i % ${USERS}))::uuid, i / ${USERS} + 1, i / ${USERS} + 1,
    'Notification ' || (i / ${USERS} + 1), 'Something happened that you may want to know about.',
    (array['system','info','warning','error'])[1 + i % 4], 'normal', 'sent',
    ts, case when (i + i / ${USERS}) % 3 = 0 then null else ts end, ts, ts
  from generate_series(${from}, ${to - 1}) i,
    lateral (select '${start.toISOString()}'::timestamptz
      + (i::float8 / ${ROWS}) * ('${addMonths(start, MONTHS).toISOString()}'::timestamptz - '${start.toISOString()}'::timestamptz) as ts) t`;
const COLUMNS = `tenant_id, user_id, seq, change_seq, title, content, type, priority, status, sent_at, read_at, created_at, updated_at`;

async function load(sql: Sql, start: Date) {
  const [{ n }] = (await sql`select count(*)::int as n from notifications`) as unknown as [{ n: number }];
  const [{ parted }] =
    (await sql`select to_regclass('notifications_part') is not null as parted`) as unknown as [
      { parted: boolean },
    ];
  if (n >= ROWS && parted) return console.log(`both tables already hold ${n.toLocaleString()} rows`);
  await sql`truncate notifications`;
  await sql.unsafe(`drop table if exists notifications_part`);
  await sql.unsafe(`set maintenance_work_mem = '512MB'`);
  // Secondary indexes are built after the load (minutes faster); the definitions are the migrated ones.
  const defs = await indexDefs(sql, "notifications");
  for (const d of defs) await sql.unsafe(`drop index ${d.name}`);
  const chunk = 1_000_000;
  await timed(`load ${ROWS.toLocaleString()} rows (unpartitioned)`, async () => {
    for (let from = 0; from < ROWS; from += chunk) {
      await sql.unsafe(
        `insert into notifications (${COLUMNS}) ${rowsSql(from, Math.min(ROWS, from + chunk), start)}`,
      );
      console.log(`  ${Math.min(ROWS, from + chunk).toLocaleString()} rows`);
    }
  });
  await timed("indexes (unpartitioned)", async () => {
    for (const d of defs) await sql.unsafe(d.def);
  });
  // The partitioned copy: same columns and defaults; the primary key must include the partition key.
  await sql.unsafe(
    `create table notifications_part (like notifications including defaults) partition by range (created_at)`,
  );
  await sql.unsafe(`alter table notifications_part add primary key (id, created_at)`);
  for (let m = 0; m <= MONTHS; m++) {
    const from = addMonths(start, m);
    await sql.unsafe(`create table notifications_part_${monthName(from)} partition of notifications_part
      for values from ('${from.toISOString()}') to ('${addMonths(from, 1).toISOString()}')`);
  }
  await timed("copy into partitions", () =>
    sql.unsafe(`insert into notifications_part select * from notifications order by created_at`),
  );
  await timed("indexes (partitioned, each on every partition)", async () => {
    for (const d of defs)
      await sql.unsafe(
        d.def.replace(
          `INDEX ${d.name} ON public.notifications `,
          `INDEX ${d.name.replace("notifications", "np")} ON public.notifications_part `,
        ),
      );
  });
  await timed("vacuum analyze", async () => {
    await sql`vacuum analyze notifications`;
    await sql`vacuum analyze notifications_part`;
  });
}

async function sampleBoth(
  sql: Sql,
  label: string,
  query: (table: string, user: string) => Promise<unknown>,
  users: string[],
) {
  const samples: Record<string, number[]> = { notifications: [], notifications_part: [] };
  for (const table of Object.keys(samples)) for (const u of users.slice(0, 20)) await query(table, u); // warm up
  for (const user of users) {
    // Alternating, so both layouts see the same cache and the same neighbours' load.
    for (const table of Object.keys(samples)) {
      const t = performance.now();
      await query(table, user);
      samples[table]!.push(performance.now() - t);
    }
  }
  const result = {
    unpartitioned: summary(samples.notifications!),
    partitioned: summary(samples.notifications_part!),
  };
  console.log(
    `${label.padEnd(30)} unpartitioned p50 ${result.unpartitioned.p50} ms p99 ${result.unpartitioned.p99} ms | partitioned p50 ${result.partitioned.p50} ms p99 ${result.partitioned.p99} ms`,
  );
  return result;
}

/** Buffers one run of the statement touched, and its planning and execution time (ms). */
async function buffers(
  sql: Sql,
  statement: string,
): Promise<{ buffers: number; planning_ms: number; execution_ms: number }> {
  const rows = (await sql.unsafe(`explain (analyze, buffers, format json) ${statement}`)) as unknown as {
    "QUERY PLAN": [
      {
        Plan: { "Shared Hit Blocks": number; "Shared Read Blocks": number };
        "Planning Time": number;
        "Execution Time": number;
      },
    ];
  }[];
  const out = rows[0]!["QUERY PLAN"][0];
  return {
    buffers: out.Plan["Shared Hit Blocks"] + out.Plan["Shared Read Blocks"],
    planning_ms: out["Planning Time"],
    execution_ms: out["Execution Time"],
  };
}

async function main() {
  const { url } = await ensureDatabase();
  const drizzleDb = openDatabase({ url, poolMax: 1 });
  await migrate(drizzleDb);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const start = addMonths(new Date(), -MONTHS);
  const result: Record<string, unknown> = { rows: ROWS, users: USERS, per_user: PER_USER, months: MONTHS };
  try {
    await load(sql, start);
    const users = Array.from({ length: ITERATIONS }, () => `user-${Math.floor(Math.random() * USERS)}`);
    const uid = async (u: string) =>
      ((await sql`select md5(${u})::uuid as id`) as unknown as [{ id: string }])[0].id;
    const ids = new Map<string, string>();
    for (const u of users) ids.set(u, await uid(u));
    const inbox = `deleted_at is null and ${VISIBLE} and archived_at is null and snoozed_until is null`;
    const firstPage = (t: string, u: string) =>
      sql.unsafe(`select * from ${t} where user_id = $1 and ${inbox} order by seq desc limit 20`, [
        ids.get(u)!,
      ]);
    // "Deep" for 100 rows a user: the page after the 60 newest, by the seq cursor.
    const deepPage = (t: string, u: string) =>
      sql.unsafe(
        `select * from ${t} where user_id = $1 and ${inbox} and seq < $2 order by seq desc limit 20`,
        [ids.get(u)!, PER_USER - 60],
      );
    const unread = (t: string, u: string) =>
      sql.unsafe(
        `select count(*) from ${t} where tenant_id = $1 and user_id = $2 and read_at is null and ${inbox}`,
        [TENANT, ids.get(u)!],
      );
    const total = (t: string, u: string) =>
      sql.unsafe(`select count(*) from ${t} where user_id = $1 and ${inbox}`, [ids.get(u)!]);
    result.first_page = await sampleBoth(sql, "inbox first page (20)", firstPage, users);
    result.deep_page = await sampleBoth(sql, "keyset page after 60", deepPage, users);
    result.unread_count = await sampleBoth(sql, "unread count", unread, users);
    result.inbox_total = await sampleBoth(sql, "inbox total", total, users);
    // The same queries on 20 users asked again and again: their pages stay in shared buffers, so
    // what is left is the plan and the index probes (one per partition when partitioned).
    const hot = Array.from({ length: ITERATIONS }, (_, i) => users[i % 20]!);
    result.hot_first_page = await sampleBoth(sql, "hot: inbox first page (20)", firstPage, hot);
    result.hot_unread_count = await sampleBoth(sql, "hot: unread count", unread, hot);
    // Prepared (as Herald's unread count is, lib/db/client.ts preparedQuery): after five runs
    // PostgreSQL keeps a generic plan, so the planning over every partition is paid once.
    const prepared = { prepare: true } as const;
    const firstPagePrepared = (t: string, u: string) =>
      sql.unsafe(
        `select * from ${t} where user_id = $1 and ${inbox} order by seq desc limit 20`,
        [ids.get(u)!],
        prepared,
      );
    const unreadPrepared = (t: string, u: string) =>
      sql.unsafe(
        `select count(*) from ${t} where tenant_id = $1 and user_id = $2 and read_at is null and ${inbox}`,
        [TENANT, ids.get(u)!],
        prepared,
      );
    result.prepared_first_page = await sampleBoth(
      sql,
      "prepared: inbox first page",
      firstPagePrepared,
      users,
    );
    result.prepared_unread_count = await sampleBoth(sql, "prepared: unread count", unreadPrepared, users);
    const one = ids.get(users[0]!)!;
    result.buffers = {
      first_page: {
        unpartitioned: await buffers(
          sql,
          `select * from notifications where user_id = '${one}' and ${inbox} order by seq desc limit 20`,
        ),
        partitioned: await buffers(
          sql,
          `select * from notifications_part where user_id = '${one}' and ${inbox} order by seq desc limit 20`,
        ),
      },
      unread_count: {
        unpartitioned: await buffers(
          sql,
          `select count(*) from notifications where tenant_id = '${TENANT}' and user_id = '${one}' and read_at is null and ${inbox}`,
        ),
        partitioned: await buffers(
          sql,
          `select count(*) from notifications_part where tenant_id = '${TENANT}' and user_id = '${one}' and read_at is null and ${inbox}`,
        ),
      },
    };
    console.log("buffers touched by one query:", JSON.stringify(result.buffers));

    // A fan-out: 10,000 rows into the current month, 5 times per layout (deleted again after).
    const fanout: Record<string, number[]> = { notifications: [], notifications_part: [] };
    for (let r = 0; r < 5; r++) {
      for (const table of Object.keys(fanout)) {
        const t = performance.now();
        await sql.unsafe(`insert into ${table} (tenant_id, user_id, seq, change_seq, batch_id, title, content, type, status, sent_at)
          select '${TENANT}', md5('user-' || g)::uuid, 1000 + ${r}, 1000 + ${r}, '00000000-0000-4000-8000-0000000000ff',
            'Fan-out', 'To everyone', 'info', 'sent', now()
          from generate_series(1, ${FANOUT}) g`);
        fanout[table]!.push(performance.now() - t);
      }
    }
    for (const table of Object.keys(fanout))
      await sql.unsafe(`delete from ${table} where batch_id = '00000000-0000-4000-8000-0000000000ff'`);
    const rate = (ms: number[]) => Math.round(FANOUT / (summary(ms).p50 / 1000));
    result.fanout_rows_per_s = {
      unpartitioned: rate(fanout.notifications!),
      partitioned: rate(fanout.notifications_part!),
    };
    console.log(`fan-out of ${FANOUT.toLocaleString()} rows: rows/s (median of 5)`, result.fanout_rows_per_s);

    // Retention of the oldest month: batched DELETE (what Herald runs) vs dropping its partition.
    // The month is kept aside first and put back after, so a rerun finds the same data.
    const oldest = addMonths(start, 0);
    const cutoff = addMonths(start, 1).toISOString();
    await sql.unsafe(`drop table if exists bench_month`);
    await sql.unsafe(
      `create unlogged table bench_month as select * from notifications where created_at < '${cutoff}'`,
    );
    const [{ n: monthRows }] = (await sql`select count(*)::int as n from bench_month`) as unknown as [
      { n: number },
    ];
    let batches = 0;
    let worst = 0;
    const deleted = await timed(
      `batched DELETE of ${monthRows.toLocaleString()} rows (${RETENTION_BATCH} a statement)`,
      async () => {
        // Herald's own retention statement (lib/jobs/retention.ts), its deliveries too (none loaded here).
        let from: string | null = null;
        for (;;) {
          const t = performance.now();
          const r = await deleteBatch(drizzleDb.db, TENANT, new Date(cutoff), from, RETENTION_BATCH);
          worst = Math.max(worst, performance.now() - t);
          if (r.notifications === 0) break;
          batches++;
          from = r.last;
        }
      },
    );
    const partition = `notifications_part_${monthName(oldest)}`;
    const dropped = await timed("DETACH + DROP PARTITION of the same month", async () => {
      await sql.unsafe(`alter table notifications_part detach partition ${partition}`);
      await sql.unsafe(`drop table ${partition}`);
    });
    result.retention_one_month = {
      rows: monthRows,
      batched_delete_s: Math.round(deleted.ms / 100) / 10,
      batches,
      longest_batch_ms: Math.round(worst),
      drop_partition_ms: Math.round(dropped.ms),
    };
    console.log("retention of one month", result.retention_one_month);
    await timed("restore the month (both layouts)", async () => {
      await sql.unsafe(`insert into notifications select * from bench_month`);
      await sql.unsafe(`create table ${partition} partition of notifications_part
        for values from ('${oldest.toISOString()}') to ('${cutoff}')`);
      await sql.unsafe(`insert into notifications_part select * from bench_month`);
      await sql.unsafe(`drop table bench_month`);
      await sql`vacuum analyze notifications`;
    });
    const size = async (t: string) =>
      (
        (await sql.unsafe(`select pg_size_pretty(sum(pg_total_relation_size(c.oid))) as s from pg_class c
        where c.oid = '${t}'::regclass or c.oid in (select inhrelid from pg_inherits where inhparent = '${t}'::regclass)`)) as unknown as [
          { s: string },
        ]
      )[0].s;
    result.size = {
      unpartitioned: await size("notifications"),
      partitioned: await size("notifications_part"),
    };
    console.log("size with indexes", result.size);
    saveResult("partitions", result);
  } finally {
    await sql.end();
    await drizzleDb.close();
  }
}

await main();
