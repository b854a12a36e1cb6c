// The browser side of the realtime contract: one Socket.IO connection per browser, held by the tab
// that leads (tab-leader.ts) and shared with the others over a BroadcastChannel; it reconnects with
// backoff (transport.ts) and replays what it missed with `sync` on every connect (sync-state.ts).
// It only reads: the inbox writes (read, unread, delete, mark all) over REST.
import { SyncState, type SyncOutput } from "./sync-state.ts";
import { createTabLeader, type TabLeader } from "./tab-leader.ts";
import {
  createTransport,
  type ConnectionStatus,
  type ServerNotice,
  type Transport,
  type TransportOptions,
} from "./transport.ts";

export type { ConnectionStatus } from "./transport.ts";
/** `follower`: another tab holds the connection and relays its events to this one. */
export type RealtimeStatus = ConnectionStatus | "follower";

export type ClientEvent =
  | SyncOutput
  | ServerNotice
  /**
   * `connection` is the leader tab's state (on followers); `retryInMs` is set while waiting to
   * reconnect.
   */
  | { type: "status"; status: RealtimeStatus; connection?: ConnectionStatus; retryInMs?: number };

export type ClientEventListener = (event: ClientEvent) => void;

type StorageLike = Pick<Storage, "getItem" | "setItem">;

export type RealtimeClientOptions = TransportOptions & {
  /**
   * Where to keep the sync position in localStorage so a reload resumes. Positions are per
   * recipient: include the user in the key. Omitted: not persisted (each page load syncs from 0).
   */
  storageKey?: string;
  /** Defaults to `localStorage` when the browser allows it. */
  storage?: StorageLike | null;
  /** Tabs sharing these share one connection: make them per user when one origin serves several. */
  channelName?: string;
  lockName?: string;
  /** Defaults to `navigator.locks`; `null` (or no BroadcastChannel) makes every tab connect on its own. */
  locks?: LockManager | null;
  /** How long after live events stop to sync once more, moving the stored position (default 10 s). */
  checkpointMs?: number;
};

export type RealtimeClient = {
  subscribe(listener: ClientEventListener): () => void;
  readonly status: RealtimeStatus;
  /** Connect now (after `session:replaced` or `session:revoked`, or to skip the backoff wait). */
  reconnect(): void;
  close(): void;
};

/** Messages between tabs: the leader's events, a newcomer's hello, a follower's reconnect request. */
type TabMessage = { kind: "event"; event: ClientEvent } | { kind: "hello" } | { kind: "reconnect" };

function defaultStorage(): StorageLike | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // access itself throws with storage blocked (privacy settings, sandboxed frames)
  }
}

const isSyncOutput = (event: ClientEvent): event is SyncOutput =>
  event.type.startsWith("notification:") || event.type === "unread:count" || event.type === "synced";

