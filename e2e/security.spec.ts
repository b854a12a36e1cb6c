// The Content-Security-Policy in a real browser: Herald's own pages run under it without a single
// violation, and a site the tenant has not allowed cannot frame the embed page.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, ALICE, signIn } from "./fixtures";
import { live, subscriberToken } from "./inbox-helpers";

/** Every CSP violation the page reports, from the moment it is called. */
function violations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test("pages, Swagger UI and the live inbox run under the policy without a violation", async ({ page }) => {
  const seen = violations(page);
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();

  await page.goto("/docs");
  await expect(page.getByText("/api/v1/notifications", { exact: true }).first()).toBeVisible();

  await signIn(page, ALICE, "/inbox");
  await expect(page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  await live(page); // Socket.IO connected: connect-src allows it
  expect(seen).toEqual([]);
});

test("the admin console runs under the policy without a violation", async ({ page }) => {
  const seen = violations(page);
  await signIn(page, ADMIN, "/admin");
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await page.goto("/admin/announcements/new");
  await expect(page.getByRole("heading", { name: "New announcement" })).toBeVisible();
  expect(seen).toEqual([]);
});

test("a site the tenant has not allowed cannot frame the embed page", async ({ page, request, baseURL }) => {
  const token = await subscriberToken(request, ALICE);
  const other = createServer((_req, res) => {
    res
      .writeHead(200, { "content-type": "text/html" })
      .end(
        `<!doctype html><title>Other</title><iframe title="Notifications" src="${baseURL}/embed/inbox?token=${encodeURIComponent(token)}"></iframe>`,
      );
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  try {
    const refused = page.waitForEvent("console", (m) => /frame-ancestors/.test(m.text()));
    await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    await refused;
    await expect(page.frameLocator('iframe[title="Notifications"]').getByRole("heading")).toHaveCount(0);
  } finally {
    other.close();
  }
});
