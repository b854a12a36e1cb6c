// The browser realtime client against a real Socket.IO server that plays the server side of the
// protocol from an in-memory list. Node 24 has BroadcastChannel and navigator.locks (Web Locks), so
// the leader election runs on the real APIs: two clients in one process behave like two tabs.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "socket.io";
import { io as ioClient } from "socket.io-client";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Notification } from "../src/types.ts";
import {
  createRealtimeClient,
  type ClientEvent,
  type RealtimeClient,
  type RealtimeClientOptions,
} from "../src/realtime/client.ts";
import type { Ack, SyncEvent, SyncPage } from "../src/realtime/protocol.ts";

type Row = { notification: Notification; deleted: boolean };
type Live = { live?: boolean };

function makeNotification(seq: number, title: string): Notification {
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
    group_key: null,
    created_at: new Date().toISOString(),
    scheduled_at: null,
    sent_at: new Date().toISOString(),
    read_at: null,
    seen_at: null,
    recalled_at: null,
    archived_at: null,
    snoozed_until: null,
    interacted_at: null,
    actions: [],
    image_url: null,
    avatar: null,
    expires_at: null,
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
    /** The token the handshake accepts; changing it refuses the old one from the next connect on. */
    token: opts.token,
    connections: 0,
    syncCalls: [] as number[],
    /** Runs inside the sync handler before it answers: lets a test race live events against a sync. */
    beforeSyncAnswer: null as null | ((after: number) => void),
  };
  const unread = () =>
    [...rows.values()].filter((row) => !row.deleted && row.notification.read_at === null).length;
  const broadcastCount = () => io.emit("unread:count", { count: unread() });

  if (opts.token)
    io.use((socket, next) =>
      next(socket.handshake.auth.token === state.token ? undefined : new Error("unauthorized")),
    );
  io.on("connection", (socket: Socket) => {
    state.connections += 1;
    socket.on("sync", (req: { after: number }, ack: (res: Ack<SyncPage>) => void) => {
      state.syncCalls.push(req.after);
      state.beforeSyncAnswer?.(req.after);
      const after = [...rows.values()]
        .filter((row) => row.notification.change_seq > req.after)
        .sort((first, second) => first.notification.change_seq - second.notification.change_seq);
      const page = after.slice(0, pageSize);
      const events: SyncEvent[] = page.map((row) =>
        row.deleted
          ? { type: "delete", id: row.notification.id, change_seq: row.notification.change_seq }
          : { type: "upsert", notification: row.notification },
      );
      ack({
        ok: true,
        data: {
          events,
          last: page.at(-1)?.notification.change_seq ?? req.after,
          has_more: after.length > pageSize,
          unread_count: unread(),
        },
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));

  const server = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    io,
    state,
    /** Sockets open right now. */
    open: () => io.of("/").sockets.size,
    add(title: string, { live = true }: Live = {}): Notification {
      changeSeq += 1;
      seq += 1;
      const added = { ...makeNotification(seq, title), change_seq: changeSeq };
      rows.set(added.id, { notification: added, deleted: false });
      if (live) {
        io.emit("notification:new", added);
        broadcastCount();
      }
      return added;
    },
    markRead(id: string, { live = true }: Live = {}): Notification {
      const row = rows.get(id)!;
      changeSeq += 1;
      row.notification = { ...row.notification, read_at: new Date().toISOString(), change_seq: changeSeq };
      if (live) {
        io.emit("notification:updated", row.notification);
        broadcastCount();
      }
      return row.notification;
    },
    remove(id: string, { live = true }: Live = {}): void {
      const row = rows.get(id)!;
      changeSeq += 1;
      row.deleted = true;
      row.notification = { ...row.notification, change_seq: changeSeq };
      if (live) {
        io.emit("notification:deleted", { id, change_seq: changeSeq });
        broadcastCount();
      }
    },
    /** What an inbox should show: the visible rows in their latest state. */
    visible: () =>
      [...rows.values()]
        .filter((row) => !row.deleted)
        .map((row) => row.notification)
        .sort((first, second) => first.change_seq - second.change_seq),
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
  return server;
}

/** An inbox as the UI would keep it, plus everything the client said. */
function watch(client: RealtimeClient) {
  const events: ClientEvent[] = [];
  const list = new Map<string, Notification>();
  const delivered = new Map<string, number>();
  /** Deliveries of a notification at a change_seq it had already been delivered at (or past). */
  const duplicates: string[] = [];
  client.subscribe((event) => {
    events.push(event);
    if (event.type === "notification:new" || event.type === "notification:updated") {
      const { id, change_seq, title } = event.notification;
      if ((delivered.get(id) ?? 0) >= change_seq) duplicates.push(`${title}@${change_seq}`);
      delivered.set(id, change_seq);
      list.set(id, event.notification);
    } else if (event.type === "notification:deleted") list.delete(event.id);
  });
  return {
    events,
    duplicates,
    list: () => [...list.values()].sort((first, second) => first.change_seq - second.change_seq),
    newTitles: () =>
      events.flatMap((event) => (event.type === "notification:new" ? [event.notification.title] : [])),
    count: (type: ClientEvent["type"]) => events.filter((event) => event.type === type).length,
    statuses: () => events.flatMap((event) => (event.type === "status" ? [event.status] : [])),
    last: <T extends ClientEvent["type"]>(type: T) =>
      events.findLast((event): event is Extract<ClientEvent, { type: T }> => event.type === type),
  };
}

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
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
    const created = createRealtimeClient({
      url: server.url,
      io: ioClient,
      backoff: fast,
      ...shared,
      ...opts,
    });
    cleanups.push(() => created.close());
    return created;
  };
  return { server, client };
}

const waitFor = (fn: () => void, timeout = 5_000) => vi.waitFor(fn, { timeout, interval: 10 });

describe("realtime client", () => {
  it("syncs everything after the stored position on connect, once and in order, page by page", async () => {
    const { server, client } = await setup({ pageSize: 2 });
    const seen = ["one", "two"].map((title) => server.add(title));
    for (const title of ["three", "four", "five", "six", "seven"]) server.add(title);
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
    let raced: Notification | undefined;
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
    const readLater = server.add("a");
    const removedLater = server.add("b");
    const inbox = watch(client());
    await waitFor(() => expect(inbox.count("synced")).toBe(1));

    server.io.disconnectSockets(true);
    await waitFor(() => expect(server.open()).toBe(0));
    // While it is away: new ones, a read and a delete it can only learn about from sync.
    for (const title of ["c", "d", "e"]) server.add(title, { live: false });
    server.markRead(readLater.id, { live: false });
    server.remove(removedLater.id, { live: false });

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
      inbox.events.flatMap((event) => (event.type === "status" && event.retryInMs ? [event.retryInMs] : []));

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
    await new Promise((resolve) => setTimeout(resolve, 200)); // ten times the first backoff wait
    expect(server.state.connections).toBe(1);

    realtime.reconnect();
    await waitFor(() => expect(inbox.count("synced")).toBe(2));
    expect(server.state.connections).toBe(2);
  });

  it("opens one socket for several tabs, relays events, and hands over when the leader closes", async () => {
    const { server, client } = await setup();
    server.add("first");
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
    server.markRead(second.id);
    await waitFor(() => expect(followerInbox.last("notification:updated")?.notification.id).toBe(second.id));
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
    // "first" predates this tab: its takeover sync is where it learns of it.
    await waitFor(() => expect(followerInbox.newTitles()).toEqual(["second", "first", "after the handover"]));
    expect(followerInbox.list()).toEqual(server.visible());
  });

  it("reconnects the leader's socket when a follower asks, after session:replaced", async () => {
    const { server, client } = await setup();
    const leader = client();
    const leaderInbox = watch(leader);
    await waitFor(() => expect(leaderInbox.count("synced")).toBe(1));
    const follower = client();
    const followerInbox = watch(follower);
    await waitFor(() => expect(follower.status).toBe("follower"));

    for (const socket of server.io.of("/").sockets.values()) {
      socket.emit("session:replaced", { reason: "connection_limit" });
      socket.disconnect(true);
    }
    await waitFor(() => expect(followerInbox.last("session:replaced")).toBeDefined());
    await waitFor(() => expect(followerInbox.last("status")).toMatchObject({ connection: "disconnected" }));

    follower.reconnect();
    await waitFor(() => expect(leaderInbox.count("synced")).toBe(2));
    expect(server.state.connections).toBe(2);
    expect(follower.status).toBe("follower");
  });

  it.each([
    ["a fixed token", "secret"],
    ["the session cookie", undefined],
  ])("stays down after session:revoked with %s, until asked to reconnect", async (_, token) => {
    const { server, client } = await setup({ token });
    const realtime = client({ token });
    const inbox = watch(realtime);
    await waitFor(() => expect(inbox.count("synced")).toBe(1));

    for (const socket of server.io.of("/").sockets.values()) {
      socket.emit("session:revoked", { reason: "user_deleted" });
      socket.disconnect(true);
    }
    await waitFor(() => expect(realtime.status).toBe("disconnected"));
    expect(inbox.last("session:revoked")).toEqual({ type: "session:revoked", reason: "user_deleted" });
    await new Promise((resolve) => setTimeout(resolve, 200)); // ten times the first backoff wait
    expect(server.state.connections).toBe(1);
    expect(inbox.statuses().at(-1)).toBe("disconnected");

    realtime.reconnect();
    await waitFor(() => expect(inbox.count("synced")).toBe(2));
  });

  it("asks a token function for a fresh token after session:revoked", async () => {
    const { server, client } = await setup({ token: "first" });
    const getToken = vi.fn(async () => server.state.token!);
    const inbox = watch(client({ token: getToken }));
    await waitFor(() => expect(inbox.count("synced")).toBe(1));

    server.state.token = "second"; // the old token no longer connects
    for (const socket of server.io.of("/").sockets.values()) {
      socket.emit("session:revoked", { reason: "token_expired" });
      socket.disconnect(true);
    }
    await waitFor(() => expect(inbox.count("synced")).toBe(2));
    expect(inbox.last("session:revoked")).toEqual({ type: "session:revoked", reason: "token_expired" });
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(server.state.connections).toBe(2);
  });

  it("connects from every tab when Web Locks are unavailable", async () => {
    const { server, client } = await setup();
    const firstTab = client({ locks: null });
    const secondTab = client({ locks: null });
    await waitFor(() => expect([firstTab.status, secondTab.status]).toEqual(["connected", "connected"]));
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
