// An administrator who reads Simplified Chinese gets the console in it: the header, the navigation,
// the dashboard, templates, send and logs pages; the header's switcher turns it English and the
// choice is kept on the account. Screenshots of each page are attached to the report.
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { api, createUser, sendTo, signIn } from "./fixtures";

/** Labels the English console shows that must not survive on a Chinese page. */
const ENGLISH = [
  "Dashboard",
  "Templates",
  "Send",
  "Logs",
  "Send logs",
  "Delivery logs",
  "Audit log",
  "Outbox",
];

async function expectNoEnglish(page: Page) {
  for (const text of ENGLISH) await expect(page.getByText(text, { exact: true })).toHaveCount(0);
}

async function attach(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await testInfo.attach(name, {
    body: await page.screenshot({ path, fullPage: true }),
    contentType: "image/png",
  });
}

test("a zh-CN admin sees the console in Chinese, then switches it to English", async ({
  page,
  request,
}, testInfo) => {
  const admin = await createUser(request, "console-zh", "admin");
  await api(request, "PUT", `/api/v1/users/${admin.externalId}`, { locale: "zh-CN" });
  const title = `控制台测试 ${Date.now().toString(36)}`;
  await sendTo(request, [admin.externalId], { title, type: "info", channels: ["app", "email"] });

  await signIn(page, admin, "/admin");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  const nav = page.getByRole("navigation", { name: "控制台" });
  for (const label of ["仪表盘", "模板", "工作流", "发送", "日志", "用户", "发件箱", "审计日志"])
    await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "收件箱", exact: true })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "语言" })).toHaveValue("zh-CN");

  // Dashboard
  await expect(page.getByRole("heading", { level: 1, name: "仪表盘" })).toBeVisible();
  await expect(page.getByRole("button", { name: "最近 24 小时" })).toBeVisible();
  await expect(page.getByRole("group", { name: "今日发送" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "各渠道投递成功率" })).toBeVisible();
  await expectNoEnglish(page);
  await attach(page, testInfo, "console-dashboard-zh-CN");

  // Templates
  await nav.getByRole("link", { name: "模板", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "模板" })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "搜索模板" })).toBeVisible();
  await expect(page.getByRole("link", { name: "新建模板" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "语言区域" })).toBeVisible();
  await expectNoEnglish(page);
  await attach(page, testInfo, "console-templates-zh-CN");

  // Send
  await nav.getByRole("link", { name: "发送", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "发送通知" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "粘贴 ID" })).toBeVisible();
  await expect(page.getByTestId("recipient-count")).toHaveText("0 位收件人");
  await expect(page.getByRole("checkbox", { name: "站内信" })).toBeChecked();
  await expect(page.getByRole("button", { name: "检查并发送" })).toBeVisible();
  await expectNoEnglish(page);
  await attach(page, testInfo, "console-send-zh-CN");

  // Logs: the notification sent above, its status and channels in Chinese
  await nav.getByRole("link", { name: "日志", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "发送日志" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "投递" })).toBeVisible();
  const row = page.getByRole("row", { name: `发给 ${admin.externalId} 的“${title}”` });
  await expect(row).toContainText("站内信、邮件");
  await expect(page.getByRole("columnheader", { name: "创建时间" })).toBeVisible();
  await expectNoEnglish(page);
  await attach(page, testInfo, "console-logs-zh-CN");

  // The switcher in the console's header: English, kept on the account.
  await page.getByRole("combobox", { name: "语言" }).selectOption("en");
  await expect(page.getByRole("heading", { level: 1, name: "Send logs" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(
    page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Templates" }),
  ).toBeVisible();
  await attach(page, testInfo, "console-logs-en");
  const stored = await api<{ locale: string | null }>(request, "GET", `/api/v1/users/${admin.externalId}`);
  expect(stored.locale).toBe("en");
});
