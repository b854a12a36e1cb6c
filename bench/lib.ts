// Shared bench plumbing: the machine's description, a fresh database, the real server, percentiles.
import { execSync, spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { createEmptyPostgresDatabase } from "../tests/helpers/db";
import { requireBuild, startServer, type RunningServer } from "../tests/helpers/server";
import type { WorkerCommand, WorkerMessage } from "./realtime-clients";

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const BENCH_KEY = "hk_bench_key_0123456789abcdefghijklmnopqrstuv";

export function machine() {
  let pg = "unknown";
  try {
    pg = execSync(`psql "${ADMIN_URL}" -tAc "show server_version"`, { encoding: "utf8" }).trim();
  } catch {
    // psql missing: leave unknown
  }
  const cpu = os.cpus()[0];
  return {
    cpus: `${os.cpus().length} × ${cpu?.model ?? "?"}`,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: pg,
    os: `${os.type()} ${os.release()}`,
  };
}

export function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  return createEmptyPostgresDatabase(ADMIN_URL, "herald_bench");
}

/** The production server on `databaseUrl`, with a bench API key and no request budget in the way. */
export async function benchServer(
  databaseUrl: string,
  extra: Record<string, string> = {},
): Promise<RunningServer> {
  requireBuild();
  return startServer({
    DATABASE_URL: databaseUrl,
    HERALD_API_KEY: BENCH_KEY,
    RATE_LIMIT_API_PER_MIN: "1000000000",
    RATE_LIMIT_USER_PER_MIN: "1000000000",
    RATE_LIMIT_IP_PER_MIN: "1000000000",
    RATE_LIMIT_SOCKET_EVENTS_PER_MIN: "1000000000",
    DATABASE_POOL_MAX: process.env.BENCH_POOL_MAX ?? "20",
    LOG_LEVEL: "error",
    // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server under the bench's load
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
    ...extra,
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summary(samplesMs: number[]) {
  const s = [...samplesMs].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 100) / 100;
  return {
    n: s.length,
    p50: r(percentile(s, 50)),
    p99: r(percentile(s, 99)),
    max: r(s[s.length - 1] ?? NaN),
  };
}

export function saveResult(name: string, result: unknown): void {
  const dir = path.join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify({ machine: machine(), ...(result as object) }, null, 2));
  console.log(`\nsaved ${path.relative(process.cwd(), file)}`);
}

export const auth = { Authorization: `Bearer ${BENCH_KEY}`, "content-type": "application/json" };

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * GET over a kept-alive node:http connection: a lighter client than fetch, so the figures show the
 * server's latency rather than the client's.
 */
export function httpGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
  });
}

/** A child process holding Socket.IO clients (bench/realtime-clients.ts), driven by JSON lines. */
export class ClientProcess {
  readonly proc: ChildProcess;
  private waiting: { type: WorkerMessage["type"]; resolve: (m: WorkerMessage) => void }[] = [];
  private exited: Promise<void>;

  /** `cpus`: a `taskset -c` list to pin the process to (the load generator off the server's CPU). */
  constructor(cpus?: string) {
    const args = ["--import", "tsx", path.join(import.meta.dirname, "realtime-clients.ts")];
    this.proc = spawn(
      cpus ? "taskset" : process.execPath,
      cpus ? ["-c", cpus, process.execPath, ...args] : args,
      {
        cwd: path.resolve(import.meta.dirname, ".."),
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    this.exited = new Promise((r) => this.proc.once("exit", () => r()));
    readline.createInterface({ input: this.proc.stdout! }).on("line", (line) => {
      const m = JSON.parse(line) as WorkerMessage;
      const i = this.waiting.findIndex((w) => w.type === m.type);
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(m);
    });
  }

  ask<T extends WorkerMessage["type"]>(
    cmd: WorkerCommand,
    answer: T,
  ): Promise<Extract<WorkerMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      if (this.proc.exitCode !== null) return reject(new Error("client process exited"));
      this.waiting.push({ type: answer, resolve: resolve as (m: WorkerMessage) => void });
      this.proc.stdin!.write(JSON.stringify(cmd) + "\n");
    });
  }

  async close(): Promise<void> {
    if (this.proc.exitCode === null) this.proc.stdin!.write(JSON.stringify({ cmd: "close" }) + "\n");
    const killed = setTimeout(() => this.proc.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(killed);
  }
}
