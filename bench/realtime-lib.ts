// The machinery the live-delivery benches (bench/realtime.ts, bench/realtime-capacity.ts) and the
// soak fault case (faults/f8-soak.test.ts) share: /proc sampling of the server, PostgreSQL and the
// machine; the open-loop sender; client processes connected in batches; receipts per send; the
// bare Socket.IO reference server; subscriber tokens for n users.
import { execFileSync, execSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import postgres from "postgres";
import { mintSubscriberToken } from "../lib/auth/subscriber-token";
import type { RunningServer } from "../tests/helpers/server";
import { auth, benchServer, ClientProcess, freshDatabase } from "./lib";
import type { ClientSpec, WorkerMessage } from "./realtime-clients";

const SENDER_CONNECTIONS = Number(process.env.BENCH_SENDER_CONNECTIONS ?? 64);
/** How long to wait for answers once every send has been made. */
const ANSWER_MS = 20_000;
const ROOT = path.resolve(import.meta.dirname, "..");

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
export const CPUS = os.cpus().length;
const t0 = performance.now();
export const log = (msg: string) =>
  console.log(`[${String(Math.round((performance.now() - t0) / 1000)).padStart(3)} s] ${msg}`);

// ---------------------------------------------------------------------------------------------
// /proc: RSS and CPU of the server, the clients, PostgreSQL and the machine, sampled every second.

export const CLK_TCK = (() => {
  try {
    return Number(execSync("getconf CLK_TCK", { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]); // utime + stime (fields 14 and 15)
  } catch {
    return null;
  }
}

export function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function openFilesLimit(pid: number | "self"): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync(`/proc/${pid}/limits`, "utf8"));
    return m ? (m[1] === "unlimited" ? Infinity : Number(m[1])) : null;
  } catch {
    return null;
  }
}

/** Descriptors a server needs besides its sockets: database pools, the sender's connections, files. */
const FD_RESERVE = 300;

/**
 * One descriptor per socket: a server process holds at most its open-files limit less what it
 * needs besides (database connections, the sender's connections, files).
 */
export function socketsThatFit(requested: number, fdLimit: number | null): number {
  return Math.min(requested, fdLimit === null ? requested : fdLimit - FD_RESERVE);
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** The Node process that runs the server: the largest process in the tree started by `tsx`. */
export function serverPid(root: number): number {
  const all = [root];
  for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]!));
  return all.reduce((best, pid) =>
    (statusKb(pid, "VmRSS") ?? 0) > (statusKb(best, "VmRSS") ?? 0) ? pid : best,
  );
}

/**
 * PostgreSQL's processes that work for this bench: the backends of `database` and the shared ones
 * (WAL writer, checkpointer…), not the backends of other databases on the same server.
 */
export function postgresPids(database: string | undefined): number[] {
  const pids: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, "utf8").trim() !== "postgres") continue;
      const title = readFileSync(`/proc/${d}/cmdline`, "utf8").replace(/\0/g, " ");
      const backend = /: \S+ (\S+) [\d.:[\]a-f]+\(\d+\)/.exec(title);
      if (!backend || backend[1] === database) pids.push(Number(d));
    } catch {
      // gone
    }
  }
  return pids;
}

