// The shared inbox store merging REST pages and realtime events: new rows on top, updates in place,
// deletes, counts, and a stale page never undoing a newer live change.
import { createInboxClient } from "@herald/js";
import { describe, expect, it } from "vitest";
import { createInboxStore } from "../src/store.ts";
import { createApiStub, makeNotification } from "./api-stub.ts";

const storeOver = (stub: ReturnType<typeof createApiStub>) =>
  createInboxStore(
    createInboxClient({ url: "https://herald.test", token: "token-1", fetch: stub.fetch }),
    10,
  );

describe("inbox store", () => {
  it("merges live events into the loaded page", async () => {
    const old = makeNotification("Old");
    const stub = createApiStub([old]);
    const store = storeOver(stub);
    await store.refresh();
    expect(store.getState()).toMatchObject({ unreadCount: 1, isLoaded: true, nextCursor: null });

    const fresh = makeNotification("Fresh");
    expect(store.apply({ type: "notification:new", notification: fresh })).toBe(fresh);
    // A replayed event for a row already shown is not new.
    expect(store.apply({ type: "notification:new", notification: fresh })).toBeNull();
    store.apply({ type: "unread:count", count: 2 });
    expect(store.getState().notifications.map((n) => n.title)).toEqual(["Fresh", "Old"]);
    expect(store.getState().unreadCount).toBe(2);

    const read = { ...old, read_at: new Date().toISOString(), change_seq: fresh.change_seq + 1 };
    store.apply({ type: "notification:updated", notification: read });
    expect(store.getState().notifications[1]!.read_at).not.toBeNull();

    store.apply({ type: "notification:deleted", id: fresh.id, change_seq: read.change_seq + 1 });
    store.apply({ type: "synced", position: read.change_seq + 1, unread_count: 0 });
    store.apply({ type: "status", status: "connected" });
    expect(store.getState()).toMatchObject({ unreadCount: 0, status: "connected" });
    expect(store.getState().notifications.map((n) => n.title)).toEqual(["Old"]);
  });

  it("keeps a live change newer than the page that arrives after it", async () => {
    const row = makeNotification("Row");
    const stub = createApiStub([row]);
    const store = storeOver(stub);
    store.apply({
      type: "notification:updated",
      notification: { ...row, read_at: "2026-01-01T00:00:00.000Z", change_seq: row.change_seq + 5 },
    });
    await store.loadMore(); // no cursor yet: nothing to load
    await store.refresh();
    expect(store.getState().notifications[0]!.read_at).toBe("2026-01-01T00:00:00.000Z");
    // A refresh drops rows that are gone from the first page.
    store.apply({
      type: "notification:new",
      notification: makeNotification("Deleted meanwhile", { seq: 0 }),
    });
    await store.refresh();
    expect(store.getState().notifications.map((n) => n.title)).toEqual(["Row"]);
  });

  it("keeps the error of a page that failed", async () => {
    const stub = createApiStub([], { tokens: [] });
    const store = storeOver(stub);
    await store.refresh();
    expect(store.getState()).toMatchObject({ isLoaded: false, isLoading: false });
    expect(store.getState().error?.message).toMatch(/Unauthorized/);
  });
});
