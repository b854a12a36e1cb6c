// The browser realtime client against a real Socket.IO server that plays the server side of the
// protocol from an in-memory list. Node 24 has BroadcastChannel and navigator.locks (Web Locks), so
// the leader election runs on the real APIs: two clients in one process behave like two tabs.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "socket.io";
import { io as ioClient } from "socket.io-client";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { NotificationJson } from "../notifications/serialize";
import {
  backoffDelay,
  createRealtimeClient,
  defaultBackoff,
  RealtimeError,
  type ClientEvent,
  type RealtimeClient,
  type RealtimeClientOptions,
} from "./client";
import type { Ack, SyncEvent, SyncPage } from "./protocol";

type Row = { n: NotificationJson; deleted: boolean };
type Live = { live?: boolean };

function makeNotification(seq: number, title: string): NotificationJson {
  return {
    id: randomUUID(),
    seq,
    change_seq: seq,
    user_id: "alice",
    tenant_id: "00000000-0000-0000-0000-000000000001",
    title,
    content: `${title} body`,
    type: "info",
    priority: "normal",
    status: "sent",
    channels: ["app"],
    metadata: {},
    template_code: null,
    batch_id: null,
    created_at: new Date().toISOString(),
    scheduled_at: null,
    sent_at: new Date().toISOString(),
    read_at: null,
    seen_at: null,
    recalled_at: null,
  };
}

/** The protocol's server side over a list; every change takes the next change_seq, as in the database. */
async function startServer(opts: { pageSize?: number; token?: string } = {}) {
  const pageSize = opts.pageSize ?? 2;
  const http = createServer();
  const io = new Server(http);
  const rows = new Map<string, Row>();
  let changeSeq = 0;
  let seq = 0;
  const state = {
    connections: 0,
    syncCalls: [] as number[],
    /** Runs inside the sync handler before it answers: lets a test race live events against a sync. */
    beforeSyncAnswer: null as null | ((after: number) => void),
  };
  const unread = () => [...rows.values()].filter((r) => !r.deleted && r.n.read_at === null).length;
  const broadcastCount = () => io.emit("unread:count", { count: unread() });

  if (opts.token)
    io.use((socket, next) =>
      next(socket.handshake.auth.token === opts.token ? undefined : new Error("unauthorized")),
    );
  io.on("connection", (socket: Socket) => {
    state.connections += 1;
    socket.on("sync", (req: { after: number }, ack: (res: Ack<SyncPage>) => void) => {
      state.syncCalls.push(req.after);
      state.beforeSyncAnswer?.(req.after);
      const after = [...rows.values()]
        .filter((r) => r.n.change_seq > req.after)
        .sort((a, b) => a.n.change_seq - b.n.change_seq);
      const page = after.slice(0, pageSize);
      const events: SyncEvent[] = page.map((r) =>
        r.deleted
          ? { type: "delete", id: r.n.id, change_seq: r.n.change_seq }
          : { type: "upsert", notification: r.n },
      );
      ack({
        ok: true,
        data: {
          events,
          last: page.at(-1)?.n.change_seq ?? req.after,
          has_more: after.length > pageSize,
          unread_count: unread(),
        },
      });
    });
    socket.on("notification:read", (req: { id: string }, ack: (res: Ack<unknown>) => void) => {
      const row = rows.get(req.id);
      if (!row || row.deleted)
        return ack({ ok: false, error: { code: 404, message: "Notification not found" } });
      ack({ ok: true, data: { notification: server.markRead(req.id) } });
    });
    socket.on("notification:read_all", (_req: unknown, ack: (res: Ack<unknown>) => void) => {
      const ids = [...rows.values()].filter((r) => !r.deleted && r.n.read_at === null).map((r) => r.n.id);
      for (const id of ids) server.markRead(id);
      ack({ ok: true, data: { updated: ids.length } });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));

  const server = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    io,
    state,
    /** Sockets open right now. */
    open: () => io.of("/").sockets.size,
    add(title: string, { live = true }: Live = {}): NotificationJson {
      changeSeq += 1;
      seq += 1;
      const n = { ...makeNotification(seq, title), change_seq: changeSeq };
      rows.set(n.id, { n, deleted: false });
      if (live) {
        io.emit("notification:new", n);
        broadcastCount();
      }
      return n;
    },
    markRead(id: string, { live = true }: Live = {}): NotificationJson {
      const row = rows.get(id)!;
      changeSeq += 1;
      row.n = { ...row.n, read_at: new Date().toISOString(), change_seq: changeSeq };
      if (live) {
        io.emit("notification:updated", row.n);
        broadcastCount();
      }
      return row.n;
    },
    remove(id: string, { live = true }: Live = {}): void {
      const row = rows.get(id)!;
      changeSeq += 1;
      row.deleted = true;
      row.n = { ...row.n, change_seq: changeSeq };
      if (live) {
        io.emit("notification:deleted", { id, change_seq: changeSeq });
        broadcastCount();
      }
    },
    /** What an inbox should show: the visible rows in their latest state. */
    visible: () =>
      [...rows.values()]
        .filter((r) => !r.deleted)
        .map((r) => r.n)
        .sort((a, b) => a.change_seq - b.change_seq),
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
  return server;
}

/** An inbox as the UI would keep it, plus everything the client said. */
function watch(client: RealtimeClient) {
  const events: ClientEvent[] = [];
  const list = new Map<string, NotificationJson>();
  const delivered = new Map<string, number>();
  /** Deliveries of a notification at a change_seq it had already been delivered at (or past). */
  const duplicates: string[] = [];
  client.subscribe((e) => {
    events.push(e);
    if (e.type === "notification:new" || e.type === "notification:updated") {
      const { id, change_seq, title } = e.notification;
      if ((delivered.get(id) ?? 0) >= change_seq) duplicates.push(`${title}@${change_seq}`);
      delivered.set(id, change_seq);
      list.set(id, e.notification);
    } else if (e.type === "notification:deleted") list.delete(e.id);
  });
  return {
    events,
    duplicates,
    list: () => [...list.values()].sort((a, b) => a.change_seq - b.change_seq),
    newTitles: () => events.flatMap((e) => (e.type === "notification:new" ? [e.notification.title] : [])),
    count: (type: ClientEvent["type"]) => events.filter((e) => e.type === type).length,
    statuses: () => events.flatMap((e) => (e.type === "status" ? [e.status] : [])),
    last: <T extends ClientEvent["type"]>(type: T) =>
      events.findLast((e): e is Extract<ClientEvent, { type: T }> => e.type === type),
  };
}

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

const fast = { initialMs: 20, factor: 1.5, maxMs: 100, jitter: 0 };
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
  vi.restoreAllMocks();
});

