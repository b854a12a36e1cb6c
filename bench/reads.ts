// Reads on a table of 10,000,000 notifications (10,000 users × 1,000 each, a third unread):
// unread count, first inbox page and a page 50 deep by cursor, through the REST API and as raw SQL
// side by side, one request at a time (latency, not throughput).
// The loaded database is kept (herald_bench_reads) so reruns skip the load; BENCH_FRESH=1 reloads.
import postgres from "postgres";
import { ADMIN_URL, auth, benchServer, httpGet, machine, saveResult, summary } from "./lib";

const USERS = 10_000;
const PER_USER = 1_000;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const NAME = "herald_bench_reads";

async function ensureLoaded(): Promise<string> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${NAME}`).length > 0;
  if (exists && process.env.BENCH_FRESH === "1") await admin.unsafe(`drop database ${NAME} with (force)`);
  const fresh = !exists || process.env.BENCH_FRESH === "1";
  if (fresh) await admin.unsafe(`create database ${NAME}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${NAME}`;
  return url.toString() + (fresh ? "#fresh" : "");
}

async function load(sql: postgres.Sql) {
  const [{ n }] = (await sql`select count(*)::int as n from notifications`) as unknown as [{ n: number }];
  if (n >= USERS * PER_USER) return console.log(`table already holds ${n.toLocaleString()} notifications`);
  const [{ id: tenantId }] = (await sql`select id from tenants where slug = 'default'`) as unknown as [
    { id: string },
  ];
  await sql`insert into users (tenant_id, external_id) select ${tenantId}, 'reader-' || g from generate_series(1, ${USERS}) g
    on conflict do nothing`;
  await sql`insert into user_counters (user_id, tenant_id, notification_seq, change_seq)
    select id, tenant_id, ${PER_USER}, ${PER_USER} from users where external_id like 'reader-%' on conflict do nothing`;
  const started = performance.now();
  const chunk = 1000;
  for (let from = 1; from <= USERS; from += chunk) {
    await sql`
      insert into notifications (tenant_id, user_id, seq, change_seq, title, content, type, priority, status,
        channels, metadata, sent_at, read_at, created_at)
      select u.tenant_id, u.id, s, s, 'Notification ' || s, 'Something happened that you may want to know about.',
        (array['system','info','warning','error'])[1 + s % 4], 'normal', 'sent', '{app}', '{}',
        now() - (${PER_USER} - s) * interval '1 minute',
        case when s % 3 = 0 then null else now() end,
        now() - (${PER_USER} - s) * interval '1 minute'
      from users u cross join generate_series(1, ${PER_USER}) s
      where u.external_id = any(${Array.from({ length: Math.min(chunk, USERS - from + 1) }, (_, i) => `reader-${from + i}`)}::text[])`;
    const done = (from + chunk - 1) * PER_USER;
    console.log(
      `loaded ${done.toLocaleString()} rows (${Math.round(done / ((performance.now() - started) / 1000)).toLocaleString()} rows/s)`,
    );
  }
  await sql`vacuum analyze notifications`;
  await sql`vacuum analyze users`;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main() {
  const target = await ensureLoaded();
  const url = target.replace("#fresh", "");
  const server = await benchServer(url);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    await load(sql);
    const visible = sql`('processing','sent','failed')`;
    const pick = () => `reader-${1 + Math.floor(Math.random() * USERS)}`;
    const userIdOf = new Map<string, string>(
      (await sql`select external_id, id from users where external_id like 'reader-%'`).map((r) => [
        r.external_id,
        r.id,
      ]),
    );
    const tenantId = ((await sql`select id from tenants where slug = 'default'`)[0] as { id: string }).id;
    const serverMs: Record<string, number[]> = {};
    let current = "";
    const api = async (path: string, user: string) => {
      const res = await httpGet(server.url + path, { ...auth, "X-User-Id": user });
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      // Herald's own time for the request (Server-Timing), apart from HTTP and the client.
      const app = /app;dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""));
      if (app && current) (serverMs[current] ??= []).push(Number(app[1]));
      return JSON.parse(res.body) as { data: { next_cursor: string | null } };
    };
    // The cursor of page 50 (page_size 20), as the API hands it out, for one user.
    const cursorAt50 = async (user: string) => {
      let cursor = "";
      for (let page = 1; page < 50; page++)
        cursor = (await api(`/api/v1/notifications?page_size=20&cursor=${cursor}`, user)).data.next_cursor!;
      return cursor;
    };
    const deepUser = "reader-42";
    const deepCursor = await cursorAt50(deepUser);
    const deepSeq = JSON.parse(Buffer.from(deepCursor, "base64url").toString()).s as number;

    const cases: [string, () => Promise<unknown>][] = [
      ["API  unread count", () => api("/api/v1/notifications/unread/count", pick())],
      [
        "SQL  unread count",
        () => sql`select count(*) from notifications where tenant_id = ${tenantId} and user_id = ${userIdOf.get(pick())!}
          and read_at is null and deleted_at is null and status in ${visible}`,
      ],
      ["API  first inbox page (20, with total)", () => api("/api/v1/notifications?page_size=20", pick())],
      [
        "API  first inbox page (20, cursor mode)",
        () => api("/api/v1/notifications?page_size=20&cursor=", pick()),
      ],
      [
        "SQL  first inbox page (20)",
        () => sql`select * from notifications where tenant_id = ${tenantId} and user_id = ${userIdOf.get(pick())!}
          and deleted_at is null and status in ${visible} order by seq desc limit 20`,
      ],
      [
        "API  page 50 via cursor",
        () => api(`/api/v1/notifications?page_size=20&cursor=${deepCursor}`, deepUser),
      ],
      [
        "SQL  page 50 via keyset",
        () => sql`select * from notifications where tenant_id = ${tenantId} and user_id = ${userIdOf.get(deepUser)!}
          and deleted_at is null and status in ${visible} and seq < ${deepSeq} order by seq desc limit 20`,
      ],
    ];
    const rows = [];
    for (const [label, fn] of cases) {
      current = "";
      for (let i = 0; i < 30; i++) await fn(); // warm-up
      current = label;
      const samples: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) samples.push(await time(fn));
      const inApp = serverMs[label] ? summary(serverMs[label]!) : undefined;
      const row = { case: label, ...summary(samples), app_p50: inApp?.p50 ?? "", app_p99: inApp?.p99 ?? "" };
      rows.push(row);
      console.log(row);
    }
    console.table(rows);
    saveResult("reads", { machine: machine(), table_rows: USERS * PER_USER, cases: rows });
  } finally {
    await sql.end();
    await server.stop();
  }
}

await main();
