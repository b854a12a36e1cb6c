// The plain WebSocket endpoint for clients without Socket.IO (plain JavaScript clients, mobile
// apps, wscat): one JSON object per message, a new notification as its bare REST JSON.
// Every message spends from the user's event budget; a connection whose token died is closed.
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { findLiveUser } from "@/lib/auth/caller";
import { consume, limitHeaders } from "@/lib/auth/rate-limit";
import { verifySubscriberToken } from "@/lib/auth/subscriber-token";
import { getDb } from "@/lib/db/client";
import { appUrl, env } from "@/lib/env";
import { logger } from "@/lib/log";
import { syncRequest, type PlainFrame } from "@/lib/realtime/protocol";
import { changesAfter } from "@/lib/realtime/sync";
import { register, unregister, type Connection, type OutboundEvent } from "./connections";

export const PLAIN_WS_PATH = "/api/v1/notifications/ws";
const MAX_PAYLOAD = 64 * 1024;
const MAX_QUEUED_MESSAGES = 32;
/** Close code for a connection replaced by a newer one of the same user (over the per-user cap). */
export const CLOSE_REPLACED = 4000;
/** Close code for a connection whose credential died (the reason says which way). */
export const CLOSE_REVOKED = 4001;

type Frame =
  | PlainFrame
  | { type: "session:replaced"; reason: "connection_limit" }
  | ({ type: "announcement:new" | "announcement:updated" | "announcement:removed" } & Record<
      string,
      unknown
    >);

type Owner = { tenantId: string; userId: string; credential: Connection["credential"] };

type Client = {
  ws: WebSocket;
  conn: Connection;
  lastPingAt: number;
  lastPongAt: number;
  /** Messages are handled one at a time so two syncs never interleave their frames. */
  pending: Promise<void>;
  queued: number;
};

export type PlainWebSocketOptions = {
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  maxConnectionsPerUser: number;
};

