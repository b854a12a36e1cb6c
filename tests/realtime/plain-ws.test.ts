// The plain WebSocket endpoint on a bare HTTP server: auth before the upgrade, sync replay, live
// frames, bad input, connection caps and the heartbeat.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { issueSubscriberToken, mintSubscriberToken } from "@/lib/auth/subscriber-token";
import { resetEnv } from "@/lib/env";
import { changeNotifications, getNotification } from "@/lib/notifications/inbox";
import { notificationJson, type NotificationJson } from "@/lib/notifications/serialize";
import { insertNotifications } from "@/lib/notifications/store";
import { ensureDefaultTenant, type Tenant } from "@/lib/tenants/tenants";
import { deleteUser } from "@/lib/users/service";
import { ensureUsers } from "@/lib/users/store";
import { connectionsOf } from "@/server/realtime/connections";
import { attachPlainWebSocket } from "@/server/realtime/plain-ws";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { openPlain, plainRefusal, type PlainClient } from "../helpers/realtime";

const PATH = "/api/v1/notifications/ws";
const ALLOWED = "https://app.example.com";

type Running = { base: string; server: Server; plain: { close(): Promise<void> } };

async function start(opts: Parameters<typeof attachPlainWebSocket>[1]): Promise<Running> {
  const server = createServer();
  const plain = attachPlainWebSocket(server, opts);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `ws://127.0.0.1:${port}`, server, plain };
}

async function stop(running: Running): Promise<void> {
  await running.plain.close();
  running.server.closeAllConnections();
  await new Promise<void>((resolve) => running.server.close(() => resolve()));
}

const insertFor = async (
  db: TestDatabase["database"]["db"],
  tenantId: string,
  userId: string,
  title: string,
) => {
  const [row] = await insertNotifications(db, {
    tenantId,
    externalIds: [userId],
    title,
    content: `${title} body`,
    type: "info",
    status: "sent",
    sentAt: new Date(),
  });
  return row!.id;
};

