// The database going away under a running API (its connections reset, new ones refused): requests
// answer 503 with Retry-After instead of 500, /health says 503, and once the database is back the
// same process serves again without a restart; a client retrying with its idempotency key gets the
// original answer. PostgreSQL only: PGlite runs inside the process and cannot be cut off.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { openDatabase, setDatabase, type Database } from "@/lib/db/client";
import { parseEnv } from "@/lib/env";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, onPostgres, type TestDatabase } from "../helpers/db";
import { startTcpProxy, type TcpProxy } from "../stubs/tcp-proxy";

const KEY = "hk_super_key_for_outage_tests_0123456789ab";

describe.skipIf(!onPostgres)("the database going away", () => {
  let t: TestDatabase;
  let proxy: TcpProxy;
  let viaProxy: Database;

  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    const url = new URL(t.url!);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    viaProxy = openDatabase({ url: url.toString(), poolMax: 3 });
    setDatabase(viaProxy); // the API app now reaches the database only through the proxy
  });
  afterAll(async () => {
    await proxy.close();
    await viaProxy.close();
    setDatabase(t.database);
    await t.drop();
  });

  const send = (key: string) =>
    api("POST", "/api/v1/notifications", {
      headers: { ...bearer(KEY), "Idempotency-Key": key },
      body: { user_ids: ["outage-ann"], title: "Hello", content: "Still here", type: "info" },
    });

  it("answers 503 with Retry-After while it is away, and serves again when it is back", async () => {
    const before = await send("outage-1");
    expect(before.status).toBe(200);

    await proxy.cut();
    const during = await send("outage-2");
    expect(during.status).toBe(503);
    expect(during.json).toMatchObject({ code: 503, error_code: "unavailable" });
    expect(during.json.message).toMatch(/database/i);
    expect(during.headers.get("retry-after")).toBe("5");
    const list = await api("GET", "/api/v1/notifications?user_id=outage-ann", { headers: bearer(KEY) });
    expect(list.status).toBe(503);
    const health = await api("GET", "/health");
    expect(health.status).toBe(503);
    expect(health.headers.get("retry-after")).toBe("5");
    expect(health.json).toMatchObject({ status: "unhealthy", failing: "database" });

    await proxy.restore();
    // The pool opens new connections on the next query: no restart, no reconfiguration.
    let again = await send("outage-1");
    for (let i = 0; again.status === 503 && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await send("outage-1");
    }
    expect(again.status).toBe(200);
    // The retry under the same key answers what the first request got: nothing sent twice.
    expect(again.json.data).toEqual(before.json.data);
    expect((await api("GET", "/health")).status).toBe(200);
  });
});
