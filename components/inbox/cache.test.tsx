// The inbox cache's pure merge rules and the display helpers (links, badge).
import { describe, expect, it } from "vitest";
import type { NotificationJson } from "./api";
import {
  applyAnnouncement,
  applyChange,
  applyGroupChange,
  ChangeLog,
  hasUnseen,
  LatestCount,
  withChanges,
  type GroupData,
  type ListData,
} from "./cache";
import { safeLink } from "@/lib/vocabulary/links";
import { actionOf, badgeText, metadataEntries } from "./format";

function n(seq: number, over: Partial<NotificationJson> = {}): NotificationJson {
  return {
    id: `id-${seq}`,
    seq,
    change_seq: seq,
    user_id: "alice",
    tenant_id: "t",
    title: `n${seq}`,
    content: "c",
    type: "info",
    priority: "normal",
    status: "sent",
    channels: ["app"],
    metadata: {},
    template_code: null,
    batch_id: null,
    group_key: null,
    created_at: new Date(seq * 1000).toISOString(),
    scheduled_at: null,
    sent_at: null,
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
    ...over,
  };
}

const list = (pages: NotificationJson[][], more = false): ListData => ({
  pages: pages.map((items, i) => ({
    notifications: items,
    next_cursor: i === pages.length - 1 && !more ? null : `c${i}`,
  })),
  pageParams: pages.map((_, i) => (i === 0 ? "" : `c${i - 1}`)),
});

const seqs = (d: ListData | undefined) => d?.pages.map((p) => p.notifications.map((x) => x.seq));

const g = (latest: NotificationJson, count = 1, unread = count) => ({
  group_key: latest.group_key,
  count,
  unread_count: unread,
  latest,
});
const grouped = (groups: ReturnType<typeof g>[], more = false): GroupData => ({
  pages: [{ groups, next_cursor: more ? "c0" : null }],
  pageParams: [""],
});
const folded = (d: GroupData | null | undefined) =>
  d?.pages[0]?.groups.map((x) => [x.group_key, x.count, x.unread_count, x.latest.seq]);

describe("applyGroupChange", () => {
  it("folds a newer member into its group and moves the group to the top", () => {
    const data = grouped([g(n(5)), g(n(4, { group_key: "review" }), 3, 2)]);
    const after = applyGroupChange(data, { kind: "upsert", notification: n(6, { group_key: "review" }) }, {});
    expect(folded(after)).toEqual([
      ["review", 4, 3, 6],
      [null, 1, 1, 5],
    ]);
  });

  it("starts a new group on top; an older one beyond what is loaded waits for its page", () => {
    const data = grouped([g(n(5))], true);
    expect(
      folded(applyGroupChange(data, { kind: "upsert", notification: n(7, { group_key: "k" }) }, {})),
    ).toEqual([
      ["k", 1, 1, 7],
      [null, 1, 1, 5],
    ]);
    expect(folded(applyGroupChange(data, { kind: "upsert", notification: n(2) }, {}))).toEqual([
      [null, 1, 1, 5],
    ]);
  });

  it("patches the latest in place with its unread count; a hidden member's change asks the server", () => {
    const data = grouped([g(n(4, { group_key: "review" }), 3, 2)]);
    const read = n(4, { group_key: "review", change_seq: 9, read_at: "2026-01-01T00:00:00Z" });
    expect(folded(applyGroupChange(data, { kind: "upsert", notification: read }, {}))).toEqual([
      ["review", 3, 1, 4],
    ]);
    const older = n(2, { group_key: "review", change_seq: 10, read_at: "2026-01-01T00:00:00Z" });
    expect(applyGroupChange(data, { kind: "upsert", notification: older }, {})).toBeNull();
    expect(applyGroupChange(data, { kind: "delete", id: "id-2" }, {})).toBeNull();
  });

  it("a single row archived or deleted leaves the folded list", () => {
    const data = grouped([g(n(5)), g(n(4))]);
    const archived = n(5, { change_seq: 9, archived_at: "2026-01-01T00:00:00Z" });
    expect(folded(applyGroupChange(data, { kind: "upsert", notification: archived }, {}))).toEqual([
      [null, 1, 1, 4],
    ]);
    expect(folded(applyGroupChange(data, { kind: "delete", id: "id-4" }, {}))).toEqual([[null, 1, 1, 5]]);
  });
});

