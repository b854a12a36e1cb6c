// The end user's bell and inbox in a real browser (issue #9): live badge, dropdown, read/unread,
// delete with Undo, batch actions, filters and tabs, reconnects, tabs sharing one socket,
// announcements, and content that must stay text.
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { ADMIN, API_KEY, api, createUser, signIn, type Account } from "./fixtures";
import {
  archivePublishedAnnouncements,
  badge,
  bell,
  dropdown,
  live,
  row,
  rows,
  send,
  settledSocketCount,
  unique,
  type User,
} from "./inbox-helpers";

async function openAs(browser: Browser, who: Account, path = "/inbox") {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who, path);
  await live(page);
  return { context, page };
}

const asUser = (who: User) => ({ "X-User-Id": who.externalId });

async function unreadCount(request: APIRequestContext, who: User): Promise<number> {
  const d = await api<{ unread_count: number }>(
    request,
    "GET",
    "/api/v1/notifications/unread/count",
    undefined,
    asUser(who),
  );
  return d.unread_count;
}

test.beforeAll(async ({ request }) => archivePublishedAnnouncements(request));

test("a REST send turns alice's badge 0 → 1 live; the dropdown shows it; a click marks it read; bob never sees it", async ({
  browser,
  request,
}) => {
  const alice = await createUser(request, "alice");
  const bob = await createUser(request, "bob");
  const a = await openAs(browser, alice);
  const b = await openAs(browser, bob);
  await expect(badge(a.page)).toHaveCount(0);
  await expect(bell(a.page)).toHaveAccessibleName("Notifications");

  const title = unique("Order shipped");
  const id = await send(request, alice, title, {
    content: "Arrives Thursday",
    metadata: { order_id: "1024", action_url: "/inbox?from=bell", action_text: "View order" },
  });
  // Within a second of the send's answer, without a reload.
  await expect(badge(a.page)).toHaveText("1", { timeout: 1_000 });
  await expect(bell(a.page)).toHaveAccessibleName("Notifications, 1 unread");
  // Screen readers hear it.
  await expect(
    a.page.locator("[aria-live=polite]").filter({ hasText: `New notification: ${title}` }),
  ).toHaveCount(1);

  await bell(a.page).click();
  const item = dropdown(a.page).getByRole("button").filter({ hasText: title });
  await expect(item).toContainText("Arrives Thursday");
  await expect(item).toContainText("just now");
  await item.click();
  // Read, and its action followed.
  await expect(badge(a.page)).toHaveCount(0);
  await expect(a.page).toHaveURL(/\/inbox\?from=bell$/);
  await expect
    .poll(
      async () =>
        (
          await api<{ notification: { read_at: string | null } }>(
            request,
            "GET",
            `/api/v1/notifications/${id}`,
            undefined,
            asUser(alice),
          )
        ).notification.read_at,
    )
    .not.toBeNull();

  // Bob's open page never showed it.
  await expect(b.page.getByText(title)).toHaveCount(0);
  await bell(b.page).click();
  await expect(dropdown(b.page)).toContainText("all caught up");
  await expect(badge(b.page)).toHaveCount(0);
  await a.context.close();
  await b.context.close();
});