class Client implements RealtimeClient {
  private readonly listeners = new Set<ClientEventListener>();
  private readonly storage: StorageLike | null;
  private readonly tabs: TabLeader<TabMessage>;
  private readonly syncState: SyncState;
  private transport: Transport | null = null;
  /** The shared connection's state: this tab's own when it leads, the leader's as relayed otherwise. */
  private connection: ConnectionStatus = "disconnected";
  private isClosed = false;
  private checkpointTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly opts: RealtimeClientOptions) {
    this.storage = opts.storageKey ? (opts.storage === undefined ? defaultStorage() : opts.storage) : null;
    this.syncState = new SyncState(this.storedPosition());
    this.tabs = createTabLeader<TabMessage>(
      {
        channelName: opts.channelName ?? "herald-realtime",
        lockName: opts.lockName ?? "herald-realtime-leader",
        locks: opts.locks,
      },
      {
        lead: () => this.lead(),
        follow: () => {
          this.emit({ type: "status", status: "follower" });
          this.tabs.post({ kind: "hello" });
        },
        message: (body, from) => this.onTabMessage(body, from),
      },
    );
    // Start after the caller had the chance to subscribe to the first status events.
    queueMicrotask(() => this.tabs.start());
  }

  get status(): RealtimeStatus {
    return this.tabs.role === "follower" ? "follower" : this.connection;
  }

  subscribe(listener: ClientEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reconnect(): void {
    if (this.isClosed) return;
    if (this.tabs.role === "follower") this.tabs.post({ kind: "reconnect" });
    else this.transport?.reconnect();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    clearTimeout(this.checkpointTimer);
    // Disconnect before letting the next tab take over, so the user is not briefly counted twice.
    this.transport?.close();
    this.tabs.close();
    this.listeners.clear();
  }

  // --- roles ---------------------------------------------------------------------------------

  private lead(): void {
    // Relayed events reached this tab as a follower; the shared storage may be further along.
    this.syncState.resumeFrom(this.storedPosition());
    this.transport = createTransport(this.opts, {
      status: (connection, retryInMs) => {
        this.connection = connection;
        this.deliver(
          retryInMs === undefined
            ? { type: "status", status: connection }
            : { type: "status", status: connection, retryInMs },
        );
      },
      connected: () => void this.sync(),
      dropped: () => this.syncState.interrupt(),
      change: (change) => {
        this.deliverAll(this.syncState.live(change));
        this.scheduleCheckpoint();
      },
      unread: (count) => this.deliverAll(this.syncState.liveUnread(count)),
      notice: (notice) => this.deliver(notice),
    });
    this.transport.start();
  }

  private onTabMessage(body: TabMessage, from: string): void {
    if (this.isClosed) return;
    if (this.tabs.role === "leader") {
      if (body.kind === "hello") {
        this.tabs.post({ kind: "event", event: { type: "status", status: this.connection } }, from);
        const { unread } = this.syncState;
        if (unread !== null)
          this.tabs.post({ kind: "event", event: { type: "unread:count", count: unread } }, from);
      } else if (body.kind === "reconnect") this.reconnect();
    } else if (body.kind === "event") this.onRelayed(body.event);
  }

  /** A follower keeps the same bookkeeping as the leader, so it can take over where it left off. */
  private onRelayed(event: ClientEvent): void {
    if (event.type === "status") {
      if (event.status !== "follower") this.connection = event.status;
      if (this.tabs.role === "follower")
        this.emit({
          type: "status",
          status: "follower",
          connection: this.connection,
          retryInMs: event.retryInMs,
        });
      return;
    }
    if (isSyncOutput(event)) this.syncState.relayed(event);
    this.emit(event);
  }

  // --- sync ----------------------------------------------------------------------------------

  private async sync(): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    const generation = transport.generation;
    let after = this.syncState.begin();
    try {
      for (;;) {
        const page = await transport.fetchPage(after);
        if (generation !== transport.generation || this.isClosed) return;
        const { outputs, next } = this.syncState.page(page, after);
        this.storePosition();
        this.deliverAll(outputs);
        if (next === null) return;
        after = next;
      }
    } catch (err) {
      if (generation !== transport.generation || this.isClosed) return;
      console.warn("[herald] realtime: sync failed; reconnecting", err);
      // Without a complete sync the inbox may miss changes: start over on a fresh connection.
      transport.restart();
    }
  }

  /** A sync a little after live events stop, so the stored position keeps up with them. */
  private scheduleCheckpoint(): void {
    if (this.checkpointTimer || this.tabs.role !== "leader") return;
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = undefined;
      if (!this.isClosed && !this.syncState.isSyncing && this.transport?.isConnected) void this.sync();
    }, this.opts.checkpointMs ?? 10_000);
    (this.checkpointTimer as { unref?: () => void }).unref?.();
  }

  private storePosition(): void {
    if (!this.storage || !this.opts.storageKey) return;
    try {
      this.storage.setItem(this.opts.storageKey, String(this.syncState.position));
    } catch {
      // Quota or privacy mode: the position then lives only as long as the page.
    }
  }

  private storedPosition(): number {
    if (!this.storage || !this.opts.storageKey) return 0;
    try {
      const stored = Number(this.storage.getItem(this.opts.storageKey));
      return Number.isSafeInteger(stored) && stored > 0 ? stored : 0;
    } catch {
      return 0;
    }
  }

  // --- delivery ------------------------------------------------------------------------------

  private deliverAll(events: ClientEvent[]): void {
    for (const event of events) this.deliver(event);
  }

  /** To this tab's listeners and, from the leader, to the other tabs. */
  private deliver(event: ClientEvent): void {
    if (this.isClosed) return;
    if (this.tabs.role === "leader") this.tabs.post({ kind: "event", event });
    this.emit(event);
  }

  private emit(event: ClientEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        console.warn("[herald] realtime: event handler failed", err);
      }
    }
  }
}

/**
 * The inbox's realtime feed. Events are changes: the list itself comes from REST (or from a sync
 * from position 0 when nothing is stored), and the UI upserts by notification id.
 */
export function createRealtimeClient(opts: RealtimeClientOptions = {}): RealtimeClient {
  return new Client(opts);
}