describe("applyChange", () => {
  it("puts a new notification on top, once", () => {
    const data = list([[n(3), n(2)]]);
    const once = applyChange(data, { kind: "upsert", notification: n(4) }, {});
    expect(seqs(once)).toEqual([[4, 3, 2]]);
    expect(seqs(applyChange(once, { kind: "upsert", notification: n(4) }, {}))).toEqual([[4, 3, 2]]);
  });

  it("replaces a listed row in place unless the cache holds a later version", () => {
    const data = list([[n(3), n(2)]]);
    const read = n(2, { change_seq: 9, read_at: "2026-01-01T00:00:00Z" });
    const after = applyChange(data, { kind: "upsert", notification: read }, {});
    expect(after?.pages[0]?.notifications[1]?.read_at).toBe(read.read_at);
    const stale = applyChange(after, { kind: "upsert", notification: n(2) }, {});
    expect(stale?.pages[0]?.notifications[1]?.read_at).toBe(read.read_at);
  });

  it("an archived or snoozed row leaves the inbox and joins the Archived tab; a snooze's end brings it back on top", () => {
    const inbox = list([[n(3), n(2)]]);
    const archived = n(2, { change_seq: 9, archived_at: "2026-01-01T00:00:00Z" });
    expect(seqs(applyChange(inbox, { kind: "upsert", notification: archived }, {}))).toEqual([[3]]);
    const tab = list([[]]);
    expect(seqs(applyChange(tab, { kind: "upsert", notification: archived }, { view: "archived" }))).toEqual([
      [2],
    ]);
    const unarchived = n(2, { change_seq: 10 });
    expect(
      seqs(
        applyChange(list([[archived]]), { kind: "upsert", notification: unarchived }, { view: "archived" }),
      ),
    ).toEqual([[]]);
    const snoozed = n(3, { change_seq: 11, snoozed_until: "2026-01-02T00:00:00Z" });
    const hidden = applyChange(inbox, { kind: "upsert", notification: snoozed }, {});
    expect(seqs(hidden)).toEqual([[2]]);
    // Back with the next stream position, unread, above newer rows.
    const woken = { ...n(7), id: "id-3", change_seq: 12 };
    expect(seqs(applyChange(list([[n(5), n(2)]]), { kind: "upsert", notification: woken }, {}))).toEqual([
      [7, 5, 2],
    ]);
    expect(seqs(applyChange(list([[n(5), n(3)]]), { kind: "upsert", notification: woken }, {}))).toEqual([
      [7, 5],
    ]);
  });

  it("removes a deleted row from whichever page holds it", () => {
    const data = list([[n(5), n(4)], [n(3)]]);
    expect(seqs(applyChange(data, { kind: "delete", id: "id-3" }, {}))).toEqual([[5, 4], []]);
  });

  it("leaves out rows that do not match the list's filters", () => {
    const data = list([[n(2)]]);
    const read = n(3, { read_at: "2026-01-01T00:00:00Z" });
    expect(seqs(applyChange(data, { kind: "upsert", notification: read }, { unreadOnly: true }))).toEqual([
      [2],
    ]);
    const warning = n(4, { type: "warning" });
    expect(seqs(applyChange(data, { kind: "upsert", notification: warning }, { type: "error" }))).toEqual([
      [2],
    ]);
    expect(seqs(applyChange(data, { kind: "upsert", notification: warning }, { type: "warning" }))).toEqual([
      [4, 2],
    ]);
  });

  it("inserts an older row only within what is loaded", () => {
    const partial = list([[n(10), n(8)]], true);
    expect(seqs(applyChange(partial, { kind: "upsert", notification: n(5) }, {}))).toEqual([[10, 8]]);
    expect(seqs(applyChange(partial, { kind: "upsert", notification: n(9) }, {}))).toEqual([[10, 9, 8]]);
    const complete = list([[n(10), n(8)]]);
    expect(seqs(applyChange(complete, { kind: "upsert", notification: n(5) }, {}))).toEqual([[10, 8, 5]]);
  });

  it("does nothing to a list not loaded yet", () => {
    expect(applyChange(undefined, { kind: "upsert", notification: n(1) }, {})).toBeUndefined();
  });
});