export function machineTicks(): { busy: number; total: number } {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

/** Cumulative CPU ticks of a changing set of processes (each counted from its first sighting). */
export class CpuCounter {
  private prev = new Map<number, number>();
  total = 0;
  update(pids: number[]): number {
    const next = new Map<number, number>();
    for (const pid of pids) {
      const t = cpuTicks(pid);
      if (t === null) continue;
      const p = this.prev.get(pid);
      if (p !== undefined) this.total += t - p;
      next.set(pid, t);
    }
    this.prev = next;
    return this.total;
  }
}

export type Sample = {
  t: number;
  serverRssKb: number;
  server: number;
  clients: number;
  postgres: number;
  /** This process (the sender), in ticks. */
  sender: number;
  machineBusy: number;
  machineTotal: number;
};

export class Sampler {
  readonly samples: Sample[] = [];
  clientPids: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private server = new CpuCounter();
  private clients = new CpuCounter();
  private pg = new CpuCounter();

  constructor(
    readonly pid: number,
    readonly database?: string,
  ) {}

  sample(): Sample {
    const m = machineTicks();
    const self = process.cpuUsage();
    const s: Sample = {
      t: now(),
      serverRssKb: statusKb(this.pid, "VmRSS") ?? 0,
      server: this.server.update([this.pid]),
      clients: this.clients.update(this.clientPids),
      postgres: this.pg.update(postgresPids(this.database)),
      sender: ((self.user + self.system) / 1e6) * CLK_TCK,
      machineBusy: m.busy,
      machineTotal: m.total,
    };
    this.samples.push(s);
    return s;
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  /** Average CPU (% of one core) of each part between two samples, and the largest RSS seen. */
  window(a: Sample, b: Sample) {
    const secs = (b.t - a.t) / 1000;
    const pct = (k: "server" | "clients" | "postgres" | "sender") =>
      round(((b[k] - a[k]) / CLK_TCK / secs) * 100);
    const inside = this.samples.filter((s) => s.t >= a.t && s.t <= b.t);
    const busy = (b.machineBusy - a.machineBusy) / (b.machineTotal - a.machineTotal);
    const parts = {
      server_cpu_pct: pct("server"),
      clients_cpu_pct: pct("clients"),
      postgres_cpu_pct: pct("postgres"),
      sender_cpu_pct: pct("sender"),
    };
    const accounted = Object.values(parts).reduce((x, y) => x + y, 0);
    return {
      ...parts,
      /** Everything else on the machine (the kernel's share of networking, other work), % of one core. */
      other_cpu_pct: round(Math.max(0, busy * CPUS * 100 - accounted)),
      /** % of all cores. */
      machine_busy_pct: round(busy * 100),
      server_rss_max_mb: round(Math.max(...inside.map((s) => s.serverRssKb)) / 1024),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The sender: open-loop POSTs at a fixed rate over kept-alive node:http connections.

export type SendResult = {
  /** Sends that fell due (the offered load). */
  attempted: number;
  /** Sends that got a connection and went out (the rest waited for one until the deadline). */
  onWire: number;
  accepted: Set<number>;
  statuses: Record<string, number>;
  restMs: number[];
  startedAt: number;
  lastAnswerAt: number;
};

export async function sendLoad(opts: {
  url: URL;
  headers: Record<string, string>;
  users: number[];
  firstSeq: number;
  count: number;
  rate: number;
  /** The external id of user `to` (default `rt-${to}`, the benches' users). */
  userId?: (to: number) => string;
  /** Kept-alive connections to the server (default BENCH_SENDER_CONNECTIONS, 64). */
  connections?: number;
}): Promise<SendResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections ?? SENDER_CONNECTIONS });
  const userId = opts.userId ?? ((to: number) => `rt-${to}`);
  const r: SendResult = {
    attempted: 0,
    onWire: 0,
    accepted: new Set(),
    statuses: {},
    restMs: [],
    startedAt: now(),
    lastAnswerAt: 0,
  };
  const url = opts.url;
  const pending = new Map<number, http.ClientRequest>();
  let allAnswered: () => void = () => {};
  let abandoned = false;
  const fire = (seq: number) => {
    const to = opts.users[Math.floor(Math.random() * opts.users.length)]!;
    const started = now();
    const body = JSON.stringify({
      user_ids: [userId(to)],
      title: `Live ${seq}`,
      content: "Live delivery benchmark",
      type: "info",
      metadata: { bench_seq: seq, sent_at_ms: started, to },
    });
    const answered = (status: number) => {
      if (abandoned || !pending.delete(seq)) return;
      const t = now();
      r.lastAnswerAt = t;
      r.statuses[status] = (r.statuses[status] ?? 0) + 1;
      if (status === 200) {
        r.accepted.add(seq);
        r.restMs.push(t - started);
      }
      if (pending.size === 0 && r.attempted >= opts.count) allAnswered();
    };
    const request = (retry: boolean) => {
      const req = http.request(
        {
          agent,
          method: "POST",
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: { ...opts.headers, "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on("end", () => answered(res.statusCode ?? 0));
        },
      );
      if (!retry) req.once("socket", () => (r.onWire += 1));
      req.on("error", (err: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed as idle just as it was reused: the request
        // never reached the server; send it again once (as Node's documentation advises).
        if (!retry && req.reusedSocket && err.code === "ECONNRESET" && !abandoned) {
          r.statuses.retried = (r.statuses.retried ?? 0) + 1;
          request(true);
        } else answered(-1);
      });
      pending.set(seq, req);
      req.end(body);
    };
    request(false);
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(opts.count, Math.floor(((now() - r.startedAt) / 1000) * opts.rate));
      while (r.attempted < due) fire(opts.firstSeq + r.attempted++);
      if (r.attempted >= opts.count) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  // Every send is due: wait for the answers, ANSWER_MS at most, then abandon the rest.
  if (pending.size > 0) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => (allAnswered = resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ANSWER_MS))),
    ]);
    clearTimeout(timer);
  }
  abandoned = true;
  r.statuses.unanswered = pending.size;
  for (const req of pending.values()) req.destroy();
  agent.destroy();
  return r;
}

