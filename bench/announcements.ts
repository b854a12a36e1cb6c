// Announcements (issue #8): a tenant of BENCH_USERS users (100 000) with BENCH_SOCKETS (10 000) of
// them online over Socket.IO in child processes (bench/realtime-clients.ts). Publishes one
// announcement to everyone, then one to a list of named users, and measures the time from the
// publish request's start to each online socket's `announcement:new` (the last one is the figure),
// and the rows written by each publish, counted table by table before and after.
//
// BENCH_USERS=100000  BENCH_SOCKETS=10000  BENCH_SOCKETS_PER_PROCESS=5000  BENCH_CONNECT_BATCH=500
import postgres from "postgres";
import { mintSubscriberToken } from "../lib/auth/subscriber-token";
import type { RunningServer } from "../tests/helpers/server";
import { auth, benchServer, ClientProcess, freshDatabase, machine, saveResult, summary } from "./lib";

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SOCKETS = Math.min(USERS, Number(process.env.BENCH_SOCKETS ?? 10_000));
const PER_PROCESS = Number(process.env.BENCH_SOCKETS_PER_PROCESS ?? 5000);
const CONNECT_BATCH = Number(process.env.BENCH_CONNECT_BATCH ?? 500);
/** Named users of the targeted announcement: half of them online. */
const TARGETED = Math.min(SOCKETS, 2000);
const RECEIPT_TIMEOUT_MS = 30_000;
const APP_SECRET = "bench-app-secret-0123456789abcdef0123456789abcdef";
const SERVER_ENV: Record<string, string> = {
  APP_SECRET,
  ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
};
/** Every table a publish could write to; pg-boss's jobs included (the expiry timer). */
const TABLES = [
  "announcements",
  "announcement_reads",
  "notifications",
  "deliveries",
  "user_counters",
  "audit_log",
  "pgboss.job",
];

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
const t0 = performance.now();
const log = (msg: string) =>
  console.log(`[${String(Math.round((performance.now() - t0) / 1000)).padStart(3)} s] ${msg}`);

async function post(url: string, body: unknown): Promise<{ status: number; data: { id: string } }> {
  const res = await fetch(url, { method: "POST", headers: auth, body: JSON.stringify(body) });
  const json = (await res.json()) as { data: { id: string } };
  return { status: res.status, data: json.data };
}

async function rowCounts(sql: postgres.Sql): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [r] = await sql.unsafe(`select count(*)::int as n from ${t}`);
    out[t] = (r as unknown as { n: number }).n;
  }
  return out;
}

const diff = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(TABLES.map((t) => [t, b[t]! - a[t]!]));

