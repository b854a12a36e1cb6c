// Which of a browser's tabs holds the shared connection: the one holding a Web Lock leads, the others
// follow and talk to it over a BroadcastChannel. Without either API every tab leads on its own.

export type TabRole = "electing" | "leader" | "follower";

export type TabLeaderOptions = {
  /** Tabs sharing these share one leader: make them per user when one origin serves several. */
  channelName: string;
  lockName: string;
  /** Defaults to `navigator.locks`; `null` (or no BroadcastChannel) makes every tab lead. */
  locks?: LockManager | null;
};

export type TabLeaderHandlers<M> = {
  /** This tab leads now, for the rest of its life. */
  lead(): void;
  /** Another tab leads; this one waits in line to take over. */
  follow(): void;
  /** A message from another tab, addressed to every tab or to this one. */
  message(body: M, from: string): void;
};

export type TabLeader<M> = {
  readonly role: TabRole;
  readonly tabId: string;
  /** Elects; call once the handlers can run. */
  start(): void;
  /** To every other tab, or to the tab `to` alone. */
  post(body: M, to?: string): void;
  /** Leaves the line, or lets the next tab lead. */
  close(): void;
};

type Envelope<M> = { from: string; to?: string; body: M };

// crypto.randomUUID needs a secure context; a self-hosted Herald may be served over plain http.
const newTabId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export function createTabLeader<M>(opts: TabLeaderOptions, handlers: TabLeaderHandlers<M>): TabLeader<M> {
  const tabId = newTabId();
  const requested = opts.locks === undefined ? (globalThis.navigator?.locks ?? null) : opts.locks;
  const locks = typeof BroadcastChannel === "undefined" ? null : requested;
  const abort = new AbortController();
  let role: TabRole = "electing";
  let isClosed = false;
  let channel: BroadcastChannel | null = null;
  let releaseLock: (() => void) | null = null;

  const lead = () => {
    role = "leader";
    handlers.lead();
  };

  const onMessage = (event: MessageEvent) => {
    const envelope = event.data as Envelope<M> | null;
    if (isClosed || typeof envelope !== "object" || envelope === null) return;
    if (envelope.to && envelope.to !== tabId) return;
    try {
      handlers.message(envelope.body, envelope.from);
    } catch (err) {
      console.warn("[herald] realtime: a message from another tab failed", err);
    }
  };

  const elect = async (lockManager: LockManager): Promise<void> => {
    const hold = (): Promise<void> => {
      if (isClosed) return Promise.resolve();
      // Held for the tab's lifetime: the browser releases it when the tab goes away.
      const held = new Promise<void>((resolve) => (releaseLock = resolve));
      lead();
      return held;
    };
    try {
      const isWon = await lockManager.request(opts.lockName, { ifAvailable: true }, async (lock) => {
        if (!lock) return false;
        await hold();
        return true;
      });
      if (isWon || isClosed) return;
      role = "follower";
      handlers.follow();
      await lockManager.request(opts.lockName, { signal: abort.signal }, hold);
    } catch (err) {
      if (isClosed) return; // the abort of a queued request
      console.warn("[herald] realtime: tab election failed; this tab connects on its own", err);
      channel?.close();
      channel = null;
      if (role !== "leader") lead();
    }
  };

  return {
    get role() {
      return role;
    },
    tabId,
    start() {
      if (isClosed) return;
      if (!locks) return lead();
      channel = new BroadcastChannel(opts.channelName);
      channel.onmessage = onMessage;
      void elect(locks);
    },
    post(body, to) {
      const envelope: Envelope<M> = to === undefined ? { from: tabId, body } : { from: tabId, to, body };
      try {
        channel?.postMessage(envelope);
      } catch (err) {
        console.warn("[herald] realtime: could not reach the other tabs", err);
      }
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      abort.abort(); // a queued lock request
      releaseLock?.();
      channel?.close();
    },
  };
}