// ---------------------------------------------------------------------------------------------
// The targets: Herald and the bare Socket.IO server (bench/realtime-bare.ts) in its own process.

export type Target = {
  name: "Herald" | "bare Socket.IO";
  pid: number;
  /** The database whose PostgreSQL backends count as this target's. */
  database?: string;
  url: string;
  sendUrl: URL;
  headers: Record<string, string>;
  auth: (i: number) => Record<string, string>;
};

// The bare Socket.IO server (bench/realtime-bare.ts) in its own process.

const APP_SECRET = "bench-app-secret-0123456789abcdef0123456789abcdef";
/** The server runs in a clean environment: pass it the secret and a non-default build directory. */
const SERVER_ENV: Record<string, string> = {
  APP_SECRET,
  ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
};

export type Herald = { server: RunningServer; target: Target; close(): Promise<void> };

/**
 * Herald on a fresh database (the notifications table starts empty, the memory figures are this
 * run's own) with `n` users made in one insert and their subscriber tokens minted here.
 */
export async function startHerald(n: number): Promise<Herald> {
  process.env.APP_SECRET = APP_SECRET; // mintSubscriberToken signs with it, as the server does
  const db = await freshDatabase();
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  let server: RunningServer | undefined;
  const close = async () => {
    await server?.stop();
    await sql.end();
    await db.drop();
  };
  try {
    server = await benchServer(db.url, SERVER_ENV);
    const pid = serverPid(server.proc.pid!);
    unpin(pid);
    const tokens = await createSocketUsers(sql, n);
    const url = server.url;
    const target: Target = {
      name: "Herald",
      pid,
      database: new URL(db.url).pathname.slice(1),
      url,
      sendUrl: new URL(`${url}/api/v1/notifications`),
      headers: auth,
      auth: (i) => ({ token: tokens[i]! }),
    };
    return { server, target, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export async function startBare(): Promise<{ proc: ChildProcess; url: string; target: Target }> {
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "realtime-bare.ts")],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  unpin(proc.pid!);
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).once("line", resolve);
    proc.once("exit", (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
  const target: Target = {
    name: "bare Socket.IO",
    pid: proc.pid!,
    url,
    sendUrl: new URL(`${url}/emit`),
    headers: { "content-type": "application/json" },
    auth: (i) => ({ user: `rt-${i}` }),
  };
  return { proc, url, target };
}

export async function stopBare(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  await exited;
}

// ---------------------------------------------------------------------------------------------
// Client processes, tokens, receipts.

/**
 * CPU pinning of the load generator: with BENCH_TASKSET (a `taskset -c` list, e.g. "1") the client
 * processes and this process (the sender) run on those CPUs, and the servers are given every CPU
 * explicitly (they would otherwise inherit this process's pinning).
 */
export const TASKSET = process.env.BENCH_TASKSET?.trim() || undefined;

export function pin(pid: number, cpus: string): void {
  // -a: every thread of the process (libuv's pool, V8's GC helpers), not only the main one.
  execFileSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "ignore" });
}

