// The leader tab's Socket.IO connection: the handshake credential, reconnects on our own backoff
// schedule, sync pages over acknowledgements, and the server's events turned into typed messages.
import { io as defaultIo, type Socket } from "socket.io-client";
import type { Notification } from "../types.ts";
import type { Ack, ClientEvents, RevokeReason, ServerEvents, SyncPage } from "./protocol.ts";
import type { Change } from "./sync-state.ts";

export type ConnectionStatus = "connecting" | "connected" | "disconnected";

export type Backoff = { initialMs: number; factor: number; maxMs: number; jitter: number };

/** First retry after 3 s, ×1.5 each time, at most 30 s; ±20 % so tabs dropped together spread out. */
export const defaultBackoff: Backoff = { initialMs: 3_000, factor: 1.5, maxMs: 30_000, jitter: 0.2 };

/**
 * The wait before reconnect attempt `attempt` (0-based). The cap bounds the base delay and the
 * jitter spreads around it: clamping after the jitter would pile every capped client onto the same
 * instant, which is what the jitter is there to prevent.
 */
export function backoffDelay(
  attempt: number,
  backoff: Backoff = defaultBackoff,
  random = Math.random,
): number {
  const base = Math.min(backoff.initialMs * backoff.factor ** attempt, backoff.maxMs);
  return Math.max(0, Math.round(base * (1 + backoff.jitter * (2 * random() - 1))));
}

/** Server events passed on as they are (the sync state has no part in them). */
export type ServerNotice =
  /** Another connection took this one's place: no automatic reconnect until `reconnect()`. */
  | { type: "session:replaced"; reason: string }
  /**
   * The credential died. A fixed token (or the session cookie) would only be refused again, so the
   * transport stays down; a token function is asked for a fresh one on the next attempt.
   */
  | { type: "session:revoked"; reason: RevokeReason }
  | { type: "announcement:new"; announcement: unknown }
  | { type: "announcement:updated"; announcement: unknown }
  | { type: "announcement:removed"; id: string };

export type TransportOptions = {
  /** Origin of the Herald server; omitted: the page's own origin. */
  url?: string;
  path?: string;
  /** Subscriber token (a function is asked again on every connect); omitted: the session cookie. */
  token?: string | (() => Promise<string>);
  io?: typeof defaultIo;
  backoff?: Partial<Backoff>;
  /** How long to wait for a sync page. */
  timeoutMs?: number;
};

export type TransportHandlers = {
  status(connection: ConnectionStatus, retryInMs?: number): void;
  /** A new connection is up: sync it. */
  connected(): void;
  /** The connection went down; a reconnect is scheduled unless the transport stays down. */
  dropped(): void;
  change(change: Change): void;
  unread(count: number): void;
  notice(notice: ServerNotice): void;
};

export type Transport = {
  readonly isConnected: boolean;
  /** Bumped on every connect and drop, so a sync from an earlier connection stops applying pages. */
  readonly generation: number;
  start(): void;
  /** Connects now, also after `session:replaced` or `session:revoked`, or to skip the backoff wait. */
  reconnect(): void;
  /** The sync page after `after`; rejects when the server refuses or does not answer in time. */
  fetchPage(after: number): Promise<SyncPage>;
  /** Drops this connection and reconnects with backoff (after a failed sync). */
  restart(): void;
  close(): void;
};

const isNotification = (value: unknown): value is Notification =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Notification).id === "string" &&
  typeof (value as Notification).change_seq === "number";