test("the bell is keyboard reachable; mark all read empties the badge", async ({ browser, request }) => {
  const user = await createUser(request, "keys");
  const { page, context } = await openAs(browser, user);
  const titles = [unique("First"), unique("Second"), unique("Third")];
  for (const t of titles) await send(request, user, t);
  await expect(badge(page)).toHaveText("3");

  await bell(page).focus();
  await page.keyboard.press("Enter");
  await expect(dropdown(page)).toBeVisible();
  // Focus is in the list; arrows move through it, newest first.
  await expect(dropdown(page).getByRole("button").filter({ hasText: titles[2]! })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(dropdown(page).getByRole("button").filter({ hasText: titles[1]! })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dropdown(page)).toHaveCount(0);
  await expect(bell(page)).toBeFocused();

  await page.keyboard.press("Enter");
  await dropdown(page).getByRole("button", { name: "Mark all as read" }).click();
  await expect(badge(page)).toHaveCount(0);
  await expect.poll(() => unreadCount(request, user)).toBe(0);
  await context.close();
});

test("the console's header has the bell too", async ({ page }) => {
  await signIn(page, ADMIN, "/admin");
  await live(page);
  await bell(page).click();
  await expect(dropdown(page).getByRole("link", { name: "View all" })).toBeVisible();
  await dropdown(page).getByRole("link", { name: "View all" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
});

test("urgent notifications raise a toast", async ({ browser, request }) => {
  const user = await createUser(request, "urgent");
  const { page, context } = await openAs(browser, user);
  const title = unique("Server on fire");
  await send(request, user, title, { priority: "urgent", type: "error" });
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: title })).toBeVisible();
  await expect(row(page, title)).toContainText("Urgent");
  await context.close();
});

test("delete then Undo keeps it; a delete left alone is sent when its toast goes", async ({
  browser,
  request,
}) => {
  const user = await createUser(request, "undo");
  const { page, context } = await openAs(browser, user);
  const keep = unique("Keep me");
  const drop = unique("Drop me");
  const keepId = await send(request, user, keep);
  const dropId = await send(request, user, drop);
  await expect(row(page, drop)).toBeVisible();
  const deletes: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "DELETE" || r.url().includes("batch-mark")) deletes.push(r.postData() ?? r.url());
  });

  await row(page, keep)
    .getByRole("button", { name: `Delete ${keep}` })
    .click();
  await expect(row(page, keep)).toHaveCount(0);
  await expect(badge(page)).toHaveText("1");
  await page.locator("[data-sonner-toast]").getByRole("button", { name: "Undo" }).click();
  await expect(row(page, keep)).toBeVisible();
  await expect(badge(page)).toHaveText("2");

  await row(page, drop)
    .getByRole("button", { name: `Delete ${drop}` })
    .click();
  await expect(row(page, drop)).toHaveCount(0);
  // The toast lasts 5 s; only then does the DELETE go.
  expect(deletes).toEqual([]);
  await expect.poll(() => deletes.length, { timeout: 10_000 }).toBe(1);
  expect(deletes[0]).toContain(dropId);
  expect(deletes[0]).not.toContain(keepId);
  const res = await request.get(`/api/v1/notifications/${dropId}`, {
    headers: { Authorization: `Bearer ${API_KEY}`, ...asUser(user) },
  });
  expect(res.status()).toBe(404);

  await page.reload();
  await expect(row(page, keep)).toBeVisible();
  await expect(row(page, drop)).toHaveCount(0);
  await context.close();
});

test("batch actions: select several, mark read, unread, delete", async ({ browser, request }) => {
  const user = await createUser(request, "batch");
  const { page, context } = await openAs(browser, user);
  const titles = [unique("One"), unique("Two"), unique("Three")];
  for (const t of titles) await send(request, user, t);
  await expect(badge(page)).toHaveText("3");

  for (const t of titles.slice(0, 2)) await page.getByRole("checkbox", { name: `Select ${t}` }).check();
  const toolbar = page.getByRole("toolbar", { name: "Selected notifications" });
  await expect(toolbar).toContainText("2 selected");
  await toolbar.getByRole("button", { name: "Mark read" }).click();
  await expect(badge(page)).toHaveText("1");
  for (const t of titles.slice(0, 2))
    await expect(row(page, t).getByRole("button", { name: "Mark as unread" })).toBeVisible();
  await expect.poll(() => unreadCount(request, user)).toBe(1);

  for (const t of titles.slice(0, 2)) await page.getByRole("checkbox", { name: `Select ${t}` }).check();
  await toolbar.getByRole("button", { name: "Mark unread" }).click();
  await expect(badge(page)).toHaveText("3");
  await expect.poll(() => unreadCount(request, user)).toBe(3);

  // Per-item toggle.
  await row(page, titles[2]!).getByRole("button", { name: "Mark as read" }).click();
  await expect(badge(page)).toHaveText("2");

  await toolbar.getByRole("checkbox").check();
  await expect(toolbar).toContainText("3 selected");
  await toolbar.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("No notifications yet.")).toBeVisible();
  await expect(
    page.locator("[data-sonner-toast]").filter({ hasText: "3 notifications deleted" }),
  ).toBeVisible();
  await expect.poll(() => unreadCount(request, user), { timeout: 10_000 }).toBe(0);
  const list = await api<{ notifications: unknown[] }>(
    request,
    "GET",
    "/api/v1/notifications?cursor=",
    undefined,
    asUser(user),
  );
  expect(list.notifications).toHaveLength(0);
  await context.close();
});

