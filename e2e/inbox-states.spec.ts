// Inbox states in a real browser: archive into the Archived tab and back, snooze from the row's
// menu (it leaves the list and the badge, in every open tab), the bell opening marks seen.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { api, createUser, signIn } from "./fixtures";
import {
  archivePublishedAnnouncements,
  badge,
  bell,
  live,
  row,
  rows,
  send,
  unique,
  type User,
} from "./inbox-helpers";

type Stored = { archived_at: string | null; snoozed_until: string | null; seen_at: string | null };

const stored = async (request: APIRequestContext, who: User, id: string) =>
  (
    await api<{ notification: Stored }>(request, "GET", `/api/v1/notifications/${id}`, undefined, {
      "X-User-Id": who.externalId,
    })
  ).notification;

test.beforeAll(async ({ request }) => archivePublishedAnnouncements(request));

test("archive a notification from the inbox: it leaves All and the badge, shows under Archived, and comes back", async ({
  page,
  request,
}) => {
  const who = await createUser(request, "archiver");
  const keep = unique("Keep me");
  const old = unique("Old news");
  await send(request, who, keep);
  const oldId = await send(request, who, old);
  await signIn(page, who, "/inbox");
  await live(page);
  await expect(badge(page)).toHaveText("2");

  await row(page, old)
    .getByRole("button", { name: `Archive ${old}` })
    .click();
  await expect(row(page, old)).toHaveCount(0);
  await expect(row(page, keep)).toHaveCount(1);
  await expect(badge(page)).toHaveText("1");
  await expect.poll(async () => (await stored(request, who, oldId)).archived_at).not.toBeNull();

  await page.getByRole("tab", { name: "Archived" }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, old)).toHaveCount(1);
  await row(page, old)
    .getByRole("button", { name: `Unarchive ${old}` })
    .click();
  await expect(rows(page)).toHaveCount(0);
  await expect(page.getByText("No archived notifications.")).toBeVisible();

  await page.getByRole("tab", { name: "All" }).click();
  await expect(row(page, old)).toHaveCount(1);
  await expect(badge(page)).toHaveText("2");
});

test("snooze from the inbox's menu: it leaves the list and the badge, in another open tab too", async ({
  browser,
  request,
}) => {
  const who = await createUser(request, "snoozer");
  const later = unique("Remind me");
  const stays = unique("Stays");
  const id = await send(request, who, later);
  await send(request, who, stays);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who, "/inbox");
  await live(page);
  const other = await context.newPage();
  await other.goto("/inbox");
  await live(other);
  await expect(row(other, later)).toHaveCount(1);

  await row(page, later)
    .getByRole("button", { name: `Snooze ${later}` })
    .click();
  const menu = page.getByRole("menu", { name: `Snooze ${later} until` });
  await expect(menu.getByRole("menuitem")).toHaveText(["1 hour", "Tomorrow", "Next week"]);
  const before = Date.now();
  await menu.getByRole("menuitem", { name: "1 hour" }).click();
  await expect(row(page, later)).toHaveCount(0);
  await expect(row(page, stays)).toHaveCount(1);
  await expect(badge(page)).toHaveText("1");
  // The other tab hears of it live.
  await expect(row(other, later)).toHaveCount(0);
  await expect(badge(other)).toHaveText("1");
  await expect.poll(async () => (await stored(request, who, id)).snoozed_until).not.toBeNull();
  const until = new Date((await stored(request, who, id)).snoozed_until!).getTime();
  // About an hour from the click (the browser's clock and the test's are the same machine's).
  expect(until - before).toBeGreaterThan(55 * 60 * 1000);
  expect(until - before).toBeLessThan(65 * 60 * 1000);
  await context.close();
});

test("opening the bell marks the notifications seen", async ({ page, request }) => {
  const who = await createUser(request, "looker");
  const title = unique("Seen it");
  const id = await send(request, who, title);
  await signIn(page, who, "/inbox");
  await live(page);
  expect((await stored(request, who, id)).seen_at).toBeNull();
  await bell(page).click();
  await expect.poll(async () => (await stored(request, who, id)).seen_at).not.toBeNull();
});
