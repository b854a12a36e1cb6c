// Credentials die everywhere at once: deleting a user, rotating the token secret, revoking a key and a
// token expiring close the live sockets (Socket.IO and plain WebSocket) on another node than the one
// that did it, and the old credential no longer connects. Plus the per-user budget of socket events.
import { createServer, type Server as HttpServer } from "node:http";
import postgres from "postgres";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { eq } from "drizzle-orm";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-key-store";
import { issueSubscriberToken, mintSubscriberToken } from "@/lib/auth/subscriber-token";
import { users } from "@/lib/db/schema";
import { resetEnv } from "@/lib/env";
import type { Ack, SyncPage } from "@/lib/realtime/protocol";
import { ensureDefaultTenant, rotateTokenSecret, type Tenant } from "@/lib/tenants/tenants";
import { deleteUser } from "@/lib/users/service";
import { attachRealtime, type Realtime } from "@/server/realtime";
import { attachPlainWebSocket, CLOSE_REVOKED, PLAIN_WS_PATH } from "@/server/realtime/plain-ws";
import { sessionCookie } from "../helpers/api";
import {
  createEmptyPostgresDatabase,
  createTestDatabase,
  onPostgres,
  type TestDatabase,
} from "../helpers/db";
import { openPlain, openSocket, plainRefusal, until, type PlainClient } from "../helpers/realtime";
import { requireBuild, startServer, TEST_SECRETS, type RunningServer } from "../helpers/server";

const KEY = "hk_revocation_test_key_0123456789abcdefgh";
const admin = { Authorization: `Bearer ${KEY}`, "content-type": "application/json" };

type IoClient = { socket: Socket; revoked: string[]; disconnected: Promise<void> };