describe("plain WebSocket /api/v1/notifications/ws", () => {
  let testDb: TestDatabase;
  let tenant: Tenant;
  let running: Running;
  let extra: WebSocketServer;
  const token = async (externalId: string) =>
    (await issueSubscriberToken(testDb.database.db, tenant.id, externalId)).token;
  const userIdOf = async (externalId: string) =>
    (await ensureUsers(testDb.database.db, tenant.id, [externalId])).get(externalId)!;
  const url = (tok: string) => `${running.base}${PATH}?token=${encodeURIComponent(tok)}`;

  beforeAll(async () => {
    vi.stubEnv("ALLOWED_ORIGINS", `${ALLOWED}, https://other.example.com`);
    resetEnv();
    testDb = await createTestDatabase();
    tenant = await ensureDefaultTenant(testDb.database.db);
    running = await start({ maxConnectionsPerUser: 3 });
    // Another upgrade listener on the same server, as Socket.IO and Next.js dev have.
    extra = new WebSocketServer({ noServer: true });
    running.server.on("upgrade", (req, socket, head) => {
      if (req.url === "/other") extra.handleUpgrade(req, socket, head, (ws) => ws.send("other"));
    });
  });

  afterAll(async () => {
    await stop(running);
    extra.close();
    await testDb.drop();
    vi.unstubAllEnvs();
    resetEnv();
  });

  it("refuses an upgrade without a token with HTTP 401, and serves the next client", async () => {
    const refused = await plainRefusal(`${running.base}${PATH}`);
    expect(refused).toEqual({ status: 401, body: { code: 401, message: "Unauthorized" } });
    const client = await openPlain(url(await token("alice")));
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });

  it("refuses forged and expired tokens, a deleted user's token, and the seed's ?user_id= alone", async () => {
    await token("alice");
    const forged = await mintSubscriberToken(
      { id: tenant.id, tokenSecret: "not-the-tenant-secret" },
      "alice",
    );
    const expired = await mintSubscriberToken(tenant, "alice", -60);
    expect((await plainRefusal(url(forged.token))).status).toBe(401);
    expect((await plainRefusal(url(expired.token))).status).toBe(401);
    expect((await plainRefusal(url("not-a-token"))).status).toBe(401);
    expect((await plainRefusal(`${running.base}${PATH}?user_id=alice`)).status).toBe(401);
    expect(
      (await plainRefusal(`${running.base}${PATH}`, { headers: { Authorization: "Basic YWxpY2U6eA==" } }))
        .status,
    ).toBe(401);

    const gone = await token("gone");
    await deleteUser(testDb.database.db, tenant.id, "gone", {
      actor: { type: "system", id: null },
      isAdmin: true,
    });
    expect((await plainRefusal(url(gone))).status).toBe(401);
  });

  it("accepts the token in an Authorization header", async () => {
    const client = await openPlain(`${running.base}${PATH}`, {
      headers: { Authorization: `Bearer ${await token("alice")}` },
    });
    expect(connectionsOf(await userIdOf("alice")).map((connection) => connection.kind)).toContain(
      "websocket",
    );
    client.ws.close();
  });

  it("accepts allowed browser origins and refuses others with 403", async () => {
    const tok = await token("alice");
    for (const origin of [ALLOWED, "https://other.example.com", "http://localhost:3000"]) {
      const client = await openPlain(url(tok), { origin });
      client.ws.close();
    }
    expect(await plainRefusal(url(tok), { origin: "https://evil.example" })).toEqual({
      status: 403,
      body: { code: 403, message: "Forbidden" },
    });
  });

  it("leaves upgrades on other paths to their own listeners", async () => {
    const other = new WebSocket(`${running.base}/other`);
    const first = await new Promise<string>((resolve, reject) => {
      other.on("message", (data) => resolve(String(data)));
      other.on("error", reject);
    });
    expect(first).toBe("other");
    other.close();
  });

  it("sync replays the changes in order as REST-shaped frames, then the unread count and sync:done", async () => {
    const db = testDb.database.db;
    const tok = await token("syncer");
    const userId = await userIdOf("syncer");
    const owner = { tenantId: tenant.id, userId };
    const ids: string[] = [];
    for (const title of ["one", "two", "three"]) ids.push(await insertFor(db, tenant.id, "syncer", title));
    await changeNotifications(db, owner, "delete", [ids[1]!]);
    await changeNotifications(db, owner, "read", [ids[2]!]);
    const rest = async (id: string) => notificationJson(await getNotification(db, owner, id));

    const client = await openPlain(url(tok));
    client.ws.send(JSON.stringify({ type: "sync", after: 0 }));
    await vi.waitFor(() => expect(client.frames.at(-1)?.type).toBe("sync:done"));
    expect(client.frames).toEqual([
      await rest(ids[0]!),
      { type: "notification:deleted", id: ids[1], change_seq: 4 },
      await rest(ids[2]!),
      { type: "unread:count", count: 1 },
      { type: "sync:done", last: 5, has_more: false },
    ]);
    expect((client.frames[2] as NotificationJson).read_at).not.toBeNull();

    // Paged: the client asks again from the last position it saw.
    client.frames.length = 0;
    client.ws.send(JSON.stringify({ type: "sync", after: 0, limit: 1 }));
    await vi.waitFor(() => expect(client.frames.at(-1)?.type).toBe("sync:done"));
    expect(client.frames).toEqual([
      await rest(ids[0]!),
      { type: "unread:count", count: 1 },
      { type: "sync:done", last: 1, has_more: true },
    ]);

    client.frames.length = 0;
    client.ws.send(JSON.stringify({ type: "sync", after: 5 }));
    await vi.waitFor(() => expect(client.frames.at(-1)?.type).toBe("sync:done"));
    expect(client.frames).toEqual([
      { type: "unread:count", count: 1 },
      { type: "sync:done", last: 5, has_more: false },
    ]);
    client.ws.close();
  });

  it("delivers each registry event as one JSON frame of the plain shape", async () => {
    const db = testDb.database.db;
    const tok = await token("live");
    const userId = await userIdOf("live");
    const id = await insertFor(db, tenant.id, "live", "hello");
    const json = notificationJson(await getNotification(db, { tenantId: tenant.id, userId }, id));

    const client = await openPlain(url(tok));
    await vi.waitFor(() => expect(connectionsOf(userId)).toHaveLength(1));
    const conn = connectionsOf(userId)[0]!;
    expect(conn).toMatchObject({ kind: "websocket", tenantId: tenant.id, userId });
    conn.deliver({ event: "notification:new", data: { ...json, silent: false } });
    conn.deliver({ event: "notification:updated", data: json });
    conn.deliver({ event: "notification:deleted", data: { id: json.id, change_seq: 9 } });
    conn.deliver({ event: "unread:count", data: { count: 7 } });
    conn.deliver({ event: "announcement:new", data: { id: "a1", title: "Maintenance", type: "info" } });
    conn.deliver({ event: "announcement:removed", data: { id: "a1" } });
    await vi.waitFor(() => expect(client.frames).toHaveLength(6));
    expect(client.frames).toEqual([
      { ...json, silent: false },
      { type: "notification:updated", notification: json },
      { type: "notification:deleted", id: json.id, change_seq: 9 },
      { type: "unread:count", count: 7 },
      { type: "announcement:new", id: "a1", title: "Maintenance" },
      { type: "announcement:removed", id: "a1" },
    ]);
    client.ws.close();
    await client.closed;
    await vi.waitFor(() => expect(connectionsOf(userId)).toHaveLength(0));
  });

  it("answers invalid JSON, unknown types and bad sync arguments with an error frame and stays open", async () => {
    const client = await openPlain(url(await token("alice")));
    for (const bad of [
      "not json",
      JSON.stringify({ type: "subscribe" }),
      "[1,2]",
      JSON.stringify({ type: "sync", after: -1 }),
      JSON.stringify({ type: "sync", after: 0, limit: 501 }),
    ]) {
      client.ws.send(bad);
    }
    await vi.waitFor(() => expect(client.frames).toHaveLength(5));
    for (const frame of client.frames) expect(frame).toEqual({ type: "error", message: expect.any(String) });
    client.ws.send(JSON.stringify({ type: "sync", after: 0 }));
    await vi.waitFor(() => expect(client.frames.at(-1)?.type).toBe("sync:done"));
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });

  it("closes only the client that sends a frame over 64 KB", async () => {
    const tok = await token("big");
    const bystander = await openPlain(url(await token("alice")));
    const sender = await openPlain(url(tok));
    sender.ws.send("x".repeat(70 * 1024));
    expect((await sender.closed).code).toBe(1009);
    await vi.waitFor(async () => expect(connectionsOf(await userIdOf("big"))).toHaveLength(0));

    bystander.ws.send(JSON.stringify({ type: "sync", after: 0 }));
    await vi.waitFor(() => expect(bystander.frames.at(-1)?.type).toBe("sync:done"));
    expect(bystander.ws.readyState).toBe(WebSocket.OPEN);
    // And new clients are still served.
    (await openPlain(url(tok))).ws.close();
    bystander.ws.close();
  });

  it("over the per-user cap, the oldest connection is told it was replaced and closed with 4000", async () => {
    const tok = await token("capped");
    const userId = await userIdOf("capped");
    const clients: PlainClient[] = [];
    for (let i = 0; i < 4; i++) clients.push(await openPlain(url(tok)));
    const [oldest, ...rest] = clients;
    expect((await oldest!.closed).code).toBe(4000);
    expect(oldest!.frames).toEqual([{ type: "session:replaced", reason: "connection_limit" }]);
    expect(connectionsOf(userId)).toHaveLength(3);
    for (const client of rest) expect(client.ws.readyState).toBe(WebSocket.OPEN);
    for (const client of rest) client.ws.close();
  });
});