export function attachPlainWebSocket(
  httpServer: HttpServer,
  opts: PlainWebSocketOptions,
): { close(): Promise<void> } {
  const config = env();
  const pingIntervalMs = opts.pingIntervalMs ?? config.WS_PING_INTERVAL_MS;
  const pongTimeoutMs = opts.pongTimeoutMs ?? config.WS_PONG_TIMEOUT_MS;
  const log = logger().child({ component: "plain-ws" });
  const allowedOrigins = new Set(
    [appUrl(config), ...(config.ALLOWED_ORIGINS?.split(",") ?? [])]
      .map(normalizeOrigin)
      .filter((origin) => origin !== null),
  );
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
  const clients = new Set<Client>();
  let closed = false;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = URL.parse(req.url ?? "/", "http://localhost");
    // Socket.IO and Next.js dev have their own upgrade listeners: anything else is theirs.
    if (url?.pathname !== PLAIN_WS_PATH) return;
    // Node removes its own error handler from upgraded sockets; without one a reset kills the process.
    const onEarlyError = () => socket.destroy();
    socket.on("error", onEarlyError);
    let upgraded = false;
    authenticate(req, url)
      .then((outcome) => {
        socket.off("error", onEarlyError);
        if (socket.destroyed) return;
        if (closed) return refuse(socket, 503);
        if (typeof outcome === "number") return refuse(socket, outcome);
        wss.handleUpgrade(req, socket, head, (ws) => {
          upgraded = true;
          onConnection(ws, outcome);
        });
      })
      .catch((err: unknown) => {
        log.error({ err }, "plain WebSocket upgrade failed");
        socket.off("error", onEarlyError);
        // Once upgraded, an HTTP answer would be garbage on the wire.
        if (upgraded) socket.destroy();
        else if (!socket.destroyed) refuse(socket, 500);
      });
  };

  /** The user the request speaks for, or the HTTP status to refuse it with. */
  async function authenticate(req: IncomingMessage, url: URL): Promise<Owner | 401 | 403> {
    // Browsers always send Origin and cannot be trusted from any site; other clients send none.
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(normalizeOrigin(origin) ?? "")) return 403;
    const token = tokenOf(req, url);
    if (!token) return 401;
    const db = getDb();
    const claims = await verifySubscriberToken(db, token);
    if (!claims) return 401;
    const user = await findLiveUser(db, claims.tenantId, { externalId: claims.externalId });
    if (!user) return 401;
    return {
      tenantId: claims.tenantId,
      userId: user.id,
      credential: { kind: "token", apiKeyId: claims.apiKeyId, expiresAt: claims.expiresAt },
    };
  }

  function onConnection(ws: WebSocket, owner: Owner) {
    const now = Date.now();
    const conn: Connection = {
      kind: "websocket",
      tenantId: owner.tenantId,
      userId: owner.userId,
      openedAt: now,
      credential: owner.credential,
      deliver: (event) => send(ws, frameOf(event)),
      replace: () => {
        send(ws, { type: "session:replaced", reason: "connection_limit" });
        ws.close(CLOSE_REPLACED, "connection_limit");
      },
      revoke: (reason) => {
        send(ws, { type: "session:revoked", reason });
        ws.close(CLOSE_REVOKED, reason);
      },
    };
    const client: Client = {
      ws,
      conn,
      lastPingAt: now,
      lastPongAt: now,
      pending: Promise.resolve(),
      queued: 0,
    };
    // ws reports protocol errors (a frame over maxPayload, bad UTF-8) here and closes the socket
    // itself; an unhandled 'error' event would take the whole process down.
    ws.on("error", (err) => log.debug({ err: err.message }, "plain WebSocket client error"));
    ws.on("pong", () => (client.lastPongAt = Date.now()));
    ws.on("close", () => {
      clients.delete(client);
      unregister(conn);
    });
    ws.on("message", (data, isBinary) => {
      // A client that sends faster than its syncs finish would otherwise queue without bound.
      if (client.queued >= MAX_QUEUED_MESSAGES) return ws.close(1008, "too many messages");
      client.queued += 1;
      client.pending = client.pending
        .then(() => onMessage(client, data, isBinary))
        .catch((err: unknown) => {
          log.error({ err }, "plain WebSocket message failed");
          send(ws, { type: "error", message: "Internal error" });
        })
        .finally(() => (client.queued -= 1));
    });
    clients.add(client);
    try {
      register(conn, opts.maxConnectionsPerUser);
    } catch (err) {
      log.error({ err }, "plain WebSocket registration failed");
      ws.close(1011, "internal error");
    }
  }

  async function onMessage(client: Client, data: RawData, isBinary: boolean): Promise<void> {
    const { ws, conn } = client;
    const budget = await consume("socket", conn.userId);
    if (!budget.allowed) {
      const retryAfter = Number(limitHeaders(budget)["Retry-After"]);
      return send(ws, {
        type: "error",
        code: 429,
        message: `Too many messages: retry in ${retryAfter} s`,
        retry_after: retryAfter,
      });
    }
    if (isBinary) return send(ws, { type: "error", message: "Expected a text frame of JSON" });
    let msg: unknown;
    try {
      msg = JSON.parse(textOf(data));
    } catch {
      return send(ws, { type: "error", message: "Invalid JSON" });
    }
    const type = isRecord(msg) ? msg.type : undefined;
    if (type !== "sync") return send(ws, { type: "error", message: 'Unknown message type: expected "sync"' });
    const req = syncRequest.safeParse(msg);
    if (!req.success) {
      return send(ws, {
        type: "error",
        message: "sync needs after: a whole number >= 0 (and optionally limit: 1 to 500)",
      });
    }
    const page = await changesAfter(
      getDb(),
      { tenantId: conn.tenantId, userId: conn.userId },
      req.data.after,
      req.data.limit,
    );
    for (const ev of page.events) {
      send(
        ws,
        ev.type === "upsert"
          ? ev.notification
          : { type: "notification:deleted", id: ev.id, change_seq: ev.change_seq },
      );
    }
    send(ws, { type: "unread:count", count: page.unread_count });
    send(ws, { type: "sync:done", last: page.last, has_more: page.has_more });
  }

  // One timer for every client. Each client is pinged every pingIntervalMs from its own start (which
  // spreads the pings) and closed once pongTimeoutMs passes without a pong; ticking a few times per
  // ping period keeps that deadline close to exact.
  const tickMs = Math.max(10, Math.min(1000, Math.floor(Math.min(pingIntervalMs, pongTimeoutMs) / 4)));
  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const client of clients) {
      if (now - client.lastPongAt >= pongTimeoutMs) {
        clients.delete(client);
        unregister(client.conn);
        client.ws.terminate();
      } else if (now - client.lastPingAt >= pingIntervalMs) {
        client.lastPingAt = now;
        client.ws.ping();
      }
    }
  }, tickMs);
  heartbeat.unref();

  httpServer.on("upgrade", onUpgrade);

  return {
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      httpServer.off("upgrade", onUpgrade);
      for (const client of clients) {
        unregister(client.conn);
        client.ws.terminate();
      }
      clients.clear();
      // Resolves once every terminated client has emitted 'close'.
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Maps a registry event to its frame; uses only the event's data (no database work per event). */
function frameOf(outbound: OutboundEvent): Frame {
  switch (outbound.event) {
    case "notification:new":
      return outbound.data;
    case "notification:updated":
      return { type: "notification:updated", notification: outbound.data };
    case "notification:deleted":
      return { type: "notification:deleted", id: outbound.data.id, change_seq: outbound.data.change_seq };
    case "unread:count":
      return { type: "unread:count", count: outbound.data.count };
    default:
      // The frame's type names the event even when the announcement has a type of its own.
      return { ...(isRecord(outbound.data) ? outbound.data : {}), type: outbound.event };
  }
}

function send(ws: WebSocket, frame: Frame): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}

/** Answers an upgrade request with a plain HTTP error and closes the socket: no WebSocket. */
function refuse(socket: Duplex, status: 401 | 403 | 500 | 503): void {
  const reason = {
    401: "Unauthorized",
    403: "Forbidden",
    500: "Internal Server Error",
    503: "Service Unavailable",
  }[status];
  const body = JSON.stringify({ code: status, message: reason });
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function tokenOf(req: IncomingMessage, url: URL): string | null {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) return /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? null;
  return url.searchParams.get("token") || null;
}

function normalizeOrigin(value: string): string | null {
  try {
    const origin = new URL(value.trim()).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.from(data).toString("utf8");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