async function setup(serverOpts?: Parameters<typeof startServer>[0]) {
  const server = await startServer(serverOpts);
  cleanups.push(server.close);
  // Unique names: other test files may run in this process, and the Web Locks are process-wide.
  const shared = { channelName: `herald-test-${randomUUID()}`, lockName: `herald-test-${randomUUID()}` };
  const client = (opts: RealtimeClientOptions = {}) => {
    const c = createRealtimeClient({ url: server.url, io: ioClient, backoff: fast, ...shared, ...opts });
    cleanups.push(() => c.close());
    return c;
  };
  return { server, client };
}

const waitFor = (fn: () => void, timeout = 5_000) => vi.waitFor(fn, { timeout, interval: 10 });

describe("backoffDelay", () => {
  it("follows seed §7.3: 3 s, ×1.5 each time, capped at 30 s", () => {
    const noJitter = { ...defaultBackoff, jitter: 0 };
    const delays = Array.from({ length: 9 }, (_, i) => backoffDelay(i, noJitter));
    expect(delays).toEqual([3000, 4500, 6750, 10125, 15188, 22781, 30000, 30000, 30000]);
  });

  it("spreads retries by ±20 %", () => {
    expect(backoffDelay(0, defaultBackoff, () => 0)).toBe(2400);
    expect(backoffDelay(0, defaultBackoff, () => 1)).toBe(3600);
    expect(backoffDelay(20, defaultBackoff, () => 0)).toBe(24000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(1, defaultBackoff);
      expect(d).toBeGreaterThanOrEqual(3600);
      expect(d).toBeLessThanOrEqual(5400);
    }
  });
});

