// Template sends: one send rendering `{{ user.name }}` per recipient, through lib/ directly (one send
// to 100,000) and the REST API (10 POSTs of 10,000), each side by side with the plain fan-out of the
// same size in the same run. `TEMPLATE_BENCH_LIB_ONLY=1` skips the REST cases (no build needed).
import postgres from "postgres";
import { bootstrap } from "../lib/bootstrap";
import { openDatabase, setDatabase } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { parseEnv } from "../lib/env";
import { sendNotifications } from "../lib/notifications/send";
import { sendSchema } from "../lib/notifications/schema";
import { templateCreateSchema } from "../lib/templates/schema";
import { createTemplate } from "../lib/templates/store";
import { requireBuild } from "../tests/helpers/server";
import { auth, BENCH_KEY, benchServer, freshDatabase, machine, saveResult } from "./lib";

const REPEATS = 3;
const N = 100_000;
const withRest = process.env.TEMPLATE_BENCH_LIB_ONLY !== "1";

async function main() {
  if (withRest) requireBuild();
  const db = await freshDatabase();
  const database = openDatabase({ url: db.url, poolMax: 4 });
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  try {
    await migrate(database);
    setDatabase(database);
    const { tenant } = await bootstrap(
      database.db,
      parseEnv({ NODE_ENV: "test", HERALD_API_KEY: BENCH_KEY }),
    );
    const tenantId = tenant.id;
    const ids = Array.from({ length: N }, (_, i) => `bench-user-${i}`);
    // The audience exists already, with names (the common case: sending to known users).
    await sql`insert into users (tenant_id, external_id, name)
      select ${tenantId}, x, 'User ' || n from unnest(${ids}::text[]) with ordinality as t(x, n)`;
    await createTemplate(
      database.db,
      tenantId,
      templateCreateSchema.parse({
        code: "bench_digest",
        name: "Digest",
        title: "Hello {{ user.name }}",
        content: "Your weekly digest is ready: {{ count }} new items.",
      }),
      { type: "system", id: null },
    );
    const templateBody = { template_code: "bench_digest", params: { count: 12 } };
    const plainBody = { title: "Hello", content: "Your weekly digest is ready: 12 new items.", type: "info" };

    const rows: Record<string, unknown>[] = [];
    const measure = async (label: string, n: number, run: () => Promise<number>) => {
      const times: number[] = [];
      for (let i = 0; i < REPEATS; i++) times.push(await run());
      const best = Math.min(...times);
      const row = {
        case: label,
        recipients: n,
        best_ms: Math.round(best),
        recipients_per_s: Math.round((n / best) * 1000),
      };
      rows.push(row);
      console.log(row);
      return row.recipients_per_s;
    };

    const sender = { tenantId, apiKeyId: null };
    const direct = async (userIds: string[], body: object) => {
      // lib/ takes any number of recipients (the 10,000 cap is the REST API's).
      const input = { ...sendSchema.parse({ user_ids: ["x"], ...body }), user_ids: userIds };
      const started = performance.now();
      const data = await sendNotifications(database.db, sender, input);
      if (data.count !== userIds.length) throw new Error("count mismatch");
      return performance.now() - started;
    };
    // Warm-up: JIT, plans, connections, the compiled template.
    await direct(ids.slice(0, 1000), templateBody);
    await direct(ids.slice(0, 1000), plainBody);
    const [check] = await sql`select title from notifications where title = 'Hello User 1' limit 1`;
    if (!check) throw new Error("the template send did not render user.name");

    const libTemplate = await measure("lib: one template send ({{ user.name }}), 100,000", N, () =>
      direct(ids, templateBody),
    );
    const libPlain = await measure("lib: one plain send, 100,000", N, () => direct(ids, plainBody));
    const result: Record<string, unknown> = {
      machine: machine(),
      cases: rows,
      lib_template_vs_plain: Math.round((libTemplate / libPlain) * 100) + " %",
    };

    if (withRest) {
      const server = await benchServer(db.url, process.env.PORT ? { PORT: process.env.PORT } : {});
      try {
        const post = async (userIds: string[], body: object) => {
          const started = performance.now();
          const res = await fetch(`${server.url}/api/v1/notifications`, {
            method: "POST",
            headers: auth,
            body: JSON.stringify({ user_ids: userIds, ...body }),
          });
          if (res.status !== 200) throw new Error(`send failed: ${res.status} ${await res.text()}`);
          const out = (await res.json()) as { data: { count: number } };
          if (out.data.count !== userIds.length) throw new Error("count mismatch");
          return performance.now() - started;
        };
        const rest100k = async (body: object) => {
          let total = 0;
          for (let i = 0; i < 10; i++) total += await post(ids.slice(i * 10_000, (i + 1) * 10_000), body);
          return total;
        };
        await post(ids.slice(0, 1000), templateBody);
        await post(ids.slice(0, 1000), plainBody);
        const restTemplate = await measure("REST: 10 template POSTs of 10,000", N, () =>
          rest100k(templateBody),
        );
        const restPlain = await measure("REST: 10 plain POSTs of 10,000", N, () => rest100k(plainBody));
        result.rest_template_vs_plain = Math.round((restTemplate / restPlain) * 100) + " %";
      } finally {
        await server.stop();
      }
    }
    console.log(
      `\ntemplate vs plain: lib ${result.lib_template_vs_plain}` +
        (withRest ? `; REST ${result.rest_template_vs_plain}` : ""),
    );
    saveResult("template-send", result);
  } finally {
    setDatabase(undefined);
    await database.close();
    await sql.end();
    await db.drop();
  }
}

await main();
