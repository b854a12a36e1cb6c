// The demo's bob reads Herald in Simplified Chinese (his `locale`): the inbox and settings come in
// zh-CN, the switcher turns them English, and the choice is kept on his account.
import { expect, test } from "@playwright/test";
import { BOB, api, createUser, sendTo, signIn } from "./fixtures";
import { subscriberToken } from "./inbox-helpers";

const bobLocale = async (request: Parameters<typeof api>[0]) =>
  (await api<{ locale: string | null }>(request, "GET", `/api/v1/users/${BOB.externalId}`)).locale;

// The switch writes bob's row: put the seed's choice back so a retry (or a later run) starts in Chinese.
test.afterEach(async ({ request }) => {
  await api(request, "PUT", `/api/v1/users/${BOB.externalId}`, { locale: "zh-CN" });
});

test("bob sees the inbox and settings in Chinese, switches to English, and it sticks", async ({
  page,
  request,
}, testInfo) => {
  expect(await bobLocale(request)).toBe("zh-CN");
  const title = `Build ${Date.now().toString(36)} finished`;
  await sendTo(request, [BOB.externalId], { title, type: "info", priority: "urgent" });

  // The login page has no user yet: it follows the browser's English.
  await signIn(page, BOB);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1, name: "收件箱" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "已归档" })).toBeVisible();
  await expect(page.getByRole("button", { name: "全部标为已读" })).toBeVisible();
  await expect(page.getByRole("button", { name: `归档“${title}”` })).toBeVisible();
  const row = page.locator("li[data-notification-id]").filter({ hasText: title });
  await expect(row.getByText("刚刚")).toBeVisible();
  await expect(row.getByText("紧急")).toBeVisible();
  await expect(page.getByRole("link", { name: "设置" })).toBeVisible();
  await testInfo.attach("inbox-zh-CN", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  await page.getByRole("link", { name: "设置" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "通知设置" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "免打扰" })).toBeVisible();
  await expect(page.getByRole("button", { name: "保存偏好设置" })).toBeVisible();
  await testInfo.attach("settings-zh-CN", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  await page.getByRole("link", { name: "收件箱" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "收件箱" })).toBeVisible();
  await page.getByRole("combobox", { name: "语言" }).selectOption("en");
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("tab", { name: "Archived" })).toBeVisible();
  await expect(page.getByRole("button", { name: `Archive ${title}` })).toBeVisible();
  await expect(row.getByText("just now")).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Language" })).toHaveValue("en");
  await testInfo.attach("inbox-en", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  // Kept on the account, not only in this tab.
  expect(await bobLocale(request)).toBe("en");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
});

test("the embed page speaks its token's user's language, whatever the browser's", async ({
  page,
  request,
}, testInfo) => {
  const user = await createUser(request, "embed-zh");
  await api(request, "PUT", `/api/v1/users/${user.externalId}`, { locale: "zh-Hans" });
  const token = await subscriberToken(request, user);
  const title = `部署完成 ${Date.now().toString(36)}`;
  await sendTo(request, [user.externalId], { title, type: "warning" });

  await page.goto(`/embed/inbox?token=${encodeURIComponent(token)}`);
  await expect(page.getByRole("heading", { level: 1, name: "通知" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "未读" })).toBeVisible();
  await expect(page.getByRole("button", { name: `删除“${title}”` })).toBeVisible();
  await testInfo.attach("embed-zh-CN", { body: await page.screenshot(), contentType: "image/png" });

  // An unknown locale is no error: English.
  await api(request, "PUT", `/api/v1/users/${user.externalId}`, { locale: "fr" });
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
});
