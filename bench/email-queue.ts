// Email queue: N email deliveries through the real send path (POST /api/v1/notifications with
// channels ["email"]) to the local Resend stub, worker concurrency 50; side by side with two physical
// references measured in the same run: the stub alone under 50 plain HTTP clients, and pg-boss
// fetching and completing no-op jobs with the same concurrency. Then the same N again through a
// failover chain of two Resend integrations whose first is down (500 to everything): what failing
// over (retries, then the open circuit passing it over) costs against the single-provider figure.
// Last, outbound webhooks: M notification.created events for one endpoint, until a local receiver
// has verified each webhook-id once, beside bare HTTPS POSTs to the same receiver (same concurrency).
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { PgBoss } from "pg-boss";
import postgres from "postgres";
import { generate } from "selfsigned";
import { Webhook } from "standardwebhooks";
import { closeServer, listen, readBody } from "../tests/stubs/http";
import { startResendStub } from "../tests/stubs/resend-stub";
import { auth, benchServer, freshDatabase, machine, saveResult, summary } from "./lib";

const N = Number(process.env.BENCH_EMAILS ?? 20_000);
// Emails sent before the measured runs, to warm the server up.
const WARM = Math.min(2000, Math.max(100, Math.round(N / 10)));
const CONCURRENCY = 50;
const BATCH = 1000; // recipients per POST
const FROM = "Herald <notify@example.com>";

type StubInfo = { url: string; apiKey: string };
type StubCounts = { emails: number; distinctKeys: number; attempts: number; downAttempts: number };
// The failover case's first provider: an account the stub answers 500 for. Both integrations use
// the environment's RESEND_BASE_URL (a production server refuses an http base_url of its own).
const DOWN_API_KEY = "re_bench_down";

const WEBHOOK_EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 5_000);
// The webhook worker's requests in flight: localConcurrency 2 × batchSize 10 (see server/worker).
const WEBHOOK_CONCURRENCY = 20;

/** The stub in a child process of its own, so its CPU is not the bench's or Herald's event loop. */
async function runStubChild(): Promise<void> {
  const stub = await startResendStub({ downApiKey: DOWN_API_KEY });
  process.on("message", (m: string) => {
    if (m === "counts") {
      const distinctKeys = new Set(stub.emails.map((e) => e.idempotencyKey)).size;
      process.send!({
        emails: stub.emails.length,
        distinctKeys,
        attempts: stub.attempts(),
        downAttempts: stub.downAttempts(),
      });
    } else if (m === "close") {
      void stub.close().then(() => process.exit(0));
    }
  });
  process.send!({ url: stub.url, apiKey: stub.apiKey });
}

type StubChild = { child: ChildProcess; info: StubInfo; counts(): Promise<StubCounts> };

function startStubChild(): Promise<StubChild> {
  const child = fork(import.meta.filename, ["--stub"], { execArgv: ["--import", "tsx"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("message", (info: StubInfo) => {
      const counts = () =>
        new Promise<StubCounts>((r) => {
          child.once("message", (c: StubCounts) => r(c));
          child.send("counts");
        });
      resolve({ child, info, counts });
    });
  });
}

type ReceiverCounts = { requests: number; distinctIds: number; duplicates: number; badSignatures: number };

/**
 * The webhook receiver in a child process of its own: HTTPS (a production server sends webhooks
 * over https only), each webhook-id's signature verified once with the endpoint's secret, 200.
 */
async function runReceiverChild(): Promise<void> {
  const tls = {
    key: readFileSync(process.env.BENCH_TLS_KEY!),
    cert: readFileSync(process.env.BENCH_TLS_CERT!),
  };
  let verifier: Webhook | null = null;
  const seen = new Set<string>();
  let requests = 0;
  let duplicates = 0;
  let badSignatures = 0;
  const server = https.createServer(tls, async (req, res) => {
    const body = (await readBody(req)).toString("utf8");
    requests++;
    const id = String(req.headers["webhook-id"] ?? "");
    if (seen.has(id)) {
      duplicates++;
      return void res.writeHead(200).end();
    }
    try {
      verifier!.verify(body, req.headers as Record<string, string>);
    } catch {
      badSignatures++;
      return void res.writeHead(401).end("bad signature");
    }
    seen.add(id);
    res.writeHead(200).end();
  });
  const port = await listen(server);
  process.on("message", (m: { type: "secret"; secret: string } | "counts" | "reset" | "close") => {
    if (typeof m === "object") {
      verifier = new Webhook(m.secret);
      process.send!("ok");
    } else if (m === "counts") {
      process.send!({ requests, distinctIds: seen.size, duplicates, badSignatures });
    } else if (m === "reset") {
      seen.clear();
      requests = duplicates = badSignatures = 0;
      process.send!("ok");
    } else {
      void closeServer(server).then(() => process.exit(0));
    }
  });
  process.send!({ url: `https://127.0.0.1:${port}` });
}

type ReceiverChild = {
  child: ChildProcess;
  url: string;
  ask<T>(m: unknown): Promise<T>;
};

function startReceiverChild(keyPath: string, certPath: string): Promise<ReceiverChild> {
  const child = fork(import.meta.filename, ["--receiver"], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_TLS_KEY: keyPath, BENCH_TLS_CERT: certPath },
  });
  const ask = <T>(m: unknown) =>
    new Promise<T>((r) => {
      child.once("message", (answer: T) => r(answer));
      child.send(m as string);
    });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("message", ({ url }: { url: string }) => resolve({ child, url, ask }));
  });
}

