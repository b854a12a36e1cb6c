// @herald/js against a live Herald: an inbox with a subscriber token over REST, and a send arriving
// live through the realtime client's socket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHerald, type LiveHerald } from "../../herald-server.ts";
import { createInboxClient, createRealtimeClient, HeraldError, type ClientEvent } from "../src/index.ts";

describe("@herald/js against a live server", () => {
  let live: LiveHerald;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(live.url + path, {
      method,
      headers: { Authorization: `Bearer ${live.apiKey}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.data;
  };
  let mints = 0;
  const mint = async (userId: string): Promise<string> => {
    mints += 1;
    return (await api("POST", `/api/v1/users/${encodeURIComponent(userId)}/token`, {})).token;
  };
  const send = (userId: string, title: string, groupKey?: string) =>
    api("POST", "/api/v1/notifications", {
      user_ids: [userId],
      title,
      content: `${title} body`,
      type: "info",
      group_key: groupKey,
    });

  beforeAll(async () => {
    live = await startHerald();
  });
  afterAll(async () => {
    await live?.stop();
  });

  it("lists, counts, marks and deletes the user's notifications with a subscriber token", async () => {
    await send("js-bob", "First");
    await send("js-bob", "Second");
    await send("js-carol", "Not Bob's");
    const inbox = createInboxClient({ url: live.url, token: await mint("js-bob") });

    const page = await inbox.list({ page_size: 10 });
    expect(page.notifications.map((n) => n.title).sort()).toEqual(["First", "Second"]);
    expect(await inbox.unreadCount()).toBe(2);

    const first = page.notifications.find((n) => n.title === "First")!;
    expect((await inbox.markRead(first.id)).read_at).not.toBeNull();
    expect(await inbox.unreadCount()).toBe(1);
    expect((await inbox.markUnread(first.id)).read_at).toBeNull();
    await inbox.markAllRead();
    expect(await inbox.unreadCount()).toBe(0);

    await inbox.delete(first.id);
    expect((await inbox.list()).notifications.map((n) => n.title)).toEqual(["Second"]);
    const gone = await inbox.get(first.id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(HeraldError);
    expect(gone).toMatchObject({ status: 404, code: "not_found" });
  });

  it("archives, snoozes, marks seen and empties the inbox with a subscriber token", async () => {
    await send("js-gwen", "Keep");
    await send("js-gwen", "Later");
    const inbox = createInboxClient({ url: live.url, token: await mint("js-gwen") });
    const byTitle = async (title: string) =>
      (await inbox.list({ view: "all" })).notifications.find((n) => n.title === title)!;
    const keep = await byTitle("Keep");
    const later = await byTitle("Later");

    expect((await inbox.archive(keep.id)).archived_at).not.toBeNull();
    expect((await inbox.list()).notifications.map((n) => n.title)).toEqual(["Later"]);
    expect((await inbox.list({ view: "archived" })).notifications.map((n) => n.title)).toEqual(["Keep"]);
    expect((await inbox.unarchive(keep.id)).archived_at).toBeNull();

    const until = new Date(Date.now() + 60 * 60 * 1000);
    expect((await inbox.snooze(later.id, until)).snoozed_until).toBe(until.toISOString());
    expect(await inbox.unreadCount()).toBe(1);
    const tooLate = await inbox
      .snooze(later.id, new Date(Date.now() + 100 * 86_400_000))
      .catch((e: unknown) => e);
    expect(tooLate).toMatchObject({ status: 400 });
    expect((await inbox.unsnooze(later.id)).snoozed_until).toBeNull();

    expect((await inbox.markSeen(keep.id)).seen_at).not.toBeNull();
    expect((await inbox.markAllSeen()).updated).toBe(1);
    expect((await inbox.archiveAll()).updated).toBe(2);
    expect((await inbox.deleteAll({ view: "archived" })).updated).toBe(2);
    expect((await inbox.list({ view: "all" })).notifications).toEqual([]);
  });

  it("lists the inbox folded by group_key, a group's members, and marks a group read", async () => {
    for (const title of ["Review 1", "Review 2", "Review 3"]) await send("js-gail", title, "review");
    await send("js-gail", "Alone");
    const inbox = createInboxClient({ url: live.url, token: await mint("js-gail") });

    const page = await inbox.listGrouped({ page_size: 10 });
    expect(page.groups.map((g) => [g.group_key, g.count, g.unread_count, g.latest.title])).toEqual([
      [null, 1, 1, "Alone"],
      ["review", 3, 3, "Review 3"],
    ]);
    const members = await inbox.list({ group_key: "review", cursor: "" });
    expect(members.notifications.map((n) => n.title)).toEqual(["Review 3", "Review 2", "Review 1"]);

    expect(await inbox.markGroupRead("review")).toEqual({ updated: 3 });
    expect(await inbox.unreadCount()).toBe(1);
    const err = await inbox.markGroupRead("nobody's").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeraldError);
    expect((err as HeraldError).status).toBe(404);
  });

  it("records a click on an action button, and refuses an action the notification does not have", async () => {
    await api("POST", "/api/v1/notifications", {
      user_ids: ["js-ivy"],
      title: "Order 7",
      content: "Waiting",
      type: "info",
      actions: [{ id: "approve", label: "Approve", url: "/orders/7", style: "primary" }],
    });
    const inbox = createInboxClient({ url: live.url, token: await mint("js-ivy") });
    const [n] = (await inbox.list()).notifications;
    expect(n!.actions).toEqual([{ id: "approve", label: "Approve", url: "/orders/7", style: "primary" }]);
    const { interacted_at } = await inbox.interacted(n!.id, "approve");
    expect((await inbox.get(n!.id)).interacted_at).toBe(interacted_at);
    await expect(inbox.interacted(n!.id, "nope")).rejects.toMatchObject({ status: 400 });
  });

  it("reads and saves the user's preferences", async () => {
    await send("js-dora", "Hello");
    const inbox = createInboxClient({ url: live.url, token: await mint("js-dora") });
    const before = await inbox.preferences.get();
    expect(before).toBeTypeOf("object");
    const saved = await inbox.preferences.save({ disabled_channels: ["email"] });
    expect(saved.disabled_channels).toEqual(["email"]);
    expect((await inbox.preferences.get()).disabled_channels).toEqual(["email"]);
  });

  it("asks the refresher for a new token when the API refuses the one it has", async () => {
    await send("js-erin", "Fresh");
    mints = 0;
    const inbox = createInboxClient({
      url: live.url,
      token: "not-a-valid-token",
      getToken: () => mint("js-erin"),
    });
    expect(await inbox.unreadCount()).toBe(1);
    expect(await inbox.unreadCount()).toBe(1);
    expect(mints).toBe(1);
  });

  it("receives a notification sent after connecting, live through the socket", async () => {
    await send("js-finn", "Before");
    const events: ClientEvent[] = [];
    const client = createRealtimeClient({ url: live.url, token: () => mint("js-finn"), locks: null });
    client.subscribe((e) => events.push(e));
    try {
      await waitFor(() => events.some((e) => e.type === "synced"));
      // The sync from 0 brought what was already there.
      expect(events.some((e) => e.type === "notification:new" && e.notification.title === "Before")).toBe(
        true,
      );
      expect(client.status).toBe("connected");

      await send("js-finn", "Live one");
      const live = await waitFor(() =>
        events.find((e) => e.type === "notification:new" && e.notification.title === "Live one"),
      );
      expect(live).toMatchObject({ notification: { user_id: "js-finn", read_at: null } });
      await waitFor(() => events.some((e) => e.type === "unread:count" && e.count === 2));
    } finally {
      client.close();
    }
  });
});

/** Polls a condition the server makes true asynchronously; bounded, so a broken feed fails the test. */
async function waitFor<T>(check: () => T | undefined | false, tries = 300): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not met within 15 s");
}
