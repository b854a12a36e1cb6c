// Single sends: one recipient per POST, 50 connections for 20 s (autocannon), through Herald and,
// side by side, through a bare node:http server doing one INSERT per request (the physical floor).
import { createServer } from "node:http";
import autocannon from "autocannon";
import postgres from "postgres";
import { auth, benchServer, freshDatabase, machine, saveResult } from "./lib";

const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);

function run(url: string, headers: Record<string, string>, body: (i: number) => string) {
  let i = 0;
  return autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, body: body(i++) }) }],
  });
}

function figures(label: string, r: autocannon.Result) {
  return {
    case: label,
    requests_per_s: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    max_ms: r.latency.max,
    non_2xx: r.non2xx,
    errors: r.errors,
  };
}

async function main() {
  const db = await freshDatabase();
  const server = await benchServer(db.url);
  const sql = postgres(db.url, { max: 20, onnotice: () => {} });
  const bare = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      const { user_id } = JSON.parse(raw) as { user_id: string };
      await sql`insert into notifications (tenant_id, user_id, seq, change_seq, title, content, type, status, sent_at)
        values (${tenantId}, ${user_id}, nextval('bench_seq'), 0, 'Hello', 'One recipient', 'info', 'sent', now())`;
      res.writeHead(200, { "content-type": "application/json" }).end('{"code":200}');
    });
  });
  let tenantId = "";
  try {
    [{ id: tenantId }] = (await sql`select id from tenants where slug = 'default'`) as unknown as [
      { id: string },
    ];
    const users = Array.from({ length: 1000 }, (_, i) => `single-${i}`);
    await sql`insert into users (tenant_id, external_id) select ${tenantId}, x from unnest(${users}::text[]) x`;
    const ids = (await sql`select id from users where tenant_id = ${tenantId}`).map((r) => r.id as string);
    await sql`create sequence bench_seq start 1000000`;
    await new Promise<void>((r) => bare.listen(0, "127.0.0.1", () => r()));
    const barePort = (bare.address() as { port: number }).port;

    // Rounds alternate Herald and the floor, so a drift of the machine moves both alike.
    const rows = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const herald = figures(
        "Herald POST /api/v1/notifications",
        await run(`${server.url}/api/v1/notifications`, auth, (i) =>
          JSON.stringify({
            user_ids: [users[i % users.length]],
            title: "Hello",
            content: "One recipient",
            type: "info",
          }),
        ),
      );
      const floor = figures(
        "bare node:http + one INSERT",
        await run(`http://127.0.0.1:${barePort}/`, { "content-type": "application/json" }, (i) =>
          JSON.stringify({ user_id: ids[i % ids.length] }),
        ),
      );
      rows.push({ round, ...herald }, { round, ...floor });
      console.log(
        `round ${round}: Herald ${herald.requests_per_s} req/s = ${Math.round((100 * herald.requests_per_s) / floor.requests_per_s)} % of the floor's ${floor.requests_per_s}; p99 ${herald.p99_ms} ms = ${(herald.p99_ms / floor.p99_ms).toFixed(1)} × the floor's ${floor.p99_ms} ms`,
      );
    }
    console.table(rows);
    saveResult("single-send", {
      machine: machine(),
      duration_s: DURATION,
      connections: CONNECTIONS,
      cases: rows,
    });
  } finally {
    bare.close();
    await sql.end();
    await server.stop();
    await db.drop();
  }
}

await main();
