// The browser side of the realtime contract (DESIGN §5, CONVENTIONS habit 6): one Socket.IO connection
// per browser, held by the tab that wins a Web Lock and shared with the others over a BroadcastChannel;
// it reconnects with backoff (seed §7.3) and replays what it missed with `sync` on every connect.
import { io as defaultIo, type Socket } from "socket.io-client";
import type { NotificationJson } from "../notifications/serialize";
import type { Ack, ClientEvents, ServerEvents, SyncEvent, SyncPage } from "./protocol";

export type ConnectionStatus = "connecting" | "connected" | "disconnected";
/** `follower`: another tab holds the connection and relays its events to this one. */
export type RealtimeStatus = ConnectionStatus | "follower";

export type ClientEvent =
  | { type: "notification:new"; notification: NotificationJson }
  | { type: "notification:updated"; notification: NotificationJson }
  | { type: "notification:deleted"; id: string; change_seq: number }
  | { type: "unread:count"; count: number }
  /** Another connection took this one's place: no automatic reconnect; offer `reconnect()`. */
  | { type: "session:replaced"; reason: string }
  | { type: "announcement:new"; announcement: unknown }
  | { type: "announcement:updated"; announcement: unknown }
  | { type: "announcement:removed"; id: string }
  /**
   * `connection` is the leader tab's state (on followers); `retryInMs` is set while waiting to
   * reconnect.
   */
  | { type: "status"; status: RealtimeStatus; connection?: ConnectionStatus; retryInMs?: number }
  /** A sync finished: everything up to `position` has been delivered. */
  | { type: "synced"; position: number; unread_count: number };

export type ClientEventListener = (e: ClientEvent) => void;

export type Backoff = { initialMs: number; factor: number; maxMs: number; jitter: number };

/** Seed §7.3: first retry after 3 s, ×1.5 each time, at most 30 s; ±20 % so tabs dropped together spread out. */
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

/** A refused or failed action: `code` is the server's (HTTP-like), or 503/504 when no answer came. */
export class RealtimeError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.name = "RealtimeError";
    this.code = code;
  }
}

type StorageLike = Pick<Storage, "getItem" | "setItem">;

export type RealtimeClientOptions = {
  /** Origin of the Herald server; omitted: the page's own origin. */
  url?: string;
  path?: string;
  /** Subscriber token for embedded inboxes (a function is asked again on every connect); omitted: the session cookie. */
  token?: string | (() => Promise<string>);
  /**
   * Where to keep the sync position in localStorage so a reload resumes. Positions are per
   * recipient: include the user in the key. Omitted: not persisted (each page load syncs from 0).
   */
  storageKey?: string;
  /** Defaults to `localStorage` when the browser allows it. */
  storage?: StorageLike | null;
  io?: typeof defaultIo;
  /** Tabs sharing these share one connection: make them per user when one origin serves several. */
  channelName?: string;
  lockName?: string;
  /** Defaults to `navigator.locks`; `null` (or no BroadcastChannel) makes every tab connect on its own. */
  locks?: LockManager | null;
  backoff?: Partial<Backoff>;
  /** How long to wait for an acknowledgement (sync pages, actions). */
  timeoutMs?: number;
  /** How long after live events stop to sync once more, moving the stored position (default 10 s). */
  checkpointMs?: number;
};

export type RealtimeClient = {
  subscribe(listener: ClientEventListener): () => void;
  readonly status: RealtimeStatus;
  markRead(id: string): Promise<{ notification: NotificationJson }>;
  markUnread(id: string): Promise<{ notification: NotificationJson }>;
  markSeen(ids: string[]): Promise<{ updated: number }>;
  markAllRead(): Promise<{ updated: number }>;
  /** Connect now (after `session:replaced`, or to skip the backoff wait). */
  reconnect(): void;
  close(): void;
};

const actionEvents = {
  markRead: "notification:read",
  markUnread: "notification:unread",
  markSeen: "notification:seen",
  markAllRead: "notification:read_all",
} as const satisfies Record<string, keyof ClientEvents>;
type ActionName = keyof typeof actionEvents;

/** Messages between tabs. `to` addresses one tab; the rest go to every tab. */
type Wire =
  | { k: "event"; event: ClientEvent; to?: string }
  | { k: "leader"; from: string }
  | { k: "hello"; from: string }
  | { k: "call"; id: string; from: string; action: ActionName; req: object }
  | { k: "reply"; id: string; to: string; ok: true; data: unknown }
  | { k: "reply"; id: string; to: string; ok: false; error: { code: number; message: string } }
  | { k: "reconnect" };