async function main() {
  log(`${USERS} users, ${SOCKETS} sockets online`);
  process.env.APP_SECRET = APP_SECRET; // mintSubscriberToken signs with it, as the server does
  const db = await freshDatabase();
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  let server: RunningServer | undefined;
  const procs: ClientProcess[] = [];
  try {
    server = await benchServer(db.url, SERVER_ENV);
    const [tenant] = (await sql`select id, token_secret from tenants where slug = 'default'`) as unknown as [
      { id: string; token_secret: string },
    ];
    const ids = Array.from({ length: USERS }, (_, i) => `an-${i}`);
    await sql`insert into users (tenant_id, external_id) select ${tenant.id}, x from unnest(${ids}::text[]) x`;
    const tokens: string[] = [];
    for (let i = 0; i < SOCKETS; i += 1000) {
      const minted = await Promise.all(
        ids
          .slice(i, Math.min(SOCKETS, i + 1000))
          .map((id) => mintSubscriberToken({ id: tenant.id, tokenSecret: tenant.token_secret }, id)),
      );
      tokens.push(...minted.map((m) => m.token));
    }
    log(`${USERS} users and ${SOCKETS} subscriber tokens ready`);

    const started = performance.now();
    for (let i = 0; i < SOCKETS; i += PER_PROCESS) procs.push(new ClientProcess());
    const connected = await Promise.all(
      procs.map((p, k) =>
        p.ask(
          {
            cmd: "connect",
            url: server!.url,
            batch: CONNECT_BATCH,
            clients: tokens
              .slice(k * PER_PROCESS, (k + 1) * PER_PROCESS)
              .map((token, j) => ({ i: k * PER_PROCESS + j, auth: { token } })),
          },
          "connected",
        ),
      ),
    );
    const online = connected.reduce((n, c) => n + c.ok.length, 0);
    const failed = connected.reduce((n, c) => n + c.failed, 0);
    log(`${online}/${SOCKETS} sockets connected in ${round((performance.now() - started) / 1000, 2)} s`);
    if (failed > 0) log(`connect errors: ${JSON.stringify(connected.map((c) => c.errors))}`);
    await sleep(2000); // let the handshakes' work settle

    const base = `${server.url}/api/v1/announcements`;
    const runs: {
      audience: string;
      expected_receipts: number;
      received: number;
      publish_request_ms: number;
      to_last_socket_ms: number;
      receipt_ms: ReturnType<typeof summary>;
      rows_written: Record<string, number>;
    }[] = [];
    const cases = [
      { name: "everyone", audience: { all: true }, expected: online },
      {
        name: `${TARGETED} named users (half online)`,
        // Even indexes below 2×TARGETED: half of them are among the first SOCKETS (online).
        audience: { user_ids: Array.from({ length: TARGETED }, (_, i) => `an-${i * 2 + (i % 2) * SOCKETS}`) },
        expected: Math.ceil(TARGETED / 2),
      },
    ];
    for (const c of cases) {
      const draft = await post(base, {
        title: `Bench: ${c.name}`,
        content: "Planned **maintenance** tonight, 22:00–23:00.",
        severity: "warning",
        audience: c.audience,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
      if (draft.status !== 201) throw new Error(`create answered ${draft.status}`);
      const before = await rowCounts(sql);
      const sentAt = now();
      const published = await post(`${base}/${draft.data.id}/publish`, {});
      const answeredAt = now();
      if (published.status !== 200) throw new Error(`publish answered ${published.status}`);
      // Wait for every expected receipt (or the timeout), polling the client processes.
      let receipts: number[] = [];
      const deadline = Date.now() + RECEIPT_TIMEOUT_MS;
      for (;;) {
        const answers = await Promise.all(procs.map((p) => p.ask({ cmd: "announcements" }, "announcements")));
        receipts = answers.flatMap((a) => a.receipts.filter((r) => r.id === draft.data.id).map((r) => r.at));
        if (receipts.length >= c.expected || Date.now() > deadline) break;
        await sleep(100);
      }
      await sleep(1000); // the expiry job and audit row are written in the publish; nothing after
      const after = await rowCounts(sql);
      const latencies = receipts.map((t) => t - sentAt);
      const run = {
        audience: c.name,
        expected_receipts: c.expected,
        received: receipts.length,
        publish_request_ms: round(answeredAt - sentAt, 2),
        to_last_socket_ms: round(Math.max(...latencies), 2),
        receipt_ms: summary(latencies),
        rows_written: diff(before, after),
      };
      runs.push(run);
      log(`${c.name}: ${JSON.stringify(run)}`);
    }
    console.table(
      runs.map((r) => ({
        audience: r.audience,
        "received/expected": `${r.received}/${r.expected_receipts}`,
        "publish request ms": r.publish_request_ms,
        "p50 ms": r.receipt_ms.p50,
        "p99 ms": r.receipt_ms.p99,
        "last socket ms": r.to_last_socket_ms,
        "new rows": Object.values(r.rows_written).reduce((a, b) => a + b, 0),
      })),
    );
    saveResult("announcements", { users: USERS, sockets: SOCKETS, online, runs, machine: machine() });
  } finally {
    await Promise.all(procs.map((p) => p.close()));
    await server?.stop();
    await sql.end();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