/** Pins this process when BENCH_TASKSET is set; returns how the run was pinned, for the output. */
export function pinLoadGenerator(): string {
  if (!TASKSET) return `not pinned (set BENCH_TASKSET, e.g. "1", to pin the clients and the sender)`;
  pin(process.pid, TASKSET);
  return `clients and sender pinned to CPU ${TASKSET} (taskset -c ${TASKSET}); servers on CPUs 0-${CPUS - 1}`;
}

/** A server process given every CPU, whatever this process is pinned to. */
export function unpin(pid: number): void {
  if (TASKSET) pin(pid, `0-${CPUS - 1}`);
}

/** Subscriber tokens for `ids`, minted here as the server would (APP_SECRET must be the server's). */
export async function mintTokens(
  tenant: { id: string; tokenSecret: string },
  ids: string[],
): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const minted = await Promise.all(ids.slice(i, i + 1000).map((id) => mintSubscriberToken(tenant, id)));
    tokens.push(...minted.map((m) => m.token));
  }
  return tokens;
}

/** `n` users `${prefix}${i}` in the default tenant, and a subscriber token for each. */
export async function createSocketUsers(sql: postgres.Sql, n: number, prefix = "rt-"): Promise<string[]> {
  const [tenant] = (await sql`select id, token_secret from tenants where slug = 'default'`) as unknown as [
    { id: string; token_secret: string },
  ];
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  await sql`insert into users (tenant_id, external_id) select ${tenant.id}, x from unnest(${ids}::text[]) x`;
  return mintTokens({ id: tenant.id, tokenSecret: tenant.token_secret }, ids);
}

export type Connected = {
  procs: ClientProcess[];
  /** The indices of the clients that connected. */
  users: number[];
  errors: Record<string, number>;
  connectMs: number;
};

/**
 * `n` clients over ceil(n / perProcess) client processes, each its share in batches (`batch` in
 * flight over all processes). The processes stay open: close them with `closeClients`.
 */
export async function connectClients(opts: {
  n: number;
  url: string;
  auth: (i: number) => Record<string, string>;
  perProcess: number;
  batch: number;
}): Promise<Connected> {
  const procs = Array.from({ length: Math.ceil(opts.n / opts.perProcess) }, () => new ClientProcess(TASKSET));
  const started = performance.now();
  const batch = Math.max(1, Math.floor(opts.batch / procs.length));
  const connected = await Promise.all(
    procs.map((p, k) => {
      const clients: ClientSpec[] = [];
      for (let i = k; i < opts.n; i += procs.length) clients.push({ i, auth: opts.auth(i) });
      return p.ask({ cmd: "connect", url: opts.url, clients, batch }, "connected");
    }),
  );
  const errors: Record<string, number> = {};
  for (const c of connected) for (const [m, k] of Object.entries(c.errors)) errors[m] = (errors[m] ?? 0) + k;
  return { procs, users: connected.flatMap((c) => c.ok), errors, connectMs: performance.now() - started };
}

/**
 * A sampler on the target, its idle sample, then connectClients with the sampler watching the
 * client processes too, and a sample once connected. Logs how many connected and how fast, and
 * refuses to go on when none did.
 */