type Change =
  | { kind: "upsert"; notification: NotificationJson; hint: "notification:new" | "notification:updated" }
  | { kind: "delete"; id: string; change_seq: number };

type Pending = {
  action: ActionName;
  req: object;
  resolve: (data: unknown) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
};

// crypto.randomUUID needs a secure context; a self-hosted Herald may be served over plain http.
const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

function defaultStorage(): StorageLike | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // access itself throws with storage blocked (privacy settings, sandboxed frames)
  }
}

const isNotification = (n: unknown): n is NotificationJson =>
  typeof n === "object" &&
  n !== null &&
  typeof (n as NotificationJson).id === "string" &&
  typeof (n as NotificationJson).change_seq === "number";

class Client implements RealtimeClient {
  private readonly tabId = newId();
  private readonly listeners = new Set<ClientEventListener>();
  private readonly backoff: Backoff;
  private readonly timeoutMs: number;
  private readonly storage: StorageLike | null;
  private readonly lockName: string;
  private readonly locks: LockManager | null;
  private channel: BroadcastChannel | null = null;
  private readonly abort = new AbortController();
  private releaseLock: (() => void) | null = null;

  private role: "electing" | "leader" | "follower" = "electing";
  private connection: ConnectionStatus = "disconnected";
  private closed = false;
  /** Set by `session:replaced`: stay down until `reconnect()`. */
  private replaced = false;

  private socket: Socket<ServerEvents, ClientEvents> | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped on every connect and drop, so a sync from an earlier connection stops applying pages. */
  private generation = 0;
  private syncing = false;
  private buffered: Change[] = [];

