// Single sends compared across checkouts in one run: `npx tsx bench/single-send-cpu.ts ../wt-old .`
// alternates the servers of the given worktrees (each built), and for each answers req/s and the
// server process's CPU time per request over a fixed number of requests — a figure other load on
// the machine moves far less than req/s. The bare node:http + one INSERT floor runs each round too.
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { auth, BENCH_KEY, freshDatabase, machine, saveResult } from "./lib";
import { freePort, TEST_SECRETS } from "../tests/helpers/server";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const AMOUNT = Number(process.env.BENCH_AMOUNT ?? 20_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
// BENCH_CALLGRIND=dir: the server runs under valgrind's callgrind (a web-role node, no worker), and
// the instructions it executes during the measured requests are counted: repeatable whatever else
// the machine does. Slow: use a few thousand requests.
const CALLGRIND = process.env.BENCH_CALLGRIND;
const roots = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["."]).map((r) => path.resolve(r));

/** utime + stime of a process, in ms (Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
}

function fire(url: string, headers: Record<string, string>, amount: number, body: (i: number) => string) {
  let i = 0;
  return autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    amount,
    headers,
    timeout: 120,
    requests: [{ setupRequest: (req) => ({ ...req, body: body(i++) }) }],
  });
}

async function startAt(root: string, databaseUrl: string) {
  const port = await freePort();
  const node = path.join(root, "node_modules/.bin/node");
  const args = ["--import", "tsx", "server/index.ts"];
  const out = `${CALLGRIND}/callgrind.${path.basename(root)}.${Date.now()}`;
  const [command, argv] = CALLGRIND
    ? [
        "valgrind",
        [
          "--tool=callgrind",
          "--instr-atstart=no",
          `--callgrind-out-file=${out}.%p`,
          node,
          ...args,
          "--role",
          "web",
        ],
      ]
    : [node, args];
  const proc = spawn(command, argv, {
    cwd: root,
    env: {
      PATH: `${path.join(root, "node_modules/.bin")}:${process.env.PATH}`,
      HOME: process.env.HOME,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      ...TEST_SECRETS,
      DATABASE_URL: databaseUrl,
      HERALD_API_KEY: BENCH_KEY,
      RATE_LIMIT_API_PER_MIN: "1000000000",
      RATE_LIMIT_USER_PER_MIN: "1000000000",
      RATE_LIMIT_IP_PER_MIN: "1000000000",
      RATE_LIMIT_SOCKET_EVENTS_PER_MIN: "1000000000",
      DATABASE_POOL_MAX: "20",
      LOG_LEVEL: "error",
      ...(process.env.BENCH_SERVER_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }
        : {}),
    },
  });
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 150_000; ;) {
    if (proc.exitCode !== null) throw new Error(`server at ${root} exited:\n${log}`);
    if (Date.now() > deadline) throw new Error(`server at ${root} did not answer /health:\n${log}`);
    const up = await fetch(`${url}/health`).then(
      (r) => r.status === 200 || r.status === 503,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  // vgdb finds the server's pipes by the HOST the server had (set above).
  const vgdbEnv = { env: { ...process.env, HOST: "127.0.0.1" } };
  return {
    url,
    pid: proc.pid!,
    /** Instructions counted by callgrind between `on` and `off` (callgrind runs only). */
    instructions: {
      on: () => execFileSync("callgrind_control", ["-i", "on", String(proc.pid)], vgdbEnv),
      off: (): number => {
        execFileSync("callgrind_control", ["-i", "off", String(proc.pid)], vgdbEnv);
        execFileSync("callgrind_control", ["-d", String(proc.pid)], vgdbEnv);
        const dumps = readdirSync(CALLGRIND!).filter((f) =>
          f.startsWith(path.basename(`${out}.${proc.pid}`)),
        );
        let total = 0;
        for (const f of dumps) {
          const m = /^totals: (\d+)/m.exec(readFileSync(path.join(CALLGRIND!, f), "utf8"));
          total += Number(m?.[1] ?? 0);
        }
        return total;
      },
    },
    stop: async () => {
      proc.kill("SIGTERM");
      await exited;
    },
  };
}

const perSecond = (r: autocannon.Result) =>
  Math.round(AMOUNT / ((r.finish.getTime() - r.start.getTime()) / 1000));

/** The same floor as bench/single-send.ts: a bare node:http server doing one INSERT per request. */
async function bareFloor(admin: postgres.Sql, tenantId: string): Promise<number> {
  const ids = (await admin`select id from users where tenant_id = ${tenantId}`).map((r) => r.id as string);
  await admin`create sequence bench_seq start 1000000`;
  const bare = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      const { user_id } = JSON.parse(raw) as { user_id: string };
      await admin`insert into notifications (tenant_id, user_id, seq, change_seq, title, content, type, status, sent_at)
        values (${tenantId}, ${user_id}, nextval('bench_seq'), 0, 'Hello', 'One recipient', 'info', 'sent', now())`;
      res.writeHead(200, { "content-type": "application/json" }).end('{"code":200}');
    });
  });
  await new Promise<void>((r) => bare.listen(0, "127.0.0.1", () => r()));
  try {
    const port = (bare.address() as { port: number }).port;
    const body = (i: number) => JSON.stringify({ user_id: ids[i % ids.length] });
    return perSecond(
      await fire(`http://127.0.0.1:${port}/`, { "content-type": "application/json" }, AMOUNT, body),
    );
  } finally {
    bare.close();
  }
}

async function measureHerald(root: string) {
  const db = await freshDatabase();
  const server = await startAt(root, db.url);
  const sql = postgres(db.url, { max: 20, onnotice: () => {} });
  try {
    const [{ id: tenantId }] = (await sql`select id from tenants where slug = 'default'`) as unknown as [
      { id: string },
    ];
    const users = Array.from({ length: 1000 }, (_, i) => `single-${i}`);
    await sql`insert into users (tenant_id, external_id) select ${tenantId}, x from unnest(${users}::text[]) x`;
    const send = (amount: number) =>
      fire(`${server.url}/api/v1/notifications`, auth, amount, (i) =>
        JSON.stringify({
          user_ids: [users[i % users.length]],
          title: "Hello",
          content: "One recipient",
          type: "info",
        }),
      );
    await send(WARMUP);
    const before = cpuMs(server.pid);
    if (CALLGRIND) server.instructions.on();
    const r = await send(AMOUNT);
    const instructions = CALLGRIND ? server.instructions.off() : 0;
    const cpu = cpuMs(server.pid) - before;
    return {
      ...(CALLGRIND ? { kinstr_per_request: Math.round(instructions / AMOUNT / 1000) } : {}),
      requests_per_s: perSecond(r),
      server_cpu_us_per_request: Math.round((cpu * 1000) / AMOUNT),
      non_2xx: r.non2xx,
      errors: r.errors,
      bare_per_s: await bareFloor(sql, tenantId),
    };
  } finally {
    await sql.end();
    await server.stop();
    await db.drop();
  }
}

async function main() {
  const rows = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order each round, so neither checkout always runs first.
    const order = round % 2 === 1 ? roots : [...roots].reverse();
    for (const root of order) {
      const row = { round, checkout: path.basename(root), ...(await measureHerald(root)) };
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  }
  console.table(rows);
  saveResult("single-send-cpu", { machine: machine(), amount: AMOUNT, connections: CONNECTIONS, rows });
}

await main();