test("a failed load offers a retry; a refused change rolls back", async ({ browser, request }) => {
  const user = await createUser(request, "errors");
  const title = unique("Fragile");
  await send(request, user, title);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(/\/api\/v1\/notifications\?/, (route) => route.abort());
  await signIn(page, user);
  await expect(page.getByRole("alert").filter({ hasText: "Try again" })).toBeVisible({ timeout: 10_000 });
  await page.unroute(/\/api\/v1\/notifications\?/);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(row(page, title)).toBeVisible();
  await expect(badge(page)).toHaveText("1");

  await page.route(/\/read$/, (route) =>
    route.fulfill({ status: 500, contentType: "application/json", body: '{"code":500,"message":"Boom"}' }),
  );
  await row(page, title).getByRole("button", { name: "Mark as read" }).click();
  await expect(
    page.locator("[data-sonner-toast]").filter({ hasText: "Could not mark as read" }),
  ).toBeVisible();
  await expect(row(page, title).getByRole("button", { name: "Mark as read" })).toBeVisible();
  await expect(badge(page)).toHaveText("1");
  expect(await unreadCount(request, user)).toBe(1);
  await context.close();
});

test("tabs and filters; infinite scroll loads older pages", async ({ browser, request }) => {
  const user = await createUser(request, "filters");
  // 25 older ones: more than one page (20).
  for (let i = 1; i <= 25; i++) await send(request, user, `Bulk ${String(i).padStart(2, "0")}`);
  const warning = unique("Disk almost full");
  const urgent = unique("Payment failed");
  await send(request, user, warning, { type: "warning", priority: "high" });
  await send(request, user, urgent, { type: "error", priority: "urgent" });
  const { page, context } = await openAs(browser, user);

  await expect(row(page, urgent)).toBeVisible();
  await expect(row(page, warning)).toContainText("High");
  // Scrolling to the end of the list loads the next page (cursor).
  await page.getByRole("button", { name: "Load more" }).scrollIntoViewIfNeeded();
  await expect(page.getByText("That's everything.")).toBeVisible();
  await expect(rows(page)).toHaveCount(27);

  await page.getByLabel("Type").selectOption("warning");
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, warning)).toBeVisible();
  await page.getByLabel("Type").selectOption("");
  await page.getByLabel("Priority").selectOption("urgent");
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, urgent)).toBeVisible();
  await page.getByLabel("Priority").selectOption("low");
  await expect(page.getByText("No notifications match these filters.")).toBeVisible();
  await page.getByLabel("Priority").selectOption("");

  // Unread tab: read ones leave it.
  await row(page, urgent).getByRole("button", { name: "Mark as read" }).click();
  await page.getByRole("tab", { name: "Unread" }).click();
  await expect(row(page, warning)).toBeVisible();
  await expect(row(page, urgent)).toHaveCount(0);
  // A new one arrives live in the Unread tab too.
  const fresh = unique("Fresh one");
  await send(request, user, fresh);
  await expect(row(page, fresh)).toBeVisible();

  // Announcements tab: with read state.
  const title = unique("Quarterly update");
  await publishAnnouncement(request, {
    title,
    content: "Read **this**",
    audience: { user_ids: [user.externalId] },
  });
  await page.getByRole("tab", { name: /Announcements/ }).click();
  const notice = page.getByRole("listitem").filter({ hasText: title });
  await expect(notice).toContainText("Unread");
  await expect(notice.locator("strong")).toHaveText("this");
  await notice.getByRole("button", { name: "Mark as read" }).click();
  await expect(notice).not.toContainText("Unread");
  await expect(notice.getByRole("button", { name: "Mark as read" })).toHaveCount(0);
  await context.close();
});