  /** Highest change_seq with nothing missing below it: where the next sync resumes. */
  private position = 0;
  /** Last change_seq delivered per notification id (deletes included), for dedupe. */
  private readonly known = new Map<string, { seq: number; deleted: boolean }>();
  private unread: number | null = null;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly opts: RealtimeClientOptions) {
    this.backoff = { ...defaultBackoff, ...opts.backoff };
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.storage = opts.storageKey ? (opts.storage === undefined ? defaultStorage() : opts.storage) : null;
    this.position = this.storedPosition();
    this.lockName = opts.lockName ?? "herald-realtime-leader";
    const locks = opts.locks === undefined ? (globalThis.navigator?.locks ?? null) : opts.locks;
    this.locks = typeof BroadcastChannel === "undefined" ? null : locks;
    // Start after the caller had the chance to subscribe to the first status events.
    queueMicrotask(() => this.start(opts.channelName ?? "herald-realtime"));
  }

  get status(): RealtimeStatus {
    return this.role === "follower" ? "follower" : this.connection;
  }

  subscribe(listener: ClientEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  markRead(id: string) {
    return this.call<{ notification: NotificationJson }>("markRead", { id });
  }
  markUnread(id: string) {
    return this.call<{ notification: NotificationJson }>("markUnread", { id });
  }
  markSeen(ids: string[]) {
    return this.call<{ updated: number }>("markSeen", { ids });
  }
  markAllRead() {
    return this.call<{ updated: number }>("markAllRead", {});
  }

  reconnect(): void {
    if (this.closed) return;
    if (this.role === "follower") return this.post({ k: "reconnect" });
    this.replaced = false;
    this.attempt = 0;
    if (this.role === "leader" && !this.socket?.connected) this.connectNow();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.abort.abort(); // a queued lock request
    // Disconnect before letting the next tab take over, so the user is not briefly counted twice.
    this.socket?.disconnect();
    this.releaseLock?.();
    this.channel?.close();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new RealtimeError(503, "The realtime client is closed"));
    }
    this.pending.clear();
    this.listeners.clear();
  }

  // --- roles ---------------------------------------------------------------------------------

  private start(channelName: string): void {
    if (this.closed) return;
    if (!this.locks) return this.lead();
    this.channel = new BroadcastChannel(channelName);
    this.channel.onmessage = (e: MessageEvent) => this.safely(() => this.onWire(e.data as Wire));
    void this.elect(this.locks);
  }

  private async elect(locks: LockManager): Promise<void> {
    const hold = (): Promise<void> => {
      if (this.closed) return Promise.resolve();
      // Held for the tab's lifetime: the browser releases it when the tab goes away.
      const held = new Promise<void>((resolve) => (this.releaseLock = resolve));
      this.lead();
      return held;
    };
    try {
      const won = await locks.request(this.lockName, { ifAvailable: true }, async (lock) => {
        if (!lock) return false;
        await hold();
        return true;
      });
      if (won || this.closed) return;
      this.follow();
      await locks.request(this.lockName, { signal: this.abort.signal }, hold);
    } catch (err) {
      if (this.closed) return; // the abort of a queued request
      console.warn("[herald] realtime: tab election failed; this tab connects on its own", err);
      this.channel?.close();
      this.channel = null;
      if (this.role !== "leader") this.lead();
    }
  }

  private follow(): void {
    this.role = "follower";
    this.emit({ type: "status", status: "follower" });
    this.post({ k: "hello", from: this.tabId });
    for (const [id, p] of this.pending)
      this.post({ k: "call", id, from: this.tabId, action: p.action, req: p.req });
  }

  private lead(): void {
    this.role = "leader";
    // Relayed events reached this tab as a follower; the shared storage may be further along.
    this.position = Math.max(this.position, this.storedPosition());
    this.post({ k: "leader", from: this.tabId });
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      clearTimeout(p.timer);
      this.perform(p.action, p.req).then(p.resolve, p.reject);
    }
    this.socket = this.createSocket();
    this.connectNow();
  }

  // --- tabs ----------------------------------------------------------------------------------

  private post(m: Wire): void {
    try {
      this.channel?.postMessage(m);
    } catch (err) {
      console.warn("[herald] realtime: could not reach the other tabs", err);
    }
  }

  private onWire(m: Wire): void {
    if (this.closed || typeof m !== "object" || m === null) return;
    if (this.role === "leader") {
      if (m.k === "hello") {
        this.post({ k: "event", to: m.from, event: { type: "status", status: this.connection } });
        if (this.unread !== null)
          this.post({ k: "event", to: m.from, event: { type: "unread:count", count: this.unread } });
      } else if (m.k === "call") {
        this.perform(m.action, m.req).then(
          (data) => this.post({ k: "reply", id: m.id, to: m.from, ok: true, data }),
          (err: unknown) =>
            this.post({
              k: "reply",
              id: m.id,
              to: m.from,
              ok: false,
              error: {
                code: err instanceof RealtimeError ? err.code : 500,
                message: err instanceof Error ? err.message : String(err),
              },
            }),
        );
      } else if (m.k === "reconnect") this.reconnect();
      return;
    }
    if (m.k === "event" && (!m.to || m.to === this.tabId)) this.onRelayed(m.event);
    else if (m.k === "leader")
      // A new leader never saw calls sent to the one before; actions are idempotent, so send again.
      for (const [id, p] of this.pending)
        this.post({ k: "call", id, from: this.tabId, action: p.action, req: p.req });
    else if (m.k === "reply" && m.to === this.tabId) {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.data);
      else p.reject(new RealtimeError(m.error.code, m.error.message));
    }
  }

  /** A follower keeps the same bookkeeping as the leader, so it can take over where it left off. */
  private onRelayed(e: ClientEvent): void {
    if (e.type === "status") {
      if (e.status !== "follower") this.connection = e.status;
      if (this.role === "follower")
        this.emit({
          type: "status",
          status: "follower",
          connection: this.connection,
          retryInMs: e.retryInMs,
        });
      return;
    }
    if (e.type === "notification:new" || e.type === "notification:updated") {
      this.known.set(e.notification.id, { seq: e.notification.change_seq, deleted: false });
    } else if (e.type === "notification:deleted") {
      this.known.set(e.id, { seq: e.change_seq, deleted: true });
    } else if (e.type === "synced") this.advance(e.position);
    else if (e.type === "unread:count") this.unread = e.count;
    this.emit(e);
  }

  // --- actions -------------------------------------------------------------------------------

  private call<T>(action: ActionName, req: object): Promise<T> {
    if (this.closed) return Promise.reject(new RealtimeError(503, "The realtime client is closed"));
    if (this.role === "leader") return this.perform(action, req) as Promise<T>;
    return new Promise<T>((resolve, reject) => {
      const id = newId();
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RealtimeError(504, "No answer from the tab holding the connection"));
      }, this.timeoutMs * 2); // the leader's own wait for the server, plus the relay
      this.pending.set(id, { action, req, resolve: resolve as (d: unknown) => void, reject, timer });
      // While electing, the call waits: follow() sends it, or lead() performs it.
      if (this.role === "follower") this.post({ k: "call", id, from: this.tabId, action, req });
    });
  }

  private async perform(action: ActionName, req: object): Promise<unknown> {
    const socket = this.socket as Socket | null; // untyped: the event name is one of several
    if (!socket || this.closed) throw new RealtimeError(503, "Not connected");
    if (this.replaced) throw new RealtimeError(503, "This connection was replaced by another one");
    let res: Ack<unknown>;
    try {
      // While reconnecting Socket.IO buffers the emit and sends it on connect; the timeout bounds that.
      res = (await socket.timeout(this.timeoutMs).emitWithAck(actionEvents[action], req)) as Ack<unknown>;
    } catch (err) {
      throw new RealtimeError(
        503,
        `No answer from the server (${err instanceof Error ? err.message : "error"})`,
      );
    }
    if (res?.ok) return res.data;
    throw new RealtimeError(res?.error?.code ?? 500, res?.error?.message ?? "Invalid answer from the server");
  }

  // --- connection ----------------------------------------------------------------------------

  private createSocket(): Socket<ServerEvents, ClientEvents> {
    const io = this.opts.io ?? defaultIo;
    const options = {
      path: this.opts.path ?? "/socket.io",
      autoConnect: false,
      // Socket.IO's backoff factor is fixed at 2; the seed's schedule is ×1.5, so retries are ours.
      reconnection: false,
      // A connection of its own: sharing a cached Manager would tie its lifetime to other sockets.
      forceNew: true,
      withCredentials: this.opts.token === undefined,
    };
    const socket: Socket<ServerEvents, ClientEvents> = this.opts.url
      ? io(this.opts.url, options)
      : io(options);
    const on =
      <A extends unknown[]>(fn: (...args: A) => void) =>
      (...args: A) =>
        this.safely(() => fn(...args));

    socket.on(
      "connect",
      on(() => this.onConnect()),
    );
    socket.on(
      "connect_error",
      on((err: Error) => {
        if (this.attempt === 0) console.warn("[herald] realtime: connection failed:", err.message);
        this.onDrop();
      }),
    );
    socket.on(
      "disconnect",
      on(() => this.onDrop()),
    );
    socket.on(
      "notification:new",
      on((n) => this.onLive({ kind: "upsert", notification: n, hint: "notification:new" })),
    );
    socket.on(
      "notification:updated",
      on((n) => this.onLive({ kind: "upsert", notification: n, hint: "notification:updated" })),
    );
    socket.on(
      "notification:deleted",
      on((d) => this.onLive({ kind: "delete", id: d?.id, change_seq: d?.change_seq })),
    );
    socket.on(
      "unread:count",
      on((d) => {
        // The sync ends with its own count, at least as fresh as any that came before its answer.
        if (this.syncing || typeof d?.count !== "number") return;
        this.unread = d.count;
        this.deliver({ type: "unread:count", count: d.count });
      }),
    );
    socket.on(
      "session:replaced",
      on((d) => {
        this.replaced = true;
        this.deliver({ type: "session:replaced", reason: d?.reason ?? "connection_limit" });
      }),
    );
    socket.on(
      "announcement:new",
      on((a) => this.deliver({ type: "announcement:new", announcement: a })),
    );
    socket.on(
      "announcement:updated",
      on((a) => this.deliver({ type: "announcement:updated", announcement: a })),
    );
    socket.on(
      "announcement:removed",
      on((a) => this.deliver({ type: "announcement:removed", id: a?.id })),
    );
    return socket;
  }

  private connectNow(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  private async connect(): Promise<void> {
    const socket = this.socket;
    if (!socket || this.closed || this.replaced || socket.connected) return;
    this.setConnection("connecting");
    const { token } = this.opts;
    if (token !== undefined) {
      try {
        socket.auth = { token: typeof token === "string" ? token : await token() };
      } catch (err) {
        console.warn("[herald] realtime: could not get a subscriber token", err);
        return this.scheduleReconnect();
      }
      if (this.closed || this.replaced) return;
    }
    socket.connect();
  }

  private onConnect(): void {
    this.generation += 1;
    this.attempt = 0;
    this.setConnection("connected");
    void this.sync(this.generation);
  }

  private onDrop(): void {
    this.generation += 1;
    this.syncing = false;
    this.buffered = [];
    if (this.closed || this.role !== "leader") return;
    if (this.replaced) return this.setConnection("disconnected");
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.closed || this.replaced) return;
    const delay = backoffDelay(this.attempt, this.backoff);
    this.attempt += 1;
    this.setConnection("disconnected", delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private setConnection(connection: ConnectionStatus, retryInMs?: number): void {
    this.connection = connection;
    this.deliver(
      retryInMs === undefined
        ? { type: "status", status: connection }
        : { type: "status", status: connection, retryInMs },
    );
  }

  // --- sync and dedupe -----------------------------------------------------------------------

  private async sync(generation: number): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    this.syncing = true;
    this.buffered = [];
    let after = this.position;
    try {
      for (;;) {
        const res: Ack<SyncPage> = await socket.timeout(this.timeoutMs).emitWithAck("sync", { after });
        if (generation !== this.generation || this.closed) return;
        if (!res?.ok)
          throw new RealtimeError(res?.error?.code ?? 500, res?.error?.message ?? "invalid answer");
        const page = res.data;
        for (const e of page.events) this.apply(fromSync(e));
        this.advance(page.last);
        if (!page.has_more) {
          this.syncing = false;
          // Live events held back during the sync come after it, in order; dedupe drops the overlap.
          const held = this.buffered;
          this.buffered = [];
          for (const c of held) this.apply(c);
          this.unread = page.unread_count;
          this.deliver({ type: "unread:count", count: page.unread_count });
          this.deliver({ type: "synced", position: this.position, unread_count: page.unread_count });
          return;
        }
        // Paging by the page's own end: a guard against a server that would loop on one page.
        if (page.last <= after) throw new RealtimeError(500, "sync made no progress");
        after = page.last;
      }
    } catch (err) {
      if (generation !== this.generation || this.closed) return;
      console.warn("[herald] realtime: sync failed; reconnecting", err);
      // Without a complete sync the inbox may miss changes: start over on a fresh connection.
      socket.disconnect(); // → onDrop → scheduleReconnect
    }
  }

  private onLive(c: Change): void {
    const valid = c.kind === "upsert" ? isNotification(c.notification) : typeof c.id === "string";
    if (!valid) return console.warn("[herald] realtime: ignored a malformed event", c);
    // Held until the sync answers, so the inbox sees changes in change_seq order.
    if (this.syncing) this.buffered.push(c);
    else this.apply(c);
    this.scheduleCheckpoint();
  }

  private checkpointTimer: ReturnType<typeof setTimeout> | undefined;

  /** A sync a little after live events stop, so the stored position keeps up with them. */
  private scheduleCheckpoint(): void {
    if (this.checkpointTimer || this.role !== "leader") return;
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = undefined;
      if (!this.closed && !this.syncing && this.socket?.connected) void this.sync(this.generation);
    }, this.opts.checkpointMs ?? 10_000);
    (this.checkpointTimer as { unref?: () => void }).unref?.();
  }

  // The resume position moves only with sync pages (`advance(page.last)`), never with live events:
  // two changes for one user are published independently and may arrive out of commit order, so a
  // live event's change_seq does not prove everything before it was seen. A quiet sync after a run of
  // live events (checkpoint) moves the position forward instead.
  private apply(c: Change): void {
    const id = c.kind === "upsert" ? c.notification.id : c.id;
    const seq = c.kind === "upsert" ? c.notification.change_seq : c.change_seq;
    const seen = this.known.get(id);
    if (seen && seen.seq >= seq) return; // already delivered (live and sync overlap)
    this.known.set(id, { seq, deleted: c.kind === "delete" });
    if (c.kind === "delete") return this.deliver({ type: "notification:deleted", id, change_seq: seq });
    const type = seen && !seen.deleted ? "notification:updated" : c.hint;
    this.deliver({ type, notification: c.notification });
  }

  private advance(seq: number): void {
    if (!(seq > this.position)) return;
    this.position = seq;
    if (this.role !== "leader" || !this.storage || !this.opts.storageKey) return;
    try {
      this.storage.setItem(this.opts.storageKey, String(seq));
    } catch {
      // Quota or privacy mode: the position then lives only as long as the page.
    }
  }

  private storedPosition(): number {
    if (!this.storage || !this.opts.storageKey) return 0;
    try {
      const n = Number(this.storage.getItem(this.opts.storageKey));
      return Number.isSafeInteger(n) && n > 0 ? n : 0;
    } catch {
      return 0;
    }
  }

  // --- delivery ------------------------------------------------------------------------------

  /** To this tab's listeners and, from the leader, to the other tabs. */
  private deliver(e: ClientEvent): void {
    if (this.closed) return;
    if (this.role === "leader") this.post({ k: "event", event: e });
    this.emit(e);
  }

  private emit(e: ClientEvent): void {
    for (const listener of this.listeners) this.safely(() => listener(e));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      console.warn("[herald] realtime: event handler failed", err);
    }
  }
}

function fromSync(e: SyncEvent): Change {
  return e.type === "upsert"
    ? { kind: "upsert", notification: e.notification, hint: "notification:new" }
    : { kind: "delete", id: e.id, change_seq: e.change_seq };
}

/**
 * The inbox's realtime feed. Events are changes: the list itself comes from REST (or from a sync
 * from position 0 when nothing is stored), and the UI upserts by notification id.
 */
export function createRealtimeClient(opts: RealtimeClientOptions = {}): RealtimeClient {
  return new Client(opts);
}
