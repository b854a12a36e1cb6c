// The console's chat targets: added (the webhook refused at its field when it is not the app's),
// listed without the webhook URL, deleted with confirmation.
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

test("a chat target is added, listed without its webhook URL, and deleted", async ({ page }) => {
  const key = `e2e-room-${Date.now().toString(36)}`;
  await signIn(page, ADMIN, "/admin");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Chat targets" }).click();
  await expect(page.getByRole("heading", { name: "Chat targets", level: 1 })).toBeVisible();

  await page.getByLabel("Key").fill(key);
  await page.getByLabel("Name").fill("DingTalk on-call");
  await page.getByLabel("App").selectOption("dingtalk");
  await page.getByLabel("Webhook URL").fill("https://evil.example/robot/send?access_token=abc");
  await page.getByRole("button", { name: "Add chat target" }).click();
  await expect(page.getByText(/must be a dingtalk webhook URL/)).toBeVisible();

  const token = "e2e0123456789abcdef";
  await page.getByLabel("Webhook URL").fill(`https://oapi.dingtalk.com/robot/send?access_token=${token}`);
  await page.getByLabel("Signing secret (optional)").fill("SECe2e-signing-secret");
  await page.getByRole("button", { name: "Add chat target" }).click();

  const row = page.getByRole("row").filter({ hasText: key });
  await expect(row).toContainText("DingTalk on-call");
  await expect(row).toContainText("Signed webhook (hidden)");
  await expect(page.getByText(token)).toHaveCount(0);

  await row.getByRole("button", { name: "Delete DingTalk on-call" }).click();
  await page
    .getByRole("dialog", { name: /^Delete/ })
    .getByRole("button", { name: "Delete chat target" })
    .click();
  await expect(row).toHaveCount(0);
});