/** A key and self-signed certificate for 127.0.0.1, in files the server (NODE_EXTRA_CA_CERTS) and the receiver read. */
async function receiverTls() {
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), "herald-bench-tls-"));
  const keyPath = path.join(dir, "key.pem");
  const certPath = path.join(dir, "cert.pem");
  writeFileSync(keyPath, pems.private);
  writeFileSync(certPath, pems.cert);
  return { keyPath, certPath, cert: pems.cert, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The webhook reference: `n` messages signed beforehand (as Herald signs them: same secret, a body of
 * the same shape) POSTed by WEBHOOK_CONCURRENCY kept-alive node:https clients to the same receiver.
 */
async function rawWebhooks(receiver: ReceiverChild, ca: string, secret: string, n: number) {
  const agent = new https.Agent({ keepAlive: true, maxSockets: WEBHOOK_CONCURRENCY, ca });
  const url = new URL("/hooks/bench", receiver.url);
  const signer = new Webhook(secret);
  const messages = Array.from({ length: n }, (_, i) => {
    const id = `msg_reference_${i}`;
    const at = new Date();
    const body = JSON.stringify({
      type: "notification.created",
      timestamp: at.toISOString(),
      data: { notification_id: `reference-${i}`, user_id: `hook-${i + 1}`, type: "info", priority: "normal" },
    });
    return {
      body,
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": signer.sign(id, at, body),
      },
    };
  });
  const post = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const m = messages[i]!;
      const req = https.request(url, { method: "POST", agent, headers: m.headers }, (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`receiver ${res.statusCode}`)),
        );
      });
      req.on("error", reject);
      req.end(m.body);
    });
  await receiver.ask("reset");
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WEBHOOK_CONCURRENCY }, async () => {
      while (next < n) await post(next++);
    }),
  );
  const ms = performance.now() - started;
  agent.destroy();
  const counts = await receiver.ask<ReceiverCounts>("counts");
  await receiver.ask("reset");
  return {
    case: `receiver alone: ${WEBHOOK_CONCURRENCY} plain HTTPS clients, signed messages`,
    requests: n,
    verified: counts.distinctIds,
    per_s: Math.round((n / ms) * 1000),
  };
}

