// F5: a live client behind a proxy that drops its connection, twice, during 500 sends, and a server
// restart while the client is cut off. When it is back, the client's view (built only from what the
// realtime client delivered) equals the server's list, and no notification was announced twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRealtimeClient, type ClientEvent } from "../packages/js/src/index.ts";
import { createCrashRig, post, until, type CrashRig } from "../tests/helpers/crash";
import { freePort, type RunningServer } from "../tests/helpers/server";
import { startTcpProxy, type TcpProxy } from "../tests/stubs/tcp-proxy";
import { startCluster, type Cluster } from "./helpers/cluster";
import { figures, sleep } from "./helpers/report";

const KEY = "hk_super_key_for_fault_f5_0123456789abcdef";
const SENDS = 500;
const USER = "f5-1";

describe("F5: a live client through network cuts and a server restart", () => {
  let cluster: Cluster;
  let rig: CrashRig;
  let server: RunningServer;
  let proxy: TcpProxy;
  let port: number;

  beforeAll(async () => {
    cluster = await startCluster();
    rig = await createCrashRig({ key: KEY, recipients: 1, prefix: "f5", adminUrl: cluster.url });
    port = await freePort();
    server = await rig.start({ env: { PORT: String(port), RATE_LIMIT_USER_PER_MIN: "100000" } });
    proxy = await startTcpProxy({ host: "127.0.0.1", port });
  });
  afterAll(async () => {
    await proxy?.close();
    await rig?.close().catch(() => {});
    await cluster?.destroy();
  });

  const send = (n: number) =>
    post(server, KEY, "/api/v1/notifications", {
      user_ids: [USER],
      title: `n${n}`,
      content: "live",
      type: "info",
    });

  /** Every notification the server lists for the user, by id. */
  async function serverIds(): Promise<string[]> {
    const ids: string[] = [];
    let cursor = "";
    for (;;) {
      const res = await fetch(
        `${server.url}/api/v1/notifications?user_id=${USER}&page_size=100&cursor=${encodeURIComponent(cursor)}`,
        { headers: { Authorization: `Bearer ${KEY}` } },
      );
      const page = (
        (await res.json()) as { data: { notifications: { id: string }[]; next_cursor: string | null } }
      ).data;
      ids.push(...page.notifications.map((n) => n.id));
      if (!page.next_cursor) return ids;
      cursor = page.next_cursor;
    }
  }

  it("ends with the server's list, each notification announced once", async () => {
    const mint = async () =>
      (await post(server, KEY, `/api/v1/users/${USER}/token`, {})).json.data.token as string;
    const news: string[] = [];
    const view = new Map<string, number>();
    let drops = 0;
    const client = createRealtimeClient({
      url: `http://127.0.0.1:${proxy.port}`,
      token: mint,
      locks: null,
      storage: null,
      backoff: { initialMs: 200, maxMs: 1000 },
    });
    client.subscribe((e: ClientEvent) => {
      if (e.type === "notification:new") {
        news.push(e.notification.id);
        view.set(e.notification.id, e.notification.change_seq);
      } else if (e.type === "notification:updated") view.set(e.notification.id, e.notification.change_seq);
      else if (e.type === "notification:deleted") view.delete(e.id);
      else if (e.type === "status" && e.status === "disconnected") drops += 1;
    });
    try {
      await until(() => client.status === "connected", 30_000, "the first connection");
      for (let n = 1; n <= SENDS; n++) {
        expect((await send(n)).status).toBe(200);
        if (n === 150 || n === 350) {
          await proxy.cut(); // the network between them goes away…
          await sleep(500);
        }
        if (n === 160 || n === 360) await proxy.restore(); // …and comes back ten sends later
      }
      // The server restarts while the client is cut off: it is away for the restart and after it.
      await proxy.cut();
      await server.stop("SIGTERM");
      server = await rig.start({ env: { PORT: String(port), RATE_LIMIT_USER_PER_MIN: "100000" } });
      for (let n = SENDS + 1; n <= SENDS + 20; n++) expect((await send(n)).status).toBe(200);
      await proxy.restore();

      const expected = await serverIds();
      await until(() => view.size === expected.length, 60_000, "the client's view to catch up");
      expect([...view.keys()].sort()).toEqual([...expected].sort());
      expect(new Set(news).size).toBe(news.length); // nothing announced twice
      figures("F5", {
        sends: SENDS + 20,
        cuts: 3,
        server_restarts: 1,
        disconnects_seen: drops,
        client_view: view.size,
        server_list: expected.length,
        announced: news.length,
      });
    } finally {
      client.close();
    }
  });
});
