// The Socket.IO gateway: authenticated handshakes, per-user rooms and caps, replay on reconnect,
// `sync` answered through its acknowledgement under a per-user event budget, delivery of the domain's events,
// and closing connections whose credential died.
import type { Server as HttpServer } from "node:http";
import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import { createAdapter as createRedisAdapter } from "@socket.io/redis-adapter";
import pg from "pg";
import { createClient } from "redis";
import { Server, type Socket } from "socket.io";
import { z } from "zod";
import { findLiveUser } from "@/lib/auth/caller";
import { consume, limitHeaders } from "@/lib/auth/rate-limit";
import { readSession } from "@/lib/auth/session";
import { verifySubscriberToken } from "@/lib/auth/subscriber-token";
import { getDb } from "@/lib/db/client";
import { bus, isNodeLocalEvent, type DomainEvent } from "@/lib/events";
import { DomainError } from "@/lib/errors";
import { httpStatusOf } from "@/lib/http/envelope";
import { logger } from "@/lib/log";
import type { Owner } from "@/lib/notifications/inbox";
import { syncRequest, type Ack, type AckError } from "@/lib/realtime/protocol";
import { changesAfter } from "@/lib/realtime/sync";
import { register, unregister, type Connection } from "./connections";
import { deliverEvent } from "./dispatch";

export type RealtimeOptions = {
  allowedOrigins: string[];
  maxConnectionsPerUser: number;
  /** PostgreSQL URL: nodes share events through the PostgreSQL adapter (NOTIFY). */
  databaseUrl?: string;
  /** Redis URL: nodes share events through Redis instead. */
  redisUrl?: string;
};

type SocketData = Owner & { externalId: string; credential: Connection["credential"] };

/** Who is connecting: a subscriber token (`auth.token`) or the session cookie — nothing else. */
async function authenticate(socket: Socket): Promise<SocketData | null> {
  const db = getDb();
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof token === "string" && token) {
    const claims = await verifySubscriberToken(db, token);
    if (!claims) return null;
    const user = await findLiveUser(db, claims.tenantId, { externalId: claims.externalId });
    if (!user) return null;
    return {
      tenantId: claims.tenantId,
      userId: user.id,
      externalId: user.externalId,
      credential: { kind: "token", apiKeyId: claims.apiKeyId, expiresAt: claims.expiresAt },
    };
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(socket.handshake.headers))
    if (typeof value === "string") headers.set(name, value);
  const session = await readSession(headers);
  if (!session) return null;
  const user = await findLiveUser(db, session.tid, { id: session.uid });
  if (!user) return null;
  return {
    tenantId: session.tid,
    userId: user.id,
    externalId: user.externalId,
    credential: { kind: "session" },
  };
}

/**
 * Every client event spends from the user's budget (shared by their connections on this node);
 * over it the event is not run and its ack answers 429 with the seconds to wait.
 */
function limitEvents(socket: Socket, userId: string): void {
  socket.use((packet, next) => {
    const ack = packet.at(-1);
    const reply = typeof ack === "function" ? (ack as (res: AckError) => void) : () => {};
    consume("socket", userId).then(
      (decision) => {
        if (decision.allowed) return next();
        const retryAfter = Number(limitHeaders(decision)["Retry-After"]);
        reply({
          ok: false,
          error: { code: 429, message: `Too many events: retry in ${retryAfter} s`, retry_after: retryAfter },
        });
      },
      (err: unknown) => {
        logger().error({ err }, "realtime rate limit failed");
        reply({ ok: false, error: { code: 500, message: "Internal server error" } });
      },
    );
  });
}

/** Runs a client action and answers its ack; errors go back in the ack, never as a disconnect. */
function action<S extends z.ZodType, T>(
  socket: Socket,
  event: string,
  schema: S,
  run: (input: z.infer<S>, owner: Owner) => Promise<T>,
): void {
  socket.on(event, async (input: unknown, ack?: (res: Ack<T>) => void) => {
    const reply = typeof ack === "function" ? ack : () => {};
    const parsed = schema.safeParse(input ?? {});
    if (!parsed.success) {
      reply({ ok: false, error: { code: 400, message: `Invalid ${event} request` } });
      return;
    }
    try {
      const data = socket.data as SocketData;
      reply({ ok: true, data: await run(parsed.data, { tenantId: data.tenantId, userId: data.userId }) });
    } catch (err) {
      if (err instanceof DomainError)
        reply({ ok: false, error: { code: httpStatusOf(err.code), message: err.message } });
      else {
        logger().error({ err, event }, "realtime action failed");
        reply({ ok: false, error: { code: 500, message: "Internal server error" } });
      }
    }
  });
}

function onConnection(socket: Socket, cap: number): void {
  const data = socket.data as SocketData;
  const conn: Connection = {
    kind: "socket.io",
    tenantId: data.tenantId,
    userId: data.userId,
    openedAt: Date.now(),
    credential: data.credential,
    deliver: (outbound) => socket.emit(outbound.event, outbound.data),
    replace: () => {
      socket.emit("session:replaced", { reason: "connection_limit" });
      socket.disconnect(true);
    },
    revoke: (reason) => {
      socket.emit("session:revoked", { reason });
      socket.disconnect(true);
    },
  };
  void socket.join([`user:${data.tenantId}:${data.userId}`, `tenant:${data.tenantId}`]);
  register(conn, cap);
  socket.on("disconnect", () => unregister(conn));
  limitEvents(socket, data.userId);

  // The socket only reads: every write goes over REST, so each change has one path.
  action(socket, "sync", syncRequest, (req, owner) => changesAfter(getDb(), owner, req.after, req.limit));
}

