// The client's sync bookkeeping on its own: no sockets, just the changes it is fed and what it says.
import { describe, expect, it } from "vitest";
import type { Notification } from "../src/types.ts";
import type { SyncEvent, SyncPage } from "../src/realtime/protocol.ts";
import { SyncState, type Change, type SyncOutput } from "../src/realtime/sync-state.ts";

function notification(id: string, changeSeq: number, readAt: string | null = null): Notification {
  return {
    id,
    seq: 1,
    change_seq: changeSeq,
    user_id: "alice",
    tenant_id: "00000000-0000-0000-0000-000000000001",
    title: id,
    content: `${id} body`,
    type: "info",
    priority: "normal",
    status: "sent",
    channels: ["app"],
    metadata: {},
    template_code: null,
    batch_id: null,
    group_key: null,
    created_at: "2026-01-01T00:00:00.000Z",
    scheduled_at: null,
    sent_at: "2026-01-01T00:00:00.000Z",
    read_at: readAt,
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

const upsert = (item: Notification): SyncEvent => ({ type: "upsert", notification: item });
const removal = (id: string, changeSeq: number): SyncEvent => ({ type: "delete", id, change_seq: changeSeq });
const liveNew = (item: Notification): Change => ({
  kind: "upsert",
  notification: item,
  hint: "notification:new",
});
const liveUpdate = (item: Notification): Change => ({
  kind: "upsert",
  notification: item,
  hint: "notification:updated",
});

function page(events: SyncEvent[], last: number, hasMore = false, unread = 0): SyncPage {
  return { events, last, has_more: hasMore, unread_count: unread };
}

/** The outputs in a short form: `new a@1`, `updated a@2`, `deleted a@3`, `unread 2`, `synced 3`. */
function brief(outputs: SyncOutput[]): string[] {
  return outputs.map((output) => {
    switch (output.type) {
      case "notification:new":
      case "notification:updated":
        return `${output.type.slice(13)} ${output.notification.id}@${output.notification.change_seq}`;
      case "notification:deleted":
        return `deleted ${output.id}@${output.change_seq}`;
      case "unread:count":
        return `unread ${output.count}`;
      case "synced":
        return `synced ${output.position}`;
    }
  });
}

describe("SyncState", () => {
  it("pages a sync from its position and ends with the count and the new position", () => {
    const state = new SyncState(2);
    expect(state.begin()).toBe(2);
    const first = state.page(page([upsert(notification("a", 3)), upsert(notification("b", 4))], 4, true), 2);
    expect(brief(first.outputs)).toEqual(["new a@3", "new b@4"]);
    expect(first.next).toBe(4);
    expect(state.isSyncing).toBe(true);

    const second = state.page(page([removal("a", 6)], 6, false, 1), 4);
    expect(brief(second.outputs)).toEqual(["deleted a@6", "unread 1", "synced 6"]);
    expect(second.next).toBeNull();
    expect(state.position).toBe(6);
    expect(state.unread).toBe(1);
    expect(state.isSyncing).toBe(false);
  });

  it("holds live changes during a sync, delivers them after it in order, and drops the overlap", () => {
    const state = new SyncState();
    state.begin();
    expect(state.live(liveNew(notification("a", 1)))).toEqual([]); // also in the page below
    expect(state.live(liveNew(notification("b", 3)))).toEqual([]); // after the page
    expect(state.liveUnread(5)).toEqual([]); // the sync's own count is at least as fresh

    const result = state.page(
      page([upsert(notification("a", 1)), upsert(notification("c", 2))], 2, false, 3),
      0,
    );
    expect(brief(result.outputs)).toEqual(["new a@1", "new c@2", "new b@3", "unread 3", "synced 2"]);
    expect(state.unread).toBe(3);
  });

  it("delivers live changes at once when no sync runs, without moving the position", () => {
    const state = new SyncState(4);
    expect(brief(state.live(liveNew(notification("a", 5))))).toEqual(["new a@5"]);
    expect(brief(state.live(liveUpdate(notification("a", 7, "2026-01-01T00:01:00.000Z"))))).toEqual([
      "updated a@7",
    ]);
    expect(brief(state.liveUnread(2))).toEqual(["unread 2"]);
    // Live events may arrive out of commit order: only a sync proves nothing below them is missing.
    expect(state.position).toBe(4);
  });

  it("ignores a change older than or equal to one already delivered", () => {
    const state = new SyncState();
    state.live(liveNew(notification("a", 1)));
    state.live(liveUpdate(notification("a", 3, "2026-01-01T00:01:00.000Z")));
    expect(state.live(liveUpdate(notification("a", 2)))).toEqual([]); // a stale state must not undo the read
    expect(state.live(liveNew(notification("a", 3)))).toEqual([]);
  });

  it("calls a change to a known notification an update, and one after its delete new again", () => {
    const state = new SyncState();
    expect(brief(state.live(liveUpdate(notification("a", 1))))).toEqual(["updated a@1"]); // as the server said
    expect(brief(state.live(liveNew(notification("a", 2))))).toEqual(["updated a@2"]); // known: an update
    expect(brief(state.live({ kind: "delete", id: "a", change_seq: 3 }))).toEqual(["deleted a@3"]);
    expect(brief(state.live(liveUpdate(notification("a", 4))))).toEqual(["updated a@4"]);
    state.live({ kind: "delete", id: "a", change_seq: 5 });
    state.begin();
    // From a sync, a notification that comes back after its delete is new to the inbox.
    expect(brief(state.page(page([upsert(notification("a", 6))], 6), 0).outputs)).toEqual([
      "new a@6",
      "unread 0",
      "synced 6",
    ]);
  });

  it("refuses a page that claims more without moving forward, and changes nothing", () => {
    const state = new SyncState(5);
    state.begin();
    expect(() => state.page(page([upsert(notification("a", 5))], 5, true), 5)).toThrow(/no progress/);
    expect(state.position).toBe(5);
    state.begin();
    // The refused page's notification was not marked delivered: the retry delivers it.
    expect(brief(state.page(page([upsert(notification("a", 5))], 5), 5).outputs)).toEqual([
      "new a@5",
      "unread 0",
      "synced 5",
    ]);
  });

  it("drops the held changes when the connection goes, and syncs again from the same position", () => {
    const state = new SyncState(3);
    state.begin();
    state.live(liveNew(notification("a", 4)));
    state.interrupt();
    expect(state.isSyncing).toBe(false);
    expect(state.begin()).toBe(3);
    // The next sync brings it: delivered once, from there.
    expect(brief(state.page(page([upsert(notification("a", 4))], 4), 3).outputs)).toEqual([
      "new a@4",
      "unread 0",
      "synced 4",
    ]);
  });

  it("keeps a follower's bookkeeping from the leader's outputs, so it can take over without repeats", () => {
    const leader = new SyncState();
    const follower = new SyncState();
    leader.begin();
    const synced = leader.page(
      page([upsert(notification("a", 1)), upsert(notification("b", 2))], 2, false, 2),
      0,
    );
    const live = leader.live(liveUpdate(notification("a", 3, "2026-01-01T00:01:00.000Z")));
    for (const output of [...synced.outputs, ...live]) follower.relayed(output);
    expect(follower.position).toBe(2);
    expect(follower.unread).toBe(2);

    // Taking over, it resumes from the synced position; what it was relayed is not delivered again.
    expect(follower.begin()).toBe(2);
    const resumed = follower.page(
      page([upsert(notification("a", 3, "2026-01-01T00:01:00.000Z"))], 3, false, 1),
      2,
    );
    expect(brief(resumed.outputs)).toEqual(["unread 1", "synced 3"]);
  });

  it("moves the position only forward", () => {
    const state = new SyncState(7);
    state.resumeFrom(3);
    expect(state.position).toBe(7);
    state.resumeFrom(9);
    expect(state.position).toBe(9);
  });
});
