// The console's workflow, integration, announcement, schedule, webhook, topic, user, API-key and
// chat-target pages in Simplified Chinese: an admin with no language of their own follows the
// switcher's cookie, and each page's heading (and a control on it) comes from the zh-CN catalogue.
import { expect, test } from "@playwright/test";
import { localeCookie } from "../lib/vocabulary/locale";
import { createUser, signIn } from "./fixtures";

const PAGES = [
  {
    path: "/admin/workflows",
    heading: "工作流",
    english: "Workflows",
    control: { role: "link", name: "新建工作流" },
  },
  {
    path: "/admin/integrations",
    heading: "集成",
    english: "Integrations",
    control: { role: "button", name: "添加服务商" },
  },
  {
    path: "/admin/announcements",
    heading: "公告",
    english: "Announcements",
    control: { role: "link", name: "新建公告" },
  },
  {
    path: "/admin/schedules",
    heading: "定时计划",
    english: "Schedules",
    control: { role: "link", name: "新建定时计划" },
  },
  {
    path: "/admin/webhooks",
    heading: "Webhook 回调",
    english: "Webhooks",
    control: { role: "button", name: "添加端点" },
  },
  {
    path: "/admin/topics",
    heading: "主题",
    english: "Topics",
    control: { role: "button", name: "创建主题" },
  },
  {
    path: "/admin/users",
    heading: "用户",
    english: "Users",
    control: { role: "button", name: "检查文件（试运行）" },
  },
  {
    path: "/admin/api-keys",
    heading: "API 密钥",
    english: "API keys",
    control: { role: "button", name: "创建密钥" },
  },
  {
    path: "/admin/chat-targets",
    heading: "聊天目标",
    english: "Chat targets",
    control: { role: "button", name: "添加聊天目标" },
  },
] as const;

test("an admin reading Chinese sees the console's pages in Chinese", async ({
  page,
  context,
  request,
}, testInfo) => {
  // A fresh admin has no locale of their own, so the cookie decides (the demo admin's is English).
  const admin = await createUser(request, "zh-admin", "admin");
  await signIn(page, admin, "/admin/workflows");
  const { hostname } = new URL(page.url());
  await context.addCookies([{ name: localeCookie, value: "zh-CN", domain: hostname, path: "/" }]);

  for (const p of PAGES) {
    await page.goto(p.path);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1, name: p.heading, exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { name: p.english, exact: true })).toHaveCount(0);
    await expect(page.getByRole(p.control.role, { name: p.control.name, exact: true }).first()).toBeVisible();
    await testInfo.attach(`${p.path.split("/").pop()}-zh-CN`, {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
  }

  // The same pages still read English for an admin who has not chosen Chinese.
  await context.clearCookies({ name: localeCookie });
  await page.goto("/admin/workflows");
  await expect(page.getByRole("heading", { level: 1, name: "Workflows", exact: true })).toBeVisible();
});
