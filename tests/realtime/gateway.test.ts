import { createServer, type Server as HttpServer } from "node:http";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueSubscriberToken, mintSubscriberToken } from "@/lib/auth/subscriber-token";
import { bootstrap } from "@/lib/bootstrap";
import { parseEnv } from "@/lib/env";
import { changeNotifications } from "@/lib/notifications/inbox";
import { sendNotifications } from "@/lib/notifications/send";
import type { NotificationJson } from "@/lib/notifications/serialize";
import type { Ack, SyncPage } from "@/lib/realtime/protocol";
import { ensureTenant, type Tenant } from "@/lib/tenants/tenants";
import { ensureUsers } from "@/lib/users/store";
import { preferencesOwner, savePreferences } from "@/lib/preferences/store";
import { attachRealtime, type Realtime } from "@/server/realtime";
import { sessionCookie } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { connected, openSocket, until } from "../helpers/realtime";

const ORIGIN = "http://localhost:3000";

describe("Socket.IO gateway", () => {
  let testDb: TestDatabase;
  let http: HttpServer;
  let realtime: Realtime;
  let url: string;
  let tenant: Tenant;
  let other: Tenant;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    tenant = (await bootstrap(testDb.database.db, parseEnv({ NODE_ENV: "test", SEED_DEMO: "true" }))).tenant;
    other = await ensureTenant(testDb.database.db, "other", "Other");
    http = createServer();
    realtime = await attachRealtime(http, { allowedOrigins: [ORIGIN], maxConnectionsPerUser: 3 });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await realtime.close();
    await testDb.drop();
  });

  const tokenFor = async (externalId: string, inTenant = tenant) =>
    (await issueSubscriberToken(testDb.database.db, inTenant.id, externalId)).token;
  const open = (opts: Parameters<typeof openSocket>[1] = {}) => {
    const socket = openSocket(url, opts);
    sockets.push(socket);
    return socket;
  };
  const refused = (socket: Socket) =>
    new Promise<string>((resolve, reject) => {
      socket.once("connect", () => reject(new Error("connected")));
      socket.once("connect_error", (err) => resolve(err.message));
    });
  const send = (userIds: string[], title: string, inTenant = tenant) =>
    sendNotifications(
      testDb.database.db,
      { tenantId: inTenant.id, apiKeyId: null },
      {
        user_ids: userIds,
        title,
        content: "x",
        type: "info",
        priority: "normal",
        channels: ["app"],
        metadata: {},
      },
    );
  const collect = (socket: Socket) => {
    const got: NotificationJson[] = [];
    socket.on("notification:new", (notification: NotificationJson) => got.push(notification));
    return got;
  };
  const emitAck = <T>(socket: Socket, event: string, payload: unknown) =>
    new Promise<Ack<T>>((resolve) => socket.emit(event, payload, (res: Ack<T>) => resolve(res)));

  describe("handshake", () => {
    it("refuses no credentials, forged and expired tokens, a foreign Origin — and keeps serving", async () => {
      expect(await refused(open())).toBe("Unauthorized");
      const good = await tokenFor("alice");
      expect(await refused(open({ auth: { token: good.slice(0, -3) + "abc" } }))).toBe("Unauthorized");
      const expired = await mintSubscriberToken(tenant, "alice", -5);
      expect(await refused(open({ auth: { token: expired.token } }))).toBe("Unauthorized");
      expect(await refused(open({ auth: { token: "garbage" } }))).toBe("Unauthorized");
      const foreign = open({ auth: { token: good }, extraHeaders: { Origin: "https://evil.example" } });
      expect(await refused(foreign)).toBeTruthy();
      // The seed's ?user_id= is no credential.
      expect(await refused(open({ query: { user_id: "alice" } }))).toBe("Unauthorized");
      const ok = open({ auth: { token: good }, extraHeaders: { Origin: ORIGIN } });
      await connected(ok);
      ok.disconnect();
    });

    it("accepts the session cookie, and a deleted account no longer connects", async () => {
      const ids = await ensureUsers(testDb.database.db, tenant.id, ["bob"]);
      const cookie = await sessionCookie({ uid: ids.get("bob")!, tid: tenant.id, ext: "bob", role: "user" });
      const socket = open({ extraHeaders: cookie });
      await connected(socket);
      socket.disconnect();
      const forged = await sessionCookie(
        { uid: ids.get("bob")!, tid: tenant.id, ext: "bob", role: "user" },
        "x".repeat(40),
      );
      expect(await refused(open({ extraHeaders: forged }))).toBe("Unauthorized");
    });

    it("an oversized frame disconnects only that client", async () => {
      const oversized = open({ auth: { token: await tokenFor("alice") } });
      const bystander = open({ auth: { token: await tokenFor("alice") } });
      await Promise.all([connected(oversized), connected(bystander)]);
      const gone = new Promise<string>((resolve) =>
        oversized.once("disconnect", (reason) => resolve(reason)),
      );
      oversized.emit("sync", { after: 0, pad: "x".repeat(70 * 1024) });
      expect(await gone).toBeTruthy();
      const page = await emitAck<SyncPage>(bystander, "sync", { after: 0 });
      expect(page.ok).toBe(true);
      bystander.disconnect();
    });
  });

  describe("delivery", () => {
    it("delivers a send live with the REST shape, then the new unread count; A never sees B's", async () => {
      const carol = open({ auth: { token: await tokenFor("carol") } });
      const dave = open({ auth: { token: await tokenFor("dave") } });
      const carolOtherTenant = open({ auth: { token: await tokenFor("carol", other) } });
      await Promise.all([connected(carol), connected(dave), connected(carolOtherTenant)]);
      const carolGot = collect(carol);
      const daveGot = collect(dave);
      const otherGot = collect(carolOtherTenant);
      const counts: number[] = [];
      carol.on("unread:count", (payload: { count: number }) => counts.push(payload.count));
      await send(["carol"], "For Carol");
      await send(["dave"], "For Dave");
      await until(() => carolGot.length === 1 && daveGot.length === 1 && counts.length > 0);
      expect(carolGot[0]).toMatchObject({
        title: "For Carol",
        user_id: "carol",
        status: "sent",
        read_at: null,
      });
      expect(typeof carolGot[0]!.change_seq).toBe("number");
      expect(daveGot.map((notification) => notification.title)).toEqual(["For Dave"]);
      expect(counts.at(-1)).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(carolGot).toHaveLength(1);
      expect(otherGot).toHaveLength(0);
    });

    it("a change made elsewhere arrives as notification:updated; a bad sync is answered, not disconnected", async () => {
      const ids = await ensureUsers(testDb.database.db, tenant.id, ["erin"]);
      const erin = open({ auth: { token: await tokenFor("erin") } });
      await connected(erin);
      const got = collect(erin);
      const updates: NotificationJson[] = [];
      erin.on("notification:updated", (notification: NotificationJson) => updates.push(notification));
      await send(["erin"], "one");
      await until(() => got.length === 1);
      const owner = { tenantId: tenant.id, userId: ids.get("erin")! };
      await changeNotifications(testDb.database.db, owner, "read", [got[0]!.id]);
      await until(() => updates.some((update) => update.id === got[0]!.id && update.read_at !== null));
      const bad = await emitAck(erin, "sync", { after: -1 });
      expect(bad).toEqual({ ok: false, error: { code: 400, message: "Invalid sync request" } });
      expect(erin.connected).toBe(true);
    });

    it("the 4th connection of a user replaces the oldest", async () => {
      const token = await tokenFor("gina");
      const first = open({ auth: { token } });
      await connected(first);
      const replaced = new Promise<unknown>((resolve) => first.once("session:replaced", resolve));
      const gone = new Promise<void>((resolve) => first.once("disconnect", () => resolve()));
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await connected(open({ auth: { token } }));
      }
      expect(await replaced).toEqual({ reason: "connection_limit" });
      await gone;
    });
  });

  describe("gap-free resume", () => {
    it("a socket cut during a stream of 200 sends ends with all 200, once each, in order", async () => {
      const token = await tokenFor("hank");
      const ids = await ensureUsers(testDb.database.db, tenant.id, ["hank"]);
      const owner = { tenantId: tenant.id, userId: ids.get("hank")! };
      const held = new Map<string, NotificationJson>();
      let position = 0;
      // The resume position moves only with sync pages: live events may arrive out of commit order
      // (two sends to one user publish independently), so they update state, never the position.
      const apply = (notification: NotificationJson) => {
        const prev = held.get(notification.id);
        if (!prev || prev.change_seq < notification.change_seq) held.set(notification.id, notification);
      };
      const syncAll = async (socket: Socket) => {
        for (;;) {
          const res = await emitAck<SyncPage>(socket, "sync", { after: position, limit: 50 });
          if (!res.ok) throw new Error(res.error.message);
          for (const event of res.data.events) if (event.type === "upsert") apply(event.notification);
          position = res.data.last;
          if (!res.data.has_more) return;
        }
      };
      let liveCount = 0;
      const attach = (socket: Socket) =>
        socket.on("notification:new", (notification: NotificationJson) => {
          liveCount++;
          apply(notification);
        });

      let socket = open({ auth: { token } });
      attach(socket);
      await connected(socket);
      await syncAll(socket);
      const sending = (async () => {
        for (let i = 1; i <= 200; i++) await send(["hank"], `n${i}`);
      })();
      await until(() => liveCount >= 20);
      socket.disconnect(); // the cut: sends go on meanwhile
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket = open({ auth: { token } });
      attach(socket);
      await connected(socket);
      await syncAll(socket);
      await sending;
      await until(() => held.size >= 200);
      await syncAll(socket);
      const titles = [...held.values()]
        .sort((left, right) => left.seq - right.seq)
        .map((notification) => notification.title);
      expect(titles).toEqual(Array.from({ length: 200 }, (_, i) => `n${i + 1}`));
      // Changes replay too: a read made while away arrives with the next sync.
      const first = [...held.values()].find((notification) => notification.title === "n1")!;
      socket.disconnect();
      await changeNotifications(testDb.database.db, owner, "read", [first.id]);
      socket = open({ auth: { token } });
      attach(socket);
      await connected(socket);
      await syncAll(socket);
      expect(held.get(first.id)!.read_at).not.toBeNull();
    });
  });

  describe("preferences", () => {
    it("marks live events silent while the user is muted or in do-not-disturb, except urgent ones", async () => {
      await ensureUsers(testDb.database.db, tenant.id, ["hushed"]);
      const owner = await preferencesOwner(testDb.database.db, tenant.id, "hushed");
      const system = { type: "system", id: null } as const;
      await savePreferences(
        testDb.database.db,
        owner,
        { mute_until: new Date(Date.now() + 3600_000).toISOString() },
        system,
      );
      const socket = open({ auth: { token: await tokenFor("hushed") } });
      await connected(socket);
      const got: (NotificationJson & { silent: boolean })[] = [];
      socket.on("notification:new", (notification: NotificationJson & { silent: boolean }) =>
        got.push(notification),
      );
      const quiet = async (title: string, priority: "normal" | "urgent" = "normal") => {
        await sendNotifications(
          testDb.database.db,
          { tenantId: tenant.id, apiKeyId: null },
          {
            user_ids: ["hushed"],
            title,
            content: "x",
            type: "info",
            priority,
            channels: ["app"],
            metadata: {},
          },
        );
        await until(() => got.some((notification) => notification.title === title));
        return got.find((notification) => notification.title === title)!.silent;
      };
      await new Promise((resolve) => setTimeout(resolve, 200)); // the connection's preferences load
      expect(await quiet("while muted")).toBe(true);
      expect(await quiet("while muted, urgent", "urgent")).toBe(true); // mute is mute

      // A change reaches the open connection: unmuted, but in a do-not-disturb window now.
      const hh = (date: Date) => date.toISOString().slice(11, 13);
      const now = Date.now();
      await savePreferences(
        testDb.database.db,
        owner,
        {
          mute_until: null,
          timezone: "UTC",
          do_not_disturb: {
            start: `${hh(new Date(now - 3600_000))}:00`,
            end: `${hh(new Date(now + 3600_000))}:00`,
          },
        },
        system,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await quiet("in quiet hours")).toBe(true);
      expect(await quiet("in quiet hours, urgent", "urgent")).toBe(false);

      await savePreferences(testDb.database.db, owner, { do_not_disturb: null }, system);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await quiet("no rules")).toBe(false);
    });
  });
});