function openIo(base: string, opts: { token?: string; headers?: Record<string, string> }): Promise<IoClient> {
  const socket = openSocket(base, {
    ...(opts.token ? { auth: { token: opts.token } } : {}),
    ...(opts.headers ? { extraHeaders: opts.headers } : {}),
  });
  const revoked: string[] = [];
  socket.on("session:revoked", (payload: { reason: string }) => revoked.push(payload.reason));
  const disconnected = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve({ socket, revoked, disconnected }));
    socket.once("connect_error", (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** The handshake's refusal message; throws when the socket connects. */
async function ioRefusal(base: string, opts: { token?: string; headers?: Record<string, string> }) {
  try {
    const client = await openIo(base, opts);
    client.socket.disconnect();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("the socket connected");
}

const plainUrl = (base: string, token: string) =>
  `${base.replace(/^http/, "ws")}${PLAIN_WS_PATH}?token=${encodeURIComponent(token)}`;
const openWs = (base: string, token: string) => openPlain(plainUrl(base, token));
/** The HTTP status an upgrade is refused with; throws when it is accepted. */
const wsRefusal = async (base: string, token: string) => (await plainRefusal(plainUrl(base, token))).status;

/** A client told its credential died and closed, Socket.IO or plain WebSocket. */
async function expectRevoked(client: { io: IoClient; ws: PlainClient }, reason: string): Promise<void> {
  await client.io.disconnected;
  expect(client.io.revoked).toEqual([reason]);
  const closed = await client.ws.closed;
  expect(closed).toEqual({ code: CLOSE_REVOKED, reason });
  expect(client.ws.frames.at(-1)).toEqual({ type: "session:revoked", reason });
}

describe.runIf(onPostgres)("revocation across two nodes on one PostgreSQL", () => {
  let db: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  let sql: postgres.Sql;
  let nodeA: RunningServer;
  let nodeB: RunningServer;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    requireBuild();
    db = await createEmptyPostgresDatabase();
    const node = () =>
      startServer({ DATABASE_URL: db.url, HERALD_API_KEY: KEY, MAX_CONNECTIONS_PER_USER: "10" });
    nodeA = await node();
    nodeB = await node();
    sql = postgres(db.url, { max: 1, onnotice: () => {} });
    // Tokens and session cookies made here must verify on the servers.
    process.env.APP_SECRET = TEST_SECRETS.APP_SECRET;
    resetEnv();
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await sql?.end();
    await Promise.allSettled([nodeA?.stop(), nodeB?.stop()]);
    await db?.drop();
  });

  const mint = async (user: string, key = KEY) => {
    const res = await fetch(`${nodeA.url}/api/v1/users/${user}/token`, {
      method: "POST",
      headers: { ...admin, Authorization: `Bearer ${key}` },
      body: "{}",
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: { token: string } }).data.token;
  };
  /** A Socket.IO and a plain WebSocket connection on node B with the token. */
  const both = async (token: string) => {
    const io = await openIo(nodeB.url, { token });
    const ws = await openWs(nodeB.url, token);
    open.push({ close: () => io.socket.disconnect() }, { close: () => ws.ws.terminate() });
    return { io, ws };
  };
  const sessionOf = async (user: string) => {
    const [row] = await sql<{ id: string; tenant_id: string }[]>`
      select id, tenant_id from users where external_id = ${user}`;
    return sessionCookie(
      { uid: row!.id, tid: row!.tenant_id, ext: user, role: "user" },
      TEST_SECRETS.AUTH_SECRET,
    );
  };
  const expectRefused = async (token: string) => {
    expect(await ioRefusal(nodeB.url, { token })).toBe("Unauthorized");
    expect(await wsRefusal(nodeB.url, token)).toBe(401);
  };

  it("deleting a user on node A closes all their sockets on node B, session ones too", async () => {
    const token = await mint("dora");
    const client = await both(token);
    const cookie = await sessionOf("dora");
    const session = await openIo(nodeB.url, { headers: cookie });
    open.push({ close: () => session.socket.disconnect() });
    const bystander = await both(await mint("eve"));

    const res = await fetch(`${nodeA.url}/api/v1/users/dora`, { method: "DELETE", headers: admin });
    expect(res.status).toBe(200);
    await expectRevoked(client, "user_deleted");
    await session.disconnected;
    expect(session.revoked).toEqual(["user_deleted"]);
    await expectRefused(token);
    expect(await ioRefusal(nodeB.url, { headers: cookie })).toBe("Unauthorized");
    expect(bystander.io.socket.connected).toBe(true);
    expect(bystander.ws.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("revoking a key on node A closes the sockets whose token it minted on node B, and only those", async () => {
    const created = await fetch(`${nodeA.url}/api/v1/api-keys`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ name: "embed", scopes: ["tokens:mint"] }),
    });
    expect(created.ok).toBe(true);
    const { id, key } = ((await created.json()) as { data: { id: string; key: string } }).data;
    const fromKey = await mint("kim", key);
    const client = await both(fromKey); // node B now holds the key in its cache
    const other = await both(await mint("kim")); // same user, a token from another key

    const res = await fetch(`${nodeA.url}/api/v1/api-keys/${id}`, { method: "DELETE", headers: admin });
    expect(res.status).toBe(200);
    await expectRevoked(client, "api_key_revoked");
    await expectRefused(fromKey);
    // REST refuses it too, on either node.
    for (const node of [nodeA, nodeB]) {
      const inbox = await fetch(`${node.url}/api/v1/notifications`, {
        headers: { Authorization: `Bearer ${fromKey}` },
      });
      expect(inbox.status).toBe(401);
    }
    expect(other.io.socket.connected).toBe(true);
    expect(other.ws.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("a token expiring closes its sockets on node B, which then refuses it", async () => {
    const [tenant] = await sql<{ id: string; token_secret: string }[]>`
      select id, token_secret from tenants where slug = 'default'`;
    await mint("lena"); // creates the user
    const token = (
      await mintSubscriberToken({ id: tenant!.id, tokenSecret: tenant!.token_secret }, "lena", 4)
    ).token;
    const client = await both(token);
    await expectRevoked(client, "token_expired");
    await expectRefused(token);
  });

  it("rotating the token secret on node A closes the tenant's token sockets on node B, not session ones", async () => {
    const token = await mint("mona");
    const client = await both(token);
    const session = await openIo(nodeB.url, { headers: await sessionOf("mona") });
    open.push({ close: () => session.socket.disconnect() });

    const res = await fetch(`${nodeA.url}/api/v1/tenant/rotate-token-secret`, {
      method: "POST",
      headers: admin,
    });
    expect(res.status).toBe(200);
    await expectRevoked(client, "token_secret_rotated");
    await expectRefused(token);
    expect(session.socket.connected).toBe(true);
    // A token minted after the rotation connects.
    const fresh = await both(await mint("mona"));
    expect(fresh.io.socket.connected).toBe(true);
  });
});

describe("on one node", () => {
  let testDb: TestDatabase;
  let tenant: Tenant;
  let http: HttpServer;
  let realtime: Realtime;
  let plain: { close(): Promise<void> };
  let base: string;
  const clients: { close(): void }[] = [];
  const BUDGET = 5;
  const system = { type: "system", id: null } as const;

  beforeAll(async () => {
    process.env.RATE_LIMIT_SOCKET_EVENTS_PER_MIN = String(BUDGET);
    resetEnv();
    testDb = await createTestDatabase();
    tenant = await ensureDefaultTenant(testDb.database.db);
    http = createServer();
    realtime = await attachRealtime(http, { allowedOrigins: [], maxConnectionsPerUser: 10 });
    plain = attachPlainWebSocket(http, { maxConnectionsPerUser: 10 });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
    base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await plain?.close();
    await realtime?.close();
    await testDb?.drop();
    delete process.env.RATE_LIMIT_SOCKET_EVENTS_PER_MIN;
    resetEnv();
  });

  const tokenFor = async (user: string, apiKeyId: string | null = null) =>
    (await issueSubscriberToken(testDb.database.db, tenant.id, user, undefined, { apiKeyId })).token;
  const both = async (token: string) => {
    const io = await openIo(base, { token });
    const ws = await openWs(base, token);
    clients.push({ close: () => io.socket.disconnect() }, { close: () => ws.ws.terminate() });
    return { io, ws };
  };
  const expectRefused = async (token: string) => {
    expect(await ioRefusal(base, { token })).toBe("Unauthorized");
    expect(await wsRefusal(base, token)).toBe(401);
  };
  const sync = (socket: Socket) =>
    new Promise<Ack<SyncPage>>((resolve) =>
      socket.emit("sync", { after: 0 }, (res: Ack<SyncPage>) => resolve(res)),
    );

  it("deleting a user closes their sockets, session ones too", async () => {
    const token = await tokenFor("gus");
    const client = await both(token);
    const [row] = await testDb.database.db.select().from(users).where(eq(users.externalId, "gus"));
    const cookie = await sessionCookie({ uid: row!.id, tid: tenant.id, ext: "gus", role: "user" });
    const session = await openIo(base, { headers: cookie });
    clients.push({ close: () => session.socket.disconnect() });
    await deleteUser(testDb.database.db, tenant.id, "gus", { actor: system, isAdmin: true });
    await expectRevoked(client, "user_deleted");
    await session.disconnected;
    expect(session.revoked).toEqual(["user_deleted"]);
    await expectRefused(token);
    expect(await ioRefusal(base, { headers: cookie })).toBe("Unauthorized");
  });

  it("revoking a key closes the sockets on tokens it minted and refuses those tokens", async () => {
    const { record } = await createApiKey(
      testDb.database.db,
      tenant.id,
      { name: "embed", scopes: ["tokens:mint"] },
      system,
    );
    const fromKey = await tokenFor("hal", record.id);
    const client = await both(fromKey);
    const other = await both(await tokenFor("hal"));
    await revokeApiKey(testDb.database.db, tenant.id, record.id, system);
    await expectRevoked(client, "api_key_revoked");
    await expectRefused(fromKey);
    expect(other.io.socket.connected).toBe(true);
    expect(other.ws.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("a token expiring closes its sockets", async () => {
    await tokenFor("ivy");
    const current = await ensureDefaultTenant(testDb.database.db);
    const token = (await mintSubscriberToken(current, "ivy", 4)).token;
    const client = await both(token);
    await expectRevoked(client, "token_expired");
    await expectRefused(token);
  });

  it("rotating the token secret closes the tenant's token sockets, not session ones", async () => {
    const token = await tokenFor("jo");
    const client = await both(token);
    const [row] = await testDb.database.db.select().from(users).where(eq(users.externalId, "jo"));
    const session = await openIo(base, {
      headers: await sessionCookie({ uid: row!.id, tid: tenant.id, ext: "jo", role: "user" }),
    });
    clients.push({ close: () => session.socket.disconnect() });
    await rotateTokenSecret(testDb.database.db, tenant.id, system);
    await expectRevoked(client, "token_secret_rotated");
    await expectRefused(token);
    expect(session.socket.connected).toBe(true);
  });

  it("a user flooding sync gets 429 with a retry-after, on both transports; another user is unaffected", async () => {
    const flooder = await openIo(base, { token: await tokenFor("flood") });
    const flooderWs = await openWs(base, await tokenFor("flood"));
    const calm = await openIo(base, { token: await tokenFor("calm") });
    clients.push(
      { close: () => flooder.socket.disconnect() },
      { close: () => flooderWs.ws.terminate() },
      { close: () => calm.socket.disconnect() },
    );

    const answers = [];
    for (let i = 0; i < BUDGET + 2; i++) answers.push(await sync(flooder.socket));
    expect(answers.slice(0, BUDGET).every((answer) => answer.ok)).toBe(true);
    for (const answer of answers.slice(BUDGET)) {
      expect(answer.ok).toBe(false);
      if (answer.ok) continue;
      expect(answer.error.code).toBe(429);
      expect(answer.error.retry_after).toBeGreaterThanOrEqual(1);
      expect(answer.error.retry_after).toBeLessThanOrEqual(60);
    }
    // Any event spends from the same budget, refused before a handler would run.
    const other = await new Promise<Ack<unknown>>((resolve) =>
      flooder.socket.emit("inbox:unknown", {}, (res: Ack<unknown>) => resolve(res)),
    );
    expect(other).toMatchObject({ ok: false, error: { code: 429 } });

    // The budget is the user's, whatever the transport: the plain WebSocket is refused too.
    flooderWs.ws.send(JSON.stringify({ type: "sync", after: 0 }));
    await until(() => flooderWs.frames.length > 0);
    expect(flooderWs.frames[0]).toMatchObject({ type: "error", code: 429 });
    expect(flooderWs.frames[0]!.retry_after).toBeGreaterThanOrEqual(1);

    const calmAnswer = await sync(calm.socket);
    expect(calmAnswer.ok).toBe(true);
    // Refused, not disconnected.
    expect(flooder.socket.connected).toBe(true);
    expect(flooderWs.ws.readyState).toBe(WebSocket.OPEN);
  });
});
