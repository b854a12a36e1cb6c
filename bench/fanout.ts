// Fan-out: one send to many recipients (in-app), through the REST API and through lib/ directly,
// side by side with a raw INSERT … SELECT FROM unnest of identical rows (the physical floor).
import postgres from "postgres";
import { auth, benchServer, freshDatabase, machine, saveResult } from "./lib";

const REPEATS = 3;

async function main() {
  const db = await freshDatabase();
  const server = await benchServer(db.url);
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  try {
    const [{ id: tenantId }] = (await sql`select id from tenants where slug = 'default'`) as unknown as [
      { id: string },
    ];
    const ids = Array.from({ length: 100_000 }, (_, i) => `bench-user-${i}`);
    // The audience exists already (the common case: sending to known users).
    await sql`insert into users (tenant_id, external_id) select ${tenantId}, x from unnest(${ids}::text[]) x`;
    const post = async (userIds: string[]) => {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/v1/notifications`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          user_ids: userIds,
          title: "Fan-out",
          content: "Hello everyone",
          type: "info",
        }),
      });
      if (res.status !== 200) throw new Error(`send failed: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { data: { count: number } };
      if (body.data.count !== userIds.length) throw new Error("count mismatch");
      return performance.now() - started;
    };
    await post(ids.slice(0, 1000)); // warm-up: JIT, plans, connections

    let rawRun = 0;
    const raw = async (n: number) => {
      rawRun += 1;
      const userIds = (
        await sql`select id from users where tenant_id = ${tenantId} and external_id = any(${ids.slice(0, n)}::text[]) order by id`
      ).map((r) => r.id as string);
      const started = performance.now();
      await sql`
        insert into notifications (tenant_id, user_id, seq, change_seq, batch_id, title, content, type, priority, status,
          channels, metadata, sent_at)
        select ${tenantId}, u, ${-rawRun}, ${-rawRun}, gen_random_uuid(), 'Fan-out', 'Hello everyone', 'info', 'normal', 'sent',
          '{app}', '{}', now()
        from unnest(${userIds}::uuid[]) as u`;
      return performance.now() - started;
    };

    const rows: Record<string, unknown>[] = [];
    const measure = async (label: string, n: number, run: () => Promise<number>) => {
      const times: number[] = [];
      for (let i = 0; i < REPEATS; i++) times.push(await run());
      const best = Math.min(...times);
      const row = {
        case: label,
        recipients: n,
        best_ms: Math.round(best),
        rows_per_s: Math.round((n / best) * 1000),
      };
      rows.push(row);
      console.log(row);
      return row.rows_per_s;
    };

    const api10k = await measure("REST: one POST, 10,000 recipients", 10_000, () =>
      post(ids.slice(0, 10_000)),
    );
    const api100k = await measure(
      "REST: 10 POSTs of 10,000 (100,000; the API caps a request at 10,000)",
      100_000,
      async () => {
        let total = 0;
        for (let i = 0; i < 10; i++) total += await post(ids.slice(i * 10_000, (i + 1) * 10_000));
        return total;
      },
    );
    const raw10k = await measure("raw INSERT … SELECT FROM unnest, 10,000 rows", 10_000, () => raw(10_000));
    const raw100k = await measure("raw INSERT … SELECT FROM unnest, 100,000 rows", 100_000, () =>
      raw(100_000),
    );

    const result = {
      machine: machine(),
      cases: rows,
      ratio_10k: Math.round((api10k / raw10k) * 100) + " %",
      ratio_100k: Math.round((api100k / raw100k) * 100) + " %",
    };
    console.log(`\nREST vs raw: 10,000 → ${result.ratio_10k}; 100,000 → ${result.ratio_100k}`);
    saveResult("fanout", result);
  } finally {
    await sql.end();
    await server.stop();
    await db.drop();
  }
}

await main();