/** Registers the bench's endpoint (notification.created only); returns its signing secret. */
async function createEndpoint(serverUrl: string, receiverUrl: string): Promise<string> {
  const res = await fetch(`${serverUrl}/api/v1/webhook-endpoints`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ url: `${receiverUrl}/hooks/bench`, event_types: ["notification.created"] }),
  });
  if (res.status !== 201) throw new Error(`webhook endpoint failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { secret: string } }).data.secret;
}

/** Reference 1: what the stub answers to 50 kept-alive plain HTTP clients posting Resend-shaped emails. */
async function rawStub(info: StubInfo, n: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL("/emails", info.url);
  const post = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({
        from: FROM,
        to: `raw-${i}@example.com`,
        subject: "Statement ready",
        html: "<p>Your monthly statement is ready.</p>",
        text: "Your monthly statement is ready.",
      });
      const req = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: {
            authorization: `Bearer ${info.apiKey}`,
            "content-type": "application/json",
            "idempotency-key": `raw-${i}`,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`stub ${res.statusCode}`)),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await post(next++);
    }),
  );
  const ms = performance.now() - started;
  agent.destroy();
  return { case: "stub alone: 50 plain HTTP clients", requests: n, per_s: Math.round((n / ms) * 1000) };
}

/** Reference 2: pg-boss alone: insert n no-op jobs, then `workers` × `batchSize` fetch and complete them. */
async function rawQueue(url: string, n: number, workers: number, batchSize: number) {
  const boss = new PgBoss({ connectionString: url, max: 4, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  const queue = `bench-noop-${workers}x${batchSize}`;
  await boss.createQueue(queue);
  for (let i = 0; i < n; i += 5000) {
    await boss.insert(
      queue,
      Array.from({ length: Math.min(5000, n - i) }, (_, j) => ({ data: { i: i + j } })),
    );
  }
  let done = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    void boss.work(
      queue,
      { localConcurrency: workers, batchSize, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5 },
      async (jobs) => {
        done += jobs.length;
        if (done >= n) resolve();
      },
    );
  });
  const ms = performance.now() - started;
  await boss.stop({ graceful: true, timeout: 5000 });
  return {
    case: `pg-boss alone: no-op jobs, ${workers} workers × batch ${batchSize}, polling 0.5 s`,
    jobs: n,
    per_s: Math.round((n / ms) * 1000),
  };
}

const step = (what: string) => console.error(`[email-queue] ${what}`);

type Sql = ReturnType<typeof postgres>;

/** Sends `count` emails to mail-1…mail-count by the real send path; resolves when the API took them all. */
async function enqueueEmails(serverUrl: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += BATCH) {
    const res = await fetch(`${serverUrl}/api/v1/notifications`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        user_ids: Array.from({ length: Math.min(BATCH, count - i) }, (_, j) => `mail-${i + j + 1}`),
        title: "Statement ready",
        content: "Your monthly statement is ready.",
        type: "info",
        channels: ["email"],
      }),
    });
    if (res.status !== 200) throw new Error(`send failed: ${res.status} ${await res.text()}`);
  }
}

/** Waits until `total` deliveries in all have ended (sent or failed). */
async function settled(sql: Sql, total: number): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const [{ n }] =
      (await sql`select count(*)::int as n from deliveries where status in ('sent','failed')`) as unknown as [
        { n: number },
      ];
    if (n >= total) return;
    if (Date.now() > deadline) throw new Error(`only ${n} of ${total} deliveries settled within 10 minutes`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The tenant's email chain: a Resend account that is down, then one that works. */
async function chainDownThenUp(serverUrl: string, up: StubInfo): Promise<void> {
  const ids: string[] = [];
  for (const [name, apiKey] of [
    ["Resend (down)", DOWN_API_KEY],
    ["Resend (up)", up.apiKey],
  ] as const) {
    const res = await fetch(`${serverUrl}/api/v1/integrations`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        provider: "resend",
        channel: "email",
        name,
        config: { from: FROM },
        secrets: { api_key: apiKey },
      }),
    });
    if (res.status !== 201) throw new Error(`integration failed: ${res.status} ${await res.text()}`);
    ids.push(((await res.json()) as { data: { id: string } }).data.id);
  }
  const res = await fetch(`${serverUrl}/api/v1/integrations/chains/email`, {
    method: "PUT",
    headers: auth,
    body: JSON.stringify({ integration_ids: ids }),
  });
  if (res.status !== 200) throw new Error(`chain failed: ${res.status} ${await res.text()}`);
}

async function main() {
  const db = await freshDatabase();
  step("starting the stub, the webhook receiver and the server");
  const stub = await startStubChild();
  const tls = await receiverTls();
  const receiver = await startReceiverChild(tls.keyPath, tls.certPath);
  const server = await benchServer(db.url, {
    // The webhook receiver: https on 127.0.0.1 with the certificate made above, the operator's own host.
    NODE_EXTRA_CA_CERTS: tls.certPath,
    OUTBOUND_PRIVATE_HOSTS_ALLOWED: "127.0.0.1",
    RESEND_API_KEY: stub.info.apiKey,
    RESEND_BASE_URL: stub.info.url,
    EMAIL_FROM: FROM,
    DELIVERY_CONCURRENCY: String(CONCURRENCY),
    ...(process.env.BENCH_PORT ? { PORT: process.env.BENCH_PORT } : {}),
    // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the server's time goes.
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
  });
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  try {
    const [{ id: tenantId }] = (await sql`select id from tenants where slug = 'default'`) as unknown as [
      { id: string },
    ];
    await sql`
      insert into users (tenant_id, external_id, email)
      select ${tenantId}, 'mail-' || g, 'mail-' || g || '@example.com' from generate_series(1, ${N}) g`;

    step("references: stub alone, pg-boss alone");
    const references = [
      await rawStub(stub.info, N),
      // Herald's delivery workers: 5 × 10 (see deliveryWorkers in server/worker).
      await rawQueue(db.url, N, 5, 10),
      // Batches of one, as the workers fetched before: pg-boss pauses a polling interval after each.
      await rawQueue(db.url, Math.min(N, 1000), CONCURRENCY, 1),
    ];
    for (const r of references) console.log(r);

    // A first run on a cold server pays for JIT, caches and pools: without a warm-up the single-
    // provider figure would be lower than the failover one measured after it, and the ratio flattering.
    step(`warming up: ${WARM} emails (not measured)`);
    await enqueueEmails(server.url, WARM);
    await settled(sql, WARM);
    await sql`delete from delivery_attempts`;
    await sql`delete from deliveries`;
    await sql`delete from notifications`;
    const before = await stub.counts();

    step(`sending ${N} emails`);
    // The measured run: every delivery enqueued by the real send path, as fast as the API takes them.
    const started = performance.now();
    await enqueueEmails(server.url, N);
    const enqueuedMs = performance.now() - started;
    await settled(sql, N);
    const wallMs = performance.now() - started;

    const statuses =
      await sql`select status, count(*)::int as n from deliveries group by status order by status`;
    // enqueue → sent per delivery, on the database clock: created in the send's transaction, stamped when sent.
    const latencies = (
      await sql`select extract(epoch from (sent_at - created_at)) * 1000 as ms from deliveries where status = 'sent'`
    ).map((r) => Number(r.ms));
    const [span] = await sql`
      select extract(epoch from (max(sent_at) - min(created_at))) * 1000 as ms from deliveries where status = 'sent'`;
    const after = await stub.counts();
    const latency = summary(latencies);
    const herald = {
      case: `Herald: ${N.toLocaleString("en")} emails, POST /api/v1/notifications × ${N / BATCH}, concurrency ${CONCURRENCY}`,
      enqueue: "REST (real send path)",
      enqueue_ms: Math.round(enqueuedMs),
      wall_ms: Math.round(wallMs),
      deliveries_per_s: Math.round((N / wallMs) * 1000),
      deliveries_per_s_db_clock: Math.round((N / Number(span!.ms)) * 1000),
      enqueue_to_sent_p50_ms: Math.round(latency.p50),
      enqueue_to_sent_p99_ms: Math.round(latency.p99),
      enqueue_to_sent_max_ms: Math.round(latency.max),
      statuses: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
      stub_emails: after.emails - before.emails,
      stub_distinct_keys: after.distinctKeys - before.distinctKeys,
      stub_requests: after.attempts - before.attempts,
    };
    console.log(herald);

    step(`sending ${N} emails through a chain whose first provider is down`);
    await chainDownThenUp(server.url, stub.info);
    const upBefore = await stub.counts();
    const failoverStarted = performance.now();
    await enqueueEmails(server.url, N);
    await settled(sql, 2 * N);
    const failoverMs = performance.now() - failoverStarted;
    const [failoverStatuses] = await sql`
      select count(*) filter (where status = 'sent')::int as sent,
             count(*) filter (where status = 'failed')::int as failed
      from deliveries where integration_id is not null`;
    const upAfter = await stub.counts();
    const failover = {
      case: `Herald: ${N.toLocaleString("en")} emails through a 2-provider chain, the first answering 500`,
      wall_ms: Math.round(failoverMs),
      deliveries_per_s: Math.round((N / failoverMs) * 1000),
      statuses: failoverStatuses,
      down_provider_requests: upAfter.downAttempts - upBefore.downAttempts,
      second_provider_emails: upAfter.emails - upBefore.emails,
      second_provider_distinct_keys: upAfter.distinctKeys - upBefore.distinctKeys,
    };
    console.log(failover);

    step(`outbound webhooks: ${WEBHOOK_EVENTS} notification.created events to one endpoint`);
    const webhooks = await benchWebhooks(sql, tenantId, server.url, receiver, tls.cert);
    console.log(webhooks.reference);
    console.log(webhooks.herald);
    console.table([
      ...references.map((r) => ({ case: r.case, per_s: r.per_s })),
      { case: "Herald email deliveries, one provider (enqueue → sent)", per_s: herald.deliveries_per_s },
      { case: "Herald email deliveries, first of two providers down", per_s: failover.deliveries_per_s },
      { case: webhooks.reference.case, per_s: webhooks.reference.per_s },
      {
        case: "Herald outbound webhook events (send → verified by the receiver)",
        per_s: webhooks.herald.events_per_s,
      },
    ]);
    saveResult("email-queue", { machine: machine(), herald, failover, references, webhooks });
  } finally {
    await sql.end();
    await server.stop();
    stub.child.send("close");
    receiver.child.send("close");
    tls.remove();
    await db.drop();
  }
}

/**
 * WEBHOOK_EVENTS in-app notifications sent by the real send path to one endpoint's subscribers:
 * timed from the first POST until the receiver has verified every webhook-id once.
 */
async function benchWebhooks(
  sql: Sql,
  tenantId: string,
  serverUrl: string,
  receiver: ReceiverChild,
  ca: string,
) {
  const m = WEBHOOK_EVENTS;
  await sql`
    insert into users (tenant_id, external_id, email)
    select ${tenantId}, 'hook-' || g, 'hook-' || g || '@example.com' from generate_series(1, ${m}) g`;
  const secret = await createEndpoint(serverUrl, receiver.url);
  await receiver.ask({ type: "secret", secret });
  const reference = await rawWebhooks(receiver, ca, secret, m);

  const started = performance.now();
  for (let i = 0; i < m; i += BATCH) {
    const res = await fetch(`${serverUrl}/api/v1/notifications`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        user_ids: Array.from({ length: Math.min(BATCH, m - i) }, (_, j) => `hook-${i + j + 1}`),
        title: "Order shipped",
        content: "Your order is on its way.",
        type: "info",
        channels: ["app"],
      }),
    });
    if (res.status !== 200) throw new Error(`send failed: ${res.status} ${await res.text()}`);
  }
  const enqueuedMs = performance.now() - started;
  const deadline = Date.now() + 600_000;
  let counts = await receiver.ask<ReceiverCounts>("counts");
  // When the last message was written (recorded from the bus, its job queued): where the time goes.
  let recordedMs: number | null = null;
  while (counts.distinctIds < m) {
    if (recordedMs === null) {
      const [{ n }] = (await sql`
        select count(*)::int as n from webhook_messages where tenant_id = ${tenantId}`) as unknown as [
        { n: number },
      ];
      if (n >= m) recordedMs = performance.now() - started;
    }
    if (Date.now() > deadline)
      throw new Error(`only ${counts.distinctIds} of ${m} webhooks arrived within 10 minutes`);
    await new Promise((r) => setTimeout(r, 50));
    counts = await receiver.ask<ReceiverCounts>("counts");
  }
  const wallMs = performance.now() - started;
  const [messages] = await sql`
    select count(*)::int as n,
           count(*) filter (where status = 'succeeded')::int as succeeded,
           coalesce(max(attempts), 0)::int as max_attempts
    from webhook_messages where tenant_id = ${tenantId}`;
  return {
    reference,
    herald: {
      case: `Herald: ${m.toLocaleString("en")} notification.created webhooks to one endpoint, POST /api/v1/notifications × ${Math.ceil(m / BATCH)} (in-app)`,
      enqueue_ms: Math.round(enqueuedMs),
      all_recorded_ms: Math.round(recordedMs ?? wallMs),
      wall_ms: Math.round(wallMs),
      events_per_s: Math.round((m / wallMs) * 1000),
      vs_reference: `${Math.round(((m / wallMs) * 1000 * 100) / reference.per_s)} %`,
      messages,
      receiver: counts,
    },
  };
}

if (process.argv.includes("--stub")) await runStubChild();
else if (process.argv.includes("--receiver")) await runReceiverChild();
else await main();
