// Announcements reaching live Socket.IO clients through the real gateway and the domain's bus.
import { createServer, type Server as HttpServer } from "node:http";
import type { PgBoss } from "pg-boss";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markAnnouncement } from "@/lib/notifications/announcements";
import {
  archiveAnnouncement,
  createAnnouncement,
  publishAnnouncement,
  updateAnnouncement,
} from "@/lib/announcements/lifecycle";
import type { AnnouncementCreate } from "@/lib/announcements/schema";
import type { Actor } from "@/lib/audit";
import { issueSubscriberToken } from "@/lib/auth/subscriber-token";
import { bootstrap } from "@/lib/bootstrap";
import { parseEnv } from "@/lib/env";
import { setQueue, startQueue } from "@/lib/queue/boss";
import type { Tenant } from "@/lib/tenants/tenants";
import { upsertUser } from "@/lib/users/store";
import { attachRealtime, type Realtime } from "@/server/realtime";
import { QUEUES, startWorkers } from "@/server/worker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const SYSTEM: Actor = { type: "system", id: null };
type Received = { event: string; data: { id?: string; title?: string; count?: number } };

describe("announcements, live", () => {
  let t: TestDatabase;
  let http: HttpServer;
  let realtime: Realtime;
  let boss: PgBoss;
  let url: string;
  let tenant: Tenant;
  const sockets: Socket[] = [];
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestDatabase();
    tenant = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test" }))).tenant;
    for (const [name, role] of [
      ["ann", "user"],
      ["ben", "user"],
      ["boss", "admin"],
    ] as const) {
      const u = await upsertUser(t.database.db, tenant.id, { externalId: name, role });
      ids.set(name, u.id);
    }
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    await startWorkers(boss);
    http = createServer();
    realtime = await attachRealtime(http, { allowedOrigins: [], maxConnectionsPerUser: 3 });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await realtime.close();
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });

  /** A connected socket for the user, recording every announcement and count event. */
  async function client(user: string) {
    const { token } = await issueSubscriberToken(t.database.db, tenant.id, user);
    const s = connect(url, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      auth: { token },
    });
    sockets.push(s);
    const got: Received[] = [];
    for (const event of ["announcement:new", "announcement:updated", "announcement:removed", "unread:count"])
      s.on(event, (data) => got.push({ event, data }));
    await new Promise<void>((resolve, reject) => {
      s.once("connect", () => resolve());
      s.once("connect_error", reject);
    });
    return { socket: s, got, of: (event: string) => got.filter((g) => g.event === event) };
  }
  type Client = Awaited<ReturnType<typeof client>>;
  const until = async (check: () => boolean, ms = 8000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const quiet = (ms = 300) => new Promise((r) => setTimeout(r, ms));
  const make = (over: Partial<AnnouncementCreate> = {}) =>
    createAnnouncement(
      t.database.db,
      tenant.id,
      {
        title: "Notice",
        content: "Body",
        type: "notice",
        severity: "info",
        audience: { all: true },
        pinned: false,
        channels: [],
        ...over,
      },
      SYSTEM,
    );
  const lastCount = (c: Client) => c.of("unread:count").at(-1)?.data.count;

  it("broadcasts a publish once to every user's sockets, with the unread count that includes it", async () => {
    const ann = await client("ann");
    const ann2 = await client("ann");
    const ben = await client("ben");
    const a = await make({ title: "For everyone" });
    await publishAnnouncement(t.database.db, tenant.id, a.id, SYSTEM);
    await until(() =>
      [ann, ann2, ben].every((c) => c.of("announcement:new").length === 1 && lastCount(c) !== undefined),
    );
    await quiet();
    for (const c of [ann, ann2, ben]) {
      expect(c.of("announcement:new")).toEqual([
        {
          event: "announcement:new",
          data: expect.objectContaining({ id: a.id, title: "For everyone", is_read: false }),
        },
      ]);
      expect(lastCount(c)).toBe(1);
    }

    // Reading on one device updates the badge on the other; dismiss removes it there.
    await markAnnouncement(t.database.db, { tenantId: tenant.id, userId: ids.get("ann")! }, a.id, "read");
    await until(() => lastCount(ann2) === 0);
    await markAnnouncement(t.database.db, { tenantId: tenant.id, userId: ids.get("ann")! }, a.id, "dismiss");
    await until(() => ann2.of("announcement:removed").length === 1);
    expect(ben.of("announcement:removed")).toEqual([]);
    expect(lastCount(ben)).toBe(1);

    await archiveAnnouncement(t.database.db, tenant.id, a.id, SYSTEM);
    await until(() => ben.of("announcement:removed").length === 1 && lastCount(ben) === 0);
    for (const c of [ann, ann2, ben]) c.socket.disconnect();
  });

  it("a targeted announcement reaches only its audience's sockets", async () => {
    const ann = await client("ann");
    const ben = await client("ben");
    const boss_ = await client("boss");
    const forAnn = await make({ title: "Ann only", audience: { user_ids: ["ann"] } });
    const forAdmins = await make({ title: "Admins only", audience: { roles: ["admin"] } });
    await publishAnnouncement(t.database.db, tenant.id, forAnn.id, SYSTEM);
    await publishAnnouncement(t.database.db, tenant.id, forAdmins.id, SYSTEM);
    await until(() => ann.of("announcement:new").length === 1 && boss_.of("announcement:new").length === 1);
    await quiet();
    expect(ann.of("announcement:new").map((g) => g.data.id)).toEqual([forAnn.id]);
    expect(boss_.of("announcement:new").map((g) => g.data.id)).toEqual([forAdmins.id]);
    expect(ben.got).toEqual([]);

    // Widening the audience: ben learns of it (as an update); narrowing it: ann is told it left.
    await updateAnnouncement(
      t.database.db,
      tenant.id,
      forAnn.id,
      { audience: { user_ids: ["ben"] } },
      SYSTEM,
    );
    await until(
      () => ben.of("announcement:updated").length === 1 && ann.of("announcement:removed").length === 1,
    );
    expect(ann.of("announcement:removed")[0]!.data).toEqual({ id: forAnn.id });
    expect(boss_.of("announcement:updated")).toEqual([]);
    await archiveAnnouncement(t.database.db, tenant.id, forAnn.id, SYSTEM);
    await archiveAnnouncement(t.database.db, tenant.id, forAdmins.id, SYSTEM);
    for (const c of [ann, ben, boss_]) c.socket.disconnect();
  });

  it("a scheduled announcement goes live at its publish_at, and expiry removes it live", async () => {
    const ben = await client("ben");
    const a = await make({
      title: "Scheduled",
      publish_at: new Date(Date.now() + 1500).toISOString(),
      expires_at: new Date(Date.now() + 3500).toISOString(),
    });
    const scheduled = await publishAnnouncement(t.database.db, tenant.id, a.id, SYSTEM);
    expect(scheduled.status).toBe("scheduled");
    await quiet(500);
    expect(ben.of("announcement:new")).toEqual([]);
    await until(() => ben.of("announcement:new").length === 1, 10_000);
    await until(() => ben.of("announcement:removed").some((g) => g.data.id === a.id), 10_000);
    await until(() => lastCount(ben) === 0);
    ben.socket.disconnect();
  });
});