describe("realtime client", () => {
  it("syncs everything after the stored position on connect, once and in order, page by page", async () => {
    const { server, client } = await setup({ pageSize: 2 });
    const seen = ["one", "two"].map((t) => server.add(t));
    for (const t of ["three", "four", "five", "six", "seven"]) server.add(t);
    server.remove(seen[1]!.id, { live: false }); // "two" was delivered before; now it is gone
    const storage = memoryStorage({ inbox: String(seen[1]!.change_seq) });

    const inbox = watch(client({ storage, storageKey: "inbox" }));
    await waitFor(() => expect(inbox.count("synced")).toBe(1));

    expect(inbox.newTitles()).toEqual(["three", "four", "five", "six", "seven"]);
    expect(inbox.last("notification:deleted")).toMatchObject({ id: seen[1]!.id });
    expect(inbox.duplicates).toEqual([]);
    expect(server.state.syncCalls).toEqual([2, 4, 6]); // pages of two while has_more
    expect(inbox.last("unread:count")).toEqual({ type: "unread:count", count: 6 });
    expect(inbox.last("synced")).toEqual({ type: "synced", position: 8, unread_count: 6 });
    expect(storage.data.get("inbox")).toBe("8"); // a reload resumes here
    expect(inbox.statuses()).toEqual(["connecting", "connected"]);
  });

  it("does not deliver a live notification twice when it overlaps a sync", async () => {
    const { server, client } = await setup({ pageSize: 10 });
    server.add("before");
    let raced: NotificationJson | undefined;
    server.state.beforeSyncAnswer = () => {
      server.state.beforeSyncAnswer = null;
      raced = server.add("during"); // live event goes out before the sync answer that includes it
    };

    const inbox = watch(client());
    await waitFor(() => expect(inbox.count("synced")).toBe(1));
    server.io.emit("notification:new", raced); // and once more after it, as a late duplicate
    server.markRead(raced!.id);
    server.io.emit("notification:updated", raced); // a stale state must not undo the read
    server.add("after");
    await waitFor(() => expect(inbox.newTitles()).toContain("after"));

    expect(inbox.newTitles()).toEqual(["before", "during", "after"]);
    expect(inbox.count("notification:updated")).toBe(1);
    expect(inbox.duplicates).toEqual([]);
    expect(inbox.list()).toEqual(server.visible());
  });

  it("reconnects after the server drops it and ends with exactly the server's list", async () => {
    const { server, client } = await setup({ pageSize: 2 });
    const a = server.add("a");
    const b = server.add("b");
    const inbox = watch(client());
    await waitFor(() => expect(inbox.count("synced")).toBe(1));

    server.io.disconnectSockets(true);
    await waitFor(() => expect(server.open()).toBe(0));
    // While it is away: new ones, a read and a delete it can only learn about from sync.
    for (const t of ["c", "d", "e"]) server.add(t, { live: false });
    server.markRead(a.id, { live: false });
    server.remove(b.id, { live: false });

    await waitFor(() => expect(inbox.count("synced")).toBe(2));
    expect(server.state.connections).toBe(2);
    expect(inbox.list()).toEqual(server.visible());
    expect(inbox.duplicates).toEqual([]);
    expect(inbox.last("unread:count")?.count).toBe(3);
    expect(inbox.statuses()).toEqual(["connecting", "connected", "disconnected", "connecting", "connected"]);

    server.add("live again"); // and live delivery works on the new connection
    await waitFor(() => expect(inbox.list()).toEqual(server.visible()));
  });

  it("grows the wait between failed attempts and starts over after a successful connect", async () => {
    const { server, client } = await setup({ token: "secret" });
    let token = "wrong";
    const getToken = vi.fn(async () => token);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const inbox = watch(
      client({ token: getToken, backoff: { initialMs: 10, factor: 2, maxMs: 40, jitter: 0 } }),
    );
    const waits = () =>
      inbox.events.flatMap((e) => (e.type === "status" && e.retryInMs ? [e.retryInMs] : []));

    await waitFor(() => expect(waits().length).toBeGreaterThanOrEqual(4));
    expect(waits().slice(0, 4)).toEqual([10, 20, 40, 40]);
    expect(console.warn).toHaveBeenCalledTimes(1); // one warning for a run of failures, not one per try

    token = "secret"; // the token function is asked again on every attempt
    await waitFor(() => expect(inbox.count("synced")).toBe(1));
    expect(getToken.mock.calls.length).toBeGreaterThanOrEqual(5);

    const before = waits().length;
    server.io.disconnectSockets(true);
    await waitFor(() => expect(inbox.count("synced")).toBe(2));
    expect(waits().slice(before)).toEqual([10]);
  });

  it("stays down after session:replaced until asked to reconnect", async () => {
    const { server, client } = await setup();
    const realtime = client();
    const inbox = watch(realtime);
    await waitFor(() => expect(inbox.count("synced")).toBe(1));

    for (const socket of server.io.of("/").sockets.values()) {
      socket.emit("session:replaced", { reason: "connection_limit" });
      socket.disconnect(true);
    }
    await waitFor(() => expect(realtime.status).toBe("disconnected"));
    expect(inbox.last("session:replaced")).toEqual({ type: "session:replaced", reason: "connection_limit" });
    await new Promise((r) => setTimeout(r, 200)); // ten times the first backoff wait
    expect(server.state.connections).toBe(1);
    await expect(realtime.markRead(randomUUID())).rejects.toMatchObject({ code: 503 });

    realtime.reconnect();
    await waitFor(() => expect(inbox.count("synced")).toBe(2));
    expect(server.state.connections).toBe(2);
  });

  it("answers actions from the server's ack and rejects with its error", async () => {
    const { server, client } = await setup();
    const n = server.add("x");
    server.add("y");
    const realtime = client();
    await waitFor(() => expect(realtime.status).toBe("connected"));

    const { notification } = await realtime.markRead(n.id);
    expect(notification.read_at).not.toBeNull();
    await expect(realtime.markAllRead()).resolves.toEqual({ updated: 1 });
    const err = await realtime.markRead(randomUUID()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RealtimeError);
    expect(err).toMatchObject({ code: 404, message: "Notification not found" });
  });

  it("opens one socket for several tabs, relays events and actions, and hands over when the leader closes", async () => {
    const { server, client } = await setup();
    const first = server.add("first");
    const leader = client();
    const leaderInbox = watch(leader);
    await waitFor(() => expect(leaderInbox.count("synced")).toBe(1));
    const follower = client();
    const followerInbox = watch(follower);
    await waitFor(() => expect(follower.status).toBe("follower"));
    // The newcomer learns the leader's state without a connection of its own.
    await waitFor(() => expect(followerInbox.last("status")).toMatchObject({ connection: "connected" }));
    expect(followerInbox.last("unread:count")?.count).toBe(1);

    const second = server.add("second");
    await waitFor(() => expect(followerInbox.newTitles()).toEqual(["second"]));
    expect(server.state.connections).toBe(1);

    // The follower's action goes through the leader's socket; the answer comes back to it alone.
    const { notification } = await follower.markRead(second.id);
    expect(notification).toMatchObject({ id: second.id, read_at: expect.any(String) });
    await expect(follower.markRead(randomUUID())).rejects.toMatchObject({ code: 404 });
    await waitFor(() => expect(followerInbox.last("notification:updated")?.notification.id).toBe(second.id));
    // Called before its election settled: held, then sent once it knows it is a follower.
    const third = client();
    await expect(third.markAllRead()).resolves.toEqual({ updated: 1 });
    expect(third.status).toBe("follower");
    third.close();
    await waitFor(() => expect(followerInbox.last("notification:updated")?.notification.id).toBe(first.id));
    const position = followerInbox.last("notification:updated")!.notification.change_seq;

    leader.close();
    await waitFor(() => expect(follower.status).toBe("connected"));
    await waitFor(() => expect(followerInbox.count("synced")).toBe(1));
    expect(server.state.connections).toBe(2);
    await waitFor(() => expect(server.open()).toBe(1));
    // It resumed at or before what it had been relayed (positions move only with syncs, so it
    // never skips a change), and nothing it had seen is delivered again.
    expect(server.state.syncCalls.at(-1)).toBeLessThanOrEqual(position);
    expect(followerInbox.duplicates).toEqual([]);

    server.add("after the handover");
    await waitFor(() => expect(followerInbox.newTitles()).toEqual(["second", "after the handover"]));
    await expect(follower.markAllRead()).resolves.toEqual({ updated: 1 });
  });

  it("connects from every tab when Web Locks are unavailable", async () => {
    const { server, client } = await setup();
    const a = client({ locks: null });
    const b = client({ locks: null });
    await waitFor(() => expect([a.status, b.status]).toEqual(["connected", "connected"]));
    expect(server.open()).toBe(2);
  });

  it("keeps delivering when a listener throws", async () => {
    const { server, client } = await setup();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const realtime = client();
    realtime.subscribe(() => {
      throw new Error("boom");
    });
    const inbox = watch(realtime);
    server.add("x", { live: false });
    await waitFor(() => expect(inbox.newTitles()).toEqual(["x"]));
    expect(warn).toHaveBeenCalled();
  });
});
