// Live delivery (issue #5): N authenticated Socket.IO clients in separate processes, single-recipient
// sends through the REST API at a fixed rate to random connected users, and the time from the send
// request's start to the client's receipt. Side by side, the same load on a bare Socket.IO server
// (bench/realtime-bare.ts: a room per user, emit on an HTTP trigger, no auth, no database).
//
// BENCH_SOCKETS=1000,10000,20000  BENCH_RATE=1000 (sends/s)  BENCH_DURATION=30 (s)
// BENCH_SOCKETS_PER_PROCESS=5000  BENCH_CONNECT_BATCH=500  BENCH_SENDER_CONNECTIONS=64
//
// Every process runs on this machine and shares its clock: the sender puts `sent_at_ms` (wall clock,
// sub-millisecond) and a sequence number in the notification's metadata, the client subtracts it
// from its receipt time. The sender is open-loop: a send's clock starts when it is due, so time
// spent waiting for a free connection counts (no coordinated omission). Each size gets a fresh
// database and server (n users, one socket each, tokens minted here with the server's APP_SECRET).
// A server process holds one descriptor per socket: sizes over the open-files limit (less
// FD_RESERVE) are measured at the largest size that fits, and the output says so.
import { execSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import postgres from "postgres";
import { mintSubscriberToken } from "../lib/auth/subscriber-token";
import type { RunningServer } from "../tests/helpers/server";
import { auth, benchServer, ClientProcess, freshDatabase, machine, saveResult, summary } from "./lib";
import type { ClientSpec } from "./realtime-clients";

const SIZES = (process.env.BENCH_SOCKETS ?? "1000,10000,20000")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const DURATION = Number(process.env.BENCH_DURATION ?? 30);
const PER_PROCESS = Number(process.env.BENCH_SOCKETS_PER_PROCESS ?? 5000);
const CONNECT_BATCH = Number(process.env.BENCH_CONNECT_BATCH ?? 500);
const SENDER_CONNECTIONS = Number(process.env.BENCH_SENDER_CONNECTIONS ?? 64);
const WARMUP = { sends: 500, rate: 250 };
/** How long to wait for the last receipts once every send has been answered. */
const DRAIN_MS = 15_000;
/** How long to wait for answers once every send has been made. */
const ANSWER_MS = 20_000;
/** Descriptors a server needs besides its sockets: database pools, the sender's connections, files. */
const FD_RESERVE = 300;
const APP_SECRET = "bench-app-secret-0123456789abcdef0123456789abcdef";
const ROOT = path.resolve(import.meta.dirname, "..");
/** The server runs in a clean environment: pass it the secret and a non-default build directory. */
const SERVER_ENV: Record<string, string> = {
  APP_SECRET,
  ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
};

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
const CPUS = os.cpus().length;
const t0 = performance.now();
const log = (msg: string) =>
  console.log(`[${String(Math.round((performance.now() - t0) / 1000)).padStart(3)} s] ${msg}`);

// ---------------------------------------------------------------------------------------------
// /proc: RSS and CPU of the server, the clients, PostgreSQL and the machine, sampled every second.

const CLK_TCK = (() => {
  try {
    return Number(execSync("getconf CLK_TCK", { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]); // utime + stime (fields 14 and 15)
  } catch {
    return null;
  }
}

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function openFilesLimit(pid: number | "self"): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync(`/proc/${pid}/limits`, "utf8"));
    return m ? (m[1] === "unlimited" ? Infinity : Number(m[1])) : null;
  } catch {
    return null;
  }
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
function serverPid(root: number): number {
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
function postgresPids(database: string | undefined): number[] {
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

function machineTicks(): { busy: number; total: number } {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

/** Cumulative CPU ticks of a changing set of processes (each counted from its first sighting). */
class CpuCounter {
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

type Sample = {
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

class Sampler {
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

type SendResult = {
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

async function sendLoad(opts: {
  url: URL;
  headers: Record<string, string>;
  users: number[];
  firstSeq: number;
  count: number;
  rate: number;
}): Promise<SendResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SENDER_CONNECTIONS });
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
      user_ids: [`rt-${to}`],
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
// One size against one target.

type Target = {
  name: "Herald" | "bare Socket.IO";
  pid: number;
  /** The database whose PostgreSQL backends count as this target's. */
  database?: string;
  url: string;
  sendUrl: URL;
  headers: Record<string, string>;
  auth: (i: number) => Record<string, string>;
};

async function measure(n: number, target: Target) {
  const sampler = new Sampler(target.pid, target.database);
  sampler.start();
  await sleep(1000);
  const idle = sampler.sample();
  const procs = Array.from({ length: Math.ceil(n / PER_PROCESS) }, () => new ClientProcess());
  sampler.clientPids = procs.map((p) => p.proc.pid!);
  try {
    // Connect: each process its share, in batches (CONNECT_BATCH in flight over all processes).
    const connectStarted = performance.now();
    const batch = Math.max(1, Math.floor(CONNECT_BATCH / procs.length));
    const connected = await Promise.all(
      procs.map((p, k) => {
        const clients: ClientSpec[] = [];
        for (let i = k; i < n; i += procs.length) clients.push({ i, auth: target.auth(i) });
        return p.ask({ cmd: "connect", url: target.url, clients, batch }, "connected");
      }),
    );
    const connectMs = performance.now() - connectStarted;
    const users = connected.flatMap((c) => c.ok);
    const errors: Record<string, number> = {};
    for (const c of connected)
      for (const [m, k] of Object.entries(c.errors)) errors[m] = (errors[m] ?? 0) + k;
    log(
      `${target.name}: ${users.length}/${n} sockets in ${round(connectMs / 1000, 2)} s over ${procs.length} client process(es)` +
        (Object.keys(errors).length ? `; failures: ${JSON.stringify(errors)}` : ""),
    );
    await sleep(2000);
    const afterConnect = sampler.sample();
    if (users.length === 0) throw new Error(`no socket connected: ${JSON.stringify(errors)}`);

    // Warm-up (JIT, plans, connections), not counted.
    const warm = await sendLoad({
      url: target.sendUrl,
      headers: target.headers,
      users,
      firstSeq: -1_000_000,
      count: WARMUP.sends,
      rate: WARMUP.rate,
    });
    await sleep(1000);
    const base = (await Promise.all(procs.map((p) => p.ask({ cmd: "count" }, "count")))).reduce(
      (a, c) => a + c.received,
      0,
    );

    log(
      `${target.name}: warm-up done (${warm.accepted.size}/${WARMUP.sends}); sending ${RATE}/s for ${DURATION} s`,
    );
    const start = sampler.sample();
    const sent = await sendLoad({
      url: target.sendUrl,
      headers: target.headers,
      users,
      firstSeq: 0,
      count: Math.round(RATE * DURATION),
      rate: RATE,
    });
    const answered = sampler.sample();
    // Drain: wait until as many receipts as accepted sends, or DRAIN_MS.
    const drainUntil = Date.now() + DRAIN_MS;
    let disconnects = 0;
    for (;;) {
      const counts = await Promise.all(procs.map((p) => p.ask({ cmd: "count" }, "count")));
      const received = counts.reduce((a, c) => a + c.received, 0) - base;
      disconnects = counts.reduce((a, c) => a + c.disconnects, 0);
      if (received >= sent.accepted.size || Date.now() > drainUntil) break;
      await sleep(200);
    }
    const end = sampler.sample();
    const peakKb = statusKb(target.pid, "VmHWM"); // null: the server is gone
    log(`${target.name}: sends answered and receipts drained`);
    const reports = await Promise.all(procs.map((p) => p.ask({ cmd: "report" }, "report")));

    // First receipt of each measured send.
    const firstLatency = new Map<number, number>();
    const fromCreated = new Map<number, number>();
    let receipts = 0;
    let misrouted = 0;
    const disconnectReasons: Record<string, number> = {};
    for (const rep of reports) {
      misrouted += rep.misrouted;
      for (const [k, v] of Object.entries(rep.disconnectReasons))
        disconnectReasons[k] = (disconnectReasons[k] ?? 0) + v;
      rep.seqs.forEach((seq, j) => {
        if (seq < 0) return;
        receipts += 1;
        const l = rep.latencies[j]!;
        const seen = firstLatency.get(seq);
        if (seen === undefined || l < seen) {
          firstLatency.set(seq, l);
          fromCreated.set(seq, rep.fromCreated[j]!);
        }
      });
    }
    const delivered = [...sent.accepted].filter((s) => firstLatency.has(s)).length;
    const latency = summary([...firstLatency.values()]);
    const created = summary([...fromCreated.values()].filter((v) => Number.isFinite(v)));
    const rest = summary(sent.restMs);
    const sendSecs = (sent.lastAnswerAt - sent.startedAt) / 1000;
    const load = sampler.window(start, answered);
    return {
      target: target.name,
      sockets: n,
      connected: users.length,
      connect_s: round(connectMs / 1000, 2),
      connect_failures: errors,
      client_processes: procs.length,
      warmup_accepted: warm.accepted.size,
      attempted: sent.attempted,
      on_wire: sent.onWire,
      accepted: sent.accepted.size,
      statuses: sent.statuses,
      accepted_per_s: round(sent.accepted.size / sendSecs, 0),
      expected: sent.accepted.size,
      delivered,
      duplicates: receipts - firstLatency.size,
      delivered_not_accepted: firstLatency.size - delivered,
      misrouted,
      disconnects,
      disconnect_reasons: disconnectReasons,
      latency_ms: latency,
      /** From the notification's created_at (Herald: the insert's transaction time) to receipt. */
      created_to_receipt_ms: created,
      rest_ms: rest,
      server_rss_idle_mb: round(idle.serverRssKb / 1024),
      server_rss_connected_mb: round(afterConnect.serverRssKb / 1024),
      server_rss_per_socket_kb: round((afterConnect.serverRssKb - idle.serverRssKb) / users.length, 1),
      server_rss_max_mb: Math.max(load.server_rss_max_mb, sampler.window(idle, end).server_rss_max_mb),
      server_rss_peak_mb: peakKb === null ? null : round(peakKb / 1024),
      server_exited: peakKb === null,
      load_during_sends: load,
      send_window_s: round(sendSecs, 1),
    };
  } finally {
    sampler.stop();
    await Promise.all(procs.map((p) => p.close()));
  }
}

async function startBare(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "realtime-bare.ts")],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).once("line", resolve);
    proc.once("exit", (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { proc, url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` };
}

async function stopBare(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  await exited;
}

// ---------------------------------------------------------------------------------------------

type Row = Awaited<ReturnType<typeof measure>>;

function tableRow(r: Row) {
  const l = r.load_during_sends;
  return {
    target: r.target,
    sockets: `${r.connected}/${r.sockets}`,
    "connect s": r.connect_s,
    "sends attempted/accepted": `${r.attempted}/${r.accepted}`,
    "accepted/s": r.accepted_per_s,
    "delivered/expected": `${r.delivered}/${r.expected}`,
    "p50 ms": r.latency_ms.p50,
    "p99 ms": r.latency_ms.p99,
    "max ms": r.latency_ms.max,
    "REST p99 ms": r.rest_ms.p99,
    "created→client p50/p99 ms": `${r.created_to_receipt_ms.p50}/${r.created_to_receipt_ms.p99}`,
    "RSS max MB": r.server_rss_max_mb,
    "server CPU %": l.server_cpu_pct,
    "machine busy %": l.machine_busy_pct,
    "other CPU %": l.other_cpu_pct,
  };
}

async function main() {
  const fdLimit = openFilesLimit("self");
  console.log(
    `sizes ${SIZES.join(", ")}; ${RATE} sends/s for ${DURATION} s; open-files limit ${fdLimit} ` +
      `(inherited by the server, the bare server and the client processes)`,
  );
  const before = machineTicks();
  await sleep(2000);
  const after = machineTicks();
  const busyBefore = round(((after.busy - before.busy) / (after.total - before.total)) * 100);
  log(`machine busy before the run: ${busyBefore} % of ${CPUS} cores`);
  if (busyBefore > 15) log("warning: something else is using the machine; the figures will show it");
  const rows: Row[] = [];
  const failures: { sockets: number; target: string; error: string }[] = [];
  const capped: { requested: number; measured: number }[] = [];
  process.env.APP_SECRET = APP_SECRET; // mintSubscriberToken signs with it, as the server does
  for (const requested of SIZES) {
    // One descriptor per socket: a server process holds at most its open-files limit less what it
    // needs besides (database connections, the sender's connections, files).
    const n = Math.min(requested, fdLimit === null ? requested : fdLimit - FD_RESERVE);
    log(`--- ${n} sockets ---`);
    if (n < requested) {
      log(
        `${requested} sockets do not fit in one process under the open-files limit of ${fdLimit} ` +
          `(hard limit, cannot be raised here); measuring ${n}`,
      );
      capped.push({ requested, measured: n });
    }

    // Herald: a fresh database and server per size (the notifications table starts empty, the
    // memory figures are this size's own), n users made with one insert, tokens minted here.
    const db = await freshDatabase();
    const sql = postgres(db.url, { max: 2, onnotice: () => {} });
    let server: RunningServer | undefined;
    try {
      server = await benchServer(db.url, SERVER_ENV);
      const [tenant] =
        (await sql`select id, token_secret from tenants where slug = 'default'`) as unknown as [
          { id: string; token_secret: string },
        ];
      const ids = Array.from({ length: n }, (_, i) => `rt-${i}`);
      await sql`insert into users (tenant_id, external_id) select ${tenant.id}, x from unnest(${ids}::text[]) x`;
      const tokens: string[] = [];
      for (let i = 0; i < n; i += 1000) {
        const minted = await Promise.all(
          ids
            .slice(i, i + 1000)
            .map((id) => mintSubscriberToken({ id: tenant.id, tokenSecret: tenant.token_secret }, id)),
        );
        tokens.push(...minted.map((m) => m.token));
      }
      log(`${n} users and subscriber tokens ready`);
      const url = server.url;
      rows.push(
        await measure(n, {
          name: "Herald",
          pid: serverPid(server.proc.pid!),
          database: new URL(db.url).pathname.slice(1),
          url,
          sendUrl: new URL(`${url}/api/v1/notifications`),
          headers: auth,
          auth: (i) => ({ token: tokens[i]! }),
        }),
      );
      if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
        const how = server.proc.exitCode ?? server.proc.signalCode;
        failures.push({ sockets: n, target: "Herald", error: `the server exited during the run (${how})` });
        log(`Herald: the server exited during the run (${how}); its last output:`);
        console.log(server.output().split("\n").slice(-30).join("\n"));
      }
    } catch (err) {
      failures.push({ sockets: n, target: "Herald", error: String((err as Error).message ?? err) });
      log(`Herald failed at ${n} sockets: ${(err as Error).message}`);
      if (server) console.log(server.output().split("\n").slice(-20).join("\n"));
    } finally {
      await server?.stop();
      await sql.end();
      await db.drop();
    }

    const bare = await startBare();
    try {
      rows.push(
        await measure(n, {
          name: "bare Socket.IO",
          pid: bare.proc.pid!,
          url: bare.url,
          sendUrl: new URL(`${bare.url}/emit`),
          headers: { "content-type": "application/json" },
          auth: (i) => ({ user: `rt-${i}` }),
        }),
      );
    } catch (err) {
      failures.push({ sockets: n, target: "bare Socket.IO", error: String((err as Error).message ?? err) });
      log(`bare server failed at ${n} sockets: ${(err as Error).message}`);
    } finally {
      await stopBare(bare.proc);
    }
    for (const r of rows.filter((r) => r.sockets === n)) {
      console.log(
        `  ${r.target}: ${JSON.stringify({
          statuses: r.statuses,
          rest_ms: r.rest_ms,
          duplicates: r.duplicates,
          delivered_not_accepted: r.delivered_not_accepted,
          misrouted: r.misrouted,
          disconnects: r.disconnects,
          rss_idle_connected_peak_mb: [r.server_rss_idle_mb, r.server_rss_connected_mb, r.server_rss_peak_mb],
          rss_per_socket_kb: r.server_rss_per_socket_kb,
          load: r.load_during_sends,
        })}`,
      );
    }
    console.table(rows.filter((r) => r.sockets === n).map(tableRow));
  }

  console.log(`\nAll sizes (${RATE} sends/s for ${DURATION} s):`);
  console.table(rows.map(tableRow));
  const herald = rows.filter((r) => r.target === "Herald");
  const at10k = herald.find((r) => r.sockets === 10_000);
  const cap20k = capped.find((c) => c.requested === 20_000);
  const at20k = herald.find((r) => r.sockets === (cap20k?.measured ?? 20_000));
  const mb = (r: Row) => `${r.server_rss_max_mb} MB at ${r.connected} sockets`;
  const targets = {
    "20,000 sockets in one process, RSS <= 1 GB": !at20k
      ? "not run"
      : cap20k
        ? `not measurable here (open-files limit ${fdLimit}): ${mb(at20k)}, projected to 20,000: ` +
          `${round(at20k.server_rss_idle_mb + ((at20k.server_rss_max_mb - at20k.server_rss_idle_mb) * 20_000) / at20k.connected, 0)} MB`
        : at20k.connected === 20_000 && at20k.server_rss_max_mb <= 1024
          ? `met: ${mb(at20k)}`
          : `not met: ${mb(at20k)}`,
    "p99 <= 20 ms at 10,000 sockets and 1,000 sends/s": !at10k
      ? "not run"
      : `${RATE >= 1000 && at10k.latency_ms.p99 <= 20 ? "met" : "not met"}: p99 ${at10k.latency_ms.p99} ms at ${RATE} sends/s offered, ${at10k.accepted_per_s}/s accepted`,
    "delivered = expected":
      herald.length === 0
        ? "not run"
        : `${herald.every((r) => r.expected > 0 && r.delivered === r.expected) ? "met" : "not met"}: ` +
          herald.map((r) => `${r.delivered}/${r.expected}`).join(", "),
  };
  console.log("Targets (issue #5), Herald:", targets);
  if (failures.length) console.log("Failures:", failures);
  saveResult("realtime", {
    machine: machine(),
    open_files_limit: fdLimit,
    capped,
    machine_busy_before_pct: busyBefore,
    rate_per_s: RATE,
    duration_s: DURATION,
    sockets_per_client_process: PER_PROCESS,
    sender_connections: SENDER_CONNECTIONS,
    rows,
    failures,
    targets,
  });
}

await main();