export async function connectTarget(
  n: number,
  target: Target,
  opts: { perProcess: number; batch: number },
): Promise<Connected & { sampler: Sampler; idle: Sample; afterConnect: Sample }> {
  const sampler = new Sampler(target.pid, target.database);
  sampler.start();
  await sleep(1000);
  const idle = sampler.sample();
  const connected = await connectClients({ n, url: target.url, auth: target.auth, ...opts });
  const { procs, users, errors, connectMs } = connected;
  sampler.clientPids = procs.map((p) => p.proc.pid!);
  log(
    `${target.name}: ${users.length}/${n} sockets in ${round(connectMs / 1000, 2)} s over ${procs.length} client process(es)` +
      (Object.keys(errors).length ? `; failures: ${JSON.stringify(errors)}` : ""),
  );
  if (users.length === 0) {
    await closeClients(procs);
    throw new Error(`no socket connected: ${JSON.stringify(errors)}`);
  }
  await sleep(2000);
  return { ...connected, sampler, idle, afterConnect: sampler.sample() };
}

export async function closeClients(procs: ClientProcess[]): Promise<void> {
  await Promise.all(procs.map((p) => p.close()));
}

/** Receipts so far of every client process, and how many disconnects they saw. */
export async function receivedCount(
  procs: ClientProcess[],
): Promise<{ received: number; disconnects: number }> {
  const counts = await Promise.all(procs.map((p) => p.ask({ cmd: "count" }, "count")));
  return {
    received: counts.reduce((a, c) => a + c.received, 0),
    disconnects: counts.reduce((a, c) => a + c.disconnects, 0),
  };
}

/**
 * Waits until the clients hold `expected` receipts of sends numbered in [seqFrom, seqTo), or
 * `timeoutMs`; counts by asking every process.
 */
export async function drainReceipts(
  procs: ClientProcess[],
  expected: number,
  seqRange: { seqFrom: number; seqTo: number },
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(procs.map((p) => p.ask({ cmd: "count", ...seqRange }, "count")));
    if (counts.reduce((a, c) => a + c.received, 0) >= expected || Date.now() > until) return;
    await sleep(200);
  }
}

export type Receipts = {
  /** First receipt latency of each send (ms from its due time). */
  firstLatency: Map<number, number>;
  /** First receipt minus the notification's created_at, per send. */
  fromCreated: Map<number, number>;
  /** Every receipt, duplicates included. */
  receipts: number;
  /** Receipts beyond the first of a send. */
  duplicates: number;
  /** Receipts on a socket that was not the send's recipient. */
  misrouted: number;
  disconnects: number;
  disconnectReasons: Record<string, number>;
};

/** The receipts of sends numbered in [seqFrom, seqTo) from every client process. */
export async function collectReceipts(
  procs: ClientProcess[],
  seqRange: { seqFrom: number; seqTo: number },
): Promise<Receipts> {
  const reports = await Promise.all(procs.map((p) => p.ask({ cmd: "report", ...seqRange }, "report")));
  return mergeReports(reports);
}

function mergeReports(reports: Extract<WorkerMessage, { type: "report" }>[]): Receipts {
  const r: Receipts = {
    firstLatency: new Map(),
    fromCreated: new Map(),
    receipts: 0,
    duplicates: 0,
    misrouted: 0,
    disconnects: 0,
    disconnectReasons: {},
  };
  for (const rep of reports) {
    r.misrouted += rep.misrouted;
    r.disconnects += rep.disconnects;
    for (const [k, v] of Object.entries(rep.disconnectReasons))
      r.disconnectReasons[k] = (r.disconnectReasons[k] ?? 0) + v;
    rep.seqs.forEach((seq, j) => {
      r.receipts += 1;
      const l = rep.latencies[j]!;
      const seen = r.firstLatency.get(seq);
      if (seen === undefined || l < seen) {
        r.firstLatency.set(seq, l);
        r.fromCreated.set(seq, rep.fromCreated[j]!);
      }
    });
  }
  r.duplicates = r.receipts - r.firstLatency.size;
  return r;
}