async function publishAnnouncement(
  request: APIRequestContext,
  body: Record<string, unknown>,
): Promise<string> {
  const created = await api<{ id: string }>(request, "POST", "/api/v1/announcements", body);
  await api(request, "POST", `/api/v1/announcements/${created.id}/publish`);
  return created.id;
}

test("offline → online while two sends happen: both appear exactly once", async ({ browser, request }) => {
  const user = await createUser(request, "offline");
  const { page, context } = await openAs(browser, user);
  const before = unique("Before");
  await send(request, user, before);
  await expect(row(page, before)).toBeVisible();

  await context.setOffline(true);
  await expect(page.getByText("Reconnecting…").first()).toBeVisible({ timeout: 30_000 });
  const missed = [unique("Missed one"), unique("Missed two")];
  for (const t of missed) await send(request, user, t);
  // An announcement published meanwhile is asked for again after the reconnect too.
  const notice = unique("Pinned while offline");
  const id = await publishAnnouncement(request, {
    title: notice,
    content: "Hello",
    pinned: true,
    audience: { user_ids: [user.externalId] },
  });
  await context.setOffline(false);

  await live(page);
  for (const t of missed) await expect(row(page, t)).toHaveCount(1);
  await expect(page.getByText("Reconnecting…")).toHaveCount(0);
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByRole("region", { name: "Announcements" })).toContainText(notice);
  await expect(badge(page)).toHaveText("4");
  await api(request, "POST", `/api/v1/announcements/${id}/archive`);
  await context.close();
});

async function sockets(request: APIRequestContext): Promise<number> {
  const res = await request.get("/health");
  return ((await res.json()) as { websocket_connections: number }).websocket_connections;
}

test("two tabs of one user: both update, and the server counts one socket", async ({ browser, request }) => {
  const user = await createUser(request, "tabs");
  // Other tests' sockets may still be closing (a socket cut by setOffline lingers until the
  // server's ping timeout), so the counts are compared with this test's own before/after.
  const base = await settledSocketCount(request);
  const context = await browser.newContext();
  const first = await context.newPage();
  await signIn(first, user);
  await live(first);
  await expect.poll(() => sockets(request)).toBeGreaterThanOrEqual(1);
  const withFirst = await settledSocketCount(request);
  expect(withFirst).toBeLessThanOrEqual(base + 1);

  const second = await context.newPage();
  await second.goto("/inbox");
  await live(second);
  // Still one: the second tab follows the first one's socket (no socket is added).
  await second.waitForTimeout(1_000);
  expect(await sockets(request)).toBeLessThanOrEqual(withFirst);

  const title = unique("Seen in both tabs");
  await send(request, user, title);
  for (const p of [first, second]) {
    await expect(badge(p)).toHaveText("1");
    await expect(row(p, title)).toBeVisible();
  }
  // Read in one tab, read in the other.
  await row(second, title).getByRole("button", { name: "Mark as read" }).click();
  await expect(badge(first)).toHaveCount(0);
  await expect(row(first, title).getByRole("button", { name: "Mark as unread" })).toBeVisible();

  // Closing the tab that holds the socket hands it over to the other.
  await first.close();
  await live(second);
  const after = unique("After hand-over");
  await send(request, user, after);
  await expect(row(second, after)).toBeVisible();
  await expect.poll(() => sockets(request)).toBeLessThanOrEqual(withFirst);
  await context.close();
});

