// Workflows on the real server: a one-step in-app trigger for 10,000 recipients beside a plain
// send of the same size (the reference, same run); a digest of 100,000 triggers over 10,000
// recipients; a topic of 100,000 subscribers. Each prints its figures; none asserts a time.
import postgres from "postgres";
import { auth, benchServer, freshDatabase, machine, saveResult } from "./lib";

const RECIPIENTS = 10_000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const DIGEST_TRIGGERS = 100_000;
const TOPIC_SUBSCRIBERS = 100_000;
// Which cases run: BENCH_CASES=trigger,digest,topic (all by default).
const CASES = new Set((process.env.BENCH_CASES ?? "trigger,digest,topic").split(","));
// Longer than the digest steps of all 100,000 triggers take, so each recipient gets one window.
const DIGEST_WINDOW_S = Number(process.env.BENCH_DIGEST_WINDOW_S ?? 300);

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
  const ids = Array.from({ length: TOPIC_SUBSCRIBERS }, (_, i) => `bench-user-${i}`);
  const audience = ids.slice(0, RECIPIENTS);
  const api = (path: string) => `${server.url}${path}`;
  const perSecond = (ms: number, n = RECIPIENTS) => Math.round((n / ms) * 1000);
  try {
    const [{ id: tenantId }] = (await sql`select id from tenants where slug = 'default'`) as unknown as [
      { id: string },
    ];

    await sql`insert into users (tenant_id, external_id) select ${tenantId}, x from unnest(${ids}::text[]) x`;

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

    if (CASES.has("digest")) await digestCase();
    if (CASES.has("topic")) await topicCase();

    const result = { machine: machine(), cases: rows, trigger_vs_send: `${triggerRatio} %` };
    saveResult("workflows", result);
  } finally {
    await sql.end();
    await server.stop();
    await db.drop();
  }

  // 2. A digest: 100,000 triggers over 10,000 recipients (ten events each, one POST per round),
  // one window per recipient; then the time from the last window's close to all 10,000 digests.
  async function digestCase() {
    await post(
      api("/api/v1/workflows"),
      {
        key: "bench.digest",
        name: "Digest, then in-app",
        steps: [
          { id: "collect", type: "digest", window: { amount: DIGEST_WINDOW_S, unit: "seconds" } },
          { id: "inapp", type: "in_app", title: "digest", content: "{{ digest.count }} events" },
        ],
      },
      201,
    );
    const rounds = DIGEST_TRIGGERS / RECIPIENTS;
    let acceptMs = 0;
    const digestStarted = performance.now();
    for (let i = 0; i < rounds; i++)
      acceptMs += (
        await post(api("/api/v1/workflows/bench.digest/trigger"), { to: audience, payload: { n: i } }, 202)
      ).ms;
    const joined = async () =>
      Number(
        (
          await sql`select count(*)::int as n from workflow_run_steps s join workflows w on w.id = (select workflow_id from workflow_runs where id = s.run_id)
            where w.key = 'bench.digest' and s.step_id = 'collect'`
        )[0]!.n,
      );
    const stepsMs = await until(joined, DIGEST_TRIGGERS, digestStarted);
    const windows = await sql`select count(*)::int as n, max(closes_at) as last_close,
        min(event_count)::int as min_events, max(event_count)::int as max_events
      from workflow_digests d join workflows w on w.id = d.workflow_id where w.key = 'bench.digest'`;
    const w = windows[0]! as { n: number; last_close: Date; min_events: number; max_events: number };
    const digests = notificationsTitled(sql, "digest");
    await until(digests, RECIPIENTS, performance.now());
    const deliveredAt = (
      await sql`select max(created_at) as at from notifications where title = 'digest'`
    )[0]!.at as Date;
    record({
      case: `digest: ${DIGEST_TRIGGERS.toLocaleString("en")} triggers over ${RECIPIENTS.toLocaleString("en")} recipients, accepted`,
      ms: Math.round(acceptMs),
      triggers_per_s: perSecond(acceptMs, DIGEST_TRIGGERS),
    });
    record({
      case: "digest: every trigger's run through the digest step (opened or joined)",
      ms: Math.round(stepsMs),
      runs_per_s: perSecond(stepsMs, DIGEST_TRIGGERS),
      windows: w.n,
      events_per_window: w.min_events === w.max_events ? w.min_events : `${w.min_events}–${w.max_events}`,
    });
    record({
      case: "digest: last window's close → all 10,000 digests in the inbox",
      ms: Math.max(0, deliveredAt.getTime() - new Date(w.last_close).getTime()),
    });
  }

  // 3. A topic of 100,000 subscribers: one POST, then the time until every in-app row is written.
  async function topicCase() {
    await put(api("/api/v1/topics/bench-topic"), { name: "Bench topic" });
    await sql`insert into topic_subscribers (topic_id, user_id, tenant_id)
      select t.id, u.id, u.tenant_id from topics t join users u on u.tenant_id = t.tenant_id
      where t.key = 'bench-topic' and u.external_id like 'bench-user-%'`;
    const topicStarted = performance.now();
    const accepted = await post(
      api("/api/v1/workflows/bench.inapp/trigger"),
      { to: { topic: "bench-topic" }, payload: { title: "topic" } },
      202,
    );
    const topicMs = await until(notificationsTitled(sql, "topic"), TOPIC_SUBSCRIBERS, topicStarted);
    record({
      case: `topic of ${TOPIC_SUBSCRIBERS.toLocaleString("en")} subscribers: the trigger POST (202)`,
      ms: Math.round(accepted.ms),
    });
    record({
      case: `topic of ${TOPIC_SUBSCRIBERS.toLocaleString("en")} subscribers → every in-app row`,
      ms: Math.round(topicMs),
      rows_per_s: perSecond(topicMs, TOPIC_SUBSCRIBERS),
    });
  }
}

await main();