export function createTransport(opts: TransportOptions, handlers: TransportHandlers): Transport {
  const backoff = { ...defaultBackoff, ...opts.backoff };
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const { token } = opts;
  let socket: Socket<ServerEvents, ClientEvents> | null = null;
  let isClosed = false;
  /** Set by `session:replaced`, or `session:revoked` without a token function: stay down until `reconnect()`. */
  let isStoppedByServer = false;
  let attempt = 0;
  let generation = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const guarded =
    <A extends unknown[]>(handler: (...args: A) => void) =>
    (...args: A) => {
      try {
        handler(...args);
      } catch (err) {
        console.warn("[herald] realtime: event handler failed", err);
      }
    };

  const setStatus = (connection: ConnectionStatus, retryInMs?: number) =>
    handlers.status(connection, retryInMs);

  const connect = async (): Promise<void> => {
    if (!socket || isClosed || isStoppedByServer || socket.connected) return;
    setStatus("connecting");
    if (token !== undefined) {
      try {
        socket.auth = { token: typeof token === "string" ? token : await token() };
      } catch (err) {
        console.warn("[herald] realtime: could not get a subscriber token", err);
        return scheduleReconnect();
      }
      if (isClosed || isStoppedByServer) return;
    }
    socket.connect();
  };

  const connectNow = () => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    void connect();
  };

  const scheduleReconnect = () => {
    if (retryTimer || isClosed || isStoppedByServer) return;
    const delay = backoffDelay(attempt, backoff);
    attempt += 1;
    setStatus("disconnected", delay);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
  };

  const onConnect = () => {
    generation += 1;
    attempt = 0;
    setStatus("connected");
    handlers.connected();
  };

  const onDrop = () => {
    generation += 1;
    if (isClosed) return;
    handlers.dropped();
    if (isStoppedByServer) setStatus("disconnected");
    else scheduleReconnect();
  };

  const createSocket = (): Socket<ServerEvents, ClientEvents> => {
    const io = opts.io ?? defaultIo;
    const options = {
      path: opts.path ?? "/socket.io",
      autoConnect: false,
      // Socket.IO's backoff factor is fixed at 2; ours is ×1.5, so retries are ours.
      reconnection: false,
      // A connection of its own: sharing a cached Manager would tie its lifetime to other sockets.
      forceNew: true,
      withCredentials: token === undefined,
    };
    const created: Socket<ServerEvents, ClientEvents> = opts.url ? io(opts.url, options) : io(options);
    const onLive = (change: Change) => {
      const isValid =
        change.kind === "upsert" ? isNotification(change.notification) : typeof change.id === "string";
      if (!isValid) return console.warn("[herald] realtime: ignored a malformed event", change);
      handlers.change(change);
    };
    created.on("connect", guarded(onConnect));
    created.on(
      "connect_error",
      guarded((err: Error) => {
        if (attempt === 0) console.warn("[herald] realtime: connection failed:", err.message);
        onDrop();
      }),
    );
    created.on("disconnect", guarded(onDrop));
    created.on(
      "notification:new",
      guarded((notification) => onLive({ kind: "upsert", notification, hint: "notification:new" })),
    );
    created.on(
      "notification:updated",
      guarded((notification) => onLive({ kind: "upsert", notification, hint: "notification:updated" })),
    );
    created.on(
      "notification:deleted",
      guarded((removal) => onLive({ kind: "delete", id: removal?.id, change_seq: removal?.change_seq })),
    );
    created.on(
      "unread:count",
      guarded((payload) => {
        if (typeof payload?.count === "number") handlers.unread(payload.count);
      }),
    );
    created.on(
      "session:replaced",
      guarded((payload) => {
        isStoppedByServer = true;
        handlers.notice({ type: "session:replaced", reason: payload?.reason ?? "connection_limit" });
      }),
    );
    created.on(
      "session:revoked",
      guarded((payload) => {
        if (typeof token !== "function") isStoppedByServer = true;
        handlers.notice({ type: "session:revoked", reason: payload?.reason });
      }),
    );
    created.on(
      "announcement:new",
      guarded((announcement) => handlers.notice({ type: "announcement:new", announcement })),
    );
    created.on(
      "announcement:updated",
      guarded((announcement) => handlers.notice({ type: "announcement:updated", announcement })),
    );
    created.on(
      "announcement:removed",
      guarded((removal) => handlers.notice({ type: "announcement:removed", id: removal?.id })),
    );
    return created;
  };

  return {
    get isConnected() {
      return socket?.connected ?? false;
    },
    get generation() {
      return generation;
    },
    start() {
      if (isClosed || socket) return;
      socket = createSocket();
      connectNow();
    },
    reconnect() {
      if (isClosed) return;
      isStoppedByServer = false;
      attempt = 0;
      if (socket && !socket.connected) connectNow();
    },
    async fetchPage(after) {
      if (!socket) throw new Error("not connected");
      const answer: Ack<SyncPage> = await socket.timeout(timeoutMs).emitWithAck("sync", { after });
      if (answer?.ok) return answer.data;
      throw new Error(
        `sync refused (${answer?.error?.code ?? 500}: ${answer?.error?.message ?? "invalid answer"})`,
      );
    },
    restart() {
      socket?.disconnect(); // → onDrop → scheduleReconnect
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.disconnect();
    },
  };
}