test("a published announcement appears live as a banner; dismiss hides it for that user only", async ({
  browser,
  request,
}) => {
  const bob = await createUser(request, "bob");
  const carol = await createUser(request, "carol");
  const b = await openAs(browser, bob);
  const c = await openAs(browser, carol, "/settings/notifications");
  const title = unique("Maintenance tonight");
  const id = await publishAnnouncement(request, {
    title,
    content: "Herald is down **22:00–23:00**. <script>alert(1)</script>",
    severity: "critical",
    audience: { user_ids: [bob.externalId, carol.externalId] },
  });
  const banner = (p: Page) => p.getByRole("region", { name: "Announcements" }).filter({ hasText: title });
  await expect(banner(b.page)).toBeVisible();
  await expect(banner(c.page)).toBeVisible();
  await expect(banner(b.page).locator("strong")).toHaveText("22:00–23:00");
  await expect(banner(b.page).locator("script")).toHaveCount(0);
  // It counts as unread until read or dismissed.
  await expect(badge(b.page)).toHaveText("1");

  await b.page.getByRole("button", { name: `Dismiss announcement: ${title}` }).click();
  await expect(banner(b.page)).toHaveCount(0);
  await expect(badge(b.page)).toHaveCount(0);
  await b.page.reload();
  await live(b.page);
  await expect(b.page.getByText(title)).toHaveCount(0);
  // Carol still has it, live and after a reload.
  await expect(banner(c.page)).toBeVisible();
  await c.page.reload();
  await expect(banner(c.page)).toBeVisible();
  await live(c.page);

  await api(request, "POST", `/api/v1/announcements/${id}/archive`);
  await expect(banner(c.page)).toHaveCount(0);
  await b.context.close();
  await c.context.close();
});

test("HTML in a notification shows as text and runs nothing", async ({ browser, request }) => {
  const user = await createUser(request, "xss");
  const { page, context } = await openAs(browser, user);
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const payload = "<img src=x onerror=alert(1)>";
  await send(request, user, `Hi ${payload}`, {
    content: payload,
    metadata: { action_url: "javascript:alert(1)", note: payload },
  });
  await expect(row(page, payload)).toBeVisible();
  await expect(row(page, payload).getByRole("heading")).toHaveText(`Hi ${payload}`);
  await expect(row(page, payload).getByText(payload, { exact: true }).first()).toBeVisible();
  // A javascript: action is no link.
  await expect(row(page, payload).getByRole("link")).toHaveCount(0);
  await row(page, payload).getByText("Details").click();
  await expect(row(page, payload).locator("dd")).toHaveText(payload);
  await bell(page).click();
  await expect(dropdown(page).getByText(`Hi ${payload}`)).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
  await context.close();
});

test("screenshots: the bell open, the inbox on a desktop and at 375 px", async ({
  browser,
  request,
}, testInfo) => {
  const user = await createUser(request, "shots");
  await send(request, user, "Welcome to Herald", {
    type: "system",
    content: "Your account is ready. Set your notification preferences any time.",
  });
  await send(request, user, "Order #1024 shipped", {
    content: "It arrives on Thursday.",
    metadata: {
      order_id: "1024",
      action_url: "https://shop.example/orders/1024",
      action_text: "Track parcel",
    },
  });
  await send(request, user, "Disk usage at 91 %", {
    type: "warning",
    priority: "high",
    content: "Volume /data on db-1.",
  });
  await send(request, user, "Payment failed", {
    type: "error",
    priority: "urgent",
    content: "Card declined.",
  });
  const { page, context } = await openAs(browser, user);
  await expect(badge(page)).toHaveText("4");

  await bell(page).click();
  await expect(dropdown(page).getByText("Payment failed")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("bell-open.png") });
  await page.keyboard.press("Escape");
  await page.screenshot({ path: testInfo.outputPath("inbox-desktop.png"), fullPage: true });

  await page.setViewportSize({ width: 375, height: 812 });
  await page.reload();
  await live(page);
  await expect(row(page, "Payment failed")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("inbox-375.png"), fullPage: true });
  await bell(page).click();
  await expect(dropdown(page)).toBeVisible();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("bell-open-375.png") });

  // Dark mode follows the system.
  await page.keyboard.press("Escape");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: testInfo.outputPath("inbox-dark.png") });
  await context.close();
});