type AdapterOptions = Pick<RealtimeOptions, "databaseUrl" | "redisUrl">;

async function attachClusterAdapter(io: Server, opts: AdapterOptions): Promise<() => Promise<void>> {
  if (opts.redisUrl) {
    const pub = createClient({ url: opts.redisUrl });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createRedisAdapter(pub, sub));
    return async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    };
  }
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 2,
      application_name: "herald-realtime",
    });
    pool.on("error", (err) => logger().warn({ err }, "realtime adapter connection error"));
    io.adapter(
      createPostgresAdapter(pool, {
        errorHandler: (err) => logger().warn({ err }, "realtime adapter error"),
      }),
    );
    return () => pool.end();
  }
  return async () => {}; // embedded database: one node, the in-memory adapter
}

const FORWARD_WINDOW_MS = 2;
const FORWARD_BATCH_MAX = 8;

export type Realtime = { io: Server; close(): Promise<void> };

export async function attachRealtime(httpServer: HttpServer, opts: RealtimeOptions): Promise<Realtime> {
  const allowed = new Set(opts.allowedOrigins);
  const io = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    perMessageDeflate: false,
    // Socket.IO's defaults notice a dead connection within 45 s (25 s + 20 s) and stay under
    // common proxies' 60 s idle timeouts.
    pingInterval: 25_000,
    pingTimeout: 20_000,
    // Leave other upgrade requests (Next.js dev HMR, the plain WebSocket endpoint) alone.
    destroyUpgrade: false,
    cors: { origin: [...allowed], credentials: true },
    // Browsers always send Origin: refuse other sites' pages. Non-browser clients send none.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(origin && !allowed.has(origin) ? "Origin not allowed" : null, !origin || allowed.has(origin));
    },
  });
  const closeAdapter = await attachClusterAdapter(io, opts);

  io.use((socket, next) => {
    authenticate(socket)
      .then((data) => {
        if (!data) return next(new Error("Unauthorized"));
        socket.data = data;
        next();
      })
      .catch((err) => {
        logger().error({ err }, "realtime handshake failed");
        next(new Error("Unauthorized"));
      });
  });
  io.on("connection", (socket) => onConnection(socket, opts.maxConnectionsPerUser));

  const stopForwarding = forwardEvents(io, opts, true);
  io.on("herald:events", (events: DomainEvent[]) => {
    for (const event of events) void deliverEvent({ ...event, at: new Date(event.at) });
  });

  return {
    io,
    close: async () => {
      stopForwarding();
      // Resolves once the HTTP server (closed by Socket.IO too) has finished its open requests.
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await closeAdapter();
    },
  };
}

/**
 * Events of this node's domain go to its own clients (when it has any) and, through the adapter, to
 * other nodes'; events from other nodes go to this node's clients only (never forwarded again).
 * Forwarding is batched over a few milliseconds: one NOTIFY (or Redis publish) per batch, not per
 * send, which under a stream of single sends was a database round trip per request. Returns stop,
 * which sends what is pending.
 */
function forwardEvents(io: Server, opts: AdapterOptions, deliverHere: boolean): () => void {
  const clustered = Boolean(opts.redisUrl || opts.databaseUrl);
  let outgoing: DomainEvent[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  const forward = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (outgoing.length === 0) return;
    const batch = outgoing;
    outgoing = [];
    // Alone (no other node's heartbeat seen), there is nobody to tell: skip the round trip. A node
    // that starts announces itself before it accepts connections, and its clients sync on connect.
    void io
      .of("/")
      .adapter.serverCount()
      .then((nodes) => {
        if (nodes > 1) io.serverSideEmit("herald:events", batch);
      })
      .catch((err: unknown) => logger().warn({ err }, "could not forward events to the other nodes"));
  };
  const unsubscribe = bus().subscribe((event) => {
    if (deliverHere) void deliverEvent(event);
    if (!clustered || isNodeLocalEvent(event.name)) return;
    outgoing.push(event);
    if (outgoing.length >= FORWARD_BATCH_MAX) forward();
    else flushTimer ??= setTimeout(forward, FORWARD_WINDOW_MS);
  });
  return () => {
    unsubscribe();
    forward();
  };
}

/**
 * A worker-only process has no clients, but what it does (a scheduled send released, …) must
 * reach the web nodes' clients live: it joins the adapter to forward its events, nothing more.
 */
export async function attachEventForwarder(opts: AdapterOptions): Promise<() => Promise<void>> {
  if (!opts.redisUrl && !opts.databaseUrl) return async () => {};
  const io = new Server();
  const closeAdapter = await attachClusterAdapter(io, opts);
  const stop = forwardEvents(io, opts, false);
  return async () => {
    stop();
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the last batch's publish leave
    io.of("/").adapter.close();
    await closeAdapter();
  };
}
