// Grouped notifications in a real browser: three sends with one group_key are one folded row with
// its count, it expands to all three, a fourth arriving live folds in on top, and one click marks
// the whole group read.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { api, createUser, signIn } from "./fixtures";
import { archivePublishedAnnouncements, badge, live, rows, send, unique, type User } from "./inbox-helpers";

const readAtOf = async (request: APIRequestContext, who: User, id: string) =>
  (
    await api<{ notification: { read_at: string | null } }>(
      request,
      "GET",
      `/api/v1/notifications/${id}`,
      undefined,
      { "X-User-Id": who.externalId },
    )
  ).notification.read_at;

test.beforeAll(async ({ request }) => archivePublishedAnnouncements(request));

test("a group folds into one row that expands to its members, folds live arrivals in, and is marked read at once", async ({
  page,
  request,
}) => {
  const who = await createUser(request, "grouper");
  const groupKey = unique("design-review");
  const topic = unique("Design review");
  const loose = unique("Unrelated");
  await send(request, who, loose);
  const ids: string[] = [];
  for (const i of [1, 2, 3])
    ids.push(await send(request, who, `${topic} comment ${i}`, { group_key: groupKey }));

  await signIn(page, who, "/inbox");
  await live(page);
  await expect(badge(page)).toHaveText("4");
  const folded = page.locator(`li[data-group-key="${groupKey}"]`);
  await expect(folded).toHaveCount(1);
  await expect(folded.getByRole("heading")).toHaveText(`${topic} comment 3 and 2 more`);
  await expect(folded).toContainText("3 notifications");
  // The folded row and the loose one: two rows in the list, the newest group first.
  const top = rows(page).first();
  await expect(top).toHaveAttribute("data-group-key", groupKey);
  await expect(rows(page).filter({ hasText: loose })).toHaveCount(1);

  await folded.getByRole("button", { name: "Show all 3" }).click();
  const members = folded.getByRole("list", { name: `Notifications in ${topic} comment 3` });
  await expect(members.getByRole("listitem")).toHaveCount(3);
  await expect(members.getByRole("heading")).toHaveText([
    `${topic} comment 3`,
    `${topic} comment 2`,
    `${topic} comment 1`,
  ]);
  await folded.getByRole("button", { name: "Show less" }).click();
  await expect(members).toHaveCount(0);

  // A later one with the same key arrives live: the folded row takes it, count up by one.
  ids.push(await send(request, who, `${topic} comment 4`, { group_key: groupKey }));
  await expect(folded.getByRole("heading")).toHaveText(`${topic} comment 4 and 3 more`);
  await expect(folded).toContainText("4 notifications");
  await expect(badge(page)).toHaveText("5");

  await folded.getByRole("button", { name: "Mark group read" }).click();
  await expect(badge(page)).toHaveText("1");
  await expect(folded.getByRole("button", { name: "Mark group read" })).toBeDisabled();
  for (const id of ids) await expect.poll(() => readAtOf(request, who, id)).not.toBeNull();
  // The loose notification is not part of the group.
  await expect(
    rows(page).filter({ hasText: loose }).getByRole("button", { name: "Mark as read" }),
  ).toBeVisible();

  // After a reload the server's grouped list agrees.
  await page.reload();
  await live(page);
  await expect(folded).toContainText("4 notifications");
  await expect(folded.getByRole("button", { name: "Mark group read" })).toBeDisabled();
});