describe("a page fetched while changes arrived", () => {
  it("gets the changes its answer may predate, each once", () => {
    const log = new ChangeLog();
    log.push({ kind: "upsert", notification: n(1) });
    const mark = log.mark();
    log.push({ kind: "upsert", notification: n(3) });
    log.push({ kind: "delete", id: "id-2" });
    const page = withChanges({ notifications: [n(3), n(2)], next_cursor: null }, log.since(mark), {});
    expect(page.notifications.map((x) => x.seq)).toEqual([3]);
  });

  it("keeps a live unread count that arrived during the fetch", () => {
    const latest = new LatestCount();
    const mark = latest.mark();
    expect(latest.after(mark, 4)).toBe(4);
    latest.record(5);
    expect(latest.after(mark, 4)).toBe(5);
  });
});

describe("applyAnnouncement", () => {
  const a = {
    id: "a1",
    title: "Maintenance",
    content: "x",
    content_html: "<p>x</p>",
    type: "notice" as const,
    severity: "critical" as const,
    pinned: true,
    published_at: "2026-01-01T00:00:00Z",
    expires_at: null,
    is_read: false,
    read_at: null,
  };
  it("adds, keeps this user's read state on update, and removes", () => {
    const added = applyAnnouncement({ announcements: [], unread: 0 }, { kind: "upsert", announcement: a });
    expect(added).toEqual({ announcements: [a], unread: 1 });
    const read = { announcements: [{ ...a, is_read: true, read_at: "2026-01-02T00:00:00Z" }], unread: 0 };
    const updated = applyAnnouncement(read, { kind: "upsert", announcement: { ...a, title: "Moved" } });
    expect(updated?.announcements[0]).toMatchObject({ title: "Moved", is_read: true });
    expect(applyAnnouncement(updated, { kind: "remove", id: "a1" })).toEqual({
      announcements: [],
      unread: 0,
    });
  });
});

describe("safeLink (action links)", () => {
  const origin = "https://herald.example";
  it.each([
    ["/orders/1024", { href: "/orders/1024", external: false }],
    ["orders/1?x=1#y", { href: "/orders/1?x=1#y", external: false }],
    ["https://shop.example/o/1", { href: "https://shop.example/o/1", external: true }],
    ["http://shop.example/", { href: "http://shop.example/", external: true }],
    ["https://herald.example/inbox", { href: "/inbox", external: false }],
  ])("%s is a link", (raw, expected) => {
    expect(safeLink(raw, origin)).toMatchObject(expected);
  });
  it.each([
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/x",
    "/\\evil.example/x",
    "mailto:a@b.c",
    "",
    42,
    null,
  ])("%s is not", (raw) => {
    expect(safeLink(raw, origin)).toBeNull();
  });

  it("takes the action text from the metadata, and leaves both out of the details", () => {
    const meta = { action_url: "/orders/7", action_text: "View order", order_id: "7", items: [1, 2] };
    expect(actionOf({ metadata: meta }, origin)).toEqual({
      href: "/orders/7",
      external: false,
      text: "View order",
    });
    expect(actionOf({ metadata: { action_url: "javascript:x" } }, origin)).toBeNull();
    expect(metadataEntries(meta)).toEqual([
      ["order_id", "7"],
      ["items", "[1,2]"],
    ]);
  });
});

describe("badgeText", () => {
  it("shows nothing at 0 and 99+ above 99", () => {
    expect([0, 1, 99, 100, 5000].map(badgeText)).toEqual([null, "1", "99", "99+", "99+"]);
  });
});

describe("opening the bell", () => {
  it("marks seen only when something is unseen", () => {
    const seen = n(1, { seen_at: new Date(0).toISOString() });
    expect(hasUnseen([seen], "unread", 3)).toBe(false);
    expect(hasUnseen([seen, n(2)], "unread", 0)).toBe(true);
    // An unseen badge with a count clears even when the shown rows are all seen (older ones count).
    expect(hasUnseen([seen], "unseen", 2)).toBe(true);
    expect(hasUnseen([seen], "unseen", 0)).toBe(false);
    // Not loaded yet: it may hold unseen rows.
    expect(hasUnseen(undefined, "unread", 0)).toBe(true);
  });
});