describe("plain WebSocket heartbeat and shutdown", () => {
  let testDb: TestDatabase;
  let running: Running;

  beforeAll(async () => {
    resetEnv();
    testDb = await createTestDatabase();
    running = await start({ maxConnectionsPerUser: 3, pingIntervalMs: 200, pongTimeoutMs: 500 });
  });

  afterAll(async () => {
    await stop(running);
    await testDb.drop();
  });

  it("closes a client that does not answer pings and keeps one that does", async () => {
    const tenant = await ensureDefaultTenant(testDb.database.db);
    const tok = (await issueSubscriberToken(testDb.database.db, tenant.id, "beat")).token;
    const url = `${running.base}${PATH}?token=${tok}`;
    const silent = await openPlain(url, { autoPong: false });
    const healthy = await openPlain(url);
    const started = Date.now();
    expect((await silent.closed).code).toBe(1006);
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(healthy.ws.readyState).toBe(WebSocket.OPEN);
    expect(healthy.pings()).toBeGreaterThanOrEqual(3);

    // close() (graceful shutdown) cuts every remaining client and forgets it.
    const userId = (await ensureUsers(testDb.database.db, tenant.id, ["beat"])).get("beat")!;
    expect(connectionsOf(userId)).toHaveLength(1);
    await running.plain.close();
    expect((await healthy.closed).code).toBe(1006);
    expect(connectionsOf(userId)).toHaveLength(0);
  });
});
